import ArgumentParser
import FormPipeline
import FormReports
import FormSchema
import FormStore
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
        if let form, environment.catalog.form(id: form) == nil {
            throw ValidationError("未知的表格 “\(form)”；可用：\(environment.catalog.forms.map(\.id).joined(separator: ", "))")
        }
        let store = try environment.openExistingStore()
        if let branch {
            let known = try store.currentBranches()
            guard known.contains(branch) else { throw PipelineError.unknownBranch(branch, known: NaturalOrder.sorted(known)) }
        }
        let processing = environment.makeProcessing(executable: GlobalOptions.executable)
        defer { processing.shutdown() }
        let report = try await Revalidator(config: environment.config, store: store, processing: processing)
            .run(form: form, branch: branch)
        print(SummaryText.revalidation(report))
        let reports = try environment.reportWriter().write(from: store)
        print("报表：\(environment.config.reportsFolder.path)（\(reports.count) 个文件）")
    }
}
