import Governance
import Ledger
import LedgerCrypto
import Licensing

/// License certificates: a licensor records a `license.certify` entry, and a certificate is that
/// entry with its inclusion proof and a signed checkpoint that covers it.
extension GovernanceService {
    /// Records what `license` entitles its holder to now, with `graceDays` after the term (a licensor signs).
    public func certify(_ license: String, graceDays: Int64, _ signing: Signing) throws -> Recorded {
        let state = try state()
        guard let policy = state.policy?.set else { throw ServiceError.noPolicy }
        guard let current = state.licenses[license] else { throw ServiceError.changeRefused("no license \(license); `tierledger license list` shows them") }
        guard (0...Certification.maxGraceDays).contains(graceDays) else {
            throw ServiceError.changeRefused("a grace period is 0 to \(Certification.maxGraceDays) days, not \(graceDays)")
        }
        let body = Certification.body(of: current, at: max(signing.time, try store.head()?.time ?? signing.time), graceDays: graceDays, under: policy)
        return try record(Certification.type, body, signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
    }

    /// The certificate of the certification entry `serial`, proven against `checkpoint` (a signed
    /// note of this log covering the entry, cosigned or not); by default the largest signed
    /// checkpoint stored that covers it.
    public func certificate(serial: Int64, checkpoint note: String? = nil) throws -> LicenseCertificate {
        let stored = try store.entry(at: serial)
        guard stored.entry.type == Certification.type else {
            throw ServiceError.changeRefused("entry \(serial) is a \(stored.entry.type) entry, not a \(Certification.type)")
        }
        let text: String
        if let note {
            text = note
        } else {
            guard let saved = try store.savedCheckpoints().first(where: { $0.size > serial }) else {
                throw ServiceError.changeRefused("no checkpoint covers entry \(serial) yet; sign one (`tierledger checkpoint --key LOG.pem`), "
                    + "or give --log-key to sign one now")
            }
            text = String(decoding: saved.note, as: UTF8.self)
        }
        let checkpoint = try Checkpoint.verify(note: text, logKey: try store.logVerifierKey).checkpoint
        guard checkpoint.size > serial else {
            throw ServiceError.changeRefused("the checkpoint covers \(checkpoint.size) entries, not entry \(serial); use a later one")
        }
        let (proof, _) = try store.checkedInclusionProof(seq: serial, size: checkpoint.size)
        guard proof.rootHash == checkpoint.root else {
            throw LedgerError.checkpoint("the checkpoint's root is not the root of the first \(checkpoint.size) entries: "
                + "`tierledger verify --checkpoint` shows the difference")
        }
        let state = try state()
        guard let owner = state.principal(holding: stored.entry.signer),
              let key = owner.keys.first(where: { $0.key.id == stored.entry.signer })?.key
        else { throw ServiceError.changeRefused("the signer of entry \(serial) is not enrolled") }
        return LicenseCertificate(entryLine: try store.line(at: serial), leafIndex: Int(serial), treeSize: checkpoint.size,
                                  proof: proof.hashes, checkpoint: text, signerKey: key.subjectPublicKeyInfo)
    }
}
