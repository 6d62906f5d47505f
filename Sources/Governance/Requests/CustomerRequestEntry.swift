import Ledger
import LedgerCrypto

/// `customer.request` and `customer.decline` (docs/format.md §6.11).
///
/// - `customer.request`: `{"customer","kind","license","params","policy","token"}` plus optional
///   `"message"`; signed by the server's intake key (role `intake`).
/// - `customer.decline`: `{"policy","reason","request"}`; signed by a `proposer` or an `admin`.
public enum CustomerRequestEntry {
    public static let request = "customer.request"
    public static let decline = "customer.decline"
    /// The most a customer's message may hold, in UTF-8 bytes.
    public static let messageLimit = 500

    public static func requestBody(license: String, customer: String, token: String, ask: CustomerRequest.Ask, message: String?,
                                   policy: String) -> JSONValue {
        var members: [String: JSONValue] = ["customer": .string(customer), "kind": .string(ask.kind.rawValue), "license": .string(license),
                                            "params": ask.params, "policy": .string(policy), "token": .string(token)]
        if let message { members["message"] = .string(message) }
        return .object(members)
    }

    public static func declineBody(request: Int64, reason: String, policy: String) -> JSONValue {
        .object(["policy": .string(policy), "reason": .string(reason), "request": .integer(request)])
    }

    /// Nil when `message` may be recorded; otherwise what is wrong with it. A message is 1 to
    /// `messageLimit` bytes of text without control characters other than line feeds.
    public static func messageProblem(_ message: String) -> String? {
        guard !message.isEmpty, message.utf8.count <= messageLimit else { return "a message is 1-\(messageLimit) bytes of text" }
        guard !message.unicodeScalars.contains(where: { ($0.properties.generalCategory == .control && $0 != "\n") || $0 == "\u{2028}" || $0 == "\u{2029}" }) else {
            return "a message holds no control characters other than line feeds"
        }
        return nil
    }
}

extension GovernanceState {
    /// Checks what a customer asks of `license` against the policy in force at `time`: the tier
    /// exists and is above the license's, the seats are more than it has and within the tier's
    /// limits, the add-on exists, is offered for its tier and is not held, and the change would
    /// pass its lifecycle rules. Throws `GOV-050` (or the lifecycle rule's code) otherwise.
    public func checkAsk(_ ask: CustomerRequest.Ask, license id: String, at time: EntryTime) throws(AuthorityViolation) {
        func refuse(_ text: String) -> AuthorityViolation { AuthorityViolation(.governanceCustomerAsk, "\(id): \(text)") }
        guard let policy = policy?.set else { throw AuthorityViolation(.governanceNoPolicy, "no policy is in force; nothing can be asked yet") }
        guard let license = licenses[id] else { throw AuthorityViolation(.governanceNotFound, "no license \(id)") }
        let catalog = policy.catalog
        switch ask {
        case let .upgrade(tier):
            guard let target = catalog.tier(tier) else {
                throw refuse("there is no tier \"\(tier)\"; tiers are \(catalog.tiers.map(\.id).joined(separator: ", "))")
            }
            let current = catalog.tier(license.tier)?.rank ?? 0
            guard target.rank > current else { throw refuse("\(tier) is not above \(license.tier); an upgrade asks for a higher tier") }
        case let .seats(n):
            guard n > license.seats else { throw refuse("the license has \(license.seats) seats; ask for more than that") }
            if let limit = catalog.tier(license.tier)?.price.maxSeats, n > limit {
                throw refuse("\(license.tier) has at most \(limit) seats; ask for \(limit) or fewer, or for an upgrade")
            }
        case let .addon(addonID):
            guard let addon = catalog.addon(addonID) else {
                throw refuse("there is no add-on \"\(addonID)\"; add-ons are \(catalog.addons.map(\.id).joined(separator: ", "))")
            }
            guard !license.addons.contains(addonID) else { throw refuse("the license already has \(addonID)") }
            guard addon.availableFor.contains(license.tier) else {
                throw refuse("\(addonID) is offered for \(addon.availableFor.joined(separator: ", ")), not \(license.tier)")
            }
        }
        do {
            _ = try LicenseChange.evaluate(ask.kind, id: id, params: ask.params, license: license, at: time, policy: policy, seq: lastSeq + 1,
                                           usage: { [self] in latestUsage(id, $0) })
        } catch {
            throw AuthorityViolation(error.errorCode == .governanceBody ? .governanceCustomerAsk : error.errorCode, error.message)
        }
    }

    /// Checks a request `customer` would file on `license` with `token` at `time`: the license is the
    /// customer's, the token is the customer's with the scope `request`, unrevoked and unexpired, the
    /// message fits, the ask passes ``checkAsk(_:license:at:)``, and no open request asks the same.
    public func checkCustomerRequest(license licenseID: String, customer: String, token tokenID: String, ask: CustomerRequest.Ask,
                                     message: String?, at time: EntryTime) throws(AuthorityViolation) {
        guard let license = licenses[licenseID] else { throw AuthorityViolation(.governanceNotFound, "no license \(licenseID)") }
        guard customer == license.customer else {
            throw AuthorityViolation(.governanceNotAllowed, "\(licenseID) is not \(customer)'s; a customer asks for its own licenses only")
        }
        guard let token = tokens[tokenID] else { throw AuthorityViolation(.governanceNotFound, "no token \(tokenID) was issued") }
        guard token.customer == customer, token.scopes.contains(.request), token.revocation == nil, time < token.expires else {
            throw AuthorityViolation(.governanceNotAllowed, "token \(tokenID) may not ask for changes to \(licenseID): it must be \(customer)'s, "
                + "unrevoked, unexpired, with the scope request")
        }
        if let message, let problem = CustomerRequestEntry.messageProblem(message) { throw AuthorityViolation(.governanceBody, "\"message\": \(problem)") }
        try checkAsk(ask, license: licenseID, at: time)
        let live: Set<CustomerRequestStatus> = [.open, .pending, .approved]
        if let same = customerRequests.values.sorted(by: { $0.seq < $1.seq })
            .first(where: { $0.license == licenseID && $0.ask == ask && live.contains(status(of: $0, at: time)) }) {
            throw AuthorityViolation(.governanceDuplicate, "\(same.id) already asks for \(ask.summary) on \(licenseID) and is \(status(of: same, at: time))")
        }
    }

    /// Checks a `customer.request` or `customer.decline` entry (signed by `signer`) and records it.
    mutating func admitCustomerRequest(_ entry: Entry, signer: String) throws(AuthorityViolation) {
        func fail(_ code: ErrorCode, _ text: String) -> AuthorityViolation { AuthorityViolation(code, "\(entry.type): \(text)") }
        let body = entry.body
        guard let current = policy else { throw fail(.governanceNoPolicy, "no policy has been adopted; requests are checked against its catalog") }
        guard body["policy"]?.stringValue == current.set.hash else {
            throw fail(.governanceStale, "names policy \(body["policy"]?.stringValue ?? "?"), but \(current.set.hash) is in force")
        }
        if entry.type == CustomerRequestEntry.decline {
            let keys = Set((body.objectValue ?? [:]).keys)
            guard keys == ["policy", "reason", "request"] else { throw fail(.governanceBody, "the body has exactly policy, reason, request") }
            guard let seq = body["request"]?.integerValue, var filed = customerRequests[seq] else {
                throw fail(.governanceNotFound, "no customer request REQ-\(body["request"]?.integerValue ?? -1)")
            }
            guard let reason = body["reason"]?.stringValue, !reason.isEmpty, reason.utf8.count <= 1000 else {
                throw fail(.governanceBody, "\"reason\" is 1-1000 bytes of text")
            }
            let status = self.status(of: filed, at: entry.time)
            guard status.awaitsDealDesk else {
                throw fail(.governanceRequestState, "\(filed.id) is \(status); only a request with no live proposal is declined")
            }
            filed.decline = .init(seq: entry.seq, time: entry.time, principal: signer, reason: reason)
            customerRequests[seq] = filed
            return
        }
        let keys = Set((body.objectValue ?? [:]).keys)
        let required: Set<String> = ["customer", "kind", "license", "params", "policy", "token"]
        guard required.isSubset(of: keys), keys.isSubset(of: required.union(["message"])) else {
            throw fail(.governanceBody, "the body has exactly \(required.sorted().joined(separator: ", ")) (and optionally message)")
        }
        guard let kind = body["kind"]?.stringValue, let params = body["params"], let ask = CustomerRequest.Ask(kind: kind, params: params) else {
            throw fail(.governanceBody, "\"kind\" and \"params\" must be upgrade {to_tier}, seats {seats} or addon-add {addon}")
        }
        guard let licenseID = body["license"]?.stringValue, let customer = body["customer"]?.stringValue, let tokenID = body["token"]?.stringValue else {
            throw fail(.governanceBody, "\"license\", \"customer\" and \"token\" are text")
        }
        var message: String?
        if let value = body["message"] {
            guard let text = value.stringValue else { throw fail(.governanceBody, "\"message\" must be text") }
            message = text
        }
        do {
            try checkCustomerRequest(license: licenseID, customer: customer, token: tokenID, ask: ask, message: message, at: entry.time)
        } catch {
            throw fail(error.errorCode, error.message)
        }
        customerRequests[entry.seq] = CustomerRequest(seq: entry.seq, time: entry.time, license: licenseID, customer: customer, token: tokenID,
                                                      ask: ask, message: message)
    }

    /// Checks the `customer_request` a proposal names against what it proposes; links them.
    mutating func linkCustomerRequest(_ seq: Int64, to proposal: Int64, kind: ChangeKind, license: String, params: JSONValue,
                                      at time: EntryTime) throws(AuthorityViolation) {
        guard var filed = customerRequests[seq] else { throw AuthorityViolation(.governanceNotFound, "no customer request REQ-\(seq)") }
        let status = self.status(of: filed, at: time)
        guard status.awaitsDealDesk else {
            throw AuthorityViolation(.governanceRequestState, "\(filed.id) is \(status); a proposal names a request that is open "
                + "or whose last proposal was rejected, withdrawn or expired")
        }
        let asked = filed.ask.param
        guard filed.license == license, filed.ask.kind == kind, params[asked.name] == asked.value else {
            throw AuthorityViolation(.governanceRequestMismatch, "\(filed.id) asks for \(filed.ask.summary) on \(filed.license); "
                + "the proposal is \(kind.rawValue) of \(license) with \(params[asked.name].map(Self.shown) ?? "no \(asked.name)"): "
                + "propose what was asked, or decline \(filed.id) with a reason and propose separately")
        }
        filed.proposals.append(proposal)
        customerRequests[seq] = filed
    }

    private static func shown(_ value: JSONValue) -> String {
        if let text = value.stringValue { return text }
        if let n = value.integerValue { return "\(n)" }
        return value.kindName
    }
}
