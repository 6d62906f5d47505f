/// A small, strict RFC 4180 reader, written for the fuzzer apart from the renderer: records end
/// with CRLF, fields are separated by commas; a field is either quoted (inner quotes doubled, any
/// other byte allowed, a comma, CRLF or the end right after the closing quote) or bare (no quote,
/// CR or LF in it). Anything else is an error.
enum StrictCSVReader {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func records(_ text: String) throws -> [[String]] {
        let bytes = Array(text.utf8)
        var records: [[String]] = []
        var fields: [String] = []
        var i = 0
        guard !bytes.isEmpty else { return [] }
        while true {
            var field: [UInt8] = []
            if i < bytes.count && bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while true {
                    guard i < bytes.count else { throw Malformed(description: "a quoted field is not closed") }
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                            field.append(bytes[i])
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    field.append(bytes[i])
                    i += 1
                }
            } else {
                while i < bytes.count && bytes[i] != UInt8(ascii: ",") && bytes[i] != 0x0D {
                    guard bytes[i] != UInt8(ascii: "\""), bytes[i] != 0x0A else {
                        throw Malformed(description: "a bare field holds a quote or a line feed at byte \(i)")
                    }
                    field.append(bytes[i])
                    i += 1
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            if i < bytes.count && bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard i + 1 < bytes.count, bytes[i] == 0x0D, bytes[i + 1] == 0x0A else {
                throw Malformed(description: "a record does not end with CRLF at byte \(i)")
            }
            i += 2
            records.append(fields)
            fields = []
            if i == bytes.count { return records }
        }
    }
}
