public import FormDocument
public import FormSchema
public import Foundation

/// Where files are processed: in a pool of worker processes (batches, watch, revalidate) or in this process
/// (one-off checks, tests, debugging). Everything before is intake, everything after is loading.
public protocol SubmissionProcessing: Sendable {
    func process(_ bytes: Data) async -> ProcessedFile
    /// Several files, answered in the same order; a pool hands them all to one worker.
    func process(_ files: [Data]) async -> [ProcessedFile]
    /// Stops whatever was started (worker processes); safe to call more than once.
    func shutdown()
}

extension SubmissionProcessing {
    public func process(_ files: [Data]) async -> [ProcessedFile] {
        var processed: [ProcessedFile] = []
        processed.reserveCapacity(files.count)
        for bytes in files { processed.append(await process(bytes)) }
        return processed
    }

    /// Each job's file processed, in the jobs' order, all in one `process(_:)` call; nil for a job without
    /// bytes (an original gone from the archive).
    func process<Job>(_ jobs: [Job], bytes: (Job) -> Data?) async -> [ProcessedFile?] {
        var processed = await process(jobs.compactMap(bytes)).makeIterator()
        return jobs.map { bytes($0) == nil ? nil : processed.next() }
    }
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
