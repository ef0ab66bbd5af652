import FormDocument
import Foundation

/// Turns a file's bytes into a document, or says why it cannot. Everything after this is format-blind.
public protocol Unpacker: Sendable {
    func unpack(_ bytes: Data) async -> Result<Document, DocumentError>
    /// Stops whatever the unpacker started (worker processes); safe to call more than once.
    func shutdown()
}

/// Unpacks in this process: for one-off checks in tests and for debugging. A reader crash here takes the
/// process with it, which is why batches use `WorkerPoolUnpacker`.
public struct InProcessUnpacker: Unpacker {
    let reader: DocumentReader

    public init(limits: InputLimits) {
        reader = DocumentReader(limits: limits)
    }

    public func unpack(_ bytes: Data) async -> Result<Document, DocumentError> {
        do {
            return .success(try reader.read(bytes))
        } catch {
            return .failure(error)
        }
    }

    public func shutdown() {}
}
