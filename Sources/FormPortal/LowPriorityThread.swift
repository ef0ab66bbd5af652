import Foundation

/// A thread of its own at a lower priority, for the portal's walks over the whole store: while twenty branches
/// upload and the office watches the overview, those walks took most of the process's time, and the pages a
/// branch waits for (milliseconds of work each) queued behind them on the same cores. A nice value is a
/// thread's own on Linux, so it is set here and not on a thread Swift or Dispatch lend to other work; the
/// threads a walk starts (the workbook's) inherit it. The thread lasts as long as the process, as the portal does.
final class LowPriorityThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    init(name: String, niceness: Int32 = 10) {
        let thread = Thread { [self] in
            // `who` 0 on Linux: the calling thread alone.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            while true { next()() }
        }
        thread.name = name
        thread.start()
    }

    private func next() -> @Sendable () -> Void {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty {
            condition.wait()
        }
        return jobs.removeFirst()
    }

    /// Runs `work` on this thread, after the work given before it.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            jobs.append { continuation.resume(with: Result { try work() }) }
            condition.signal()
            condition.unlock()
        }
    }
}
