import AsyncAlgorithms
import Crypto
import FormDocument
import FormSchema
public import FormStore
public import Foundation
public import Logging

/// What a batch did, for the summary a clerk reads.
public struct BatchSummary: Sendable {
    public struct Line: Sendable {
        public let path: String
        public let status: SubmissionStatus
        public let form: String?
        public let detail: String?
    }

    /// The files a clerk has to look at (every outcome but valid), in path order: the workers finish in any
    /// order, and the list must read the same on every run. Valid files are only counted, so a batch of any
    /// size holds little.
    public var lines: [Line] { added.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) } }
    private var added: [Line] = []
    /// How many forms (or rejected files) got an outcome in this run: more than `files` when a file held several.
    public private(set) var processed = 0
    /// How many files got their outcomes in this run.
    public private(set) var files = 0
    private var counts: [SubmissionStatus: Int] = [:]
    /// How many files already had an outcome from an earlier run (same path, same bytes).
    public var unchanged = 0
    /// Files another running formpipe process is working on right now.
    public var elsewhere: [String] = []
    public var ignored: [String] = []
    /// The corrections this run made: each earlier file with the file that superseded it, so the clerk can see
    /// a wrong choice (and set it right with `formpipe supersede`).
    public var corrections: [(earlier: String, later: String)] = []
    /// Where the time went, stage by stage.
    package var clock = StageClock()

    public func count(_ status: SubmissionStatus) -> Int { counts[status] ?? 0 }

    mutating func add(_ line: Line, firstOfFile: Bool = true) {
        processed += 1
        if firstOfFile { files += 1 }
        counts[line.status, default: 0] += 1
        if line.status != .valid { added.append(line) }
    }
}

/// How far a batch has come, for a progress line on a terminal.
public struct BatchProgress: Sendable {
    /// Files with an outcome, of `total` this run.
    public let done: Int
    public let total: Int
    /// Pages read by OCR so far.
    public let scannedPages: Int
}

/// Runs files through intake → unpack/extract/validate → load.
///
/// Before new files, it finishes what an interrupted run left pending, from the archived originals, so a
/// batch killed at any moment and run again ends with every file having exactly one outcome.
public struct BatchRunner: Sendable {
    let config: PipelineConfig
    let store: SubmissionStore
    let processing: any SubmissionProcessing
    let archive: OriginalsArchive
    let logger: Logger
    let clock = StageClock()
    /// Where a group is archived and recorded, and where results are loaded (see OffPool).
    private let intake = OffPool(label: "formpipe.intake")
    private let loading = OffPool(label: "formpipe.load")
    /// Where a run is begun and finished in the store.
    private let bookkeeping = OffPool(label: "formpipe.runs", concurrent: true)

    public init(config: PipelineConfig, store: SubmissionStore, processing: any SubmissionProcessing, logger: Logger) {
        self.config = config
        self.store = store
        self.processing = processing
        self.archive = OriginalsArchive(folder: config.archiveFolder, store: store)
        self.logger = logger
    }

    struct Job: Sendable {
        let submissionID: Int64
        let path: String
        /// nil when the archived original of a resumed submission is gone.
        let bytes: Data?
    }

    /// The outcomes of a part of a group, in order; its files are processed together, by one worker.
    /// Each job's outcomes: one per part of its file (one for a file that is one form).
    static func outcomes(of jobs: [Job], using processing: any SubmissionProcessing, clock: StageClock) async -> [[Outcome]] {
        zip(jobs, await processing.process(jobs, bytes: \.bytes)).map { job, processed in
            guard let processed else { return [OriginalsArchive.missingOriginal.outcome(for: job.submissionID)] }
            clock.add(.unpack, nanoseconds: processed.unpackNanoseconds)
            if processed.scannedPages > 0 { clock.add(.ocr, nanoseconds: processed.unpackNanoseconds, count: processed.scannedPages) }
            if processed.extractNanoseconds > 0 { clock.add(.extract, nanoseconds: processed.extractNanoseconds) }
            return processed.outcomes(for: job.submissionID, fileName: job.path)
        }
    }

    struct Loaded: Sendable {
        let path: String
        let outcome: Outcome
    }

    /// Processes every file under `paths`; each ends with exactly one outcome in the store.
    /// `followLinks`: follow symbolic links wherever they lead (`--follow-links`); otherwise a link is taken
    /// only when it leads to a regular file inside the folders given.
    public func run(
        paths: [String], followLinks: Bool = false, progress: (@Sendable (BatchProgress) -> Void)? = nil
    ) async throws -> BatchSummary {
        let found = try FileDiscovery.discover(paths, followLinks: followLinks)
        return try await run(files: found.files, ignored: found.ignored, command: "batch", progress: progress)
    }

    /// Processes the given files (each with the path to record for it), after whatever earlier runs left
    /// pending.
    public func run(
        files: [(url: URL, shownPath: String)], ignored: [String] = [], command: String,
        progress: (@Sendable (BatchProgress) -> Void)? = nil
    ) async throws -> BatchSummary {
        try await run(sources: files.map { .file($0.url, shownPath: $0.shownPath) }, ignored: ignored, command: command, progress: progress)
    }

    /// Processes submissions from any door — files on disk, or bytes already in hand — after whatever earlier runs
    /// left pending. Every source goes through the same intake: hashed, archived, recorded, then processed and loaded.
    /// `takenIn` is called once every source is archived and recorded (from then on a kill loses none of them:
    /// the next run finishes them), while they may still be being processed.
    public func run(
        sources files: [IntakeSource], ignored: [String] = [], command: String, progress: (@Sendable (BatchProgress) -> Void)? = nil,
        takenIn: (@Sendable () async -> Void)? = nil
    ) async throws -> BatchSummary {
        // Store writes wait their turn behind other writers (the portal's uploads run side by side): off Swift's
        // cooperative threads, which everything else needs.
        let store = self.store
        let (runID, resumable) = try await bookkeeping.run { try store.beginRunClaimingResumable(command: command) }
        // A file an interrupted run left pending is finished from the archive, and usually also named again in
        // this run: it is counted once, by its outcome, never also as unchanged or as another process's.
        let resumed = Set(resumable.map(\.id))
        let listed = Set(files.map(\.shownPath))
        let total = files.count + resumable.filter { !listed.contains($0.sourcePath) }.count
        let summary = SummaryCollector(ignored: ignored, clock: clock)
        let processing = self.processing
        let clock = self.clock
        let loading = self.loading
        let stages = StagedWork<Job, Loaded>(
            workers: config.workers.count,
            process: { jobs in
                zip(jobs, await Self.outcomes(of: jobs, using: processing, clock: clock)).flatMap { job, outcomes in
                    outcomes.map { Loaded(path: job.path + ($0.part ?? ""), outcome: $0) }
                }
            },
            load: { batch in
                let outcomes = batch.map(\.outcome)
                try await loading.run { try clock.measure(.load) { try store.load(outcomes) } }
                let done = await summary.add(batch)
                for loaded in batch {
                    logger.info(
                        "processed",
                        metadata: [
                            "file": .string(loaded.path), "form": .string(loaded.outcome.form ?? "-"),
                            "outcome": .string(loaded.outcome.status.rawValue),
                        ])
                }
                progress?(BatchProgress(done: done, total: total, scannedPages: clock.total(.ocr).count))
            })
        try await stages.run { groups in
            for start in stride(from: 0, to: resumable.count, by: Self.intakeGroupSize) {
                try Task.checkCancellation()
                await groups.send(resumable[start..<min(resumable.count, start + Self.intakeGroupSize)].map(resumeJob))
            }
            // Files are taken in in small groups, archived together and recorded in one store transaction:
            // intake stays ahead of the workers.
            var group: [Read] = []
            var groupBytes = 0
            for (index, source) in files.enumerated() {
                try Task.checkCancellation()
                let read = try await clock.measure(.intake) { try await readAndHash(source, runID: runID, summary: summary) }
                if let read {
                    group.append(read)
                    groupBytes += read.bytes.count
                }
                if group.count >= Self.intakeGroupSize || groupBytes >= Self.intakeGroupBytes || index == files.count - 1 {
                    let ready = try await clock.measure(.intake) {
                        try await archiveAndRecord(group, runID: runID, resumed: resumed, summary: summary)
                    }
                    group.removeAll(keepingCapacity: true)
                    groupBytes = 0
                    if !ready.isEmpty { await groups.send(ready) }
                }
            }
            await takenIn?()
        }
        let corrections = try await bookkeeping.run {
            try store.finishRun(runID)
            return try store.supersessions(madeInRun: runID)
        }
        var result = await summary.summary
        result.corrections = corrections
        return result
    }

    /// A submission left pending earlier, read back from the archive (its original path may be gone).
    /// Intake archives before it records, so a missing original means the archive was tampered with.
    private func resumeJob(_ pending: ResumableSubmission) -> Job {
        Job(submissionID: pending.id, path: pending.sourcePath, bytes: archive.original(sha256: pending.sha256))
    }

    /// A file read whole and hashed, ready to be archived and recorded.
    struct Read: Sendable {
        let shownPath: String
        let sha256: String
        let bytes: Data
        let upload: Upload?
    }

    static let intakeGroupSize = 32
    static let intakeGroupBytes = 16 << 20

    /// Reads and hashes a file (a file that cannot be read in whole is recorded as rejected here).
    private func readAndHash(_ source: IntakeSource, runID: Int64, summary: SummaryCollector) async throws -> Read? {
        let bytes: Data
        let shownPath = source.shownPath
        let taken: Result<Data, SubmittedFile.Refusal>
        switch source {
        case .file(let url, _): taken = SubmittedFile.read(path: url.path, limits: config.limits)
        case .bytes(let data, _, _): taken = SubmittedFile.accept(data, limits: config.limits)
        }
        switch taken {
        case .success(let read):
            bytes = read
        case .failure(let refusal):
            try await recordRejectedAtIntake(
                shownPath, size: refusal.size, upload: source.upload, rejection: refusal.rejection, runID: runID, summary: summary)
            return nil
        }
        return Read(shownPath: shownPath, sha256: SHA256.hash(data: bytes).hexString, bytes: bytes, upload: source.upload)
    }

    /// Archives a group of files, then records them in the store before any other work; hands on those that
    /// still need processing.
    private func archiveAndRecord(_ group: [Read], runID: Int64, resumed: Set<Int64>, summary: SummaryCollector) async throws -> [Job] {
        let (archive, store) = (self.archive, self.store)
        let decisions = try await intake.run {
            let locations = try archive.store(group.map { ($0.bytes, $0.sha256) })
            let files = zip(group, locations).map { read, location in
                IntakeFile(sourcePath: read.shownPath, sha256: read.sha256, size: read.bytes.count, archived: location, upload: read.upload)
            }
            return try store.intake(files, runID: runID)
        }
        var jobs: [Job] = []
        for (read, decision) in zip(group, decisions) {
            let path = read.shownPath
            switch decision {
            case .process(let id):
                jobs.append(Job(submissionID: id, path: path, bytes: read.bytes))
            case .alreadyDone(let id):
                // Resumed in this run (and done already): its outcome was counted when it loaded.
                if !resumed.contains(id) { await summary.unchanged() }
            case .inProgressElsewhere(let id):
                // Resumed in this run and not done yet: not another process's; counted when it loads.
                if !resumed.contains(id) { await summary.elsewhere(path) }
            case .duplicate(_, _, let firstPath):
                await summary.duplicate(path: path, of: firstPath)
            }
        }
        return jobs
    }

    /// A file that cannot be taken in whole (unreadable, too large) is still recorded, rejected with the reason,
    /// under a key derived from its path and size since its bytes were never hashed.
    private func recordRejectedAtIntake(
        _ shownPath: String, size: Int, upload: Upload?, rejection: Rejection, runID: Int64, summary: SummaryCollector
    ) async throws {
        let key = "unhashed:" + SHA256.hash(data: Data("\(shownPath)\u{0}\(size)".utf8)).hexString
        guard case .process(let id) = try store.intake(IntakeFile(sourcePath: shownPath, sha256: key, size: size, upload: upload), runID: runID)
        else {
            await summary.unchanged()
            return
        }
        let outcome = Outcome.rejected(id, reason: rejection.text, code: rejection.code.rawValue)
        try store.load([outcome])
        _ = await summary.add([Loaded(path: shownPath, outcome: outcome)])
    }
}

/// Collects outcomes from the loader task for the final summary.
actor SummaryCollector {
    private(set) var summary = BatchSummary()

    init(ignored: [String], clock: StageClock) {
        summary.ignored = ignored
        summary.clock = clock
    }

    /// Adds a loaded group; answers how many files are done.
    func add(_ batch: [BatchRunner.Loaded]) -> Int {
        for loaded in batch { add(loaded) }
        return summary.files
    }

    private func add(_ loaded: BatchRunner.Loaded) {
        let outcome = loaded.outcome
        let errors = outcome.findings.filter { $0.severity == .error }.count
        let warnings = outcome.findings.count - errors
        let detail: String?
        switch outcome.status {
        case .rejected: detail = outcome.reason
        case .invalid: detail = "\(errors) 处错误" + (warnings > 0 ? "，\(warnings) 处提醒" : "")
        case .review: detail = "\(errors) 处读不准" + (warnings > 0 ? "，\(warnings) 处提醒" : "")
        default: detail = warnings > 0 ? "\(warnings) 处提醒" : nil
        }
        summary.add(.init(path: loaded.path, status: outcome.status, form: outcome.form, detail: detail), firstOfFile: outcome.partIndex == 0)
    }

    func unchanged() {
        summary.unchanged += 1
    }

    func elsewhere(_ path: String) {
        summary.elsewhere.append(path)
    }

    func duplicate(path: String, of firstPath: String) {
        summary.add(.init(path: path, status: .duplicate, form: nil, detail: "与 \(firstPath) 内容完全相同"))
    }
}

extension Digest {
    /// Lowercase hex, built byte by byte: `String(format:)` per byte costs more than hashing a form.
    package var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
