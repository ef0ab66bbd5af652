import ArgumentParser
import FormDocument
import FormPipeline
import FormSchema
import Foundation

/// The worker side of isolation; started by the pipeline itself, not by people.
struct ProcessingWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Internal: process files sent on standard input.", shouldDisplay: false)

    @Option(help: "The schema folder the pipeline loaded.")
    var schemas: String

    @Option(help: "The input limits, as the pipeline passes them.")
    var limits: String

    @Option(help: "Address-space limit in bytes (setrlimit), a backstop behind the pipeline's memory watch.")
    var addressSpace: Int

    @Option(help: "The nice value the worker runs at.")
    var niceness: Int32 = 0

    func validate() throws {
        if InputLimits(argument: limits) == nil { throw ValidationError("bad --limits") }
    }

    func run() throws {
        // The pipeline loaded these same schemas a moment ago; failing here means they changed in between,
        // and the pipeline sees a worker that ends without answering.
        let catalog = try SchemaCatalog.load(from: URL(fileURLWithPath: schemas))
        ProcessingWorkerLoop.run(
            catalog: catalog, limits: InputLimits(argument: limits) ?? InputLimits(), addressSpaceBytes: addressSpace, niceness: niceness)
    }
}
