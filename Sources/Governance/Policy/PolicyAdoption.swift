import Ledger
import LedgerCrypto

/// `policy.adopt`: records a policy version in the ledger.
///
/// Body: `{"content":{"approvals":…,"tiers":…},"hash":"<hex SHA-256 of the canonical content>",
/// "label":"<tiers label> / <approvals label>"}`, plus `"request":<seq>` once a policy is in force:
/// the approved `policy-adopt` change request for this hash. Verification recomputes the hash and
/// re-checks the content as `policy check` would, so a ledger cannot adopt a policy that does not load.
public enum PolicyAdoption {
    public static let type = "policy.adopt"

    public static func body(_ policy: PolicySet, request: Int64? = nil) -> JSONValue {
        var members: [String: JSONValue] = ["content": policy.content, "hash": .string(policy.hash),
                                            "label": .string("\(policy.catalog.label) / \(policy.approvals.label)")]
        if let request { members["request"] = .integer(request) }
        return .object(members)
    }

    /// Reads an adoption entry's body back into a policy set, checking its hash and meaning.
    public static func read(_ body: JSONValue) throws(AuthorityViolation) -> PolicySet {
        guard let members = body.objectValue, Set(members.keys).subtracting(["request"]) == ["content", "hash", "label"],
              let content = body["content"], let hash = body["hash"]?.stringValue,
              let tiers = content["tiers"], let approvals = content["approvals"], content.objectValue?.count == 2
        else {
            throw AuthorityViolation(.governanceBody, "\(type): the body holds exactly content {tiers, approvals}, hash and label (and request, once a policy is in force)")
        }
        guard Digest.of(CanonicalJSON.encode(content)).hex == hash else {
            throw AuthorityViolation(.governancePolicyContent, "\(type): hash is not the SHA-256 of the canonical content")
        }
        do {
            // JSON is YAML: the content loads through the same checks as the files did.
            let policy = try PolicySet.load(tiers: String(decoding: CanonicalJSON.encode(tiers), as: UTF8.self),
                                            approvals: String(decoding: CanonicalJSON.encode(approvals), as: UTF8.self))
            guard policy.hash == hash else { throw AuthorityViolation(.governancePolicyContent, "\(type): the content does not round-trip to its hash") }
            return policy
        } catch let error as PolicyError {
            throw AuthorityViolation(.governancePolicyContent, "\(type): the adopted policy does not load: \(error.problems.first?.message ?? "invalid")")
        } catch let error as AuthorityViolation {
            throw error
        } catch {
            throw AuthorityViolation(.governancePolicyContent, "\(type): \(error)")
        }
    }
}
