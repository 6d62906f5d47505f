/// The tables a PostgreSQL ledger lives in (docs/format.md §12), created by the first `init` on a
/// database, idempotently and under a transaction-level advisory lock so that two at once agree.
///
/// Defence in depth, not the guarantee: the `tierledger_writer` role may only insert entries, and a
/// trigger (enabled ALWAYS, so replication mode does not skip it) refuses UPDATE, DELETE and
/// TRUNCATE on them. A superuser can still disable it and edit a row; `verify` then names the entry.
public enum PostgresSchema {
    /// The first advisory-lock key of every tierledger lock ('TLGR'); the second is the ledger's id
    /// (0 while the schema is installed).
    public static let lockKey: Int64 = 0x544C_4752

    /// The schema's statements, run in order in one transaction.
    public static let statements: [String] = [
        """
        SELECT pg_advisory_xact_lock(\(lockKey), 0)
        """,
        """
        CREATE SCHEMA IF NOT EXISTS tierledger
        """,
        """
        CREATE TABLE IF NOT EXISTS tierledger.ledgers (
            id serial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            config bytea NOT NULL,
            created timestamptz NOT NULL DEFAULT now()
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS tierledger.entries (
            ledger integer NOT NULL REFERENCES tierledger.ledgers (id),
            seq bigint NOT NULL CHECK (seq >= 0),
            byte_offset bigint NOT NULL CHECK (byte_offset >= 0),
            line bytea NOT NULL,
            PRIMARY KEY (ledger, seq)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS tierledger.checkpoints (
            ledger integer NOT NULL REFERENCES tierledger.ledgers (id),
            size bigint NOT NULL CHECK (size >= 0),
            note bytea NOT NULL,
            PRIMARY KEY (ledger, size)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS tierledger.merkle_nodes (
            ledger integer NOT NULL REFERENCES tierledger.ledgers (id),
            level integer NOT NULL CHECK (level >= 0),
            idx bigint NOT NULL CHECK (idx >= 0),
            hash bytea NOT NULL,
            PRIMARY KEY (ledger, level, idx)
        )
        """,
        """
        CREATE OR REPLACE FUNCTION tierledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'tierledger: % on %.% refused: ledger entries are append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$
        """,
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'entries_append_only'
                           AND tgrelid = 'tierledger.entries'::regclass) THEN
                CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON tierledger.entries
                    FOR EACH ROW EXECUTE FUNCTION tierledger.refuse_change();
                CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON tierledger.entries
                    FOR EACH STATEMENT EXECUTE FUNCTION tierledger.refuse_change();
                ALTER TABLE tierledger.entries ENABLE ALWAYS TRIGGER entries_append_only;
                ALTER TABLE tierledger.entries ENABLE ALWAYS TRIGGER entries_no_truncate;
            END IF;
        END $$
        """,
        """
        REVOKE UPDATE, DELETE, TRUNCATE ON tierledger.entries FROM PUBLIC
        """,
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tierledger_writer') THEN
                CREATE ROLE tierledger_writer NOLOGIN;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tierledger_reader') THEN
                CREATE ROLE tierledger_reader NOLOGIN;
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'tierledger: no privilege to create the roles tierledger_writer and tierledger_reader';
        END $$
        """,
        """
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tierledger_writer') THEN
                GRANT USAGE ON SCHEMA tierledger TO tierledger_writer;
                GRANT SELECT ON tierledger.ledgers, tierledger.entries, tierledger.checkpoints, tierledger.merkle_nodes
                    TO tierledger_writer;
                GRANT INSERT ON tierledger.entries TO tierledger_writer;
                GRANT INSERT, DELETE ON tierledger.merkle_nodes TO tierledger_writer;
                GRANT INSERT, UPDATE ON tierledger.checkpoints TO tierledger_writer;
            END IF;
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tierledger_reader') THEN
                GRANT USAGE ON SCHEMA tierledger TO tierledger_reader;
                GRANT SELECT ON tierledger.ledgers, tierledger.entries, tierledger.checkpoints, tierledger.merkle_nodes
                    TO tierledger_reader;
            END IF;
        END $$
        """,
    ]

    /// The schema as one SQL script (docs/format.md §12 shows it).
    public static var script: String { statements.map { $0 + ";\n" }.joined() }
}
