import ArgumentParser
import FormPipeline
import FormStore
import Foundation

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Process files and folders once, print a summary; exit 0 when every file got an outcome.")

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Argument(help: "Files or folders of submissions.")
    var paths: [String]

    @Flag(help: "Print where the time went, stage by stage (for the benchmark).")
    var timings = false

    @Flag(help: "Follow symbolic links wherever they lead (default: only to a regular file inside the folders given).")
    var followLinks = false

    func run() async throws {
        let interruption = Interruption.removeUnfinishedReportsOnSignal()
        defer { interruption.forEach { $0.cancel() } }
        let environment = try options.environment()
        let logger = Logs.bootstrap(level: environment.config.logLevel)
        let onTerminal = isatty(STDERR_FILENO) == 1
        let started = ContinuousClock.now
        let (summary, store) = try await environment.batch(
            paths: paths, followLinks: followLinks, executable: GlobalOptions.executable, logger: logger
        ) { progress in
            guard onTerminal else { return }
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + SummaryText.progress(progress, since: started)).utf8))
        }
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        // The summary first: whatever happens to the reports, the clerk sees what became of each file.
        print(SummaryText.batch(summary, catalog: environment.catalog))
        if timings { print("Stage timings:\n" + summary.clock.report) }
        print("数据库：\(store.path)")
        let reportStart = Date()
        let reports = try environment.writeReports(from: store, logger: logger)
        if timings { print(String(format: "  %-40@ %8.3f s", "report" as NSString, Date().timeIntervalSince(reportStart))) }
        print("报表：\(environment.config.reportsFolder.path)（\(reports.count) 个文件）")
    }
}
