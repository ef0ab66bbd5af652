import CPoppler
package import Foundation

/// The least work any reader of these files must do with the same libraries: open the zip and parse the
/// main XML part, or open the PDF and take each page's text. The benchmark measures the pipeline against it.
package enum ParseFloor {
    /// Opens and parses; returns a number derived from the content so the work cannot be skipped.
    package static func openAndParse(_ bytes: Data) -> Int {
        switch FileKind.sniff(prefix: bytes.prefix(FileKind.pdfHeaderWindow)) {
        case .pdf: return pdf(bytes)
        case .docx: return docx(bytes)
        default: return 0
        }
    }

    static func docx(_ bytes: Data) -> Int {
        guard let archive = try? ZipArchive(bytes: bytes, limits: InputLimits()),
            let xml = try? archive.read("word/document.xml")
        else { return 0 }
        return (try? SafeXML.withDocument(xml, partName: "word/document.xml") { root in root.childElements.reduce(0) { count, _ in count + 1 } }) ?? 0
    }

    static func pdf(_ bytes: Data) -> Int {
        let gbytes = bytes.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        defer { g_bytes_unref(gbytes) }
        guard let document = poppler_document_new_from_bytes(gbytes, nil, nil) else { return 0 }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        var total = 0
        for index in 0..<poppler_document_get_n_pages(document) {
            guard let page = poppler_document_get_page(document, index) else { continue }
            if let text = poppler_page_get_text(page) {
                total += strlen(text)
                g_free(text)
            }
            g_object_unref(UnsafeMutableRawPointer(page))
        }
        return total
    }
}
