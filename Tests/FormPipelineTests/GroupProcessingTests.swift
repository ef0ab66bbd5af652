import AsyncAlgorithms
import FormDocument
import FormSchema
import FormStore
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import FormPipeline

/// Files go through the workers a group at a time: one worker and one hop per group. Each file still gets
/// its own outcome, in the group's order, and a job whose original is gone is rejected with the reason.
@Suite struct GroupProcessingTests {
    static let schemas = TestPaths.repositoryRoot.appendingPathComponent("Schemas")
    static let names = ["annual_target_book_valid_a.docx", "damaged.docx", "pdf/mentoring_summary_valid_a.pdf", "study_plan_invalid.docx"]

    static func sample(_ name: String) throws -> Data {
        try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples").appendingPathComponent(name))
    }

    static func summary(_ outcome: Outcome) -> String {
        "\(outcome.submissionID) \(outcome.status.rawValue) \(outcome.form ?? "-") \(outcome.findings.count) \(outcome.reason ?? "")"
    }

    @Test func aGroupKeepsItsOrderAndAMissingOriginalIsRejectedWithItsReason() async throws {
        let processing = InProcessProcessing(catalog: try SchemaCatalog.load(from: Self.schemas), limits: InputLimits())
        var jobs = try Self.names.enumerated().map { BatchRunner.Job(submissionID: Int64($0 + 1), path: $1, bytes: try Self.sample($1)) }
        jobs.insert(BatchRunner.Job(submissionID: 99, path: "gone.docx", bytes: nil), at: 1)
        let perFile = await BatchRunner.outcomes(of: jobs, using: processing, clock: StageClock())
        #expect(perFile.allSatisfy { $0.count == 1 }, "each sample is one form")
        let outcomes = perFile.compactMap(\.first)
        #expect(outcomes.map(\.submissionID) == [1, 99, 2, 3, 4])
        #expect(outcomes[0].status == .valid && outcomes[0].form == "annual_target_book")
        #expect(outcomes[1].status == .rejected && outcomes[1].reasonCode == "original-missing")
        #expect(outcomes[1].reason == "存档中找不到该文件的原件，请重新提交")
        #expect(outcomes[2].status == .rejected && outcomes[2].reasonCode == "damaged", "\(outcomes[2].reason ?? "")")
        #expect(outcomes[3].status == .valid && outcomes[3].form == "mentoring_summary")
        #expect(outcomes[4].status == .invalid && outcomes[4].form == "study_plan")
        // The same files one at a time give the same outcomes.
        for (job, grouped) in zip(jobs, outcomes) {
            let alone = await BatchRunner.outcomes(of: [job], using: processing, clock: StageClock())
            #expect(alone.flatMap { $0 }.map(Self.summary) == [Self.summary(grouped)])
        }
    }

    @Test func aPoolProcessesAGroupWithOneWorkerAsItProcessesFilesOneByOne() async throws {
        let catalog = try SchemaCatalog.load(from: Self.schemas)
        let pool = WorkerPool(
            size: 2, executable: FormpipeBinary.url, catalog: catalog, schemaFolder: Self.schemas, limits: InputLimits(),
            memoryLimitBytes: 1 << 30)
        defer { pool.shutdown() }
        let files = try Self.names.map(Self.sample)
        let grouped = await pool.process(files)
        #expect(grouped.count == files.count)
        var alone: [ProcessedFile] = []
        for file in files { alone.append(await pool.process(file)) }
        let describe = { (file: ProcessedFile) -> String in Self.summary(file.parts[0].result.outcome(for: 1)) }
        #expect(grouped.map(describe) == alone.map(describe))
        #expect(grouped.map { $0.parts[0].result.outcome(for: 1).status } == [.valid, .rejected, .valid, .invalid])
        #expect(await pool.process([Data]()).isEmpty)
    }
}

/// How the stages cut the producer's groups for the workers.
@Suite struct StagedWorkTests {
    @Test func aGroupIsCutIntoOnePartPerWorker() {
        #expect(StagedWork<Int, Int>.parts(of: Array(0..<32), count: 2).map(\.count) == [16, 16])
        #expect(StagedWork<Int, Int>.parts(of: Array(0..<5), count: 2) == [[0, 1, 2], [3, 4]])
        #expect(StagedWork<Int, Int>.parts(of: [7], count: 2) == [[7]])
        #expect(StagedWork<Int, Int>.parts(of: [], count: 2).isEmpty)
        #expect(StagedWork<Int, Int>.parts(of: Array(0..<4), count: 1) == [Array(0..<4)])
    }

    actor Record {
        var running = 0
        var mostAtOnce = 0
        var parts: [[Int]] = []
        var loaded: [Int] = []
        func start(_ part: [Int]) {
            running += 1
            mostAtOnce = max(mostAtOnce, running)
            parts.append(part)
        }
        func end() { running -= 1 }
        func load(_ batch: [Int]) { loaded += batch }
    }

    @Test func aSmallBatchStillKeepsBothWorkersBusyAndEveryJobIsLoadedOnce() async throws {
        let record = Record()
        let stages = StagedWork<Int, Int>(
            workers: 2,
            process: { part in
                await record.start(part)
                try? await Task.sleep(for: .milliseconds(50))
                await record.end()
                return part.map { $0 * 10 }
            },
            load: { batch in await record.load(batch) })
        // One group, as a branch's dozen files make: both workers get a part of it at the same time.
        try await stages.run { groups in await groups.send(Array(0..<13)) }
        #expect(await record.mostAtOnce == 2)
        #expect(await record.parts.map(\.count).sorted() == [6, 7])
        #expect(await record.loaded.sorted() == (0..<13).map { $0 * 10 })
    }
}

/// Blocking store work runs on a serial queue of its own, off Swift's cooperative threads, and still answers or
/// throws.
@Suite struct OffPoolTests {
    struct Failure: Error, Equatable {}

    final class Inside: Sendable {
        let state = Mutex((now: 0, most: 0))
    }

    @Test func workAnswersOrThrowsAndRunsOneAtATime() async throws {
        let pool = OffPool(label: "formpipe.test-offpool")
        #expect(try await pool.run { 6 * 7 } == 42)
        await #expect(throws: Failure.self) { try await pool.run { () throws -> Int in throw Failure() } }
        let inside = Inside()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.run {
                        inside.state.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        usleep(20_000)
                        inside.state.withLock { $0.now -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(inside.state.withLock { $0.most } == 1)
    }
}
