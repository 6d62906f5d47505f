import LedgerCrypto

extension CodedError {
    /// The error as one JSON object for programs (`--json` error output, a server's error body):
    /// `code` (the code's id, such as GOV-002), `class`, `http_status`, `message` and `remedy`.
    public var errorJSON: JSONValue {
        .object([
            "code": .string(errorCode.id),
            "class": .string(errorClass.rawValue),
            "http_status": .integer(Int64(errorClass.httpStatus)),
            "message": .string(description),
            "remedy": .string(remedy),
        ])
    }
}
