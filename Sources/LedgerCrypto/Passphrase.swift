/// A passphrase for an encrypted private key. Its bytes never appear in descriptions.
public struct Passphrase: Sendable, CustomStringConvertible {
    /// The UTF-8 bytes of the passphrase.
    public let bytes: [UInt8]

    public init(_ text: String) { bytes = Array(text.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var isEmpty: Bool { bytes.isEmpty }
    public var description: String { "<passphrase>" }
}
