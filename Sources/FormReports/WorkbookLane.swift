import Dispatch

/// The workbook written on a thread of its own while the report goes on with the CSVs, the overview and the
/// notices: its rows and, at the end, libxlsxwriter compressing the sheets into the file (a fifth of the
/// report's time) overlap with the rest instead of following it.
///
/// Unchecked Sendable: the workbook is touched only on `queue`, one job after another; `failure` likewise.
final class WorkbookLane: @unchecked Sendable {
    private let workbook: WorkbookReport
    private let queue = DispatchQueue(label: "formpipe.report.workbook")
    /// Jobs waiting for the lane, at most this many: each holds a submission's record.
    private let slots = DispatchSemaphore(value: 64)
    private var failure: (any Error)?

    init(_ workbook: WorkbookReport) {
        self.workbook = workbook
    }

    /// Queues a write; after a failure, later writes are skipped and `finish` reports the failure.
    func add(_ write: @escaping @Sendable (WorkbookReport) throws -> Void) {
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.failure == nil else { return }
            do {
                try write(self.workbook)
            } catch {
                self.failure = error
            }
        }
    }

    /// Starts writing the file (after every row queued so far); `wait` tells how it went.
    func finish() {
        add { workbook in try workbook.finish() }
    }

    /// Waits for everything queued; throws the first failure.
    func wait() throws {
        let failure = queue.sync { self.failure }
        if let failure { throw failure }
    }

    func commit() throws {
        try wait()
        try queue.sync { try workbook.commit() }
    }

    /// Abandons the workbook once the lane is idle: nothing of it stays on disk.
    func discard() {
        queue.sync { workbook.discard() }
    }
}
