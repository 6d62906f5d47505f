import Governance
import Ledger
import LedgerCrypto

/// The three reports.
public enum ReportKind: String, Sendable, CaseIterable {
    case changelog, audit, health
}

/// A finished report: its JSON (docs/report-schema.md) and its readable layout.
public struct Report: Sendable {
    public let json: JSONValue
    public let document: ReportDocument
    /// The governance state at the attested head, when the verification behind the attestation
    /// passed: who may sign the report is read from it.
    var headState: GovernanceState?

    /// Verifies `ledger` for the attestation (on `basis`), gathering what `kind` needs within
    /// `scope` in the same pass, and builds the report.
    public static func make(_ kind: ReportKind, ledger: any LedgerStore, scope: ReportScope, attest basis: Attestation.Basis = .full,
                            progress: ((VerificationProgress) -> Void)? = nil) throws -> Report {
        let (history, attestation) = try Attestation.verifying(ledger, scope: scope, basis: basis, progress: progress)
        guard history.state.policy != nil || kind != .health else {
            throw ReportError("no policy has been adopted, so there are no entitlements to check; adopt one with `tierledger policy adopt`")
        }
        var report: Report
        switch kind {
        case .changelog: report = ChangelogReport.make(history, scope: scope, attestation: attestation)
        case .audit: report = AuditReport.make(history, scope: scope, attestation: attestation)
        case .health: report = HealthReport.make(history, scope: scope, attestation: attestation)
        }
        report.headState = attestation.intact ? history.headState : nil
        return report
    }

    /// Checks that `key` may sign this report: enrolled, at the report's attested head, to a
    /// principal holding a role the policy's `report_signers` names (``ReportSigner``).
    public func signer(_ key: PublicKey, ledger: any LedgerStore) throws -> ReportSigner.Authority {
        let size = document.attestation.treeSize
        guard size > 0 else {
            throw ReportError("the report attests to no entries, so no principal can sign it", code: .reportSignerNotAllowed)
        }
        let state = try headState ?? GovernanceReplay.state(of: ledger, at: .seq(size - 1))
        let time = try EntryDecoder.decode(try ledger.line(at: size - 1)).time
        return try ReportSigner.check(key, in: state, at: time)
    }

    /// The text of the report in `format`: `json`, `md`, `csv` or `html`.
    public func rendered(_ format: String) -> String? {
        switch format {
        case "json": return String(decoding: CanonicalJSON.encode(json), as: UTF8.self) + "\n"
        case "md": return MarkdownRenderer.render(document)
        case "csv": return CSVRenderer.render(document)
        case "html": return HTMLRenderer.render(document)
        default: return nil
        }
    }

    public static let formats = ["md", "json", "csv", "html"]
    /// Version of the JSON layout; docs/report-schema.md describes it.
    public static let schemaVersion: Int64 = 1
}

/// Small shared arithmetic and wording.
enum ReportMath {
    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Int64], _ p: Int) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = max(1, (p * sorted.count + 99) / 100)
        return sorted[min(sorted.count, rank) - 1]
    }

    /// `YYYY-MM` of a time.
    static func month(_ time: EntryTime) -> String { String(time.rfc3339.prefix(7)) }

    static func money(_ minor: Int64, _ currency: String, signed: Bool = false) -> String {
        Money.text(minor, currency, signed: signed)
    }

    static func hours(_ minutes: Int64) -> String {
        minutes < 120 ? "\(minutes) min" : "\(minutes / 60) h \(minutes % 60) min"
    }

    /// Entry citations: "#12, #15".
    static func cite(_ seqs: [Int64]) -> String { seqs.map { "#\($0)" }.joined(separator: ", ") }

    static func preamble(_ title: String, scope: ReportScope, history: ReportHistory) -> [String] {
        var out = ["covers \(scope.summary)", "as of \(history.asOf.rfc3339)" + (history.head.map { " (entry \($0.seq))" } ?? "")]
        if let policy = history.state.policy?.set {
            out.append("policy in force: \(policy.catalog.label) / \(policy.approvals.label) (\(policy.hash.prefix(16))…)")
        }
        out.append("entries are cited by sequence number (#n); `tierledger log --from n` shows them")
        return out
    }
}
