import Foundation

/// A C2SP signed note: a text ending in a newline, a blank line, then signature lines
/// `— <name> <base64(key id[4] ‖ signature)>` (U+2014, a space, the name, a space).
public struct SignedNote: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public let name: String
        public let keyID: [UInt8]
        /// What follows the key id: an Ed25519 signature, or a cosignature's timestamp and signature.
        public let payload: [UInt8]

        var line: String {
            "\u{2014} \(name) \(Base64.encode(keyID + payload))\n"
        }
    }

    /// The signed text, including its final newline.
    public let text: String
    public var signatures: [Signature]

    /// Largest note accepted, and most signature lines.
    public static let maxBytes = 64 * 1024
    public static let maxSignatures = 100

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// The note's bytes: text, blank line, signature lines.
    public var serialized: String { text + "\n" + signatures.map(\.line).joined() }

    /// Parses a note; the error says which line is wrong.
    public init(parsing note: String) throws {
        guard note.utf8.count <= SignedNote.maxBytes else {
            throw LedgerError.invalidInput("note is larger than \(SignedNote.maxBytes) bytes")
        }
        guard note.hasSuffix("\n"), let split = note.range(of: "\n\n", options: .backwards) else {
            throw LedgerError.invalidInput("not a signed note: expected text, a blank line, and signature lines, each ending in a newline")
        }
        let text = String(note[..<split.lowerBound]) + "\n"
        let lines = note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty, lines.count <= SignedNote.maxSignatures else {
            throw LedgerError.invalidInput("a signed note needs 1 to \(SignedNote.maxSignatures) signature lines")
        }
        var signatures: [Signature] = []
        for (n, line) in lines.enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, fields[0] == "\u{2014}", VerifierKey.isValidName(String(fields[1])),
                  let raw = Base64.decode(String(fields[2])), raw.count > 4
            else {
                throw LedgerError.invalidInput("signature line \(n + 1) is not \"\u{2014} <name> <base64>\"")
            }
            signatures.append(Signature(name: String(fields[1]), keyID: Array(raw.prefix(4)), payload: Array(raw.dropFirst(4))))
        }
        guard !text.contains("\r"), text.unicodeScalars.allSatisfy({ $0 == "\n" || $0.value >= 0x20 }) else {
            throw LedgerError.invalidInput("note text holds control characters")
        }
        self.init(text: text, signatures: signatures)
    }
}
