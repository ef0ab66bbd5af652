import ArgumentParser
import FormPipeline
import Foundation

/// Options every command takes; each pipeline.conf key can also be set with `--set key=value`.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The configuration file.")
    var configFile = "pipeline.conf"

    @Option(name: .customLong("state"), help: "Folder for all mutable state (store, archive, reports); overrides state_dir.")
    var stateFolder: String?

    @Option(name: .customLong("db"), help: "The SQLite store; overrides db.")
    var databaseFile: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a pipeline.conf key.", valueName: "key=value"))
    var overrides: [String] = []

    func environment() throws -> PipelineEnvironment {
        try PipelineEnvironment(
            configFile: configFile, stateFolder: stateFolder, databaseFile: databaseFile, overrides: overrides)
    }

    /// This very binary, which also runs the unpack workers (`formpipe unpack-worker`).
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }
}
