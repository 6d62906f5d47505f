import Ledger
import LedgerCrypto

/// A request's RFC 9421 signature, read from its `Signature-Input` and `Signature` fields and
/// checked: it covers what the server requires, was created within `window` seconds of the server's
/// clock, has not expired, and verifies with the key `keyid` names.
struct SignedRequest {
    let parameters: MessageSignature.Parameters
    let signature: [UInt8]
    let label: String

    /// How far a signature's `created` may be from the server's clock, in seconds.
    static let window: Int64 = 300

    /// Reads the signature labelled `tierledger`, or the only one there is.
    init(input: String, signature: String) throws(SignatureFailure) {
        let inputs: [(String, StructuredFields.Member)], signatures: [(String, StructuredFields.Member)]
        do {
            inputs = try StructuredFields.dictionary(input)
            signatures = try StructuredFields.dictionary(signature)
        } catch {
            throw .malformed(error.reason)
        }
        let label: String
        if inputs.contains(where: { $0.0 == MessageSignature.label }) {
            label = MessageSignature.label
        } else if inputs.count == 1, let only = inputs.first {
            label = only.0
        } else {
            throw .malformed("expected one signature, or one labelled \(MessageSignature.label)")
        }
        guard let member = inputs.first(where: { $0.0 == label })?.1, let list = member.innerList else {
            throw .malformed("Signature-Input's \(label) is not an inner list of components")
        }
        var components: [String] = []
        for item in list {
            guard case let .string(name) = item else { throw .malformed("a covered component is not a string") }
            components.append(name)
        }
        guard let value = signatures.first(where: { $0.0 == label })?.1, case let .bytes(bytes)? = value.item else {
            throw .malformed("Signature has no byte sequence labelled \(label)")
        }
        self.parameters = MessageSignature.Parameters(components: components, parameters: member.parameters)
        self.signature = bytes
        self.label = label
    }

    /// The key id the signature names, once its coverage and time are acceptable at `now` (Unix seconds).
    func acceptableKeyID(now: Int64) throws(SignatureFailure) -> String {
        for component in MessageSignature.requiredComponents where !parameters.components.contains(component) {
            throw .notCovered(component)
        }
        guard let created = parameters.created else { throw .missingParameter("created") }
        guard abs(now - created) <= SignedRequest.window else { throw .stale(created: created, now: now, window: SignedRequest.window) }
        if parameters.parameter("expires") != nil {
            guard let expires = parameters.expires else { throw .malformed("expires is not an integer") }
            guard now < expires else { throw .expired(expires) }
        }
        guard let keyID = parameters.keyID else { throw .missingParameter("keyid") }
        return keyID
    }

    /// Checks the signature over `message` with `key`.
    func verify(_ message: MessageSignature.Message, with key: PublicKey) throws(SignatureFailure) {
        if parameters.parameter("alg") != nil {
            let expected = MessageSignature.algorithmName(key.algorithm)
            guard parameters.algorithm == expected else { throw .algorithmMismatch(declared: parameters.algorithm ?? "?", key: expected) }
        }
        let base: [UInt8]
        switch MessageSignature.base(of: message, parameters) {
        case let .success(bytes): base = bytes
        case let .failure(failure): throw failure
        }
        guard MessageSignature.isValid(signature, over: base, by: key) else { throw .badSignature }
    }
}
