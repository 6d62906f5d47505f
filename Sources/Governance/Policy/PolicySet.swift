import Foundation
import Ledger

/// A policy version: the tier catalog and the approval rules, loaded from a directory holding
/// `tiers.yaml` and `approvals.yaml`, with the canonical content a ledger records and its hash.
public struct PolicySet: Sendable {
    public let catalog: TierCatalog
    public let approvals: ApprovalPolicy
    /// `{"approvals":<approvals.yaml as JSON>,"tiers":<tiers.yaml as JSON>}`.
    public let content: JSONValue
    /// Hex SHA-256 of the canonical JSON of `content`: the policy version's identity.
    public let hash: String

    public static let files = ["tiers.yaml", "approvals.yaml"]

    /// Loads and checks both files; throws every problem found, each with file, line and column.
    public static func load(directory: String) throws(PolicyError) -> PolicySet {
        var texts: [String: String] = [:]
        for name in files {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PolicyError(problems: [PolicyProblem(file: path, line: 1, column: 1, message: "cannot read the file; a policy directory holds "
                    + files.joined(separator: " and "))])
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw PolicyError(problems: [PolicyProblem(file: path, line: 1, column: 1, message: "not UTF-8 text")])
            }
            texts[name] = text
        }
        return try load(tiers: texts["tiers.yaml"] ?? "", tiersFile: directory + "/tiers.yaml",
                        approvals: texts["approvals.yaml"] ?? "", approvalsFile: directory + "/approvals.yaml")
    }

    /// Loads from texts (for tests and for content read back from a ledger).
    public static func load(tiers: String, tiersFile: String = "tiers.yaml", approvals: String,
                            approvalsFile: String = "approvals.yaml") throws(PolicyError) -> PolicySet {
        var problems: [PolicyProblem] = []
        var tierRoot: PolicyNode?, approvalRoot: PolicyNode?
        do { tierRoot = try PolicyNode.parse(tiers, file: tiersFile) } catch { problems += error.problems }
        do { approvalRoot = try PolicyNode.parse(approvals, file: approvalsFile) } catch { problems += error.problems }
        let reader = PolicyReader()
        let catalog = tierRoot.flatMap { CatalogLoader.load($0, reader) }
        let policy = approvalRoot.flatMap { ApprovalLoader.load($0, reader, catalog: catalog) }
        problems += reader.problems
        guard problems.isEmpty, let catalog, let policy, let tierRoot, let approvalRoot else {
            throw PolicyError(problems: problems.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
        }
        let content: JSONValue = .object(["tiers": tierRoot.json, "approvals": approvalRoot.json])
        return PolicySet(catalog: catalog, approvals: policy, content: content, hash: Digest.of(CanonicalJSON.encode(content)).hex)
    }
}
