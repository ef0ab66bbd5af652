import ArgumentParser
import FormPipeline
import Foundation

/// Options every command takes, before or after the subcommand's name (`formpipe --state X status` and
/// `formpipe status --state X`); each pipeline.conf key can also be set with `--set key=value`.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The configuration file (default: pipeline.conf).")
    var config: String?

    var configFile: String { config ?? "pipeline.conf" }

    @Option(name: .customLong("state"), help: "Folder for all mutable state (store, archive, reports); overrides state_dir.")
    var stateFolder: String?

    @Option(name: .customLong("db"), help: "The SQLite store; overrides db.")
    var databaseFile: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a pipeline.conf key.", valueName: "key=value"))
    var overrides: [String] = []

    /// These options where given after the subcommand, else those given before it; `--set`s of both apply.
    func resolved(with parent: GlobalOptions) -> GlobalOptions {
        var resolved = self
        resolved.config = config ?? parent.config
        resolved.stateFolder = stateFolder ?? parent.stateFolder
        resolved.databaseFile = databaseFile ?? parent.databaseFile
        resolved.overrides = parent.overrides + overrides
        return resolved
    }

    /// The settings of this run. Sets the process umask from `state_mode` before anything is created, so the
    /// store, the archive packs and the reports (and every temporary file of theirs) are never world-readable;
    /// a drop folder that exists keeps the mode the office gave it.
    func environment() throws -> PipelineEnvironment {
        let environment = try PipelineEnvironment(
            configFile: configFile, stateFolder: stateFolder, databaseFile: databaseFile, overrides: overrides)
        umask(environment.config.stateUmask)
        return environment
    }

    /// This very binary, which also runs the unpack workers (`formpipe worker`).
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }
}
