import Ledger

/// The answer to a license check: allowed or denied, with the one reason a support engineer needs.
public struct LicenseVerdict: Sendable, Equatable {
    /// Why the check came out as it did. `code` is stable (programs switch on it); `description` is
    /// for people.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        case valid(until: EntryTime)
        case inGrace(until: EntryTime)
        case malformed(String)
        case checkpoint(String)
        case notWitnessed(String)
        case notInLog(String)
        case notACertification(String)
        case signature(String)
        case notYetValid(EntryTime)
        case checkpointTooOld(ageDays: Int64, maxDays: Int64)
        case expired(EntryTime)
        case suspended
        case terminated
        case featureNotGranted(feature: String, tier: String)
        case noSuchQuota(String)
        case quotaExceeded(metric: String, by: Int64, limit: Int64, period: String)
        case seatsExceeded(asked: Int64, seats: Int64)

        /// A stable name for the reason.
        public var code: String {
            switch self {
            case .valid: return "valid"
            case .inGrace: return "in-grace"
            case .malformed: return "malformed"
            case .checkpoint: return "checkpoint"
            case .notWitnessed: return "not-witnessed"
            case .notInLog: return "not-in-log"
            case .notACertification: return "not-a-certification"
            case .signature: return "signature"
            case .notYetValid: return "not-yet-valid"
            case .checkpointTooOld: return "checkpoint-too-old"
            case .expired: return "expired"
            case .suspended: return "suspended"
            case .terminated: return "terminated"
            case .featureNotGranted: return "feature-not-granted"
            case .noSuchQuota: return "no-such-quota"
            case .quotaExceeded: return "quota-exceeded"
            case .seatsExceeded: return "seats-exceeded"
            }
        }

        public var description: String {
            switch self {
            case let .valid(until): return "valid until \(until)"
            case let .inGrace(until): return "the term has ended; in grace until \(until)"
            case let .malformed(detail): return "not a valid license certificate: \(detail)"
            case let .checkpoint(detail): return "the checkpoint does not check out: \(detail)"
            case let .notWitnessed(detail): return "the checkpoint is not witnessed as required: \(detail)"
            case let .notInLog(detail): return "the license is not in the log: \(detail)"
            case let .notACertification(detail): return "the logged entry is not a license certification: \(detail)"
            case let .signature(detail): return "the licensor's signature does not check out: \(detail)"
            case let .notYetValid(from): return "not yet valid: from \(from)"
            case let .checkpointTooOld(age, max): return "the checkpoint is \(age) days old, more than the \(max) accepted; fetch a fresh certificate"
            case let .expired(at): return "expired at \(at)"
            case .suspended: return "the license is suspended"
            case .terminated: return "the license is terminated"
            case let .featureNotGranted(feature, tier): return "feature \(feature) is not granted (tier \(tier))"
            case let .noSuchQuota(metric): return "the license has no quota for \(metric)"
            case let .quotaExceeded(metric, by, limit, period): return "quota \(metric) exceeded by \(by) (limit \(limit) a \(period))"
            case let .seatsExceeded(asked, seats): return "\(asked) seats asked for, the license has \(seats)"
            }
        }
    }

    public let allowed: Bool
    public let reason: Reason
    /// What the certificate states, when it could be read and trusted.
    public let entitlements: Entitlements?
    /// The certification's entry (the certificate's serial) and time.
    public let serial: Int64?
    public let issuedAt: EntryTime?

    /// The verdict as `license check --json` prints it.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["allowed": .bool(allowed), "code": .string(reason.code), "reason": .string(reason.description)]
        if let serial { members["serial"] = .integer(serial) }
        if let issuedAt { members["issued_at"] = .string(issuedAt.rfc3339) }
        if let e = entitlements {
            members["license"] = .string(e.license)
            members["customer"] = .string(e.customer)
            members["tier"] = .string(e.tier)
            members["seats"] = .integer(e.seats)
            members["term_end"] = .string(e.termEnd.rfc3339)
        }
        return .object(members)
    }
}
