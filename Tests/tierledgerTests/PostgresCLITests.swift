import Foundation
import Testing
import TestSupport

/// The command line on a PostgreSQL ledger: `init --store postgres://…`, then `--ledger` or
/// TIERLEDGER_DIR as for a directory, and the schema's second line of defence.
@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresCLITests {
    /// A workspace with an admin key and a new PostgreSQL ledger holding `entries` notes after genesis.
    func workspace(entries: Int) throws -> (CLIWorkspace, String) {
        let ws = try CLIWorkspace(initialise: false)
        try ws.expectSuccess(["keys", "generate", "--out", "admin.pem", "--no-encrypt"])
        let url = try PostgresTestServer.newLedgerURL("cli")
        let made = try ws.expectSuccess(["init", "--store", url, "--origin", "example.com/pg-cli", "--key", "admin.pem"])
        #expect(made.stdout.contains("created ledger \(url) (origin example.com/pg-cli)"), "\(made.stdout)")
        for i in 0..<entries {
            try ws.expectSuccess(["append", "--ledger", url, "--type", "note.text", "--body", "{\"i\":\(i)}", "--key", "admin.pem"])
        }
        return (ws, url)
    }

    @Test func initAppendVerifyProofAndCheckpointOnPostgres() throws {
        let (ws, url) = try workspace(entries: 6)
        let verified = try ws.expectSuccess(["verify", "--ledger", url])
        #expect(verified.stdout.contains("intact: \(url)"), "\(verified.stdout)")
        // TIERLEDGER_DIR names it as well as --ledger does.
        let json = try ws.expectSuccess(["verify", "--json"], environment: ["TIERLEDGER_DIR": url])
        #expect(json.stdout.contains("\"entries\":7") || json.stdout.contains("\"verified_entries\":7"), "\(json.stdout)")
        try ws.expectSuccess(["checkpoint", "--ledger", url, "--key", "admin.pem", "--out", "cp.txt"])
        try ws.expectSuccess(["append", "--ledger", url, "--type", "note.text", "--body", "{\"i\":99}", "--key", "admin.pem"])
        try ws.expectSuccess(["verify", "--ledger", url, "--checkpoint", "cp.txt"])
        let proof = try ws.expectSuccess(["proof", "inclusion", "3", "--ledger", url, "--json"])
        try proof.stdout.write(toFile: ws.path("inc.json"), atomically: false, encoding: .utf8)
        let entry = try ws.expectSuccess(["log", "--ledger", url, "--json", "--from", "3", "--to", "3"])
        try entry.stdout.write(toFile: ws.path("entry3.jsonl"), atomically: false, encoding: .utf8)
        try ws.expectSuccess(["proof", "verify", "inc.json", "--entry", "entry3.jsonl"])
        try ws.expectSuccess(["proof", "consistency", "7", "--ledger", url])
    }

    @Test func theTriggerRefusesEditsAndVerifyNamesARowASuperuserChanged() throws {
        let (ws, url) = try workspace(entries: 5)
        let cluster = try PostgresTestServer.cluster()
        let name = String(url.split(separator: "=").last ?? "")
        let ours = "ledger = (SELECT id FROM tierledger.ledgers WHERE name = '\(name)')"
        let rows = "tierledger.entries WHERE " + ours
        for edit in ["UPDATE tierledger.entries SET line = line WHERE \(ours) AND seq = 3",
                     "DELETE FROM \(rows) AND seq = 5", "TRUNCATE tierledger.entries"] {
            #expect(throws: PostgresClusterError.self) { try cluster.psql(edit) }
        }
        try ws.expectSuccess(["verify", "--ledger", url])
        // The writer role may insert entries and nothing else.
        let privileges = try cluster.psql("""
            SELECT string_agg(p || '=' || has_table_privilege('tierledger_writer', 'tierledger.entries', p)::text, ',')
            FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p
            """)
        #expect(privileges == "SELECT=true,INSERT=true,UPDATE=false,DELETE=false,TRUNCATE=false")
        // A superuser can still switch the trigger off and change a row: verify names the entry and its offset.
        let offset = try cluster.psql("SELECT byte_offset FROM \(rows) AND seq = 3")
        try cluster.psql("""
            BEGIN;
            ALTER TABLE tierledger.entries DISABLE TRIGGER entries_append_only;
            UPDATE tierledger.entries SET line = replace(encode(line, 'escape'), '"i":2', '"i":7')::bytea WHERE \(ours) AND seq = 3;
            ALTER TABLE tierledger.entries ENABLE ALWAYS TRIGGER entries_append_only;
            COMMIT;
            """)
        let damaged = try ws.run(["verify", "--ledger", url])
        #expect(damaged.status == 1, "\(damaged.stdout) \(damaged.stderr)")
        #expect(damaged.stdout.contains("first bad entry: 3 at byte offset \(offset)"), "\(damaged.stdout)")
    }
}
