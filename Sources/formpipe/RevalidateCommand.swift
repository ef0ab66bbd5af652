import ArgumentParser
import FormPipeline
import Foundation

struct RevalidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revalidate",
        abstract: "Re-run extraction and validation over stored submissions from their archived originals; print what changed.")

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Option(help: "Only this form (its id, as `formpipe schemas check` lists them).")
    var form: String?

    @Option(help: "Only this branch (所在支部 as written in the forms).")
    var branch: String?

    func run() async throws {
        let interruption = Interruption.removeUnfinishedReportsOnSignal()
        defer { interruption.forEach { $0.cancel() } }
        let environment = try options.environment()
        let (report, store) = try await environment.revalidate(form: form, branch: branch, executable: GlobalOptions.executable)
        print(SummaryText.revalidation(report))
        let reports = try environment.writeReports(from: store)
        print("报表：\(environment.config.reportsFolder.path)（\(reports.count) 个文件）")
    }
}
