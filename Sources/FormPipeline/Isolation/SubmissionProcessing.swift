import FormDocument
import FormSchema
import Foundation

/// Where files are processed: in a pool of worker processes (batches, watch, revalidate) or in this process
/// (one-off checks, tests, debugging). Everything before is intake, everything after is loading.
public protocol SubmissionProcessing: Sendable {
    func process(_ bytes: Data) async -> ProcessedFile
    /// Stops whatever was started (worker processes); safe to call more than once.
    func shutdown()
}

/// Processes in this process. A reader crash here takes the process with it, which is why batches use
/// `WorkerPool`.
public struct InProcessProcessing: SubmissionProcessing {
    let processor: SubmissionProcessor

    public init(catalog: SchemaCatalog, limits: InputLimits) {
        processor = SubmissionProcessor(catalog: catalog, limits: limits)
    }

    public func process(_ bytes: Data) async -> ProcessedFile {
        processor.process(bytes)
    }

    public func shutdown() {}
}
