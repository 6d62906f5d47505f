import Hummingbird

/// The portal's refusals, as `APIError`s with the portal's codes (SRV-030, SRV-031) or the server's.
enum PortalError {
    /// A form that cannot be read, or that lacks its CSRF token.
    static func badForm(_ message: String) -> APIError {
        APIError(code: .serverPortalForm, message: message)
    }

    static func signIn(_ message: String) -> APIError {
        APIError(code: .serverPortalSignIn, message: message)
    }

    /// A page for another kind of viewer (a staff page for a customer, or the reverse).
    static func notForYou(_ message: String) -> APIError {
        APIError(code: .serverForbidden, message: message)
    }
}
