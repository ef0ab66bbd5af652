public import FormReports
import FormSchema
public import FormStore
public import Foundation
public import Logging

/// What each door does with the pipeline — take files in, or read stored ones again — and the reports after, in one
/// place: the commands (and later the portal) only say which and print the result.
extension PipelineEnvironment {
    /// A batch over files and folders: the paths checked first (a mistyped one must not leave a new, empty store
    /// behind), then every file taken in, processed and loaded. The store is handed back for the reports.
    public func batch(
        paths: [String], followLinks: Bool, executable: URL, logger: Logger, progress: (@Sendable (BatchProgress) -> Void)? = nil
    ) async throws -> (summary: BatchSummary, store: SubmissionStore) {
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw PipelineError.missingInput(path)
        }
        let store = try openStore()
        let processing = makeProcessing(executable: executable)
        defer { processing.shutdown() }
        let runner = BatchRunner(config: config, store: store, processing: processing, logger: logger)
        return (try await runner.run(paths: paths, followLinks: followLinks, progress: progress), store)
    }

    /// Every stored submission (or those of one form or branch) read again from its archived original.
    public func revalidate(form: String?, branch: String?, executable: URL) async throws -> (report: RevalidationReport, store: SubmissionStore) {
        if let form, catalog.form(id: form) == nil { throw PipelineError.unknownForm(form, known: catalog.forms.map(\.id)) }
        let store = try openExistingStore()
        if let branch {
            let known = try store.currentBranches()
            guard known.contains(branch) else { throw PipelineError.unknownBranch(branch, known: NaturalOrder.sorted(known)) }
        }
        let processing = makeProcessing(executable: executable)
        defer { processing.shutdown() }
        let report = try await Revalidator(config: config, store: store, processing: processing).run(form: form, branch: branch)
        return (report, store)
    }

    /// Writes every report from the store (into `folder`, by default the state's reports folder). An output it
    /// cannot write (a notice the file system will not name, a full disk for one file) is printed for the person
    /// at the terminal and logged, and the rest are written.
    @discardableResult
    public func writeReports(from store: SubmissionStore, into folder: URL? = nil, logger: Logger? = nil) throws -> [URL] {
        try reportWriter(folder: folder, logger: logger).write(from: store)
    }

    /// The report writer of this run, for a command that writes again and again (watch).
    public func reportWriter(folder: URL? = nil, logger: Logger? = nil) -> ReportWriter {
        ReportWriter(folder: folder ?? config.reportsFolder, catalog: catalog, settings: config.reports) { error in
            FileHandle.standardError.write(Data("警告：\(OutputText.printable(error.description))\n".utf8))
            logger?.warning("report output not written; the other outputs were", metadata: ["error": "\(error)"])
        }
    }
}
