import ArgumentParser
import FormPipeline
import FormReports
import FormSchema
import Foundation
import Logging

@main
struct Formpipe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formpipe",
        abstract: "Turns the forms branches send in (.docx, PDF) into validated data in SQLite, with reports.",
        subcommands: [
            BatchCommand.self, WatchCommand.self, CheckCommand.self, RevalidateCommand.self, ReportCommand.self, ExportCommand.self, StatusCommand.self,
            ReviewCommand.self, SchemasCommand.self, ProcessingWorkerCommand.self,
        ])

    /// Exit codes of the contract: 0 done, 1 operational failure, 2 usage error.
    static func main() async {
        // libzip converts each entry's time with mktime, and glibc's mktime stats /etc/localtime again on every
        // call while TZ is unset (three times per .docx). Naming the same zone file lets glibc read it once; the
        // workers inherit it.
        if getenv("TZ") == nil { setenv("TZ", ":/etc/localtime", 0) }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // Help and version requests exit 0 through the parser; everything else here is a usage error.
            guard exitCode(for: error) != .success else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            exit(withError: error)
        } catch where exitCode(for: error) == .success {
            // `--help` after a subcommand and `formpipe help …` arrive here, from the parser's help command.
            exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data("formpipe: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }
}

/// Where log lines go: standard error, English, at the configured level.
enum Logs {
    static func bootstrap(level: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: level) ?? .warning
            return handler
        }
        return Logger(label: "formpipe")
    }
}

extension PipelineEnvironment {
    /// The report writer of this run. An output it cannot write (a notice the file system will not name, a
    /// full disk for one file) is printed for the person at the terminal and logged, and the rest are written.
    func reportWriter(folder: URL? = nil, logger: Logger? = nil) -> ReportWriter {
        ReportWriter(folder: folder ?? config.reportsFolder, catalog: catalog, settings: config.reportSettings) { error in
            FileHandle.standardError.write(Data("警告：\(OutputText.printable(error.description))\n".utf8))
            logger?.warning("report output not written; the other outputs were", metadata: ["error": "\(error)"])
        }
    }
}
