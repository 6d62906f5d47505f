/// A proof that one entry is in the tree of a given size (RFC 9162 §2.1.3), as the JSON document
/// `tierledger proof inclusion` writes: `leaf_index`, `tree_size`, `root_hash`, `hashes` (base64),
/// plus `origin` and `leaf_hash` for the reader's convenience.
public struct InclusionProof: Sendable, Equatable {
    public let origin: String
    public let leafIndex: Int
    public let treeSize: Int
    public let rootHash: Digest
    public let leafHash: Digest
    public let hashes: [Digest]

    public init(origin: String, leafIndex: Int, treeSize: Int, rootHash: Digest, leafHash: Digest, hashes: [Digest]) {
        self.origin = origin
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.leafHash = leafHash
        self.hashes = hashes
    }

    public var json: JSONValue {
        .object([
            "type": "inclusion",
            "origin": .string(origin),
            "leaf_index": .integer(Int64(leafIndex)),
            "tree_size": .integer(Int64(treeSize)),
            "root_hash": .string(rootHash.base64),
            "leaf_hash": .string(leafHash.base64),
            "hashes": .array(hashes.map { .string($0.base64) }),
        ])
    }

    public init(json: JSONValue) throws {
        let fields = try ProofFields(json, kind: "inclusion")
        try self.init(origin: fields.string("origin"), leafIndex: fields.size("leaf_index"), treeSize: fields.size("tree_size"),
                      rootHash: fields.digest("root_hash"), leafHash: fields.digest("leaf_hash"), hashes: fields.digests("hashes"))
    }

    /// Checks the proof; `leaf` (the entry's line), when given, must hash to `leafHash`.
    public func verify(leaf: [UInt8]? = nil) throws {
        if let leaf, MerkleHash.leaf(leaf) != leafHash {
            throw LedgerError.checkpoint("the entry given does not hash to the proof's leaf_hash: it is not the entry this proof is for")
        }
        do {
            try MerkleVerification.verifyInclusion(index: leafIndex, size: treeSize, leafHash: leafHash, proof: hashes, root: rootHash)
        } catch {
            throw LedgerError.checkpoint("inclusion proof does not verify: \(error.reason)")
        }
    }
}

/// A proof that one tree extends another (RFC 9162 §2.1.4): `first_size`, `second_size`,
/// `first_root`, `second_root`, `hashes` (base64), plus `origin`.
public struct ConsistencyProof: Sendable, Equatable {
    public let origin: String
    public let firstSize: Int
    public let secondSize: Int
    public let firstRoot: Digest
    public let secondRoot: Digest
    public let hashes: [Digest]

    public init(origin: String, firstSize: Int, secondSize: Int, firstRoot: Digest, secondRoot: Digest, hashes: [Digest]) {
        self.origin = origin
        self.firstSize = firstSize
        self.secondSize = secondSize
        self.firstRoot = firstRoot
        self.secondRoot = secondRoot
        self.hashes = hashes
    }

    public var json: JSONValue {
        .object([
            "type": "consistency",
            "origin": .string(origin),
            "first_size": .integer(Int64(firstSize)),
            "second_size": .integer(Int64(secondSize)),
            "first_root": .string(firstRoot.base64),
            "second_root": .string(secondRoot.base64),
            "hashes": .array(hashes.map { .string($0.base64) }),
        ])
    }

    public init(json: JSONValue) throws {
        let fields = try ProofFields(json, kind: "consistency")
        try self.init(origin: fields.string("origin"), firstSize: fields.size("first_size"), secondSize: fields.size("second_size"),
                      firstRoot: fields.digest("first_root"), secondRoot: fields.digest("second_root"), hashes: fields.digests("hashes"))
    }

    public func verify() throws {
        do {
            try MerkleVerification.verifyConsistency(oldSize: firstSize, newSize: secondSize, oldRoot: firstRoot, newRoot: secondRoot, proof: hashes)
        } catch {
            throw LedgerError.checkpoint("consistency proof does not verify: \(error.reason)")
        }
    }
}

/// Reads the members of a proof document, naming the member that is wrong.
struct ProofFields {
    let members: [String: JSONValue]

    init(_ json: JSONValue, kind: String) throws {
        guard case let .object(members) = json else { throw LedgerError.invalidInput("a proof document is a JSON object") }
        if let type = members["type"]?.stringValue, type != kind {
            throw LedgerError.invalidInput("this is a \(type) proof, not a \(kind) proof")
        }
        self.members = members
    }

    func string(_ name: String) throws -> String {
        guard let value = members[name]?.stringValue else { throw LedgerError.invalidInput("proof: \"\(name)\" must be a string") }
        return value
    }

    func size(_ name: String) throws -> Int {
        guard let value = members[name]?.integerValue, value >= 0 else {
            throw LedgerError.invalidInput("proof: \"\(name)\" must be a non-negative integer")
        }
        return Int(value)
    }

    func digest(_ name: String) throws -> Digest {
        guard let text = members[name]?.stringValue, let bytes = Base64.decode(text), let digest = Digest(bytes: bytes) else {
            throw LedgerError.invalidInput("proof: \"\(name)\" must be a base64 SHA-256 hash")
        }
        return digest
    }

    func digests(_ name: String) throws -> [Digest] {
        guard let items = members[name]?.arrayValue, items.count <= 128 else {
            throw LedgerError.invalidInput("proof: \"\(name)\" must be an array of at most 128 base64 hashes")
        }
        return try items.enumerated().map { i, item in
            guard let text = item.stringValue, let bytes = Base64.decode(text), let d = Digest(bytes: bytes) else {
                throw LedgerError.invalidInput("proof: \"\(name)\"[\(i)] must be a base64 SHA-256 hash")
            }
            return d
        }
    }
}
