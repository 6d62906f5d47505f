import BenchSupport
import Foundation
import Testing

@Suite struct BenchHistoryTests {
    @Test func aRunAppendedToAHistoryReadsBackTheSame() throws {
        let figure = Figure(measure: "full verify", size: 10_000, unit: "entries/s", value: try #require(Spread([26_673.4, 27_001.9, 25_900.2])),
                            baseline: Baseline(name: "Ed25519 verify, 2 cores", unit: "verifies/s", value: try #require(Spread([30_000, 31_000]))),
                            ratio: Spread([0.87, 0.8912345, 0.86]), target: "≥ 0.85", verdict: .met)
        let run = BenchRun(method: .seconds, commit: "9b8aa0e", date: "2026-12-01T10:00:00Z", machine: Machine(cores: 2, cpu: "AMD EPYC"),
                           settings: ["sizes": "10000"], figures: [figure])
        var history = try BenchHistory.decode(Data())
        history.runs.append(run)
        let data = try history.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"median\" : 0.87"))
        #expect(text.contains("\"max\" : 0.8912"))
        #expect(text.hasSuffix("}\n"))
        #expect(try BenchHistory.decode(data) == history)
    }

    @Test func anExactFigureIsAPlainNumberAndASpreadAnObject() throws {
        let figure = Figure(measure: "full verify, all checks, 1 thread", size: 2_000, unit: "instructions/entry", value: Spread(exact: 1_657_860.3),
                            rounds: [0.91234, 0.9], target: "≥ 0.85", instructions: 3_315_720_673, units: 2_000)
        let text = String(decoding: try BenchHistory(runs: [BenchRun(method: .instructions, commit: "c", date: "d", machine: Machine(cores: 2, cpu: "x"),
                                                                      settings: [:], figures: [figure])]).encoded(), as: UTF8.self)
        #expect(text.contains("\"value\" : 1657860"))
        #expect(text.contains("0.9123"))
        let decoded = try BenchHistory.decode(Data(text.utf8))
        #expect(decoded.runs.first?.figures.first?.value == Spread(exact: 1_657_860))
        #expect(try JSONDecoder().decode(Spread.self, from: Data("{\"median\":2,\"min\":1,\"max\":3,\"count\":3}".utf8)) == Spread([1, 2, 3]))
    }

    @Test func somethingElseIsNotTakenForAHistory() {
        #expect(throws: (any Error).self) { try BenchHistory.decode(Data("{\"cores\":2,\"rows\":[]}".utf8)) }
    }
}

@Suite struct CallgrindOutputTests {
    @Test func theTotalIsTheFirstEventOfTheTotalsLine() {
        let text = """
            # callgrind format
            version: 1
            creator: callgrind-3.19.0
            events: Ir
            summary: 153099829
            fn=(1) main
            0 5
            totals: 153099829
            """
        #expect(CallgrindOutput.instructions(in: text) == 153_099_829)
    }

    @Test func theSummaryServesWhenThereIsNoTotals() {
        #expect(CallgrindOutput.instructions(in: "events: Ir\nsummary: 42\n") == 42)
    }

    @Test func aFileCountingSomethingElseFirstGivesNothing() {
        #expect(CallgrindOutput.instructions(in: "events: Dr Ir\ntotals: 1 2\n") == nil)
        #expect(CallgrindOutput.instructions(in: "no counts here") == nil)
    }
}
