public import Foundation

/// A reader of some kinds of file into a `Document`. A new kind of input (scanned pages, say) is one new
/// conforming type, registered where the worker assembles its readers (`SubmissionProcessor`).
public protocol DocumentReading: Sendable {
    /// The kinds, as `FileKind.sniff` tells them, that this reader takes.
    var kinds: Set<FileKind> { get }

    /// Reads within `deadline`, which the caller started and checks too. A reader that finds inside the bytes
    /// a kind it does not read (an .odt is a zip, as a .docx is) throws `.unsupported` with that kind, and
    /// the reader of that kind gets the file.
    func read(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Document
}

/// Turns a file's bytes into a `Document`, choosing the reader by the bytes, not the file name.
public struct DocumentReader: Sendable {
    public let limits: InputLimits
    public let readers: [any DocumentReading]

    /// With this module's readers: .docx, PDF, legacy word-processor files through LibreOffice, and scans.
    public init(limits: InputLimits = InputLimits()) {
        self.init(limits: limits, readers: Self.readers(limits: limits))
    }

    public init(limits: InputLimits, readers: [any DocumentReading]) {
        self.limits = limits
        self.readers = readers
    }

    /// The readers FormDocument itself has, in the order they are asked.
    public static func readers(limits: InputLimits) -> [any DocumentReading] {
        [DocxReader(limits: limits), PdfReader(limits: limits), LegacyReader(limits: limits), ImageReader(limits: limits)]
    }

    /// Reads within `limits.secondsPerFile`, checked while reading.
    public func read(_ bytes: Data) throws(DocumentError) -> Document {
        guard !bytes.isEmpty else { throw .damaged("空文件（0 字节），可能上传失败，请重新提交") }
        let deadline = Deadline(seconds: limits.secondsPerFile)
        var kind = FileKind.sniff(prefix: bytes.prefix(FileKind.pdfHeaderWindow))
        var tried: Set<FileKind> = []
        while true {
            guard tried.insert(kind).inserted, let reader = readers.first(where: { $0.kinds.contains(kind) }) else {
                throw .unsupported(kind)
            }
            do throws(DocumentError) {
                return try reader.read(bytes, kind: kind, deadline: deadline)
            } catch .unsupported(let found) where found != kind {
                kind = found
            }
        }
    }
}

/// .doc, .wps, .rtf and .odt: converted to .docx by LibreOffice when `convert_legacy` is on and LibreOffice is
/// installed, then read as a .docx within what is left of the deadline; otherwise refused with the advice to
/// save as .docx.
public struct LegacyReader: DocumentReading {
    public let limits: InputLimits
    public var kinds: Set<FileKind> { [.legacyWord, .openDocumentText] }

    public init(limits: InputLimits) {
        self.limits = limits
    }

    public func read(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Document {
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
