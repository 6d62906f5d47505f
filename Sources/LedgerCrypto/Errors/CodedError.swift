/// An error with a stable code: every module's error type conforms.
///
/// `description` is the message for a person (with the values at hand and what to do next);
/// `errorCode` is for programs: a server maps its class to an HTTP status, the command line prints
/// it beside the message, and docs/errors.md explains it.
public protocol CodedError: Error, Sendable, CustomStringConvertible {
    /// The stable code of this error.
    var errorCode: ErrorCode { get }
}

extension CodedError {
    /// Whose fault the error is.
    public var errorClass: ErrorClass { errorCode.errorClass }

    /// The general remedy for this code.
    public var remedy: String { errorCode.remedy }
}
