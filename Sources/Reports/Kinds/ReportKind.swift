import Governance
import Ledger

/// The three reports.
public enum ReportKind: String, Sendable, CaseIterable {
    case changelog, audit, health
}

/// A finished report: its JSON (docs/report-schema.md) and its readable layout.
public struct Report: Sendable {
    public let json: JSONValue
    public let document: ReportDocument

    /// Verifies `ledger` for the attestation (on `basis`), gathering what `kind` needs within
    /// `scope` in the same pass, and builds the report.
    public static func make(_ kind: ReportKind, ledger: any LedgerStore, scope: ReportScope, attest basis: Attestation.Basis = .full,
                            progress: ((VerificationProgress) -> Void)? = nil) throws -> Report {
        let (history, attestation) = try Attestation.verifying(ledger, scope: scope, basis: basis, progress: progress)
        guard history.state.policy != nil || kind != .health else {
            throw ReportError("no policy has been adopted, so there are no entitlements to check; adopt one with `tierledger policy adopt`")
        }
        switch kind {
        case .changelog: return ChangelogReport.make(history, scope: scope, attestation: attestation)
        case .audit: return AuditReport.make(history, scope: scope, attestation: attestation)
        case .health: return HealthReport.make(history, scope: scope, attestation: attestation)
        }
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
