import Testing
import TestSupport

/// Says whether the PostgreSQL store's tests run here, and why not when they do not.
@Suite struct PostgresServerTests {
    @Test(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipReason)))
    func throwawayClusterStarts() throws {
        // Under TIERLEDGER_REQUIRE_POSTGRES=1 a cluster that cannot start fails here, naming why.
        let cluster = try PostgresTestServer.cluster()
        #expect(try cluster.psql("SELECT 1") == "1")
    }
}
