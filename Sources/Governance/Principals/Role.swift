/// A role a principal holds: `admin`, `proposer`, `operator`, `auditor`, `compliance`, `telemetry`, or
/// `approver:<area>` (areas such as `finance`, `legal`, `deal-desk` are named by the policies).
public struct Role: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let name: String

    public static let admin = Role(unchecked: "admin")
    public static let proposer = Role(unchecked: "proposer")
    public static let `operator` = Role(unchecked: "operator")
    public static let auditor = Role(unchecked: "auditor")
    /// Reads the ledger and signs reports (with `auditor`, by default: the policy's `report_signers`).
    public static let compliance = Role(unchecked: "compliance")
    public static let telemetry = Role(unchecked: "telemetry")
    /// Issues license certificates (`license.certify`).
    public static let licensor = Role(unchecked: "licensor")
    /// Records machine activations (`license.activate`, `license.deactivate`): the server's activation key.
    public static let activator = Role(unchecked: "activator")
    /// Files customers' requests (`customer.request`): the server's intake key.
    public static let intake = Role(unchecked: "intake")

    /// The roles that need no area.
    public static let plain: [Role] = [.admin, .proposer, .operator, .auditor, .compliance, .telemetry, .licensor, .activator, .intake]

    private init(unchecked name: String) { self.name = name }

    /// Accepts a plain role or `approver:<area>`, the area being lowercase letters, digits and '-'.
    public init?(_ text: String) {
        if let plain = Role.plain.first(where: { $0.name == text }) {
            self = plain
            return
        }
        guard text.hasPrefix("approver:") else { return nil }
        let area = Array(text.utf8.dropFirst("approver:".count))
        guard let first = area.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), area.count <= 32,
              area.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                  || $0 == UInt8(ascii: "-") })
        else { return nil }
        self.name = text
    }

    /// For `approver:<area>`, the area.
    public var approvalArea: String? {
        name.hasPrefix("approver:") ? String(name.dropFirst("approver:".count)) : nil
    }

    public var description: String { name }
    public static func < (a: Role, b: Role) -> Bool { a.name < b.name }

    /// What to tell someone who typed an unknown role.
    public static let syntaxHelp = "roles are admin, proposer, operator, auditor, compliance, telemetry, licensor, activator, intake, or approver:<area> (e.g. approver:finance)"
}
