import BenchSupport
import Foundation
import Testing

@Suite struct WrkReportTests {
    static let clean = """
        Running 1s test @ http://127.0.0.1:54390/tile/0/001
          1 threads and 16 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     2.20ms    3.09ms  20.00ms   86.66%
            Req/Sec    12.20k     5.99k   20.88k    70.00%
          Latency Distribution
             50%  434.00us
             75%    3.06ms
             90%    6.54ms
             99%   14.53ms
          12201 requests in 1.02s, 98.29MB read
        Requests/sec:  11923.71
        Transfer/sec:     96.05MB
        """

    @Test func aReportGivesItsRequestsDurationAndPercentiles() throws {
        let report = try #require(WrkReport.parse(Self.clean))
        #expect(report.requests == 12_201)
        #expect(abs(report.seconds - 1.02) < 1e-9)
        #expect(abs(report.p50 - 434e-6) < 1e-12)
        #expect(abs(report.p99 - 14.53e-3) < 1e-12)
        #expect(report.failedResponses == 0 && report.socketErrors == 0)
    }

    @Test func errorsAndFailedAnswersAreCounted() throws {
        let text = Self.clean.replacingOccurrences(of: "Requests/sec", with: "Non-2xx or 3xx responses: 6999\nRequests/sec")
            .replacingOccurrences(of: "  Latency Distribution", with: "  Socket errors: connect 0, read 3, write 0, timeout 2\n  Latency Distribution")
        let report = try #require(WrkReport.parse(text))
        #expect(report.failedResponses == 6_999 && report.socketErrors == 5)
    }

    @Test func somethingElseIsNotAReport() {
        #expect(WrkReport.parse("unable to connect to 127.0.0.1:1 Connection refused") == nil)
        #expect(WrkReport.parse(Self.clean.replacingOccurrences(of: "99%", with: "98%")) == nil)
        #expect(WrkReport.parse(Self.clean.replacingOccurrences(of: "1.02s", with: "1.02parsecs")) == nil)
    }
}
