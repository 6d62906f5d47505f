import LedgerCrypto

/// The checks that depend on order: everything but the signature arithmetic itself.
struct SequentialPass<Authority: EntryAuthority> {
    var authority: Authority
    let config: LedgerConfig
    private(set) var head: ChainHead?
    private(set) var count: Int64 = 0

    /// A pass from the start, or from just after `head` when the entries before it were checked another way.
    init(authority: Authority, config: LedgerConfig, after head: ChainHead? = nil) {
        self.authority = authority
        self.config = config
        self.head = head
        count = head.map { $0.seq + 1 } ?? 0
    }

    func failure(at offset: Int, _ code: VerificationFailure.Code, _ reason: String, byte: Int? = nil) -> VerificationFailure {
        VerificationFailure(seq: count, offset: offset, byteOffset: byte ?? offset, code: code, reason: reason)
    }

    /// Checks one line; on success returns its signature job and the chain's new head, and advances the chain.
    mutating func check(line: [UInt8], at offset: Int) -> Result<(job: SignatureJob, head: ChainHead), VerificationFailure> {
        let entry: Entry
        do {
            entry = try EntryDecoder.decode(line)
        } catch {
            let code: VerificationFailure.Code
            switch error.code {
            case .tooLarge: code = .tooLarge
            case .malformed: code = .malformed
            case .notCanonical: code = .notCanonical
            case .badField: code = .badField
            }
            return .failure(failure(at: offset, code, error.message, byte: offset + error.offset))
        }
        // Where a member's value starts, found only when a check fails.
        func at(_ member: String) -> Int { offset + (EntryDecoder.memberOffsets(line)[member] ?? 0) }

        if entry.seq != count {
            let reason = entry.seq < count
                ? "seq is \(entry.seq) where \(count) belongs: an entry is duplicated or entries were reordered"
                : "seq is \(entry.seq) where \(count) belongs: an entry is missing before it, or entries were reordered"
            return .failure(failure(at: offset, .sequence, reason, byte: at("seq")))
        }
        let expectedPrev = head?.hash ?? .zero
        if entry.prev != expectedPrev {
            let reason = count == 0
                ? "prev must be 64 zeros in entry 0"
                : "prev is \(entry.prev.hex) but entry \(count - 1) hashes to \(expectedPrev.hex): an entry before it "
                    + "was changed, removed or inserted, or this one was moved"
            return .failure(failure(at: offset, .chain, reason, byte: at("prev")))
        }
        if let previous = head, entry.time < previous.time {
            return .failure(failure(at: offset, .time,
                                    "time \(entry.time) is earlier than entry \(count - 1)'s \(previous.time): time may not go backwards",
                                    byte: at("time")))
        }
        let key: PublicKey
        let hash = Digest.of(line)
        do {
            key = try authority.signingKey(for: entry)
            try authority.admit(entry, lineHash: hash)
        } catch {
            return .failure(failure(at: offset, .authority, error.message, byte: at("signer")))
        }
        if count == 0, let mismatch = Self.configMismatch(entry, config) {
            return .failure(failure(at: offset, .config, mismatch))
        }
        let next = ChainHead(seq: entry.seq, hash: hash, time: entry.time, endOffset: offset + line.count + 1)
        head = next
        count += 1
        // The line is canonical (decoding checked it), so the signed message is the line less its signature.
        let job = SignatureJob(seq: entry.seq, offset: offset, key: key, message: Entry.signedMessage(cutFrom: line) ?? entry.signedMessage,
                               signature: entry.signature)
        return .success((job, next))
    }

    /// `ledger.json` is a copy of what entry 0 records; a difference means it was swapped or edited.
    static func configMismatch(_ entry: Entry, _ config: LedgerConfig) -> String? {
        guard case let .success(genesis) = Genesis.parse(entry.body) else {
            return "entry 0 is not a valid \(EntryType.genesis)"
        }
        if genesis.origin != config.origin {
            return "ledger.json names origin \"\(config.origin)\" but entry 0 records \"\(genesis.origin)\": "
                + "ledger.json was edited or belongs to another ledger"
        }
        if genesis.logKey != config.logKey {
            return "ledger.json names log key \(config.logKey.id.short)… but entry 0 records \(genesis.logKey.id.short)…: "
                + "ledger.json was edited or belongs to another ledger"
        }
        if !config.isCanonicalFile {
            return "ledger.json holds what entry 0 records, but not in its one spelling (RFC 8785 canonical JSON of format, "
                + "log_key and origin, then one newline): it was edited; write those exact bytes back"
        }
        return nil
    }
}
