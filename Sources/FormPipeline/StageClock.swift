import Foundation
import Synchronization

/// Time spent in each stage, summed over all workers: where a batch's time goes (`batch --timings`).
package final class StageClock: Sendable {
    package enum Stage: Int, CaseIterable, Sendable {
        case intake, unpack, extract, load
        /// The reading of files with scanned pages (part of unpack), counted in pages.
        case ocr

        package var name: String {
            switch self {
            case .intake: return "intake (read, hash, archive, record)"
            case .unpack: return "unpack (in the workers)"
            case .extract: return "extract + validate (in the workers)"
            case .load: return "load (SQLite)"
            case .ocr: return "of which files read by OCR (pages)"
            }
        }
    }

    private struct Totals {
        var nanoseconds = [UInt64](repeating: 0, count: Stage.allCases.count)
        var counts = [Int](repeating: 0, count: Stage.allCases.count)
    }

    private let totals = Mutex(Totals())

    package init() {}

    /// Runs `body` and adds its duration to `stage`.
    package func measure<T>(_ stage: Stage, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer { add(stage, since: start) }
        return try await body()
    }

    package func measure<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { add(stage, since: start) }
        return try body()
    }

    private func add(_ stage: Stage, since start: ContinuousClock.Instant) {
        add(stage, nanoseconds: (.now - start).nanoseconds)
    }

    /// Adds time measured elsewhere (in a worker process).
    package func add(_ stage: Stage, nanoseconds nanos: UInt64, count: Int = 1) {
        totals.withLock {
            $0.nanoseconds[stage.rawValue] += nanos
            $0.counts[stage.rawValue] += count
        }
    }

    /// Seconds summed over every worker, and how many times the stage ran.
    package func total(_ stage: Stage) -> (seconds: Double, count: Int) {
        totals.withLock { (Double($0.nanoseconds[stage.rawValue]) / 1e9, $0.counts[stage.rawValue]) }
    }

    package var report: String {
        Stage.allCases.map { stage in
            let (seconds, count) = total(stage)
            let each = count > 0 ? seconds / Double(count) * 1000 : 0
            return String(format: "  %-40@ %8.3f s summed over workers, %6d times, %.3f ms each", stage.name as NSString, seconds, count, each)
        }.joined(separator: "\n")
    }
}

extension Duration {
    /// Whole nanoseconds, never negative: the unit stage times are summed and sent between processes in.
    var nanoseconds: UInt64 {
        UInt64(max(0, components.seconds)) * 1_000_000_000 + UInt64(max(0, components.attoseconds / 1_000_000_000))
    }
}
