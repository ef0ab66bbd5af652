import Foundation

/// Turns a file's bytes into a `Document`, choosing the reader by the bytes, not the file name.
public struct DocumentReader: Sendable {
    public let limits: InputLimits

    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    public func read(_ bytes: Data) throws(DocumentError) -> Document {
        switch FileKind.sniff(prefix: bytes.prefix(8)) {
        case .docx:
            return try DocxReader(limits: limits).read(bytes)
        case let other:
            throw .unsupported(other)
        }
    }
}
