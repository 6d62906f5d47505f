import Foundation
import Ledger
@testable import Server
import Testing
import TestSupport

/// Per-address and per-credential limits: past the burst, 429 with Retry-After and a JSON error;
/// one credential's budget is its own.
@Suite struct RateLimitTests {
    @Test func bucketsRefillAtTheirRate() {
        let limiter = RateLimiter(perSecond: 2, burst: 3)
        #expect((0..<3).map { _ in limiter.wait(for: "a", now: 100) } == [nil, nil, nil])
        #expect(limiter.wait(for: "a", now: 100) == 1)
        #expect(limiter.wait(for: "b", now: 100) == nil)              // another key has its own budget
        #expect(limiter.wait(for: "a", now: 100.5) == nil)            // half a second earns one back
        #expect(limiter.wait(for: "a", now: 100.5) == 1)
        #expect(RateLimiter(perSecond: 0, burst: 0).wait(for: "a") == nil)
        // A full table forgets the buckets that have refilled, never the one being charged.
        let small = RateLimiter(perSecond: 1, burst: 1, maxKeys: 2)
        _ = small.wait(for: "x", now: 0)
        _ = small.wait(for: "y", now: 0)
        #expect(small.wait(for: "z", now: 10) == nil)
        #expect(small.wait(for: "z", now: 10) == 1)
    }

    @Test func theServerAnswers429WithRetryAfter() async throws {
        let book = try ServedBook()
        try await book.served.start(limits: ServerLimits(requestsPerAddress: 1_000, requestsPerCredential: 1))
        // The token's burst is 2 requests, earning one back a second: 8 at once cannot all pass.
        let replies = try await withThrowingTaskGroup(of: HTTPReply.self) { group in
            for _ in 0..<8 { group.addTask { try await book.served.customerGet("/whoami", token: book.acmeToken) } }
            var all: [HTTPReply] = []
            for try await reply in group { all.append(reply) }
            return all
        }
        #expect(replies.filter { $0.status == 200 }.count >= 2)
        let limited = try #require(replies.first { $0.status == 429 })
        #expect(limited.header("Retry-After") == "1")
        #expect(try JSONParser.parse(limited.body)["code"]?.stringValue == "SRV-023")
        #expect(try await book.served.customerGet("/whoami", token: book.betaToken).status == 200)
        #expect(try await HTTP.get(book.served.base + "/head").status == 200)   // open routes charge the address only
        await book.served.stop()

        let address = try ServedLedger(notes: 0)
        try await address.start(limits: ServerLimits(requestsPerAddress: 1, requestsPerCredential: 0))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await HTTP.get(address.base + "/head").status } }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == 200 }.count >= 2 && statuses.contains(429), "\(statuses)")
        let metrics = try await Task.detached { () -> String in
            try await Task.sleep(for: .seconds(1.2))
            return try await HTTP.get(address.base + "/metrics").text
        }.value
        #expect(metrics.contains("tierledger_rate_limited_total{scope=\"address\"}"))
        await address.stop()
    }
}
