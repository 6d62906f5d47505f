extension VerificationReport {
    /// The report as `verify --json` prints it (and as a server would return it): the verdict, how
    /// far verification got, the head and root it computed, the first failure, and its notes.
    public var json: [String: JSONValue] {
        var out: [String: JSONValue] = [
            "intact": .bool(isIntact),
            "origin": .string(origin),
            "verified_entries": .integer(verifiedEntries),
            "verified_bytes": .integer(Int64(verifiedBytes)),
            "notes": .array(notes.map { .string($0) }),
        ]
        if let head {
            out["head"] = .object(["seq": .integer(head.seq), "hash": .string(head.hash.hex), "time": .string(head.time.rfc3339)])
        }
        if let rootHash { out["root_hash"] = .string(rootHash.base64) }
        if let failure {
            out["failure"] = .object([
                "seq": .integer(failure.seq),
                "offset": .integer(Int64(failure.offset)),
                "byte_offset": .integer(Int64(failure.byteOffset)),
                "code": .string(failure.code.rawValue),
                "reason": .string(failure.reason),
            ])
        }
        return out
    }
}
