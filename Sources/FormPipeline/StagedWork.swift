import AsyncAlgorithms
import FormStore
import Foundation

/// The middle and end of the pipeline, shared by batch and revalidate: the producer hands over jobs in
/// groups, `workers` tasks process them (unpack, extract, validate — in the worker processes) and one loader
/// writes the results in small batches, one transaction each.
///
/// Each hand-over has a small bounded buffer, so no stage waits on another's pauses: the workers keep going
/// while the producer prepares its next group (reading, hashing, archiving, recording) and while the loader
/// is inside a transaction. With rendezvous channels alone both cores sat idle for about half a batch.
/// Memory stays flat however many files come in: at most one group is ready ahead of the workers (a group is
/// bounded in files and bytes by its producer), one is being handed out and one is being prepared; results
/// are small.
struct StagedWork<Job: Sendable, Result: Sendable> {
    let workers: Int
    let process: @Sendable (Job) async -> Result
    let load: @Sendable ([Result]) async throws -> Void

    /// Results are loaded in groups of up to this many, or whatever has arrived within `loadInterval`.
    static var loadBatchSize: Int { 64 }
    static var loadInterval: Duration { .milliseconds(20) }
    /// Results that may wait for the loader while it writes.
    static var resultBuffer: Int { 256 }

    /// Runs `produce` (which sends every job, in groups) against the workers and the loader until all is loaded.
    func run(produce: @escaping @Sendable (AsyncChannel<[Job]>) async throws -> Void) async throws {
        let groups = AsyncChannel<[Job]>()
        let jobs = AsyncChannel<Job>()
        let results = AsyncChannel<Result>()
        let workerCount = max(1, workers)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { groups.finish() }
                try await produce(groups)
            }
            group.addTask {
                defer { jobs.finish() }
                for await ready in groups.buffer(policy: .bounded(1)) {
                    for job in ready { await jobs.send(job) }
                }
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
                let buffered = results.buffer(policy: .bounded(Self.resultBuffer))
                for await batch in buffered.chunks(ofCount: Self.loadBatchSize, or: .repeating(every: Self.loadInterval)) {
                    try await load(batch)
                }
            }
            do {
                try await group.waitForAll()
            } catch {
                // A failing loader must not leave the producer and workers waiting on their channels.
                groups.finish()
                jobs.finish()
                results.finish()
                group.cancelAll()
                throw error
            }
        }
    }
}
