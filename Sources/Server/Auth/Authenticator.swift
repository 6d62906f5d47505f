import Governance
import Hummingbird
import Ledger
import LedgerCrypto

/// Reads a request's credentials against the governance state: `Authorization: Bearer tlt_…` (a
/// customer token the ledger records) or `Signature-Input` and `Signature` (RFC 9421, made with an
/// enrolled principal's current key). A request with neither is anonymous; one with both, or with
/// credentials that do not check out, is refused with 401 and the reason.
enum Authenticator {
    /// The values of the field `name` (lowercase), in order.
    static func values(_ request: Request, _ name: String) -> [String] {
        request.headers.filter { $0.name.canonicalName == name }.map(\.value)
    }

    static func caller(_ request: Request, state: GovernanceState, now: EntryTime) throws -> Caller {
        let bearer = request.headers[values: .authorization]
        let inputs = values(request, "signature-input")
        if bearer.isEmpty && inputs.isEmpty { return .anonymous }
        guard bearer.isEmpty || inputs.isEmpty else {
            throw APIError(code: .serverBadCredentials, message: "the request carries both a bearer token and a signature",
                           remedy: "send one credential: a customer token or a staff signature")
        }
        if let header = bearer.first {
            guard bearer.count == 1 else { throw refused("send one Authorization field") }
            return try customer(header, state: state, now: now)
        }
        return try staff(request, inputs: inputs, state: state, now: now)
    }

    private static func customer(_ header: String, state: GovernanceState, now: EntryTime) throws -> Caller {
        let scheme = "bearer "
        guard header.utf8.count > scheme.utf8.count, header.prefix(scheme.count).lowercased() == scheme else {
            throw refused("the Authorization field is not \"Bearer <token>\"")
        }
        let text = String(header.dropFirst(scheme.count)).trimmingSpaces
        switch state.token(presented: text, at: now) {
        case let .success(token): return .customer(token: token.id, customer: token.customer, scopes: token.scopes)
        case let .failure(refusal): throw refused(refusal.message)
        }
    }

    private static func staff(_ request: Request, inputs: [String], state: GovernanceState, now: EntryTime) throws -> Caller {
        let signatures = values(request, "signature")
        let signed: SignedRequest
        do {
            signed = try SignedRequest(input: inputs.joined(separator: ", "), signature: signatures.joined(separator: ", "))
            let keyText = try signed.acceptableKeyID(now: now.milliseconds / 1000)
            guard let keyID = KeyID(hex: keyText) else {
                throw SignatureFailure.malformed("keyid must be the ledger's key id, 64 lowercase hex characters")
            }
            // The signature is checked before anything is said about the key: a caller who cannot
            // sign with it learns nothing of whose it is or whether it is current.
            guard let owner = state.keyOwners[keyID].flatMap({ state.principals[$0] }),
                  let enrolled = owner.keys.first(where: { $0.key.id == keyID })?.key
            else { throw SignatureFailure.badSignature }
            var fields: [String: [String]] = [:]
            for field in request.headers { fields[field.name.canonicalName, default: []].append(field.value) }
            let message = MessageSignature.Message(method: request.method.rawValue, target: request.head.path ?? "/",
                                                   authority: request.head.authority, fields: fields)
            try signed.verify(message, with: enrolled)
            switch state.staffKey(keyID, at: now) {
            case let .success((principal, _)):
                return .staff(name: principal.name, roles: principal.roles, key: keyID)
            case let .failure(refusal):
                throw refused(refusal.message)
            }
        } catch let failure as SignatureFailure {
            throw refused(failure.description)
        }
    }

    static func refused(_ message: String) -> APIError {
        APIError(code: .serverBadCredentials, message: message)
    }
}

private extension String {
    var trimmingSpaces: String {
        var scalars = unicodeScalars[...]
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
