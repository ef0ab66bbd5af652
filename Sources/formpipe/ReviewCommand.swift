import ArgumentParser
import FormPipeline
import FormReports
import FormSchema
import FormStore
import Foundation

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List the submissions waiting for review (待核对); show one and write its original; record the clerk's reading.",
        discussion: """
            formpipe review                        list what waits for review, with each submission's number
            formpipe review ID                     show what formpipe read, and write the original to open it
            formpipe review ID --set 姓名=张三 …    record what the clerk read on the original; the form is checked again
            formpipe review ID --to-branch         the branch must fix it: its notice lists these fields
            """)

    /// `--set 字段=值` shares its name with the shared `--set key=value`: an assignment to a pipeline.conf key
    /// is a setting, any other names a field of the form.
    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    var assignments: [String] { options.overrides.filter { !PipelineConfig.isSetting($0) } }

    @Argument(help: "The submission's number (from `formpipe review`).")
    var id: Int64?

    @Flag(help: "Pass the reading findings to the branch: the submission becomes 需整改 and its notice lists them.")
    var toBranch = false

    @Option(help: "Who made the decision, for the history (default: the login name).")
    var by: String?

    func validate() throws {
        if id == nil, !assignments.isEmpty || toBranch { throw ValidationError("--set 和 --to-branch 需要提交编号：formpipe review ID …") }
        if !assignments.isEmpty, toBranch { throw ValidationError("--set 和 --to-branch 一次只能用一个") }
        for assignment in assignments where !assignment.contains("=") {
            throw ValidationError("“\(assignment)”应写作 字段=值，例如 姓名=张三")
        }
    }

    func run() async throws {
        let interruption = Interruption.removeUnfinishedReportsOnSignal()
        defer { interruption.forEach { $0.cancel() } }
        var settings = options
        settings.overrides = options.overrides.filter(PipelineConfig.isSetting)
        let environment = try settings.environment()
        let store = try environment.openExistingStore()
        let processing = environment.makeProcessing(executable: GlobalOptions.executable, workers: 1)
        defer { processing.shutdown() }
        let review = ClerkReview(config: environment.config, catalog: environment.catalog, store: store, processing: processing)
        let who = by ?? ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "clerk"
        guard let id else {
            print(Self.list(try review.pending(), catalog: environment.catalog))
            return
        }
        let after: StoredSubmission
        if !assignments.isEmpty {
            let values = assignments.map { assignment in
                let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                return (field: parts[0], value: parts.count > 1 ? parts[1] : "")
            }
            after = try await review.set(id, values: values, by: who)
        } else if toBranch {
            after = try await review.passToBranch(id, by: who)
        } else {
            let (submission, form, original) = try review.show(id)
            var lines = [
                "第 \(submission.id) 号提交：\(submission.sourcePath.printable)（\(ReportWriter.statusNames[submission.status] ?? submission.status.rawValue)）"
            ]
            if let form, let record = submission.record {
                lines.append(CheckOutput.text(.form(form, record: record, findings: submission.findings), file: submission.sourcePath))
            }
            lines.append("原件已写到：\(original.path.printable)")
            lines.append("核对后：formpipe review \(submission.id) --set 字段=值 …（记下原件上的内容），或 formpipe review \(submission.id) --to-branch（确属支部填写的问题）")
            print(lines.joined(separator: "\n"))
            return
        }
        print(Self.verdict(after, catalog: environment.catalog))
        // The store changed: the reports follow, as after a batch.
        let reports = try environment.writeReports(from: store)
        print("报表：\(environment.config.reportsFolder.path)（\(reports.count) 个文件）")
    }

    static func list(_ submissions: [StoredSubmission], catalog: SchemaCatalog) -> String {
        guard !submissions.isEmpty else { return "没有待核对的提交。" }
        var lines = ["待核对 \(submissions.count) 份（formpipe 没能可靠读出的地方；看原件：formpipe review 编号）："]
        for submission in submissions {
            let form = submission.form.flatMap { catalog.form(id: $0) }
            let branch = submission.branch(in: catalog) ?? ""
            lines.append("  \(submission.id)  \(submission.sourcePath.printable)  \(form?.name ?? "")  \(branch.printable)")
            for finding in submission.findings where finding.source == .reading {
                lines.append("      \(FieldPath.display(finding.path, in: form))：\(finding.message.printable)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func verdict(_ submission: StoredSubmission, catalog: SchemaCatalog) -> String {
        let form = submission.form.flatMap { catalog.form(id: $0) }
        var lines = ["第 \(submission.id) 号提交现为：\(ReportWriter.statusNames[submission.status] ?? submission.status.rawValue)"]
        for finding in submission.findings {
            let kind = finding.severity == .warning ? "提醒" : (finding.source == .reading ? "待核对" : "错误")
            lines.append("  [\(kind)] \(FieldPath.display(finding.path, in: form))：\(finding.message.printable)")
        }
        return lines.joined(separator: "\n")
    }
}
