import FormDocument
import Foundation
import Synchronization

/// Unpacks in a small pool of long-lived worker processes, as Tika's forked parser does: a crash, hang or
/// memory blow-up in poppler or libxml2 kills only that worker, which is replaced, and only that file is
/// rejected with the reason (崩溃 / 超时 / 内存超限).
public final class WorkerPoolUnpacker: Unpacker {
    private struct State: ~Copyable {
        var idle: [UnpackWorker] = []
        var created = 0
        var waiting: [CheckedContinuation<UnpackWorker, Never>] = []
        var stopped = false
    }

    private let settings: UnpackWorker.Settings
    private let size: Int
    private let state = Mutex(State())
    /// Worker conversations block; they run on these threads, never on Swift's cooperative pool.
    private let queue = DispatchQueue(label: "formpipe.unpack-workers", attributes: .concurrent)

    /// - Parameters:
    ///   - executable: the formpipe binary, which runs `unpack-worker`.
    ///   - environment: the workers' environment (nil: this process's).
    public init(
        size: Int, executable: URL, limits: InputLimits, memoryLimitBytes: Int, environment: [String: String]? = nil
    ) {
        self.size = max(1, size)
        settings = UnpackWorker.Settings(
            executable: executable, limits: limits, memoryLimitBytes: memoryLimitBytes, environment: environment)
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        shutdown()
    }

    public func unpack(_ bytes: Data) async -> Result<Document, DocumentError> {
        let worker = await acquire()
        let result = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: worker.unpack(bytes)) }
        }
        release(worker)
        return result
    }

    private func acquire() async -> UnpackWorker {
        await withCheckedContinuation { continuation in
            let ready: UnpackWorker? = state.withLock { state in
                if let worker = state.idle.popLast() { return worker }
                if state.created < size {
                    state.created += 1
                    return UnpackWorker(settings: settings)
                }
                state.waiting.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func release(_ worker: UnpackWorker) {
        let (waiter, stopped): (CheckedContinuation<UnpackWorker, Never>?, Bool) = state.withLock { state in
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
