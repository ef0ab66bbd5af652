import ArgumentParser
import FormPipeline
import FormReports
import FormSchema
import FormStore
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print one JSON line per stored submission (its latest state).")

    enum Format: String, ExpressibleByArgument {
        case jsonl
    }

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Option(help: "Output format.")
    var format: Format = .jsonl

    func run() async throws {
        let store = try options.environment().openExistingStore()
        try store.withSnapshot { snapshot in
            try JSONLExport.write(snapshot) { FileHandle.standardOutput.write($0) }
        }
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write the consolidated outputs from the store.")

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Option(help: "Folder for the reports (default: <state>/reports).")
    var out: String?

    func run() async throws {
        let interruption = Interruption.removeUnfinishedReportsOnSignal()
        defer { interruption.forEach { $0.cancel() } }
        let environment = try options.environment()
        let store = try environment.openExistingStore()
        let folder = out.map { URL(fileURLWithPath: $0) } ?? environment.config.reportsFolder
        let written = try environment.writeReports(from: store, into: folder)
        print("报表：\(written.map(\.path).joined(separator: "、"))")
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Counts by form, branch and outcome.")

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    func run() async throws {
        let environment = try options.environment()
        let store = try environment.openExistingStore()
        let statuses: [SubmissionStatus] = [.valid, .invalid, .review, .rejected, .superseded, .duplicate, .pending]
        var total = 0
        var byForm: [String: [SubmissionStatus: Int]] = [:]
        var byBranch: [String: [SubmissionStatus: Int]] = [:]
        // Counted one submission at a time, so memory stays flat however many the store holds.
        try store.withSnapshot { snapshot in
            try snapshot.forEachSubmission(records: true) { submission in
                total += 1
                let form = submission.form.flatMap { environment.catalog.form(id: $0)?.name } ?? "（未识别）"
                byForm[form, default: [:]][submission.status, default: 0] += 1
                let branch = submission.branch(in: environment.catalog) ?? "（无支部）"
                byBranch[branch, default: [:]][submission.status, default: 0] += 1
            }
        }
        print("共 \(total) 份提交（数据库 \(store.path)）")
        print(LegacyConversionStatus.line(config: environment.config))
        for (title, table) in [("按表格", byForm), ("按支部", byBranch)] {
            print("\(title)：")
            for key in NaturalOrder.sorted(table.keys) {
                let counts = table[key] ?? [:]
                let parts = statuses.compactMap { status in
                    counts[status].map { "\(ReportWriter.statusNames[status] ?? status.rawValue) \($0)" }
                }
                print("  \(key.printable)：" + parts.joined(separator: "，"))
            }
        }
    }
}

struct SchemasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas", abstract: "Work with the form schemas.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Load and check every schema file; name the file and JSON pointer of a problem.")

        @OptionGroup var global: GlobalOptions
        @ParentCommand var root: Formpipe
        /// The shared options, given before or after the subcommand's name.
        var options: GlobalOptions { global.resolved(with: root.global) }

        func run() async throws {
            let config = try PipelineEnvironment.configuration(
                configFile: options.configFile, stateFolder: options.stateFolder, databaseFile: options.databaseFile,
                overrides: options.overrides)
            let results: [Result<FormSchema, any Error>]
            do {
                results = try SchemaCatalog.loadEach(from: config.schemaFolder)
            } catch {
                throw PipelineError.schemas(String(describing: error))
            }
            // Every file is checked, so one run names every broken schema.
            var broken = 0
            for result in results {
                switch result {
                case .success(let form):
                    print("\(form.id)：\(form.name)，\(form.fields.count) 个字段 —— 正确")
                case .failure(let error):
                    broken += 1
                    FileHandle.standardError.write(Data("有误：\(error)\n".utf8))
                }
            }
            if broken > 0 { throw PipelineError.schemas("\(broken) 个表格定义文件有误（见上）") }
        }
    }
}
