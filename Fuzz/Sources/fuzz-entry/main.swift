import CFuzzer
import Glibc
import Ledger

/// The entry codec: any bytes either decode to an entry whose canonical form is exactly those
/// bytes, or are refused with an offset inside them. Never a crash, never a silent change.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let entry = try EntryDecoder.decode(bytes)
        precondition(entry.canonicalBytes == bytes, "a decoded entry does not re-encode to its own line")
    } catch {
        precondition(error.offset >= 0 && error.offset <= max(bytes.count, EntryLimits.maxEntryBytes), "an error offset outside the line")
    }
    // The JSON parser and the canonical encoder on their own: a parsed value re-encodes and parses again to itself.
    if let value = try? JSONParser.parse(bytes) {
        let again = CanonicalJSON.encode(value)
        precondition((try? JSONParser.parse(again)) == value, "canonical JSON does not parse back to its value")
        // The one-pass canonical check the verifier relies on agrees with re-encoding, both ways.
        let checked = try? JSONParser.parseCheckingCanonical(bytes)
        precondition(checked?.value == value, "the canonical-checking parse reads another value")
        precondition((checked?.nonCanonicalAt == nil) == (again == bytes), "the one-pass canonical check disagrees with re-encoding")
    }
    return 0
}

// libFuzzer's driver runs the input loop, with the command line it was given (see `make fuzz`).
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, { data, size in fuzzEntry(data, size) }))
