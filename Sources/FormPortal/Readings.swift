import Foundation
import Synchronization

/// The uploads being read after their answer went out: a portal that is stopped (SIGTERM) finishes them before
/// it exits, so a branch that was told "being checked" finds its verdict on the next start without waiting for
/// the pipeline to read them again. (A kill loses none either: they are recorded, and the next start reads them.)
final class Readings: Sendable {
    private let running = Mutex<[UUID: Task<Void, any Error>]>([:])

    func track(_ reading: Task<Void, any Error>) {
        let id = UUID()
        running.withLock { $0[id] = reading }
        Task {
            _ = await reading.result
            running.withLock { $0[id] = nil }
        }
    }

    /// Returns once every reading tracked has ended.
    func finish() async {
        while true {
            let left = running.withLock { Array($0.values) }
            if left.isEmpty { return }
            for reading in left { _ = await reading.result }
            // Their entries go once the tracking tasks have seen them end.
            await Task.yield()
        }
    }
}
