import Ledger
import LedgerCrypto

/// The keys a portal page asks the in-browser verifier (`VerifyScript`) to trust, and shows to the
/// customer with their fingerprints, so that the customer can compare them out of band with the ones
/// the vendor publishes.
///
/// The page carries them as `<script type="application/json" id="tl-trust">…</script>` (`scriptElementText`):
///
///     {"log":{"fingerprint":"fb41 38f4 …","key_id":"fb4138f4…","name":"<origin>","vkey":"<origin>+<8 hex>+<base64>"},
///      "origin":"<origin>",
///      "quorum":1,
///      "witnesses":[{"fingerprint":"…","key_id":"…","name":"<witness name>","vkey":"<name>+<8 hex>+<base64>"}]}
///
/// - `origin`: the log's name, the first line of its checkpoints.
/// - `log.vkey`: the log's C2SP verifier key (type 0x01, Ed25519), as `tierledger keys show LOG.pub --vkey --name ORIGIN`
///   prints it (docs/format.md §12); `witnesses[].vkey`: each witness's cosignature/v1 verifier key (type 0x04),
///   as `keys show --vkey --cosigner` prints it. The script takes the keys from these strings alone.
/// - `key_id` and `fingerprint`: the **fingerprint** of a key is the hex SHA-256 of its canonical DER
///   SubjectPublicKeyInfo, the key id of docs/format.md §5 (`openssl pkey -pubin -in KEY.pub -outform DER | sha256sum`);
///   `fingerprint` is the same hex in groups of four for reading aloud. The script checks that `key_id`
///   is the hash of the key in `vkey`, so the fingerprint shown is the key used.
/// - `quorum`: how many of the witnesses must have cosigned a checkpoint; present when there are witnesses.
/// - Optional `entry_url`, `checkpoint_url`, `proof_url`: URL templates with `{seq}` and `{size}` (`Endpoints`);
///   absent, the script uses `/portal/entries/{seq}`, `/checkpoint` and `/proof/inclusion?seq={seq}&size={size}`.
///
/// Which witnesses to trust, and their quorum, are given by the caller: the ledger and its governance
/// policy name no witness (witnesses are chosen by whoever checks the log: `checkpoint verify --witness`,
/// `license check --witness --quorum`).
public struct TrustAnchors: Sendable {
    /// Whether a key signs the log's checkpoints or cosigns them as a witness.
    public enum Kind: String, Sendable {
        case log
        case witness
    }

    /// One key as a page shows it.
    public struct Row: Sendable, Equatable {
        /// The log's origin, or the witness's name.
        public let name: String
        public let kind: Kind
        /// The C2SP verifier key string.
        public let vkey: String
        /// Hex SHA-256 of the key's DER SubjectPublicKeyInfo, in groups of four.
        public let fingerprint: String
    }

    /// URL templates for the script's fetches (`{seq}`, `{size}`), where they differ from the portal's own.
    public struct Endpoints: Sendable {
        public var entry: String
        public var checkpoint: String
        public var proof: String

        public init(entry: String, checkpoint: String, proof: String) {
            self.entry = entry
            self.checkpoint = checkpoint
            self.proof = proof
        }
    }

    public let origin: String
    public let log: VerifierKey
    public let witnesses: [VerifierKey]
    public let quorum: Int
    public let endpoints: Endpoints?

    /// The anchors of the log with `config` (origin and log key), trusting `witnesses` (cosignature/v1
    /// keys) of which `quorum` must have cosigned (all of them when nil).
    public init(config: LedgerConfig, witnesses: [VerifierKey] = [], quorum: Int? = nil, endpoints: Endpoints? = nil) throws {
        let log = try VerifierKey(name: config.origin, kind: .ed25519, publicKey: config.logKey)
        if let odd = witnesses.first(where: { $0.kind != .cosignatureV1 }) {
            throw LedgerError.invalidInput("witness key \(odd.name) is not a cosignature/v1 (type 0x04) key; "
                + "print a witness's key with `tierledger keys show WITNESS.pub --vkey --cosigner --name NAME`")
        }
        var names = Set<String>()
        if let twice = witnesses.first(where: { !names.insert($0.name).inserted }) {
            throw LedgerError.invalidInput("witness \(twice.name) is given twice; give each witness once")
        }
        let needed = quorum ?? witnesses.count
        guard (0...witnesses.count).contains(needed) else {
            throw LedgerError.invalidInput("the witness quorum \(needed) must be between 0 and the number of witnesses (\(witnesses.count))")
        }
        self.origin = config.origin
        self.log = log
        self.witnesses = witnesses
        self.quorum = needed
        self.endpoints = endpoints
    }

    /// The anchors of `store`'s log.
    public init(store: any LedgerStore, witnesses: [VerifierKey] = [], quorum: Int? = nil, endpoints: Endpoints? = nil) throws {
        try self.init(config: store.config, witnesses: witnesses, quorum: quorum, endpoints: endpoints)
    }

    /// The fingerprint of `key`: its key id (hex SHA-256 of the DER SubjectPublicKeyInfo) in groups of four.
    public static func fingerprint(_ key: PublicKey) -> String {
        var groups: [Substring] = []
        var rest = Substring(key.id.hex)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    /// The keys to show, the log's first: name, kind, verifier key and fingerprint (plain text, for
    /// the page to escape as it writes them).
    public var rows: [Row] {
        [Row(name: origin, kind: .log, vkey: log.description, fingerprint: Self.fingerprint(log.publicKey))]
            + witnesses.map { Row(name: $0.name, kind: .witness, vkey: $0.description, fingerprint: Self.fingerprint($0.publicKey)) }
    }

    /// The trust JSON (the shape above), canonical.
    public var json: JSONValue {
        func anchor(_ key: VerifierKey) -> JSONValue {
            .object(["name": .string(key.name), "vkey": .string(key.description), "key_id": .string(key.publicKey.id.hex),
                     "fingerprint": .string(Self.fingerprint(key.publicKey))])
        }
        var members: [String: JSONValue] = [
            "origin": .string(origin),
            "log": anchor(log),
            "witnesses": .array(witnesses.map(anchor)),
            "quorum": .integer(Int64(quorum)),
        ]
        if let endpoints {
            members["entry_url"] = .string(endpoints.entry)
            members["checkpoint_url"] = .string(endpoints.checkpoint)
            members["proof_url"] = .string(endpoints.proof)
        }
        return .object(members)
    }

    /// The text of the `<script type="application/json" id="tl-trust">` element: the JSON with `<`, `>`
    /// and `&` written as `\u003c`, `\u003e` and `\u0026` (they occur only inside strings), so no
    /// origin or witness name can close the element or open a comment in it.
    public var scriptElementText: String {
        var out: [UInt8] = []
        for byte in CanonicalJSON.encode(json) {
            switch byte {
            case UInt8(ascii: "<"): out += Array(#"\u003c"#.utf8)
            case UInt8(ascii: ">"): out += Array(#"\u003e"#.utf8)
            case UInt8(ascii: "&"): out += Array(#"\u0026"#.utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The whole element, for pages that write it as it is.
    public var scriptElement: String {
        #"<script type="application/json" id="tl-trust">"# + scriptElementText + "</script>"
    }
}
