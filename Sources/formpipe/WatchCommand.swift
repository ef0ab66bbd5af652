import ArgumentParser
import FormPipeline
import FormReports
import Foundation
import Logging

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Process the drop folder now and every new file in it, until SIGINT or SIGTERM.")

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Option(help: "The drop folder (default: drop_dir of pipeline.conf, else <state>/drop).")
    var drop: String?

    func run() async throws {
        // Signals first: a SIGTERM that arrives while the store opens must still end the service cleanly.
        let stop = StopSignal()
        let signalSources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.request() }
            source.resume()
            return source
        }
        defer { signalSources.forEach { $0.cancel() } }
        let environment = try options.environment()
        var config = environment.config
        if let drop { config.watch.dropFolder = URL(fileURLWithPath: drop).standardizedFileURL }
        // One line per file is the point of a watch log, whatever the batch log level is.
        let level = min(config.logLevel, .info)
        let logger = Logs.bootstrap(level: level)
        try DropFolderScope.checkLayout(config)
        try DropFolderWatcher.prepare(config.dropFolder)
        let store = try environment.openStore()
        let processing = environment.makeProcessing(executable: GlobalOptions.executable)
        defer { processing.shutdown() }
        let runner = BatchRunner(config: config, store: store, processing: processing, logger: logger)
        let reports = environment.reportWriter(logger: logger)

        let watcher = DropFolderWatcher(config: config, store: store, runner: runner, logger: logger) {
            try reports.write(from: store)
        }
        if stop.isRequested { return }
        try await watcher.run(until: stop)
    }
}
