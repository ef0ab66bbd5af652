import Foundation

extension Task where Failure == any Error {
    /// Whether the task ended within `limit`; it goes on either way. For an answer that waits for work only so
    /// long, then answers without it.
    func ended(within limit: Duration) async -> Bool {
        let (events, event) = AsyncStream<Bool>.makeStream()
        let watching = Task<Void, Never> {
            _ = await self.result
            event.yield(true)
        }
        let timing = Task<Void, Never> {
            try? await Task<Never, Never>.sleep(for: limit)
            event.yield(false)
        }
        defer {
            watching.cancel()
            timing.cancel()
            event.finish()
        }
        for await ended in events { return ended }
        return false
    }
}
