import AsyncAlgorithms
import FormDocument
public import FormSchema
public import FormStore
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

    /// A file to read again: its submissions (the file's own first, then its other parts'), its original, and
    /// the clerk's readings of each (formpipe review), applied again to what is read now.
    struct Job: Sendable {
        let file: Int64
        let before: [StoredSubmission]
        let bytes: Data?
        let readings: [Int64: [ClerkReading]]

        /// The submission a part was loaded into before: the file's own for the first, else by the part's name.
        func submission(forPart index: Int, named name: String?) -> StoredSubmission? {
            index == 0 ? before.first { $0.id == file } : before.first { $0.parentID == file && $0.part == name }
        }
    }

    struct Result: Sendable {
        /// nil for a part the file did not hold before.
        let before: StoredSubmission?
        let outcome: Outcome
    }

    public func run(form: String?, branch: String?) async throws -> RevalidationReport {
        // Ids first, records a page at a time: memory stays that of one page, however large the store. A part
        // of a file is read again with its whole file.
        let targets = try store.fileIDs(of: try store.currentSubmissionIDs(form: form, branch: branch))
        let runID = try store.beginRun(command: "revalidate" + (form.map { " --form \($0)" } ?? "") + (branch.map { " --branch \($0)" } ?? ""))
        let collector = RevalidationCollector()
        let processing = self.processing
        let store = self.store
        let loading = OffPool(label: "formpipe.load")
        let stages = StagedWork<Job, Result>(
            workers: config.workers.count,
            process: { jobs in
                zip(jobs, await processing.process(jobs, bytes: \.bytes)).flatMap { job, processed -> [Result] in
                    let own = job.submission(forPart: 0, named: nil)
                    guard let processed else {
                        return [Result(before: own, outcome: OriginalsArchive.missingOriginal.outcome(for: job.file))]
                    }
                    let fileName = own.map { String($0.sourcePath.dropLast($0.part?.count ?? 0)) }
                    let outcomes = processed.outcomes(for: job.file, fileName: fileName) { index, name in
                        job.submission(forPart: index, named: name).flatMap { job.readings[$0.id] } ?? []
                    }
                    return outcomes.map { Result(before: job.submission(forPart: $0.partIndex, named: $0.part), outcome: $0) }
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
                let files = Array(targets[start..<min(targets.count, start + Self.pageSize)])
                let parts = try store.parts(ofFiles: files)
                let readings = try store.clerkReadings(for: parts.values.flatMap { $0.map(\.id) })
                // Originals are read a handful at a time, so at most a few groups of bytes are in memory.
                for groupStart in stride(from: 0, to: files.count, by: Self.groupSize) {
                    try Task.checkCancellation()
                    let group = files[groupStart..<min(files.count, groupStart + Self.groupSize)]
                    await groups.send(
                        group.compactMap { file in
                            guard let before = parts[file], let own = before.first(where: { $0.id == file }) else { return nil }
                            return Job(file: file, before: before, bytes: archive.original(sha256: own.sha256), readings: readings)
                        })
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
            // A part the file did not hold before is counted, but has no earlier state to compare with.
            guard let before = result.before else {
                report.checked += 1
                continue
            }
            report.checked += 1
            let beforeKeys = Set(before.findings.map(Self.key))
            let afterKeys = Set(result.outcome.findings.map(Self.key))
            let added = result.outcome.findings.filter { !beforeKeys.contains(Self.key($0)) }
            let cleared = before.findings.filter { !afterKeys.contains(Self.key($0)) }
            guard before.status != result.outcome.status || !added.isEmpty || !cleared.isEmpty else { continue }
            report.changes.append(
                .init(path: before.sourcePath, before: before.status, after: result.outcome.status, added: added, cleared: cleared))
            recorded.append(
                .init(
                    submissionID: before.id, statusBefore: before.status, statusAfter: result.outcome.status,
                    findingsAdded: added.map(Self.key), findingsCleared: cleared.map(Self.key)))
        }
        return recorded
    }
}
