import ArgumentParser
import FormPipeline
import FormReports
import FormStore
import Foundation

struct SupersedeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supersede",
        abstract: "Record that NEW corrects OLD (two submissions of one form and identity) when the names and dates chose wrong.",
        discussion: "OLD and NEW are submission numbers (formpipe export, the reports) or the paths the files were taken in from.")

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Argument(help: "The submission that is corrected.")
    var old: String

    @Argument(help: "The submission that corrects it.")
    var new: String

    @Option(help: "Who made the decision, for the history (default: the login name).")
    var by: String?

    func run() async throws {
        let environment = try options.environment()
        let store = try environment.openExistingStore()
        guard let earlier = try store.submissionID(named: old) else { throw ValidationError(SupersedeError.noSuchSubmission(old).description) }
        guard let later = try store.submissionID(named: new) else { throw ValidationError(SupersedeError.noSuchSubmission(new).description) }
        let who = by ?? ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "clerk"
        do {
            try store.supersede(earlier, by: later, who: who)
        } catch let error as SupersedeError {
            throw ValidationError(error.description)
        }
        let shown = try store.submissions(ids: [earlier, later])
        let paths = Dictionary(uniqueKeysWithValues: shown.map { ($0.id, $0.sourcePath) })
        print("已更正：\(paths[earlier] ?? old) → \(paths[later] ?? new)（记入更正记录，操作人 \(who)）")
        let reports = try ReportWriter(
            folder: environment.config.reportsFolder, catalog: environment.catalog, settings: environment.config.reports
        ).write(from: store)
        print("报表：\(environment.config.reportsFolder.path)（\(reports.count) 个文件）")
    }
}
