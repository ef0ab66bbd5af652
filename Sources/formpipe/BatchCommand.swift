import ArgumentParser
import FormPipeline
import FormReports
import FormStore
import Foundation

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Process files and folders once, print a summary; exit 0 when every file got an outcome.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files or folders of submissions.")
    var paths: [String]

    func run() async throws {
        let environment = try global.environment()
        let logger = Logs.bootstrap(level: environment.config.logLevel)
        let store = try environment.openStore()
        let runner = BatchRunner(config: environment.config, store: store, catalog: environment.catalog, logger: logger)
        let onTerminal = isatty(STDERR_FILENO) == 1
        let summary = try await runner.run(paths: paths) { done, total in
            guard onTerminal else { return }
            FileHandle.standardError.write(Data("\r已处理 \(done)/\(total)".utf8))
        }
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let reports = try ReportWriter(
            folder: environment.config.reportsFolder, catalog: environment.catalog, settings: environment.config.reportSettings
        ).write(from: store)
        print(SummaryText.batch(summary, catalog: environment.catalog))
        print("数据库：\(store.path)")
        print("报表：\(reports.map(\.path).joined(separator: "、"))")
    }
}
