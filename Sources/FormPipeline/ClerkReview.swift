import FormExtraction
import FormReports
public import FormSchema
public import FormStore
public import Foundation

/// The clerk closing 待核对 items (`formpipe review`): what formpipe read of a submission, its original to open,
/// the clerk's own reading of a field recorded in history, or the reading findings passed to the branch.
public struct ClerkReview: Sendable {
    let config: PipelineConfig
    let catalog: SchemaCatalog
    let store: SubmissionStore
    let processing: any SubmissionProcessing
    let archive: OriginalsArchive

    public init(config: PipelineConfig, catalog: SchemaCatalog, store: SubmissionStore, processing: any SubmissionProcessing) {
        self.config = config
        self.catalog = catalog
        self.store = store
        self.processing = processing
        archive = OriginalsArchive(folder: config.archiveFolder, store: store)
    }

    /// Where `show` writes originals for the clerk to open: the drop folder may have moved a file since, and a
    /// bundle member or an upload has no path of its own.
    public var originalsFolder: URL { config.stateFolder.appendingPathComponent("review") }

    /// The current submissions waiting for review.
    public func pending() throws -> [StoredSubmission] {
        try store.submissionsNeedingReview()
    }

    /// The submission with its form, and the original written out under `originalsFolder` as
    /// `<id>-<file name>`.
    public func show(_ id: Int64) throws -> (submission: StoredSubmission, form: FormSchema?, original: URL) {
        let submission = try stored(id)
        guard let bytes = archive.original(sha256: submission.sha256) else { throw PipelineError.originalMissing(id) }
        // The sender's name, shown (bidi controls visible) and cut so that the id and the temporary name of an
        // atomic write still fit in a file name.
        let name = OutputText.visible(URL(fileURLWithPath: submission.sourcePath).lastPathComponent)
            .replacingOccurrences(of: "/", with: "_")
        let destination = DropFolderWatcher.fitted(
            originalsFolder.appendingPathComponent("\(id)-\(name.isEmpty ? "original" : name)"), room: 64)
        do {
            try FileManager.default.createDirectory(at: originalsFolder, withIntermediateDirectories: true)
            try bytes.write(to: destination, options: .atomic)
        } catch {
            throw PipelineError.stateFolderUnusable(path: originalsFolder.path, reason: FileErrorText.describe(error))
        }
        return (submission, submission.form.flatMap { catalog.form(id: $0) }, destination)
    }

    /// Records the clerk's values (`字段=值`, the field named as `ClerkCorrections.path(named:in:)` accepts) and
    /// reads the submission again from its original with every reading of the clerk applied; the new outcome
    /// is loaded like any other (a changed identity may make it a correction).
    public func set(_ id: Int64, values: [(field: String, value: String)], by who: String) async throws -> StoredSubmission {
        let submission = try stored(id)
        guard let formID = submission.form, let form = catalog.form(id: formID), submission.status.isCurrentForm else {
            throw PipelineError.notAForm(id)
        }
        let at = SubmissionStore.now()
        let readings = try values.map { assignment -> ClerkReading in
            guard let (path, field) = ClerkCorrections.path(named: assignment.field, in: form) else {
                throw PipelineError.unknownField(assignment.field, form: form.name)
            }
            let written = assignment.value.trimmingCharacters(in: .whitespaces)
            var value: JSONValue = .null
            if !written.isEmpty {
                guard let normalized = ValueNormalizer.normalize(written, as: field), Self.fits(normalized, field) else {
                    throw PipelineError.unreadableValue(field: field.title, value: written)
                }
                value = normalized
            }
            let previous = submission.record.flatMap { RecordPath.value(at: path, in: $0) }
            return ClerkReading(kind: .value, path: path, value: value, previous: previous, who: who, at: at)
        }
        return try await reread(submission, adding: readings)
    }

    /// The clerk looked and the branch must fix it: the reading findings become content findings, so the
    /// submission is invalid and the branch gets its notice.
    public func passToBranch(_ id: Int64, by who: String) async throws -> StoredSubmission {
        let submission = try stored(id)
        guard submission.form != nil, submission.status.isCurrentForm else { throw PipelineError.notAForm(id) }
        let reading = ClerkReading(kind: .toBranch, path: nil, value: nil, previous: nil, who: who, at: SubmissionStore.now())
        return try await reread(submission, adding: [reading])
    }

    /// Records the decisions, then reads the whole file again (every form in it, each with the clerk's readings
    /// of it) and loads what it holds, as revalidation does.
    private func reread(_ submission: StoredSubmission, adding readings: [ClerkReading]) async throws -> StoredSubmission {
        guard let bytes = archive.original(sha256: submission.sha256) else { throw PipelineError.originalMissing(submission.id) }
        try store.record(readings, for: submission.id)
        let file = submission.parentID ?? submission.id
        let parts = try store.parts(ofFiles: [file])[file] ?? [submission]
        let allReadings = try store.clerkReadings(for: parts.map(\.id))
        let own = parts.first { $0.id == file }
        let fileName = own.map { String($0.sourcePath.dropLast($0.part?.count ?? 0)) }
        let outcomes = await processing.process(bytes).outcomes(for: file, fileName: fileName) { index, name in
            let part = index == 0 ? own : parts.first { $0.parentID == file && $0.part == name }
            return part.flatMap { allReadings[$0.id] } ?? []
        }
        try store.load(outcomes)
        return try stored(submission.id)
    }

    private func stored(_ id: Int64) throws -> StoredSubmission {
        guard let submission = try store.submissions(ids: [id]).first else { throw PipelineError.noSuchSubmission(id) }
        return submission
    }

    /// Whether a normalised value is of the field's kind: a date that is a date, a number that is a number,
    /// one of an enum's options. What the clerk types is taken only when it is.
    static func fits(_ value: JSONValue, _ field: FieldSpec) -> Bool {
        switch field.kind {
        case .integer, .number: return value.numberValue != nil
        case .date: return value.stringValue.map { ValueNormalizer.date(in: $0) == $0 } ?? false
        case .enum: return value.stringValue.map(field.options.contains) ?? false
        case .string, .text, .table: return true
        }
    }
}
