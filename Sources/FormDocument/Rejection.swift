import Foundation

/// Why a file was turned away: a stable code for programs (the portal, exports, tests, a clerk's spreadsheet
/// filter) beside the words shown to the office. The codes are a contract (DESIGN.md, "Rejection codes"):
/// add new ones, never rename one.
public struct Rejection: Sendable, Hashable {
    public enum Code: String, Sendable, CaseIterable {
        /// .doc, .wps, .rtf or .odt: to be saved as .docx.
        case legacyFormat = "legacy-format"
        /// A PDF where PDF reading is turned off.
        case pdfDisabled = "pdf-disabled"
        /// Neither Word, PDF, image nor bundle.
        case notAFormFile = "not-a-form-file"
        case damaged
        /// Past one of pipeline.conf's safety limits while reading.
        case limitExceeded = "limit-exceeded"
        /// Larger than `max_file_mb`: refused before a byte is read.
        case tooLarge = "too-large"
        /// The file could not be read from disk at all.
        case unreadable
        case forbiddenXML = "forbidden-xml"
        case encrypted
        /// A scan or photo in which no text was found.
        case noText = "no-text"
        case timedOut = "timed-out"
        case readerCrashed = "reader-crashed"
        case memoryExceeded = "memory-exceeded"
        case conversionFailed = "conversion-failed"
        /// Read, but none of the forms the office issued.
        case notAKnownForm = "not-a-known-form"
        case bundleUnreadable = "bundle-unreadable"
        case bundleEmpty = "bundle-empty"
        /// A bundle inside a bundle.
        case bundleNested = "bundle-nested"
        /// Re-processing found no original in the archive.
        case originalMissing = "original-missing"
        /// A file read again no longer holds this part of it (written by the store, which names it as text).
        case partGone = "part-gone"
    }

    public let code: Code
    /// The reason in Chinese, as shown to the office and the branch.
    public let text: String

    public init(_ code: Code, _ text: String) {
        self.code = code
        self.text = text
    }

    /// Whether the branch is asked to save the file as .docx (a legacy Word, WPS or OpenDocument file).
    public var asksForDocx: Bool { code == .legacyFormat || code == .conversionFailed }

    /// The same rejection for a member of a bundle, named in the text.
    public func inBundle(member path: String) -> Rejection {
        Rejection(code, "压缩包中的 \(path)：\(text)")
    }
}
