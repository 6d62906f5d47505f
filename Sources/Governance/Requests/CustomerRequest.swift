import Ledger

/// A customer's request for more: an upgrade to a higher tier, more seats, or an add-on. Filed by
/// the server's intake key for a customer token with the `request` scope (`customer.request`,
/// docs/format.md §6.11); the deal desk turns it into a change request (a proposal naming it) or
/// declines it (`customer.decline`).
public struct CustomerRequest: Sendable, Equatable {
    /// What a customer may ask for: the change kinds it maps to, with the one parameter each takes.
    public enum Ask: Sendable, Equatable {
        case upgrade(tier: String)
        case seats(Int64)
        case addon(String)

        /// The change kind a proposal for this ask has.
        public var kind: ChangeKind {
            switch self {
            case .upgrade: return .upgrade
            case .seats: return .seats
            case .addon: return .addonAdd
            }
        }

        /// The name of the one parameter of the change, and its value.
        public var param: (name: String, value: JSONValue) {
            switch self {
            case let .upgrade(tier): return ("to_tier", .string(tier))
            case let .seats(n): return ("seats", .integer(n))
            case let .addon(id): return ("addon", .string(id))
            }
        }

        /// The ask's `params` as an entry records them.
        public var params: JSONValue { .object([param.name: param.value]) }

        /// Reads a kind and its params (`{"to_tier"}`, `{"seats"}`, `{"addon"}`); nil when they are not one of the asks.
        public init?(kind: String, params: JSONValue) {
            guard let members = params.objectValue, members.count == 1 else { return nil }
            switch kind {
            case ChangeKind.upgrade.rawValue:
                guard let tier = members["to_tier"]?.stringValue else { return nil }
                self = .upgrade(tier: tier)
            case ChangeKind.seats.rawValue:
                guard let n = members["seats"]?.integerValue else { return nil }
                self = .seats(n)
            case ChangeKind.addonAdd.rawValue:
                guard let id = members["addon"]?.stringValue else { return nil }
                self = .addon(id)
            default:
                return nil
            }
        }

        /// The kinds a customer may ask for.
        public static let kinds: [ChangeKind] = [.upgrade, .seats, .addonAdd]

        /// In plain words: "upgrade to business", "seats to 50", "add-on sso-addon".
        public var summary: String {
            switch self {
            case let .upgrade(tier): return "upgrade to \(tier)"
            case let .seats(n): return "seats to \(n)"
            case let .addon(id): return "add-on \(id)"
            }
        }
    }

    /// A decision not to act on a request (`customer.decline`).
    public struct Decline: Sendable, Equatable {
        public let seq: Int64
        public let time: EntryTime
        public let principal: String
        public let reason: String

        public init(seq: Int64, time: EntryTime, principal: String, reason: String) {
            self.seq = seq
            self.time = time
            self.principal = principal
            self.reason = reason
        }
    }

    /// `REQ-<seq of the customer.request entry>`.
    public var id: String { "REQ-\(seq)" }
    public let seq: Int64
    public let time: EntryTime
    public let license: String
    public let customer: String
    /// The id of the token that asked (never its secret).
    public let token: String
    public let ask: Ask
    public let message: String?
    /// The proposals (`change.propose` sequence numbers, so `CR-<n>`) that named it, oldest first.
    public internal(set) var proposals: [Int64]
    public internal(set) var decline: Decline?

    public init(seq: Int64, time: EntryTime, license: String, customer: String, token: String, ask: Ask, message: String?,
                proposals: [Int64] = [], decline: Decline? = nil) {
        self.seq = seq
        self.time = time
        self.license = license
        self.customer = customer
        self.token = token
        self.ask = ask
        self.message = message
        self.proposals = proposals
        self.decline = decline
    }

    /// Parses `REQ-42` (or `42`) to its sequence number.
    public static func seq(of text: String) -> Int64? {
        let digits = text.hasPrefix("REQ-") ? String(text.dropFirst(4)) : text
        guard let seq = Int64(digits), seq >= 0, !digits.hasPrefix("+") else { return nil }
        return seq
    }
}

/// Where a customer's request stands: `open` until a proposal names it, then the status of the
/// latest proposal that did, or `declined` once staff declined it.
public enum CustomerRequestStatus: String, Sendable, CaseIterable, CustomStringConvertible {
    case open, pending, approved, applied, rejected, withdrawn, expired, declined

    public var description: String { rawValue }

    /// True while nothing has been proposed for it.
    public var isOpen: Bool { self == .open }

    /// True while the deal desk has something to do: nothing proposed yet, or the last proposal was
    /// rejected, withdrawn or expired (propose again, or decline).
    public var awaitsDealDesk: Bool { [.open, .rejected, .withdrawn, .expired].contains(self) }
}

extension GovernanceState {
    /// The status of `request` at `time`.
    public func status(of request: CustomerRequest, at time: EntryTime) -> CustomerRequestStatus {
        if request.decline != nil { return .declined }
        guard let last = request.proposals.last, let change = requests[last] else { return .open }
        return CustomerRequestStatus(rawValue: change.status(at: time).rawValue) ?? .open
    }

    /// The requests filed for `license`, newest first.
    public func customerRequests(license: String) -> [CustomerRequest] {
        customerRequests.values.filter { $0.license == license }.sorted { $0.seq > $1.seq }
    }

    /// The requests `customer` filed, newest first.
    public func customerRequests(customer: String) -> [CustomerRequest] {
        customerRequests.values.filter { $0.customer == customer }.sorted { $0.seq > $1.seq }
    }

    /// Every request, newest first; unless `all`, only those awaiting the deal desk at `time`.
    public func customerRequests(all: Bool, at time: EntryTime) -> [CustomerRequest] {
        customerRequests.values.filter { all || status(of: $0, at: time).awaitsDealDesk }.sorted { $0.seq > $1.seq }
    }

    /// The request as the API and `change inbox --json` show it.
    public func document(of request: CustomerRequest, at time: EntryTime) -> JSONValue {
        var members: [String: JSONValue] = [
            "request": .string(request.id), "seq": .integer(request.seq), "time": .string(request.time.rfc3339),
            "license": .string(request.license), "customer": .string(request.customer), "token": .string(request.token),
            "kind": .string(request.ask.kind.rawValue), "params": request.ask.params, "summary": .string(request.ask.summary),
            "status": .string(status(of: request, at: time).rawValue),
            "proposals": .array(request.proposals.map { .string("CR-\($0)") }),
        ]
        if let message = request.message { members["message"] = .string(message) }
        if let decline = request.decline {
            members["declined"] = .object(["seq": .integer(decline.seq), "time": .string(decline.time.rfc3339), "reason": .string(decline.reason)])
        }
        return .object(members)
    }
}
