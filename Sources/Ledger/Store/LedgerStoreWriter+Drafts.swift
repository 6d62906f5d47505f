import LedgerCrypto

extension LedgerStoreWriter {
    /// Signs and appends `drafts` in order as one durable batch (`Chain.extend`, then `append`).
    ///
    /// - Parameters:
    ///   - time: the entries' time; raised to the head's time if the clock is behind it, so time never
    ///     decreases.
    ///   - future: whether `time` may be more than `FutureTimes.tolerance` past this machine's clock.
    ///   - check: called with each entry before anything is written; throwing refuses the whole batch.
    /// - Returns: the entries as stored, once they are on stable storage.
    @discardableResult
    public func append(
        _ drafts: [EntryDraft], signedBy key: PrivateKey, at time: EntryTime = .now(), future: FutureTimes = .refused,
        check: (Entry) throws -> Void = { _ in }
    ) throws -> [StoredEntry] {
        guard !drafts.isEmpty else { return [] }
        try future.check(time, clock: .now())
        return try append(Chain.extend(after: head?.tip, with: drafts, signedBy: key, at: time, check: check))
    }
}
