import CPoppler
import Foundation

/// Keeps poppler's global state alive between documents.
///
/// poppler builds its global parameters (the tables of its data directories, parsed CMaps such as
/// Adobe-GB1's, unicode maps, the font substitutions it looked up) when the first document opens and throws them
/// away when the last one closes (`GlobalParamsIniter` counts open documents). A worker reads one PDF at a
/// time, so every PDF paid for scanning /usr/share/poppler and parsing the CJK CMaps with fscanf again. One tiny
/// document held open for the life of the process keeps that state built once.
enum PopplerGlobalState {
    /// Call before opening a document; the first call opens the document that is never closed.
    static func retain() {
        _ = keeper
    }

    nonisolated(unsafe) private static let keeper: OpaquePointer? = {
        let bytes = minimalPDF()
        let gbytes = bytes.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        defer { g_bytes_unref(gbytes) }
        return poppler_document_new_from_bytes(gbytes, nil, nil)
    }()

    /// A one-page empty PDF with a correct cross-reference table, so poppler opens it without repairing it.
    static func minimalPDF() -> Data {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        ]
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { text += String(format: "%010d 00000 n \n", offset) }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(text.utf8)
    }
}
