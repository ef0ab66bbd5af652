import Foundation

/// Why a file could not be read into a document. Each case is a rejection (`rejection`) for a clerk.
public enum DocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    case unsupported(FileKind)
    case damaged(String)
    /// `limit` is the pipeline.conf key of the bound that was crossed.
    case limitExceeded(limit: String, detail: String)
    case forbiddenXML(String)
    case encrypted
    case noTextLayer
    /// Reading took longer than `seconds_per_file`.
    case timedOut(seconds: Double)
    /// The isolated reader process died on this file.
    case workerCrashed(String)
    /// The isolated reader process grew past its memory limit on this file.
    case memoryExceeded(megabytes: Int)
    /// A legacy file (.doc/.wps/.rtf/.odt) that LibreOffice could not turn into .docx.
    case conversionFailed(FileKind, String)

    /// The code and reason shown to the office and the branch.
    public var rejection: Rejection { Rejection(code, text) }

    /// For logs and test failures; the office sees `rejection.text`.
    public var description: String { "\(code.rawValue): \(text)" }

    public var code: Rejection.Code {
        switch self {
        case .unsupported(.legacyWord), .unsupported(.openDocumentText): .legacyFormat
        case .unsupported(.pdf): .pdfDisabled
        case .unsupported: .notAFormFile
        case .damaged: .damaged
        case .limitExceeded: .limitExceeded
        case .forbiddenXML: .forbiddenXML
        case .encrypted: .encrypted
        case .noTextLayer: .noText
        case .timedOut: .timedOut
        case .workerCrashed: .readerCrashed
        case .memoryExceeded: .memoryExceeded
        case .conversionFailed: .conversionFailed
        }
    }

    private var text: String {
        switch self {
        case .unsupported(.legacyWord):
            return "这是旧版 Word（.doc）、RTF 或 WPS（.wps）文件，请在 Word/WPS 中“另存为” .docx 后重新提交"
        case .unsupported(.openDocumentText):
            return "这是 OpenDocument（.odt）文件，请另存为 .docx 后重新提交"
        case .unsupported(.pdf):
            return "这是 PDF 文件，但此处未启用 PDF 读取；请改交 Word（.docx）版本"
        case .unsupported(.otherZip):
            return "这是压缩包，不是 Word 文档；请直接提交 .docx 或 PDF 文件"
        case .unsupported:
            return "不是 Word（.docx）或 PDF 文件，无法读取"
        case .damaged(let detail):
            return "文件已损坏，无法打开（\(detail)）"
        case .limitExceeded(let limit, let detail):
            return "文件超出安全限制 \(limit)（\(detail)），已拒绝"
        case .forbiddenXML(let detail):
            return "文件包含不允许的 XML 内容（\(detail)），已拒绝"
        case .encrypted:
            return "文件已加密，请提交未加密版本"
        case .noTextLayer:
            return "扫描件或照片中没有识别出文字；请提交清晰的扫描件，或由 Word 导出的 PDF、.docx"
        case .timedOut(let seconds):
            return "读取超时（超过安全限制 seconds_per_file = \(Self.format(seconds)) 秒），已拒绝"
        case .workerCrashed(let detail):
            return "读取程序崩溃（\(detail)），文件可能已损坏或含有异常内容，已拒绝"
        case .memoryExceeded(let megabytes):
            return "读取时内存超限（超过安全限制 worker_memory_mb = \(megabytes) MB），已拒绝"
        case .conversionFailed(let kind, let detail):
            let name = kind == .openDocumentText ? "OpenDocument（.odt）" : "旧版 Word（.doc）/WPS"
            return "\(name)文件自动转换为 .docx 失败（\(detail)），请另存为 .docx 后重新提交"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e9 ? String(Int(seconds)) : String(seconds)
    }
}
