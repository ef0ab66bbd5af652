import Dispatch
import Foundation

/// An output written on a thread of its own while the report goes on reading the store and writing the other
/// outputs. The workbook goes this way: its rows, and libxlsxwriter compressing the sheets at the end (a fifth
/// of the report's time), overlap with the CSVs, the overview and the notices on two cores. (The CSVs went
/// this way too in a trial: one job per row cost more than the overlap won.)
///
/// Unchecked Sendable: the output is touched only on `queue`, one job after another; `failure` likewise.
final class OutputLane<Output>: @unchecked Sendable {
    private let output: Output
    private let queue: DispatchQueue
    /// Jobs waiting for the lane, at most this many: each may hold a submission's record.
    private let slots = DispatchSemaphore(value: 64)
    private var failure: (any Error)?

    init(_ output: Output, name: String) {
        self.output = output
        queue = DispatchQueue(label: "formpipe.report.\(name)")
    }

    /// Queues a write; after one fails, later ones are skipped and `wait` throws the failure.
    func add(_ write: @escaping @Sendable (Output) throws -> Void) {
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.failure == nil else { return }
            do {
                try write(self.output)
            } catch {
                self.failure = error
            }
        }
    }

    /// Waits for every write queued so far; throws the first failure.
    func wait() throws {
        let failure = queue.sync { self.failure }
        if let failure { throw failure }
    }

    /// Runs `body` on the lane once everything queued before it is done (whether or not a write failed).
    func run<T>(_ body: (Output) throws -> T) rethrows -> T {
        try queue.sync { try body(output) }
    }
}
