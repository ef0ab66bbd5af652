import Foundation

/// What a file is, judged by its bytes rather than its name.
public enum FileKind: String, Sendable, Hashable, Codable {
    case docx
    case pdf
    /// Word 97–2003 .doc, WPS .wps (OLE compound files), or RTF, which Word and WPS also save under .doc.
    case legacyWord
    case openDocumentText
    /// A page image — JPEG, PNG or TIFF (several pages) — a scan or a phone photo of a printed form.
    case image
    /// A zip archive that is no Word document.
    case otherZip
    case unknown

    /// How far into a file a PDF header may start: readers accept junk before it (PDF 32000, annex H).
    public static let pdfHeaderWindow = 1024

    /// Sniffs the kind from the first bytes (pass at least `pdfHeaderWindow` of them); zip archives are told
    /// apart later, by the reader that looks inside.
    public static func sniff(prefix: some Collection<UInt8>) -> FileKind {
        let head = Array(prefix.prefix(8))
        // A signature at offset 0 wins: a .docx whose text (or a stored entry) holds "%PDF-" in its first KB is
        // still a zip, and a PDF header only counts where no other format has claimed the file.
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return .docx
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .legacyWord }
        if head.starts(with: Array("{\\rtf".utf8)) { return .legacyWord }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) || head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            || head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
        {
            return .image
        }
        let window = Array(prefix.prefix(pdfHeaderWindow))
        let marker: [UInt8] = [0x25, 0x50, 0x44, 0x46, 0x2D]  // %PDF-
        if window.count >= marker.count,
            (0...(window.count - marker.count)).contains(where: { window[$0..<$0 + marker.count].elementsEqual(marker) })
        {
            return .pdf
        }
        return .unknown
    }
}
