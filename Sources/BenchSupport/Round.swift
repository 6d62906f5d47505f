#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One round of a benchmark: how much work it did and how long that took.
///
/// A round times only its own work: whatever it needs first (a ledger to read, a message to sign)
/// is made before the clock starts, so that the baseline and the measured rounds time like with like.
public struct Round: Sendable, Equatable {
    /// Work done: entries, signatures, requests, bytes.
    public var units: Double
    /// Wall-clock seconds the work took.
    public var seconds: Double
    /// CPU seconds this process spent meanwhile, on all its threads; nil when the work ran
    /// elsewhere (another process, a server).
    public var cpuSeconds: Double?

    public init(units: Double, seconds: Double, cpuSeconds: Double? = nil) {
        self.units = units
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
    }

    /// Units per wall-clock second; zero for a round that took no time.
    public var rate: Double { seconds > 0 ? units / seconds : 0 }

    /// Units per CPU second of this process; nil without CPU time.
    public var cpuRate: Double? { cpuSeconds.map { $0 > 0 ? units / $0 : 0 } }

    /// Times `body`, which does `units` of work, on the monotonic clock and the process's CPU clock.
    public static func timed(units: Int, _ body: () throws -> Void) rethrows -> Round {
        try timed { try body(); return units }
    }

    /// Times `body`, which returns the units of work it did.
    public static func timed(_ body: () throws -> Int) rethrows -> Round {
        let clock = ContinuousClock()
        let cpuStart = processCPUSeconds()
        let start = clock.now
        let units = try body()
        let elapsed = clock.now - start
        let cpu = processCPUSeconds() - cpuStart
        let (whole, attoseconds) = elapsed.components
        return Round(units: Double(units), seconds: Double(whole) + Double(attoseconds) * 1e-18, cpuSeconds: cpu)
    }

    /// CPU time of every thread of this process so far.
    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
