import Ledger
import LedgerCrypto

/// Checks license certificates offline, the way a vendor's product does: with the log's verifier key
/// (and, if it wants them, its witnesses' keys), nothing else.
///
/// The checks, in order (the first that fails is the reason): the certificate reads; the
/// checkpoint is signed by the log key and cosigned by `quorum` of `witnesses`; the entry is in the
/// tree the checkpoint commits to; it is a `license.certify` entry whose signature verifies with the
/// key it carries; the moment checked is not before it was issued and the checkpoint is fresh
/// enough; the license is not suspended or terminated and its term (plus grace) has not ended; then
/// what the caller asks: a feature, quota use, a seat count.
///
/// That the signer held the `licensor` role and that the entitlements match the license as the
/// ledger holds it follow from the checkpoint: the log key signs checkpoints only over entries that
/// verified, and `verify` re-checks both rules (docs/format.md §6.7, §11.3).
public struct LicenseChecker: Sendable {
    public let logKey: VerifierKey
    public let witnesses: [VerifierKey]
    /// Cosignatures needed from `witnesses` (all of them when nil).
    public let quorum: Int?
    /// The oldest checkpoint accepted, in days (nil: any age).
    public let maxCheckpointAgeDays: Int64?

    public init(logKey: VerifierKey, witnesses: [VerifierKey] = [], quorum: Int? = nil, maxCheckpointAgeDays: Int64? = nil) {
        self.logKey = logKey
        self.witnesses = witnesses
        self.quorum = quorum
        self.maxCheckpointAgeDays = maxCheckpointAgeDays
    }

    /// What a product asks of a license besides its validity.
    public struct Query: Sendable {
        public var feature: String?
        /// Use to be checked against quota limits: metric → amount.
        public var quotas: [(metric: String, amount: Int64)]
        public var seats: Int64?

        public init(feature: String? = nil, quotas: [(metric: String, amount: Int64)] = [], seats: Int64? = nil) {
            self.feature = feature
            self.quotas = quotas
            self.seats = seats
        }
    }

    /// Checks an armoured certificate at `time`.
    public func check(armoured text: String, at time: EntryTime, query: Query = Query()) -> LicenseVerdict {
        do {
            return check(try LicenseCertificate(armoured: text), at: time, query: query)
        } catch {
            return denied(.malformed(error.description.replacingOccurrences(of: "not a valid license certificate: ", with: "")))
        }
    }

    /// Checks a certificate at `time`.
    public func check(_ certificate: LicenseCertificate, at time: EntryTime, query: Query = Query()) -> LicenseVerdict {
        // The checkpoint: the log's signature, then the witnesses.
        let verified: VerifiedCheckpoint
        do {
            verified = try Checkpoint.verify(note: certificate.checkpoint, logKey: logKey)
        } catch {
            return denied(.checkpoint("\(error)"))
        }
        var cosigned: VerifiedCheckpoint?
        if !witnesses.isEmpty {
            do {
                cosigned = try Checkpoint.verify(note: certificate.checkpoint, logKey: logKey, witnesses: witnesses, quorum: quorum)
            } catch {
                return denied(.notWitnessed("\(error)"))
            }
        }
        // The entry is in the tree the checkpoint commits to.
        guard certificate.treeSize == verified.checkpoint.size else {
            return denied(.notInLog("the proof is for \(certificate.treeSize) entries, the checkpoint for \(verified.checkpoint.size)"))
        }
        do {
            try MerkleVerification.verifyInclusion(index: certificate.leafIndex, size: certificate.treeSize,
                                                   leafHash: MerkleHash.leaf(certificate.entryLine), proof: certificate.proof,
                                                   root: verified.checkpoint.root)
        } catch {
            return denied(.notInLog(error.reason))
        }
        // The entry: a certification, signed by the key it names.
        let entry: Entry
        do {
            entry = try EntryDecoder.decode(certificate.entryLine)
        } catch {
            return denied(.notACertification("the entry does not decode: \(error.message)"))
        }
        guard entry.seq == Int64(certificate.leafIndex) else {
            return denied(.notInLog("the entry is number \(entry.seq), the proof is for leaf \(certificate.leafIndex)"))
        }
        guard entry.type == LicenseCertificate.entryType else { return denied(.notACertification("it is a \(entry.type) entry")) }
        guard let key = try? PublicKey(subjectPublicKeyInfo: certificate.signerKey), key.id == entry.signer else {
            return denied(.signature("the certificate's key is not the entry's signer \(entry.signer.short)…"))
        }
        guard entry.hasValidSignature(by: key) else { return denied(.signature("the entry's signature does not verify")) }
        let entitlements: Entitlements
        do {
            entitlements = try Entitlements(body: entry.body)
        } catch {
            return denied(.notACertification(error.description))
        }
        func verdict(_ allowed: Bool, _ reason: LicenseVerdict.Reason) -> LicenseVerdict {
            LicenseVerdict(allowed: allowed, reason: reason, entitlements: entitlements, serial: entry.seq, issuedAt: entry.time)
        }
        // Time: issued, fresh, in term.
        if time < entry.time { return verdict(false, .notYetValid(entry.time)) }
        if let maxDays = maxCheckpointAgeDays {
            // A checkpoint is at least as recent as the entry it includes, and as its newest cosignature.
            let newest = max(entry.time.milliseconds, (cosigned?.cosigners.map { Int64($0.timestamp) * 1000 }.max()) ?? 0)
            let ageDays = (time.milliseconds - newest) / 86_400_000
            if ageDays > maxDays { return verdict(false, .checkpointTooOld(ageDays: ageDays, maxDays: maxDays)) }
        }
        switch entitlements.status {
        case "suspended": return verdict(false, .suspended)
        case "terminated": return verdict(false, .terminated)
        default: break
        }
        if time < entitlements.termStart { return verdict(false, .notYetValid(entitlements.termStart)) }
        if time >= entitlements.graceEnd { return verdict(false, .expired(entitlements.termEnd)) }
        // What the product asks.
        if let feature = query.feature, !entitlements.features.contains(feature) {
            return verdict(false, .featureNotGranted(feature: feature, tier: entitlements.tier))
        }
        for (metric, amount) in query.quotas {
            guard let quota = entitlements.quotas.first(where: { $0.metric == metric }) else { return verdict(false, .noSuchQuota(metric)) }
            if amount > quota.limit {
                return verdict(false, .quotaExceeded(metric: metric, by: amount - quota.limit, limit: quota.limit, period: quota.period))
            }
        }
        if let seats = query.seats, seats > entitlements.seats { return verdict(false, .seatsExceeded(asked: seats, seats: entitlements.seats)) }
        if time >= entitlements.termEnd { return verdict(true, .inGrace(until: entitlements.graceEnd)) }
        return verdict(true, .valid(until: entitlements.termEnd))
    }

    private func denied(_ reason: LicenseVerdict.Reason) -> LicenseVerdict {
        LicenseVerdict(allowed: false, reason: reason, entitlements: nil, serial: nil, issuedAt: nil)
    }
}
