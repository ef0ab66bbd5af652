import Foundation

/// Turns a file's bytes into a `Document`, choosing the reader by the bytes, not the file name.
public struct DocumentReader: Sendable {
    public let limits: InputLimits

    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    /// Reads within `limits.secondsPerFile`, checked while reading.
    public func read(_ bytes: Data) throws(DocumentError) -> Document {
        guard !bytes.isEmpty else { throw .damaged("空文件（0 字节），可能上传失败，请重新提交") }
        let deadline = Deadline(seconds: limits.secondsPerFile)
        switch FileKind.sniff(prefix: bytes.prefix(FileKind.pdfHeaderWindow)) {
        case .docx:
            do throws(DocumentError) {
                return try DocxReader(limits: limits).read(bytes, deadline: deadline)
            } catch {
                guard case .unsupported(.openDocumentText) = error else { throw error }
                return try convertLegacy(bytes, kind: .openDocumentText, deadline: deadline)
            }
        case .pdf:
            return try PdfReader(limits: limits).read(bytes, deadline: deadline)
        case .legacyWord:
            return try convertLegacy(bytes, kind: .legacyWord, deadline: deadline)
        case let other:
            throw .unsupported(other)
        }
    }

    /// A legacy file is refused with the advice to save it as .docx, unless `convert_legacy` is on and
    /// LibreOffice is installed; then the converted .docx is read within what is left of the deadline.
    private func convertLegacy(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Document {
        guard limits.convertLegacy, let converter = LegacyConverter.installed() else { throw .unsupported(kind) }
        if bytes.count > limits.maxFileBytes {
            throw .limitExceeded(limit: "max_file_mb", detail: "\(bytes.count) 字节，上限 \(limits.maxFileBytes) 字节")
        }
        let converted = try converter.convert(bytes, kind: kind, deadline: deadline)
        var document = try DocxReader(limits: limits).read(converted, deadline: deadline)
        document.format = kind
        return document
    }
}
