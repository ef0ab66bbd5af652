import ArgumentParser
import FormPipeline
import Foundation
import Logging

@main
struct Formpipe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formpipe",
        abstract: "Turns the forms branches send in (.docx, PDF) into validated data in SQLite, with reports.",
        subcommands: [
            BatchCommand.self, CheckCommand.self, ReportCommand.self, ExportCommand.self, StatusCommand.self,
            SchemasCommand.self,
        ])

    /// Exit codes of the contract: 0 done, 1 operational failure, 2 usage error.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error where isOperational(error) {
            FileHandle.standardError.write(Data("formpipe: \(error)\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }

    static func isOperational(_ error: any Error) -> Bool {
        !(error is any ParsableArgumentsError) && !(error is ValidationError) && !(error is CleanExit)
            && String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") == false
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
