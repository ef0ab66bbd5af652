import Foundation

/// Turns a file's bytes into a `Document`, choosing the reader by the bytes, not the file name.
public struct DocumentReader: Sendable {
    public let limits: InputLimits

    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    public func read(_ bytes: Data) throws(DocumentError) -> Document {
        guard !bytes.isEmpty else { throw .damaged("空文件（0 字节），可能上传失败，请重新提交") }
        switch FileKind.sniff(prefix: bytes.prefix(FileKind.pdfHeaderWindow)) {
        case .docx:
            return try DocxReader(limits: limits).read(bytes)
        case .pdf:
            return try PdfReader(limits: limits).read(bytes)
        case let other:
            throw .unsupported(other)
        }
    }
}
