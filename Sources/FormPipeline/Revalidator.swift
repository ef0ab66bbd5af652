import FormSchema
import FormStore
import Foundation
import Logging

/// What one revalidation changed, for the clerk and for the record.
public struct RevalidationReport: Sendable {
    public struct Change: Sendable {
        public let path: String
        public let before: SubmissionStatus
        public let after: SubmissionStatus
        /// Messages of findings that are new, and of findings that are gone.
        public let added: [Finding]
        public let cleared: [Finding]
    }

    public var checked = 0
    public var changes: [Change] = []

    public var newlyValid: [Change] { changes.filter { $0.before != .valid && $0.after == .valid } }
    public var newlyInvalid: [Change] { changes.filter { $0.before != .invalid && $0.after == .invalid } }
    public var findingsChanged: [Change] { changes.filter { $0.before == $0.after } }
}

/// Re-extracts and re-validates stored submissions from their archived originals, after a schema or
/// extractor change or after the office tightened a rule, and records what changed.
public struct Revalidator: Sendable {
    let config: PipelineConfig
    let store: SubmissionStore
    let processing: any SubmissionProcessing
    let archive: OriginalsArchive

    public init(config: PipelineConfig, store: SubmissionStore, processing: any SubmissionProcessing) {
        self.config = config
        self.store = store
        self.processing = processing
        self.archive = OriginalsArchive(folder: config.archiveFolder, store: store)
    }

    static let pageSize = 256
    static let groupSize = 16

    struct Job: Sendable {
        let before: StoredSubmission
        let bytes: Data?
        /// The clerk's readings of the submission (formpipe review), applied again to what is read now.
        let readings: [ClerkReading]
    }

    struct Result: Sendable {
        let before: StoredSubmission
        let outcome: Outcome
    }

    public func run(form: String?, branch: String?) async throws -> RevalidationReport {
        // Ids first, records a page at a time: memory stays that of one page, however large the store.
        let targets = try store.currentSubmissionIDs(form: form, branch: branch)
        let runID = try store.beginRun(command: "revalidate" + (form.map { " --form \($0)" } ?? "") + (branch.map { " --branch \($0)" } ?? ""))
        let collector = RevalidationCollector()
        let processing = self.processing
        let store = self.store
        let loading = OffPool(label: "formpipe.load")
        let stages = StagedWork<Job, Result>(
            workers: config.workers,
            process: { jobs in
                zip(jobs, await processing.process(jobs, bytes: \.bytes)).map { job, processed in
                    let id = job.before.id
                    return Result(
                        before: job.before,
                        outcome: processed.map { ClerkCorrections.apply(job.readings, to: $0.result).outcome(for: id) }
                            ?? .rejected(id, reason: OriginalsArchive.missingOriginalReason))
                }
            },
            load: { batch in
                let outcomes = batch.map(\.outcome)
                try await loading.run { try store.load(outcomes) }
                let changes = await collector.add(batch)
                try await loading.run { try store.recordRevalidation(runID: runID, changes: changes) }
            })
        let archive = self.archive
        try await stages.run { groups in
            for start in stride(from: 0, to: targets.count, by: Self.pageSize) {
                let ids = Array(targets[start..<min(targets.count, start + Self.pageSize)])
                let page = try store.submissions(ids: ids)
                let readings = try store.clerkReadings(for: ids)
                // Originals are read a handful at a time, so at most a few groups of bytes are in memory.
                for groupStart in stride(from: 0, to: page.count, by: Self.groupSize) {
                    try Task.checkCancellation()
                    let group = page[groupStart..<min(page.count, groupStart + Self.groupSize)]
                    await groups.send(
                        group.map { Job(before: $0, bytes: archive.original(sha256: $0.sha256), readings: readings[$0.id] ?? []) })
                }
            }
        }
        try store.finishRun(runID)
        return await collector.report
    }
}

actor RevalidationCollector {
    private(set) var report = RevalidationReport()

    static func key(_ finding: Finding) -> String { "\(finding.path) \(finding.rule) \(finding.severity.rawValue)" }

    /// Adds a loaded batch and returns its changes in the store's form.
    func add(_ batch: [Revalidator.Result]) -> [SubmissionStore.RevalidationChange] {
        var recorded: [SubmissionStore.RevalidationChange] = []
        for result in batch {
            report.checked += 1
            let beforeKeys = Set(result.before.findings.map(Self.key))
            let afterKeys = Set(result.outcome.findings.map(Self.key))
            let added = result.outcome.findings.filter { !beforeKeys.contains(Self.key($0)) }
            let cleared = result.before.findings.filter { !afterKeys.contains(Self.key($0)) }
            guard result.before.status != result.outcome.status || !added.isEmpty || !cleared.isEmpty else { continue }
            report.changes.append(
                .init(path: result.before.sourcePath, before: result.before.status, after: result.outcome.status, added: added, cleared: cleared))
            recorded.append(
                .init(
                    submissionID: result.before.id, statusBefore: result.before.status, statusAfter: result.outcome.status,
                    findingsAdded: added.map(Self.key), findingsCleared: cleared.map(Self.key)))
        }
        return recorded
    }
}
