public import FormDocument
public import FormSchema
public import Foundation
import Synchronization

/// Processes files in a small pool of long-lived worker processes, as Tika's forked parser does: a crash,
/// hang or memory blow-up in poppler or libxml2 kills only that worker, which is replaced, and only that
/// file is rejected with the reason (崩溃 / 超时 / 内存超限). The workers also extract and validate, so the
/// CPU-heavy work spreads over the cores and the pipeline process only takes in and loads.
public final class WorkerPool: SubmissionProcessing {
    private struct State: ~Copyable {
        var idle: [ProcessingWorker] = []
        var created = 0
        var waiting: [CheckedContinuation<ProcessingWorker, Never>] = []
        var stopped = false
    }

    private let settings: ProcessingWorker.Settings
    private let size: Int
    private let state = Mutex(State())
    /// Worker conversations block; they run on these threads, never on Swift's cooperative pool.
    private let queue = DispatchQueue(label: "formpipe.workers", attributes: .concurrent)

    /// - Parameters:
    ///   - executable: the formpipe binary, which runs `worker`.
    ///   - catalog: the schemas the workers are started with (from `catalog`'s folder), also used to read
    ///     their answers.
    ///   - environment: the workers' environment (nil: this process's).
    ///   - niceness: the workers' nice value (0: this process's priority).
    public init(
        size: Int, executable: URL, catalog: SchemaCatalog, schemaFolder: URL, limits: InputLimits,
        memoryLimitBytes: Int, recycleBytes: Int = 0, scanRecycleBytes: Int = 0, environment: [String: String]? = nil,
        niceness: Int32 = 0
    ) {
        self.size = max(1, size)
        settings = ProcessingWorker.Settings(
            executable: executable, catalog: catalog, schemaFolder: schemaFolder, limits: limits,
            memoryLimitBytes: memoryLimitBytes, recycleBytes: recycleBytes, scanRecycleBytes: scanRecycleBytes, environment: environment,
            niceness: niceness)
    }

    deinit {
        shutdown()
    }

    public func process(_ bytes: Data) async -> ProcessedFile {
        let worker = await acquire()
        let result = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: worker.process(bytes)) }
        }
        release(worker)
        return result
    }

    /// One worker for all of them, and one hop to the thread that talks to it: per file, taking a worker and
    /// moving to that thread and back cost as much as the pipeline's own work on a .docx.
    public func process(_ files: [Data]) async -> [ProcessedFile] {
        guard !files.isEmpty else { return [] }
        let worker = await acquire()
        let results = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: files.map { worker.process($0) }) }
        }
        release(worker)
        return results
    }

    private func acquire() async -> ProcessingWorker {
        await withCheckedContinuation { continuation in
            let ready: ProcessingWorker? = state.withLock { state in
                if let worker = state.idle.popLast() { return worker }
                if state.created < size {
                    state.created += 1
                    return ProcessingWorker(settings: settings)
                }
                state.waiting.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func release(_ worker: ProcessingWorker) {
        let (waiter, stopped): (CheckedContinuation<ProcessingWorker, Never>?, Bool) = state.withLock { state in
            if !state.waiting.isEmpty { return (state.waiting.removeFirst(), state.stopped) }
            if !state.stopped { state.idle.append(worker) }
            return (nil, state.stopped)
        }
        if let waiter {
            waiter.resume(returning: worker)
        } else if stopped {
            worker.stop()
        }
    }

    public func shutdown() {
        let workers = state.withLock { state in
            state.stopped = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for worker in workers { worker.stop() }
    }
}
