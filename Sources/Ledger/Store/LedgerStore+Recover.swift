extension LedgerStore {
    /// Sets aside a torn tail a crash left, if there is one, as the store's writer.
    public func recover(_ wait: LockWait = .noWait) throws -> TornTail? {
        try withWriter(wait) { $0.recoveredTail }
    }
}
