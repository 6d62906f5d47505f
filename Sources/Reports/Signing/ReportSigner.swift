import Governance
import Ledger
import LedgerCrypto

/// Who may sign a report: the holder of a key enrolled to an active principal with a role the
/// policy in force names in `report_signers` (auditor and compliance by default), as of the
/// report's attested head. `report --sign` asks before it writes; `report verify` asks again of
/// the head a signed report names.
public enum ReportSigner {
    /// The principal and the role that let `key` sign a report at `state`.
    public struct Authority: Sendable, Equatable {
        public let principal: String
        public let role: Role
    }

    /// The roles allowed to sign reports under `state`'s policy (the default without one).
    public static func roles(in state: GovernanceState) -> [Role] {
        state.policy?.set.approvals.reportSigners ?? ApprovalPolicy.defaultReportSigners
    }

    /// Checks that `key` may sign a report at `state`, whose last entry was at `time`.
    public static func check(_ key: PublicKey, in state: GovernanceState, at time: EntryTime?) throws(ReportError) -> Authority {
        let allowed = roles(in: state)
        let roleList = allowed.map(\.name).joined(separator: " or ")
        guard let name = state.keyOwners[key.id], let principal = state.principals[name],
              let record = principal.keys.first(where: { $0.key.id == key.id }) else {
            throw ReportError("key \(key.id.hex) is enrolled to no principal of this ledger; a report is signed with the key of "
                + "a principal holding \(roleList)", code: .reportSignerNotAllowed)
        }
        if let revocation = principal.revocation, time.map({ $0 >= revocation.effective }) ?? true {
            throw ReportError("principal \(name) was revoked in entry \(revocation.seq) (\(revocation.reason)); its keys sign no report",
                              code: .reportSignerNotAllowed)
        }
        if let rotated = record.rotatedAt {
            throw ReportError("key \(key.id.hex) of \(name) was rotated out in entry \(rotated); sign with its current key",
                              code: .reportSignerNotAllowed)
        }
        if let revocation = record.revocation, time.map({ $0 >= revocation.effective }) ?? true {
            throw ReportError("key \(key.id.hex) of \(name) was revoked in entry \(revocation.seq) (\(revocation.reason)); it signs no report",
                              code: .reportSignerNotAllowed)
        }
        guard let role = allowed.first(where: { principal.roles.contains($0) }) else {
            let held = principal.roles.isEmpty ? "no roles" : "roles " + principal.roles.sorted().map(\.name).joined(separator: ", ")
            throw ReportError("\(name) (\(held)) may not sign reports: the policy's report_signers allows \(roleList); "
                + "an admin grants one with `tierledger principal roles \(name) --add \(allowed.first?.name ?? "auditor")`",
                code: .reportSignerNotAllowed)
        }
        return Authority(principal: name, role: role)
    }
}
