import CFuzzer
import Glibc
import Governance

/// The YAML policy loader: the input is tiers.yaml, then a NUL byte, then approvals.yaml. Any input
/// loads or is refused with problems that name a line; never a crash, never unbounded work
/// (aliases, depth and node counts are bounded).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
    let tiers = String(decoding: parts.first ?? [], as: UTF8.self)
    let approvals = String(decoding: parts.count > 1 ? parts[1] : [], as: UTF8.self)
    do {
        let policy = try PolicySet.load(tiers: tiers, approvals: approvals)
        precondition(policy.hash.utf8.count == 64, "a loaded policy without a 64-hex hash")
    } catch {
        precondition(!error.problems.isEmpty, "a refused policy with no problem named")
    }
    return 0
}

// libFuzzer's driver runs the input loop, with the command line it was given (see `make fuzz`).
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, { data, size in fuzzPolicy(data, size) }))
