import Ledger
import LedgerCrypto

/// A machine activated against a license: node-locked (until deactivated) or floating (held by a
/// lease the product renews by heartbeat; heartbeats are not recorded). Both count against the
/// license's seats. Recorded by the server's activation key (role `activator`, docs/format.md §6.9).
public struct Activation: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable { case node, floating }

    /// 16 lowercase hex characters, chosen by the server.
    public let id: String
    public let license: String
    /// SHA-256 (hex) of the fingerprint the product chose for the machine: the ledger never holds the fingerprint.
    public let machine: String
    public let mode: Mode
    /// The token the product activated with.
    public let token: String
    public let seq: Int64
    public let time: EntryTime
    /// The `license.deactivate` entry and its reason, once deactivated.
    public internal(set) var deactivation: (seq: Int64, time: EntryTime, reason: String)?

    public init(id: String, license: String, machine: String, mode: Mode, token: String, seq: Int64, time: EntryTime,
                deactivation: (seq: Int64, time: EntryTime, reason: String)? = nil) {
        self.id = id
        self.license = license
        self.machine = machine
        self.mode = mode
        self.token = token
        self.seq = seq
        self.time = time
        self.deactivation = deactivation
    }

    public static func == (a: Activation, b: Activation) -> Bool {
        a.id == b.id && a.license == b.license && a.machine == b.machine && a.mode == b.mode && a.token == b.token && a.seq == b.seq
            && a.time == b.time && a.deactivation?.seq == b.deactivation?.seq && a.deactivation?.reason == b.deactivation?.reason
    }

    public var isActive: Bool { deactivation == nil }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["activation": .string(id), "license": .string(license), "machine": .string(machine),
                                            "mode": .string(mode.rawValue), "token": .string(token), "seq": .integer(seq),
                                            "time": .string(time.rfc3339), "active": .bool(isActive)]
        if let deactivation {
            members["deactivated_seq"] = .integer(deactivation.seq)
            members["deactivated_at"] = .string(deactivation.time.rfc3339)
            members["reason"] = .string(deactivation.reason)
        }
        return .object(members)
    }
}

/// `license.activate` and `license.deactivate` (docs/format.md §6.9).
public enum ActivationEntry {
    public static let activate = "license.activate"
    public static let deactivate = "license.deactivate"
    /// Why an activation ended.
    public static let reasons = ["released", "lease-expired", "revoked"]

    public static func activateBody(id: String, license: String, fingerprint: String, mode: Activation.Mode, token: String) -> JSONValue {
        .object(["activation": .string(id), "license": .string(license), "machine": .string(machineHash(fingerprint)),
                 "mode": .string(mode.rawValue), "token": .string(token)])
    }

    public static func deactivateBody(id: String, license: String, reason: String) -> JSONValue {
        .object(["activation": .string(id), "license": .string(license), "reason": .string(reason)])
    }

    /// What the ledger keeps of a machine's fingerprint: its SHA-256, hex.
    public static func machineHash(_ fingerprint: String) -> String { Hex.encode(SHA256.hash(Array(fingerprint.utf8))) }
}

extension GovernanceState {
    /// The activations of `license` in force now.
    public func activeActivations(of license: String) -> [Activation] {
        (activations[license] ?? []).filter(\.isActive)
    }

    /// Checks a `license.activate` or `license.deactivate` entry and records it.
    mutating func admitActivation(_ entry: Entry) throws(AuthorityViolation) {
        func fail(_ code: ErrorCode, _ text: String) -> AuthorityViolation { AuthorityViolation(code, "\(entry.type): \(text)") }
        guard let licenseID = entry.body["license"]?.stringValue, let license = licenses[licenseID] else {
            throw fail(.governanceNotFound, "no license \(entry.body["license"]?.stringValue ?? "(missing)")")
        }
        guard let id = entry.body["activation"]?.stringValue, TokenText.isTokenID(id) else {
            throw fail(.governanceBody, "\"activation\" must be 16 lowercase hex characters")
        }
        if entry.type == ActivationEntry.activate {
            try BodyReader(entry.body, type: entry.type, allowed: ["activation", "license", "machine", "mode", "token"]).checkMembers()
            guard activations.values.allSatisfy({ list in !list.contains { $0.id == id } }) else {
                throw fail(.governanceDuplicate, "activation \(id) was already recorded")
            }
            guard let machine = entry.body["machine"]?.stringValue, machine.utf8.count == 64, Hex.decode(machine) != nil, machine == machine.lowercased() else {
                throw fail(.governanceBody, "\"machine\" must be the SHA-256 of the fingerprint, 64 lowercase hex characters")
            }
            guard let mode = entry.body["mode"]?.stringValue.flatMap(Activation.Mode.init(rawValue:)) else {
                throw fail(.governanceBody, "\"mode\" must be node or floating")
            }
            guard let tokenID = entry.body["token"]?.stringValue, let token = tokens[tokenID] else {
                throw fail(.governanceNotFound, "no token \(entry.body["token"]?.stringValue ?? "(missing)") was issued")
            }
            guard token.customer == license.customer, token.scopes.contains(.activate), token.revocation == nil, entry.time < token.expires else {
                throw fail(.governanceNotAllowed, "token \(tokenID) may not activate \(licenseID): it must be \(license.customer)'s, unrevoked, unexpired, "
                    + "with the scope activate")
            }
            let status = license.status(at: entry.time)
            guard status == .active else {
                throw fail(.governanceLifecycle, "\(licenseID) is \(status); only an active license is activated")
            }
            let active = activeActivations(of: licenseID)
            guard !active.contains(where: { $0.machine == machine }) else {
                throw fail(.governanceDuplicate, "this machine is already activated on \(licenseID)")
            }
            guard Int64(active.count) < license.seats else {
                throw fail(.governanceSeatsExhausted, "all \(license.seats) seats of \(licenseID) are in use; deactivate a machine "
                    + "(or let a floating lease expire), or add seats (`tierledger change propose seats --license \(licenseID)`)")
            }
            activations[licenseID, default: []].append(Activation(id: id, license: licenseID, machine: machine, mode: mode, token: tokenID,
                                                                  seq: entry.seq, time: entry.time))
        } else {
            try BodyReader(entry.body, type: entry.type, allowed: ["activation", "license", "reason"]).checkMembers()
            guard let index = activations[licenseID]?.firstIndex(where: { $0.id == id }), activations[licenseID]?[index].isActive == true else {
                throw fail(.governanceNotFound, "no activation \(id) of \(licenseID) is in force")
            }
            guard let reason = entry.body["reason"]?.stringValue, ActivationEntry.reasons.contains(reason) else {
                throw fail(.governanceBody, "\"reason\" must be one of \(ActivationEntry.reasons.joined(separator: ", "))")
            }
            activations[licenseID]?[index].deactivation = (entry.seq, entry.time, reason)
        }
    }
}
