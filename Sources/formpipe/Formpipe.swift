import ArgumentParser
import FormPipeline
import FormReports
import FormSchema
import Foundation
import Logging

@main
struct Formpipe: AsyncParsableCommand {
    /// The shared options given before the subcommand's name; each subcommand also takes them after it.
    @OptionGroup var global: GlobalOptions

    static let configuration = CommandConfiguration(
        commandName: "formpipe",
        abstract: "Turns the forms branches send in (.docx, PDF) into validated data in SQLite, with reports.",
        discussion: """
            The shared options (--config, --state, --db, --set key=value) go before or after the subcommand.

            Exit codes: 0 done (every file got an outcome); 1 operational failure (bad config, store or state \
            folder unusable, schemas broken); 2 usage error (an unknown option, or a file, form, branch, \
            submission or field that is not there).
            """,
        version: FormpipeVersion.string,
        subcommands: [
            BatchCommand.self, WatchCommand.self, CheckCommand.self, RevalidateCommand.self, ReportCommand.self, ExportCommand.self,
            StatusCommand.self,
            ReviewCommand.self, SupersedeCommand.self, SchemasCommand.self, TemplateCommand.self, UsersCommand.self, ServeCommand.self,
            ProcessingWorkerCommand.self,
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
        } catch let error as ArgumentParser.ValidationError {
            FileHandle.standardError.write(Data("formpipe: \(error.message)\n".utf8))
            Foundation.exit(2)
        } catch let error as PipelineError where error.isUsageError {
            FileHandle.standardError.write(Data("formpipe: \(error)\n".utf8))
            Foundation.exit(2)
        } catch  where exitCode(for: error) == .success {
            // `--help` after a subcommand and `formpipe help …` arrive here, from the parser's help command.
            exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data("formpipe: \(OutputText.printable("\(error)"))\n".utf8))
            Foundation.exit(1)
        }
    }
}

/// Where log lines go: standard error, English, at the configured level.
enum Logs {
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return PrintableLogHandler(inner: handler)
        }
        return Logger(label: "formpipe")
    }
}

extension String {
    /// The text as a terminal may show it: see `OutputText.printable`. File names and document text pass
    /// through here on their way to the screen, so a name with a newline cannot forge a line of the summary.
    var printable: String { OutputText.printable(self) }
}

/// One log line per event, whatever a file name or a document holds: the message and every metadata value
/// are escaped (`\n`, `\u{1B}`, bidi controls) before the stream handler writes them.
struct PrintableLogHandler: LogHandler {
    var inner: StreamLogHandler

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = "\(event.message.description.printable)"
        event.metadata = event.metadata.map(Self.printable)
        inner.log(event: event)
    }

    static func printable(_ metadata: Logger.Metadata) -> Logger.Metadata {
        metadata.mapValues(printable)
    }

    static func printable(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(text.printable)
        case .stringConvertible(let convertible): .string(convertible.description.printable)
        case .array(let values): .array(values.map(printable))
        case .dictionary(let values): .dictionary(values.mapValues(printable))
        }
    }
}
