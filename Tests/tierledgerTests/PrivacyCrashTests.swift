import Foundation
import Ledger
import Testing
import TestSupport

/// Kill -9 a process that records contacts and erases them, at random moments (seeded): the key
/// store is always whole, the ledger never records an erasure whose key is still in the key store,
/// the two never disagree in a way that stops decryption, and an interrupted erasure is completed
/// by running erase again. `make torture` raises the kills with TIERLEDGER_TORTURE_KILLS.
@Suite struct PrivacyCrashTests {
    @Test func killsDuringEraseNeverLeaveARecordedErasureWithItsKey() throws {
        let ws = try CLIWorkspace()   // admin; bob: operator + proposer
        try ws.expectSuccess(["privacy", "master-key", "generate", "--out", "master.key"])
        let bin = CLI.binary
        let loop = """
            i=$(cat round)
            while true; do
              i=$((i+1)); echo $i > round
              '\(bin)' privacy contact --customer kilo --subject s$i --name "Person $i" --email "p$i@example.com" --key bob.pem --master-key-file master.key >/dev/null || exit 3
              '\(bin)' privacy erase s$i --request R-$i --key bob.pem --master-key-file master.key >/dev/null || exit 4
            done
            """
        try "0".write(toFile: ws.path("round"), atomically: false, encoding: .utf8)
        var rng = SeededGenerator(seed: CrashTortureTests.seed &+ 21)
        var pendingSeen = 0
        for round in 0..<max(4, CrashTortureTests.kills) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", loop]
            process.currentDirectoryURL = URL(fileURLWithPath: ws.dir.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(Int.random(in: 100_000...900_000, using: &rng)))
            kill(-process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try ws.expectSuccess(["recover"])

            // The key store is whole, and holds no key an erasure in the ledger covers.
            let store = try #require(FileManager.default.contents(atPath: ws.path("ledger/privacy-keys.json")), "round \(round): no key store")
            let keys = try JSONParser.parse([UInt8](store))["keys"]?.objectValue ?? [:]
            let lines = try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n")
            for line in lines {
                let entry = try JSONParser.parse(Array(line.utf8))
                guard entry["type"]?.stringValue == "privacy.erase", let subject = entry["body"]?["subject"]?.stringValue else { continue }
                #expect(keys[subject] == nil, "round \(round): the ledger records the erasure of \(subject) but its key is still in the key store")
            }
            // The two agree: every check that precedes decryption passes.
            let check = try ws.run(["privacy", "enforce", "--dry-run", "--master-key-file", "master.key"])
            #expect(check.status == 0, "round \(round): \(check.stderr)")
            // An erasure the kill interrupted is completed by running erase again.
            let subjects = try ws.expectSuccess(["privacy", "subjects"]).stdout
            #expect(!subjects.contains("key-restored") && !subjects.contains("key-missing"), "round \(round): \(subjects)")
            for line in subjects.split(separator: "\n") where line.contains("\terasure-pending") {
                pendingSeen += 1
                let subject = String(line.prefix { $0 != "\t" })
                let completed = try ws.expectSuccess(["privacy", "erase", subject, "--key", "bob.pem", "--master-key-file", "master.key"])
                #expect(completed.stdout.contains("now recorded"), "\(completed.stdout)")
            }
            try ws.expectSuccess(["verify", "--quiet"])
        }
        let erased = try ws.expectSuccess(["privacy", "subjects"]).stdout.split(separator: "\n").filter { $0.contains("\terased") }.count
        #expect(erased > 0, "the loop should have erased subjects between kills")
        print("privacy crash torture: \(max(4, CrashTortureTests.kills)) kills, \(erased) subjects erased, \(pendingSeen) interrupted erasures completed")
    }
}
