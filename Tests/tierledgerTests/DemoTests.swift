import Foundation
import Testing
import TestSupport

/// `make demo` is the README's first promise; the story it tells must keep working.
@Suite struct DemoTests {
    @Test func theDemoStoryRunsToTheEnd() throws {
        let result = try ProcessRunner.run("/bin/sh", [Fixtures.repositoryRoot + "/scripts/demo.sh", CLI.binary])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("intact: ledger"))
        #expect(result.stdout.contains("first bad entry: 2"))
        #expect(result.stdout.contains("FAILED (truncated)"))
        #expect(result.stdout.contains("valid: entry 2 is in the tree of 5 entries"))
        #expect(result.stdout.contains("Verified OK"))
    }
}
