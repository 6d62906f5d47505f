import Ledger
import PostgresNIO

/// A ledger's lines read from PostgreSQL in pages of rows by seq, the next page requested while the
/// current one is consumed. It reads up to the head as it was when it was made.
struct PostgresLines: LineSource {
    private let pages: LinePages

    init(store: PostgresLedger, firstSeq: Int64, startOffset: Int?) throws {
        pages = try LinePages(store: store, firstSeq: firstSeq, startOffset: startOffset)
    }

    mutating func next() throws -> LineItem? { try pages.next() }

    var position: Int { pages.position }

    var endPosition: Int { pages.endOffset }
}

/// The rows of a `PostgresLines`, a page at a time.
final class LinePages {
    typealias Row = (seq: Int64, offset: Int, line: [UInt8])

    /// Rows a page holds: about a megabyte of typical entries.
    static let pageRows = 4096

    private let store: PostgresLedger
    /// The last entry when the source was made (-1 for none): nothing after it is read.
    private let lastSeq: Int64
    /// The offset just after `lastSeq`'s line.
    let endOffset: Int
    private var rows: [Row] = []
    private var index = 0
    private var pending: (rows: EventLoopFuture<[Row]>, connection: PostgresConnection)?
    private(set) var position: Int

    init(store: PostgresLedger, firstSeq: Int64, startOffset: Int?) throws {
        self.store = store
        let id = store.id
        let result = try store.connections.run(
            "SELECT seq, byte_offset, length(line) FROM tierledger.entries WHERE ledger = \(id) ORDER BY seq DESC LIMIT 1",
            "reading the head")
        if let row = result.first {
            let (seq, offset, length) = try PostgresLedger.decode(row, as: (Int64, Int64, Int32).self, store.place)
            lastSeq = seq
            endOffset = Int(offset) + Int(length) + 1
        } else {
            lastSeq = -1
            endOffset = 0
        }
        position = startOffset ?? endOffset
        guard firstSeq <= lastSeq else { return }
        pending = try fetch(from: firstSeq)
        if startOffset == nil {
            try advancePage()
            position = rows.first?.offset ?? endOffset
        }
    }

    func next() throws -> LineItem? {
        if index == rows.count {
            guard pending != nil else { return nil }
            try advancePage()
            guard index < rows.count else { return nil }
        }
        let row = rows[index]
        index += 1
        position = row.offset + row.line.count + 1
        return .line(offset: row.offset, bytes: row.line)
    }

    /// Waits for the page requested, and requests the one after it.
    private func advancePage() throws {
        guard let pending else { return }
        self.pending = nil
        do {
            rows = try store.connections.wait(for: pending.rows, on: pending.connection)
        } catch {
            throw store.connections.failure(error, "reading entries")
        }
        index = 0
        if let last = rows.last, last.seq < lastSeq {
            self.pending = try fetch(from: last.seq + 1)
        }
    }

    /// Requests the rows from `seq` on (up to `lastSeq`), decoded on the event loop.
    private func fetch(from seq: Int64) throws -> (rows: EventLoopFuture<[Row]>, connection: PostgresConnection) {
        let connections = store.connections
        let connection = try connections.take()
        let query: PostgresQuery = """
            SELECT seq, byte_offset, line FROM tierledger.entries
            WHERE ledger = \(store.id) AND seq >= \(seq) AND seq <= \(lastSeq) ORDER BY seq LIMIT \(Int64(Self.pageRows))
            """
        connections.countStatement()
        let future = connection.query(query, logger: Connections.logger).flatMapThrowing { result -> [Row] in
            try result.map { row -> Row in
                let (seq, offset, line) = try row.decode((Int64, Int64, ByteBuffer).self)
                return (seq, Int(offset), Array(line.readableBytesView))
            }
        }
        future.whenComplete { outcome in
            switch outcome {
            case .success: connections.give(connection)
            case .failure: connection.closeQuietly()
            }
        }
        return (future, connection)
    }
}
