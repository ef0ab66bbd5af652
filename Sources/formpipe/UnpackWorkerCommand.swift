import ArgumentParser
import FormDocument
import FormPipeline

/// The worker side of unpack isolation; started by the pipeline itself, not by people.
struct UnpackWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack-worker", abstract: "Internal: unpack files sent on standard input.", shouldDisplay: false)

    @Option(help: "The input limits, as the pipeline passes them.")
    var limits: String

    @Option(help: "Address-space limit in bytes (setrlimit), a backstop behind the pipeline's memory watch.")
    var addressSpace: Int

    func validate() throws {
        if InputLimits(argument: limits) == nil { throw ValidationError("bad --limits") }
    }

    func run() throws {
        UnpackWorkerLoop.run(limits: InputLimits(argument: limits) ?? InputLimits(), addressSpaceBytes: addressSpace)
    }
}
