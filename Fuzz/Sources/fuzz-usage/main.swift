import CFuzzer
import Glibc
import Governance

/// The usage CSV reader: any text is records or an error naming a line within the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUsage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let rows = try UsageCSV.parse(text)
        precondition(rows.count <= UsageCSV.maxRows, "more rows than the bound")
    } catch {
        precondition(error.line >= 1, "an error without a line")
    }
    return 0
}

// libFuzzer's driver runs the input loop, with the command line it was given (see `make fuzz`).
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, { data, size in fuzzUsage(data, size) }))
