import CFuzzer
import Glibc
import Ledger
import LedgerCrypto

let logKey: VerifierKey? = {
    guard let seed = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
          let key = try? PrivateKey.ed25519(seed: seed) else { return nil }
    return try? VerifierKey(name: "fuzz.example/log", kind: .ed25519, publicKey: key.publicKey)
}()

/// Signed notes and checkpoint bodies (C2SP): parse, serialise back, verify against a key. Any
/// input is refused with an error or accepted; an accepted note serialises to text that parses again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNote(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let note = try? SignedNote(parsing: text) {
        precondition((try? SignedNote(parsing: note.serialized)) != nil, "a parsed note does not parse after serialising")
    }
    if let checkpoint = try? Checkpoint(body: text) {
        precondition((try? Checkpoint(body: checkpoint.body))?.root == checkpoint.root, "a checkpoint body does not round-trip")
    }
    if let logKey { _ = try? Checkpoint.verify(note: text, logKey: logKey) }
    return 0
}

// libFuzzer's driver runs the input loop, with the command line it was given (see `make fuzz`).
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, { data, size in fuzzNote(data, size) }))
