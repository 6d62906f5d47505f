import Governance
import Ledger
import LedgerCrypto
import NIOConcurrencyHelpers

/// Who a portal session belongs to: a customer's token (by id, never its secret) or a staff
/// principal's key. Every request checks it again against the ledger's current state, so a token
/// revoked or a key retired ends the session at the next click.
enum PortalViewer: Sendable, Equatable {
    case customer(token: String, customer: String)
    case staff(name: String, key: KeyID)
}

/// One signed-in browser: its viewer, the CSRF token its forms carry, and when it was made and last used.
struct PortalSession: Sendable {
    let id: String
    let viewer: PortalViewer
    let csrf: String
    let created: Int64
    var lastSeen: Int64
}

/// The portal's sessions, in memory (a restart signs everyone out), and the one-time sign-in codes
/// a staff member's signed request obtains for a browser. A session lasts at most `lifetime` and
/// ends after `idle` without a request; sign-out ends it at once. Ids are 32 random bytes.
final class PortalSessions: Sendable {
    /// Milliseconds.
    let lifetime: Int64
    let idle: Int64
    let maxSessions: Int
    private let sessions = NIOLockedValueBox<[String: PortalSession]>([:])
    private let codes = NIOLockedValueBox<[String: (viewer: PortalViewer, expires: Int64)]>([:])

    init(lifetime: Int64 = 12 * 3_600_000, idle: Int64 = 2 * 3_600_000, maxSessions: Int = 10_000) {
        self.lifetime = lifetime
        self.idle = idle
        self.maxSessions = maxSessions
    }

    /// A new session for `viewer`; the oldest is dropped when `maxSessions` are open.
    func open(_ viewer: PortalViewer, now: Int64) throws -> PortalSession {
        let session = PortalSession(id: try Self.secret(), viewer: viewer, csrf: try Self.secret(), created: now, lastSeen: now)
        sessions.withLockedValue { table in
            table = table.filter { now - $0.value.created < lifetime && now - $0.value.lastSeen < idle }
            if table.count >= maxSessions, let oldest = table.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key {
                table[oldest] = nil
            }
            table[session.id] = session
        }
        return session
    }

    /// The live session `id` names, marked as used now; nil when there is none or it has lapsed.
    func session(_ id: String, now: Int64) -> PortalSession? {
        sessions.withLockedValue { table in
            guard var session = table[id] else { return nil }
            guard now - session.created < lifetime, now - session.lastSeen < idle else {
                table[id] = nil
                return nil
            }
            session.lastSeen = now
            table[id] = session
            return session
        }
    }

    /// Ends session `id`: its cookie is dead from now on.
    func close(_ id: String) {
        _ = sessions.withLockedValue { $0.removeValue(forKey: id) }
    }

    /// A one-time code for `viewer`, good for 60 seconds, that a browser exchanges for a session.
    func code(for viewer: PortalViewer, now: Int64) throws -> String {
        let code = try Self.secret()
        codes.withLockedValue { table in
            table = table.filter { $0.value.expires > now }
            table[code] = (viewer, now + 60_000)
        }
        return code
    }

    /// The viewer a code was made for, once: the code is spent whether or not it was still good.
    func redeem(_ code: String, now: Int64) -> PortalViewer? {
        codes.withLockedValue { table in
            guard let entry = table.removeValue(forKey: code), entry.expires > now else { return nil }
            return entry.viewer
        }
    }

    /// 32 random bytes in base64url: a session id, CSRF token or sign-in code.
    static func secret() throws -> String {
        Base64.urlEncodedUnpadded(try SecureRandom.bytes(32))
    }
}
