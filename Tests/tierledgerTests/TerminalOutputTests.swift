import Foundation
import Ledger
import Testing
import TestSupport

/// Text that others wrote into the ledger (reasons, comments, customer ids, entry bodies) reaches a
/// terminal only through the one sanitiser: escape sequences (ESC [, ESC ], CSI), other controls,
/// DEL and bidi overrides and isolates are printed as visible `\u{…}` escapes by every human-readable
/// command, while `--json` prints the exact stored text. Principal names cannot hold them (names
/// are restricted), so the test puts them everywhere else.
@Suite struct TerminalOutputTests {
    /// Hides text (SGR 8), writes the clipboard (OSC 52), colours with an 8-bit CSI, reverses and
    /// isolates text, and fakes a line of its own.
    static let hostile = "\u{1B}[8m hidden \u{1B}]52;c;Zm9vCg==\u{7} \u{9B}31m red \u{202E}desrever\u{202C} \u{2066}iso\u{2069}\u{7F}\r\nCR-9\tapproved\u{85}"

    static func workspace() throws -> CLIWorkspace {
        let ws = try CLIWorkspace(initialise: false)
        func at(_ time: String, _ arguments: [String]) throws {
            try ws.expectSuccess(arguments, environment: ["TIERLEDGER_TIME": time])
        }
        for name in ["admin", "ops", "deal", "fin", "eve"] { try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"]) }
        try at("2026-01-05T09:00:00Z", ["init", "--origin", "example.com/terminal", "--key", "admin.pem"])
        try at("2026-01-05T09:01:00Z", ["principal", "enroll", "ops", "--role", "operator", "--role", "proposer", "--public-key", "ops.pem.pub", "--key", "admin.pem"])
        try at("2026-01-05T09:02:00Z", ["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try at("2026-01-05T09:03:00Z", ["principal", "enroll", "fin", "--role", "approver:finance", "--public-key", "fin.pem.pub", "--key", "admin.pem"])
        try at("2026-01-05T09:04:00Z", ["principal", "enroll", "eve", "--role", "auditor", "--public-key", "eve.pem.pub", "--key", "admin.pem"])
        try at("2026-01-05T09:05:00Z", ["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        try at("2026-01-05T10:00:00Z", ["change", "propose", "issue", "--license", "A-1", "--customer", "acme" + hostile, "--tier", "team",
                                        "--seats", "10", "--term-months", "12", "--reason", "new logo" + hostile, "--key", "ops.pem"])
        try at("2026-01-05T11:00:00Z", ["change", "approve", "CR-6", "--yes", "--comment", "ok" + hostile, "--key", "deal.pem"])
        try at("2026-01-05T12:00:00Z", ["change", "apply", "CR-6", "--key", "ops.pem"])
        try at("2026-01-05T12:10:00Z", ["change", "propose", "seats", "--license", "A-1", "--seats", "12", "--reason", "more" + hostile, "--key", "ops.pem"])
        try at("2026-01-05T12:30:00Z", ["change", "propose", "suspend", "--license", "A-1", "--reason", "late" + hostile, "--key", "ops.pem"])
        try at("2026-01-05T12:40:00Z", ["change", "reject", "CR-10", "--yes", "--reason", "paid" + hostile, "--key", "fin.pem"])
        try at("2026-01-05T13:00:00Z", ["principal", "revoke", "eve", "--reason", "left" + hostile, "--key", "admin.pem"])
        try at("2026-01-05T13:10:00Z", ["append", "--type", "license.note", "--body", "{\"note\":\(String(decoding: CanonicalJSON.encode(.string(hostile)), as: UTF8.self))}",
                                        "--key", "ops.pem"])
        return ws
    }

    /// The scalars a terminal would act on or hide, found in `bytes` (tab and line feed excepted:
    /// the command line's own columns and lines).
    static func rawControls(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.filter { s in
            (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F...0x9F).contains(s.value) || (0x202A...0x202E).contains(s.value)
                || (0x2066...0x2069).contains(s.value)
        }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    @Test func humanOutputShowsEscapesAndJSONKeepsTheStoredText() throws {
        let ws = try Self.workspace()
        let now = ["TIERLEDGER_TIME": "2026-01-05T14:00:00Z"]
        let human: [[String]] = [
            ["change", "show", "CR-6"], ["change", "show", "CR-9"], ["change", "show", "CR-10"], ["change", "list"], ["change", "list", "--state", "rejected"],
            ["principal", "list"], ["report", "audit", "--format", "md"], ["report", "changelog"], ["report", "health"], ["log"],
            ["license", "show", "A-1"], ["license", "list"],
        ]
        for arguments in human {
            let result = try ws.run(arguments, environment: now)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(Self.rawControls(result.stdoutBytes).isEmpty, "\(arguments) printed \(Self.rawControls(result.stdoutBytes)):\n\(result.stdout)")
            #expect(Self.rawControls(Array(result.stderr.utf8)).isEmpty, "\(arguments) wrote \(Self.rawControls(Array(result.stderr.utf8))) on stderr")
        }
        // The escapes are there to read, on the line they belong to.
        let show = try ws.expectSuccess(["change", "show", "CR-9"], environment: now).stdout
        #expect(show.contains("reason: more\\u{1B}[8m hidden \\u{1B}]52;c;Zm9vCg==\\u{7} \\u{9B}31m red \\u{202E}desrever\\u{202C} \\u{2066}iso\\u{2069}\\u{7F}\\u{D}\\u{A}CR-9\\u{9}approved\\u{85}\n"),
                "\(show)")
        let list = try ws.expectSuccess(["change", "list"], environment: now).stdout
        #expect(list.split(separator: "\n").count == 3, "one line per request: \(list)")
        let principals = try ws.expectSuccess(["principal", "list"], environment: now).stdout
        #expect(principals.contains("revoked in entry 12: left\\u{1B}[8m"), "\(principals)")
        let log = try ws.expectSuccess(["log", "--from", "13"], environment: now).stdout
        #expect(log.contains("\\u{9B}31m red \\u{202E}"), "\(log)")

        // --json: the stored text, exactly.
        let shown = try JSONParser.parse(try ws.expectSuccess(["change", "show", "CR-6", "--json"], environment: now).stdoutBytes)
        #expect(shown["params"]?["customer"]?.stringValue == "acme" + Self.hostile)
        let listed = try JSONParser.parse(try ws.expectSuccess(["change", "list", "--json"], environment: now).stdoutBytes)
        #expect(listed["requests"]?.arrayValue?.first?["license"]?.stringValue == "A-1")
        let license = try JSONParser.parse(try ws.expectSuccess(["license", "show", "A-1", "--json"], environment: now).stdoutBytes)
        #expect(license["customer"]?.stringValue == "acme" + Self.hostile)
        let stored = try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8)
        #expect(try ws.expectSuccess(["log", "--json"], environment: now).stdout == stored)
        let report = try JSONParser.parse(try ws.expectSuccess(["report", "changelog", "--format", "json"], environment: now).stdoutBytes)
        #expect(report["changes"]?.arrayValue?.first?["reason"]?.stringValue == "new logo" + Self.hostile)
    }

    @Test(.enabled(if: ProgressTests.hasScript, "needs script(1) from util-linux for a pseudo-terminal"))
    func theApprovalPromptShowsEscapes() throws {
        let ws = try Self.workspace()
        let command = [CLI.binary, "change", "approve", "CR-9", "--comment", "fine" + Self.hostile, "--key", "deal.pem"]
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let result = try ProcessRunner.run("/usr/bin/script", ["-qec", command, "/dev/null"], stdin: Array("CR-9\n".utf8),
                                           environment: ["TIERLEDGER_TIME": "2026-01-05T14:05:00Z"], directory: ws.dir.path)
        // The terminal shows the summary, the prompt and the outcome; its own line ends are CRLF.
        let shown = result.stdoutBytes.filter { $0 != 0x0D }
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("reason: more\\u{1B}[8m hidden"), "\(result.stdout)")
        #expect(result.stdout.contains("price per month:"), "\(result.stdout)")
        #expect(result.stdout.contains("Type CR-9 to approve it:"), "\(result.stdout)")
        #expect(Self.rawControls(shown).isEmpty, "the confirmation printed \(Self.rawControls(shown))")
    }
}
