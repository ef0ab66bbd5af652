import AsyncAlgorithms
import FormStore
import Foundation

/// The middle and end of the pipeline, shared by batch and revalidate: `workers` tasks take jobs from a
/// rendezvous channel, process them (CPU-bound: unpack, extract, validate) and hand the results to one
/// loader, which writes them in small batches, one transaction each.
///
/// The channels hold nothing themselves (a send waits for a receiver), so memory stays flat however many
/// files come in: at most one job per worker plus one in the producer's hand.
struct StagedWork<Job: Sendable, Result: Sendable> {
    let workers: Int
    let process: @Sendable (Job) async -> Result
    let load: @Sendable ([Result]) async throws -> Void

    /// Results are loaded in groups of up to this many, or whatever has arrived within `loadInterval`.
    static var loadBatchSize: Int { 64 }
    static var loadInterval: Duration { .milliseconds(20) }

    /// Runs `produce` (which sends every job) against the workers and the loader until all is loaded.
    func run(produce: @escaping @Sendable (AsyncChannel<Job>) async throws -> Void) async throws {
        let jobs = AsyncChannel<Job>()
        let results = AsyncChannel<Result>()
        let workerCount = max(1, workers)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { jobs.finish() }
                try await produce(jobs)
            }
            group.addTask {
                await withTaskGroup(of: Void.self) { workers in
                    for _ in 0..<workerCount {
                        workers.addTask {
                            for await job in jobs {
                                await results.send(await process(job))
                            }
                        }
                    }
                }
                results.finish()
            }
            group.addTask {
                for await batch in results.chunks(ofCount: Self.loadBatchSize, or: .repeating(every: Self.loadInterval)) {
                    try await load(batch)
                }
            }
            do {
                try await group.waitForAll()
            } catch {
                // A failing loader must not leave the producer and workers waiting on their channels.
                jobs.finish()
                results.finish()
                group.cancelAll()
                throw error
            }
        }
    }
}
