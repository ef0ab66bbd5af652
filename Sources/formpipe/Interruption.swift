import FormReports
import Foundation

/// What SIGINT and SIGTERM do to a command that writes reports: its reports are written to temporary names
/// and renamed, so an interrupted run would leave those behind in the reports folder. They are removed, and
/// the process then ends by the same signal, as it would have without this.
enum Interruption {
    static func removeUnfinishedReportsOnSignal() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                ReportWriter.removeUnfinishedFiles()
                signal(number, SIG_DFL)
                kill(getpid(), number)
            }
            source.resume()
            return source
        }
    }
}
