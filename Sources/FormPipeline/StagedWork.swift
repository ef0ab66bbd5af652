import AsyncAlgorithms
import FormStore
import Foundation

/// The middle and end of the pipeline, shared by batch and revalidate: the producer hands over jobs in
/// groups, `workers` tasks process them a part of a group at a time (unpack, extract, validate — in the worker
/// processes) and one loader writes their results, a few parts to a transaction.
///
/// The unit passed between the stages is a part of a group, not the file: a hand-over through a channel, a
/// worker taken from the pool and a hop to the thread that talks to it cost about as much as the pipeline's own
/// work on a .docx, so they are paid once per part. Each group is cut into one part per worker, so a batch of a
/// dozen files still keeps every worker busy. The producer prepares the next group (reading, hashing,
/// archiving, recording) while the workers process theirs, and the loader writes while they go on. Memory
/// stays flat however many files come in: a group is bounded in files and bytes by its producer, one is being
/// prepared, up to `groupsAhead` are ready and one is being handed out in parts; results are small.
struct StagedWork<Job: Sendable, Result: Sendable> {
    let workers: Int
    /// Processes one part of a group, answering one result per job in the same order.
    let process: @Sendable ([Job]) async -> [Result]
    let load: @Sendable ([Result]) async throws -> Void

    /// Groups the producer may have ready beyond the one being handed out: it shares the cores with the
    /// workers and the loader, and with none ready ahead both workers often finished their parts before the
    /// next group was taken in.
    static var groupsAhead: Int { 2 }
    /// The loader writes the results of up to this many parts in one transaction (or whatever has arrived
    /// within `loadInterval`): a transaction per part of 16 rewrote the same index pages four times as often.
    static var partsPerLoad: Int { 4 }
    static var loadInterval: Duration { .milliseconds(10) }
    /// Parts' results that may wait for the loader while it writes.
    static var resultGroups: Int { 8 }

    /// `jobs` cut into at most `count` parts of nearly equal size, in order; none empty.
    static func parts(of jobs: [Job], count: Int) -> [[Job]] {
        guard !jobs.isEmpty else { return [] }
        let count = max(1, count)
        let size = (jobs.count + count - 1) / count
        return stride(from: 0, to: jobs.count, by: size).map { Array(jobs[$0..<min(jobs.count, $0 + size)]) }
    }

    /// Runs `produce` (which sends every job, in groups) against the workers and the loader until all is loaded.
    func run(produce: @escaping @Sendable (AsyncChannel<[Job]>) async throws -> Void) async throws {
        let groups = AsyncChannel<[Job]>()
        let parts = AsyncChannel<[Job]>()
        let results = AsyncChannel<[Result]>()
        let workerCount = max(1, workers)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { groups.finish() }
                try await produce(groups)
            }
            group.addTask {
                defer { parts.finish() }
                for await jobs in groups.buffer(policy: .bounded(Self.groupsAhead)) {
                    for part in Self.parts(of: jobs, count: workerCount) { await parts.send(part) }
                }
            }
            group.addTask {
                await withTaskGroup(of: Void.self) { workers in
                    for _ in 0..<workerCount {
                        workers.addTask {
                            // The channel hands every part to one worker task.
                            for await jobs in parts {
                                await results.send(await process(jobs))
                            }
                        }
                    }
                }
                results.finish()
            }
            group.addTask {
                let buffered = results.buffer(policy: .bounded(Self.resultGroups))
                for await parts in buffered.chunks(ofCount: Self.partsPerLoad, or: .repeating(every: Self.loadInterval)) {
                    let batch = parts.flatMap { $0 }
                    if !batch.isEmpty { try await load(batch) }
                }
            }
            do {
                try await group.waitForAll()
            } catch {
                // A failing loader must not leave the producer and workers waiting on their channels.
                groups.finish()
                parts.finish()
                results.finish()
                group.cancelAll()
                throw error
            }
        }
    }
}
