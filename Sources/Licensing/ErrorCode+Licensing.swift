import LedgerCrypto

/// The codes of the Licensing module's errors (`LIC-…`). A certificate that reads but does not
/// check out is a verdict (`LicenseVerdict`), not an error.
extension ErrorCode {
    /// The input is not a license certificate in the documented form.
    public static let licenseMalformed = ErrorCode("LIC-001", .input,
        remedy: "give the certificate file exactly as `tierledger license certificate` wrote it")
}
