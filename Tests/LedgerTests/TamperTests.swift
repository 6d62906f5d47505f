import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// Each kind of tampering is caught at the right entry, with the right check, by the parallel and
/// the one-thread verifier alike.
@Suite struct TamperTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let seq: Int64
        let code: VerificationFailure.Code
        let mutate: @Sendable (LedgerFixture, inout [[UInt8]]) throws -> Void
        var testDescription: String { name }
    }

    static func replace(_ line: [UInt8], _ old: String, _ new: String) -> [UInt8] {
        Array(String(decoding: line, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
    }

    /// Changes the character `distance` bytes after the first occurrence of `marker` to another of `alphabet`.
    static func flip(_ line: [UInt8], after marker: String, distance: Int, alphabet: String) -> [UInt8] {
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: marker) else { return line }
        var bytes = line
        let i = text.utf8.distance(from: text.startIndex, to: range.upperBound) + distance
        let options = Array(alphabet.utf8)
        bytes[i] = bytes[i] == options[0] ? options[1] : options[0]
        return bytes
    }

    static let cases: [Case] = [
        Case(name: "flipped byte in a body", seq: 4, code: .signature) { _, lines in
            lines[4] = replace(lines[4], "quick", "quack")
        },
        Case(name: "flipped byte in a signature", seq: 4, code: .signature) { _, lines in
            lines[4] = flip(lines[4], after: "\"sig\":\"", distance: 10, alphabet: "AB")
        },
        Case(name: "flipped byte in prev", seq: 4, code: .chain) { _, lines in
            lines[4] = flip(lines[4], after: "\"prev\":\"", distance: 5, alphabet: "01")
        },
        Case(name: "flipped byte in type", seq: 4, code: .signature) { _, lines in
            lines[4] = replace(lines[4], "\"type\":\"note.text\"", "\"type\":\"note.test\"")
        },
        Case(name: "deleted line", seq: 4, code: .sequence) { _, lines in lines.remove(at: 4) },
        Case(name: "swapped lines", seq: 4, code: .sequence) { _, lines in lines.swapAt(4, 5) },
        Case(name: "duplicated line", seq: 5, code: .sequence) { _, lines in lines.insert(lines[4], at: 5) },
        Case(name: "inserted line signed by an unknown key", seq: 4, code: .authority) { fixture, lines in
            let stranger = try PrivateKey.generate(.ed25519)
            let entry = try Entry.signed(seq: 4, time: fixture.at(3), prev: Digest.of(lines[3]), type: "note.text",
                                         body: ["text": "forged"], by: stranger)
            lines.insert(entry.canonicalBytes, at: 4)
        },
        Case(name: "re-serialised with extra whitespace", seq: 4, code: .notCanonical) { _, lines in
            lines[4] = replace(lines[4], "\"seq\":4,", "\"seq\": 4,")
        },
        Case(name: "re-serialised with an escape", seq: 4, code: .notCanonical) { _, lines in
            lines[4] = replace(lines[4], "quick", "q\\u0075ick")
        },
        Case(name: "time going backwards", seq: 5, code: .time) { fixture, lines in
            let entry = try Entry.signed(seq: 5, time: fixture.at(1), prev: Digest.of(lines[4]), type: "note.text",
                                         body: ["text": "backdated"], by: fixture.admin)
            lines = Array(lines[0...4]) + [entry.canonicalBytes]
        },
        Case(name: "CRLF line end", seq: 4, code: .notCanonical) { _, lines in lines[4] += [0x0D] },
        Case(name: "byte-order mark", seq: 0, code: .malformed) { _, lines in lines[0] = [0xEF, 0xBB, 0xBF] + lines[0] },
        Case(name: "entry past the size limit", seq: 4, code: .tooLarge) { _, lines in
            lines[4] = replace(lines[4], "quick", String(repeating: "q", count: EntryLimits.maxEntryBytes))
        },
        Case(name: "invalid UTF-8 in a body", seq: 4, code: .malformed) { _, lines in
            var line = lines[4]
            if let i = line.firstIndex(of: UInt8(ascii: "q")) { line[i] = 0xFF }
            lines[4] = line
        },
        Case(name: "entry re-signed by another enrolled key", seq: 4, code: .signature) { fixture, lines in
            let original = try EntryDecoder.decode(lines[4])
            let other = try Entry.signed(seq: 4, time: original.time, prev: original.prev, type: original.type,
                                         body: original.body, by: fixture.admin)
            lines[4] = replace(lines[4], "\"sig\":\"\(Base64.encode(original.signature))\"",
                               "\"sig\":\"\(Base64.encode(other.signature))\"")
        },
        Case(name: "genesis replaced", seq: 0, code: .config) { fixture, lines in
            let impostor = try PrivateKey.generate(.ed25519)
            let genesis = Genesis(origin: "example.com/test-ledger", logKey: impostor.publicKey, adminName: "admin",
                                  adminKey: impostor.publicKey)
            lines[0] = try Entry.signed(seq: 0, time: fixture.start, prev: .zero, type: EntryType.genesis,
                                        body: genesis.body, by: impostor).canonicalBytes
        },
        Case(name: "truncated inside the last entry", seq: 7, code: .incomplete) { _, lines in
            let last = lines.removeLast()
            lines.append(Array(last.prefix(40)))
        },
        Case(name: "truncated: the final newline missing", seq: 7, code: .incomplete) { _, _ in },
        Case(name: "seq edited", seq: 4, code: .sequence) { _, lines in
            lines[4] = replace(lines[4], "\"seq\":4,", "\"seq\":5,")
        },
        Case(name: "time edited forward", seq: 4, code: .signature) { _, lines in
            let time = try EntryDecoder.decode(lines[4]).time
            let later = try #require(EntryTime(milliseconds: time.milliseconds + 1))
            lines[4] = replace(lines[4], "\"time\":\"\(time.rfc3339)\"", "\"time\":\"\(later.rfc3339)\"")
        },
        Case(name: "signer edited to another enrolled key", seq: 4, code: .signature) { fixture, lines in
            let signer = try EntryDecoder.decode(lines[4]).signer
            let other = signer == fixture.admin.publicKey.id ? fixture.bob.publicKey.id : fixture.admin.publicKey.id
            lines[4] = replace(lines[4], "\"signer\":\"\(signer.hex)\"", "\"signer\":\"\(other.hex)\"")
        },
        Case(name: "members re-ordered", seq: 4, code: .notCanonical) { _, lines in
            let entry = try EntryDecoder.decode(lines[4])
            let prev = "\"prev\":\"\(entry.prev.hex)\","
            lines[4] = replace(replace(lines[4], prev, ""), "\"seq\":4,", "\"seq\":4,\(prev)")
        },
        Case(name: "number with a fraction", seq: 4, code: .malformed) { _, lines in
            lines[4] = replace(lines[4], "\"seq\":4,", "\"seq\":4.0,")
        },
        Case(name: "number with a leading zero", seq: 4, code: .malformed) { _, lines in
            lines[4] = replace(lines[4], "\"seq\":4,", "\"seq\":04,")
        },
        Case(name: "an unknown member added", seq: 4, code: .badField) { _, lines in
            lines[4] = Array(lines[4].dropLast()) + Array(",\"zzz\":1}".utf8)
        },
        Case(name: "a member removed", seq: 4, code: .badField) { _, lines in
            lines[4] = replace(lines[4], ",\"signer\":\"\(try EntryDecoder.decode(lines[4]).signer.hex)\"", "")
        },
        Case(name: "an empty line inserted", seq: 4, code: .malformed) { _, lines in lines.insert([], at: 4) },
        Case(name: "a body that is not an object", seq: 4, code: .badField) { _, lines in
            let entry = try EntryDecoder.decode(lines[4])
            lines[4] = replace(lines[4], String(decoding: CanonicalJSON.encode(entry.body), as: UTF8.self), "[1]")
        },
        Case(name: "a signature that is not base64", seq: 4, code: .badField) { _, lines in
            lines[4] = replace(lines[4], "\"sig\":\"", "\"sig\":\"*")
        },
    ] + SignatureRespelling.allCases.map { respelling in
        // Entry 4 is signed by bob's P-256 key: the same signature spelled another way, no key needed.
        Case(name: "P-256 signature re-spelled with \(respelling.rawValue)", seq: 4, code: .signature) { _, lines in
            let signature = try EntryDecoder.decode(lines[4]).signature
            lines[4] = replace(lines[4], "\"sig\":\"\(Base64.encode(signature))\"",
                               "\"sig\":\"\(Base64.encode(respelling.apply(to: signature)))\"")
        }
    } + [
        Case(name: "garbage appended after the last entry", seq: 8, code: .malformed) { _, lines in
            lines.append(Array("not an entry".utf8))
        },
    ]

    @Test(arguments: cases)
    func detectedAtTheRightEntry(_ tamper: Case) throws {
        let fixture = try LedgerFixture(notes: 6)
        #expect(try fixture.verify().isIntact)
        // Anchors of the honest ledger: below the damage, and above it (where the root then differs).
        let anchors = try [2, 6].map { VerificationAnchor(size: $0, root: try fixture.ledger.treeHead(size: $0).root) }
        var lines = try fixture.lines()
        #expect(lines.count == 8)
        try tamper.mutate(fixture, &lines)
        try fixture.write(lines: lines)
        if tamper.name.hasPrefix("truncated") {
            // The newline-less remainder of a cut entry (or the whole last entry without its newline).
            var data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.entriesPath)))
            data.removeLast()
            try Data(data).write(to: URL(fileURLWithPath: fixture.entriesPath))
        }
        for (workers, batch) in [(1, 4096), (4, 2), (2, 3)] {
            let report = try fixture.verify(workers: workers, batchSize: batch)
            let failure = try #require(report.failure, "\(tamper.name) not detected")
            #expect(failure.seq == tamper.seq, "\(tamper.name): \(failure)")
            #expect(failure.code == tamper.code, "\(tamper.name): \(failure)")
            #expect(report.verifiedEntries == tamper.seq)
        }
        // Leaning on a checkpoint changes nothing: damage above it is found by the checks that
        // follow it, damage below it changes its root and sends the whole ledger to the full checks.
        for anchor in anchors {
            let report = try fixture.verify(batchSize: 3, anchor: anchor)
            let failure = try #require(report.failure, "\(tamper.name) not detected with an anchor at \(anchor.size)")
            #expect(failure.seq == tamper.seq, "\(tamper.name), anchor at \(anchor.size): \(failure)")
            #expect(failure.code == tamper.code, "\(tamper.name), anchor at \(anchor.size): \(failure)")
            #expect(report.verifiedEntries == tamper.seq)
            #expect(report.signaturesCheckedFrom == (anchor.size <= Int(tamper.seq) ? Int64(anchor.size) : 0))
        }
    }

    /// A re-spelled signature is named for what it is, not as a changed entry.
    @Test func aHighSSignatureIsNamedAsASecondSpelling() throws {
        let fixture = try LedgerFixture(notes: 3)
        var lines = try fixture.lines()
        let signature = try EntryDecoder.decode(lines[4]).signature
        lines[4] = Self.replace(lines[4], Base64.encode(signature), Base64.encode(SignatureRespelling.highS.apply(to: signature)))
        try fixture.write(lines: lines)
        let failure = try #require(try fixture.verify().failure)
        #expect(failure.seq == 4)
        #expect(failure.reason.contains("not in its one accepted spelling (P-256 signature: S in the upper half"))
    }

    @Test func firstBadByteIsNamedForNonCanonicalLines() throws {
        let fixture = try LedgerFixture(notes: 3)
        var lines = try fixture.lines()
        let offset = lines[0..<3].reduce(0) { $0 + $1.count + 1 }
        lines[3] = Self.replace(lines[3], "{\"body\":{", "{\"body\": {")
        try fixture.write(lines: lines)
        let failure = try #require(try fixture.verify().failure)
        #expect(failure.offset == offset)
        #expect(failure.byteOffset == offset + 8)
    }

    @Test func swappedConfigLogKeyIsDetected() throws {
        let fixture = try LedgerFixture(notes: 2)
        let other = try PrivateKey.generate(.ed25519)
        let config = try LedgerConfig(origin: "example.com/test-ledger", logKey: other.publicKey)
        try Data(config.fileBytes).write(to: URL(fileURLWithPath: fixture.ledger.paths.config))
        let failure = try #require(try fixture.verify().failure)
        #expect(failure.seq == 0)
        #expect(failure.code == .config)
        #expect(failure.reason.contains("log key"))
    }

    @Test func aReSpelledConfigIsDetected() throws {
        let fixture = try LedgerFixture(notes: 2)
        let path = fixture.ledger.paths.config
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "{\"format\":1,", with: "{\"format\": 1,").write(toFile: path, atomically: false, encoding: .utf8)
        let failure = try #require(try fixture.verify().failure)
        #expect(failure.seq == 0)
        #expect(failure.code == .config)
        #expect(failure.reason.contains("not in its one spelling"))
    }

    @Test func emptyLedgerFails() throws {
        let fixture = try LedgerFixture(notes: 0)
        try Data().write(to: URL(fileURLWithPath: fixture.entriesPath))
        #expect(try fixture.verify().failure?.code == .empty)
    }

    @Test func sizesThatAreNoMultipleOfTheBatchVerify() throws {
        let fixture = try LedgerFixture(notes: 11)
        for batch in [1, 2, 3, 5, 7, 13, 4096] {
            let report = try fixture.verify(workers: 3, batchSize: batch)
            #expect(report.isIntact)
            #expect(report.notes.isEmpty, "a healthy ledger's caches pass their audit: \(report.notes)")
            #expect(report.verifiedEntries == 13)
            #expect(report.head?.seq == 12)
        }
    }

    /// Bad signatures deep in batches large enough to be shared among threads, in chunks: every lane
    /// count names the earliest, and everything before it counts as verified.
    @Test func theEarliestBadSignatureWinsWhateverTheLanes() throws {
        let fixture = try LedgerFixture(notes: 150)
        var lines = try fixture.lines()
        for seq in [141, 97, 98] {
            lines[seq] = Self.flip(lines[seq], after: "\"sig\":\"", distance: 10, alphabet: "AB")
        }
        try fixture.write(lines: lines)
        for (workers, batch) in [(1, 4096), (2, 4096), (4, 64), (7, 50), (3, 97)] {
            let report = try fixture.verify(workers: workers, batchSize: batch)
            let failure = try #require(report.failure)
            #expect(failure.seq == 97, "workers \(workers), batch \(batch): \(failure)")
            #expect(failure.code == .signature)
            #expect(report.verifiedEntries == 97)
            #expect(report.head?.seq == 96)
        }
    }
}
