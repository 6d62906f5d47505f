import CFuzzer
import Glibc
import Ledger

/// Proof documents (JSON): read, then verify. Any input is an error or a proof whose check either
/// passes or throws; never a crash, whatever the sizes and indexes claim.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProof(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    if let proof = try? InclusionProof(json: value) { _ = try? proof.verify() }
    if let proof = try? ConsistencyProof(json: value) { _ = try? proof.verify() }
    return 0
}

// libFuzzer's driver runs the input loop, with the command line it was given (see `make fuzz`).
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, { data, size in fuzzProof(data, size) }))
