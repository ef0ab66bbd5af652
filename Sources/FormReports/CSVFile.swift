import FormSchema
import Foundation

/// A CSV report as Excel on a Chinese Windows desktop opens it: UTF-8 with a BOM, RFC 4180 quoting, CRLF
/// lines, and cells that a spreadsheet would run as a formula neutralised with a leading apostrophe.
/// Written row by row, cell by cell, so a row costs no array of its own.
final class CSVFile {
    let output: OutputFile
    private var atRowStart = true

    init(_ destination: URL, header: [String]) throws(ReportError) {
        output = try OutputFile(destination)
        output.write("\u{FEFF}")
        for title in header { cell(title) }
        endRow()
    }

    func cell(_ text: String) {
        if !atRowStart { output.write(byte: 0x2C) }
        atRowStart = false
        output.writeCSVCell(text)
    }

    func endRow() {
        output.write("\r\n")
        atRowStart = true
    }

    /// One cell as `appendCell` writes it.
    static func formatted(_ raw: String) -> String {
        var bytes: [UInt8] = []
        appendCell(raw, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The cell as RFC 4180 writes it, with a formula start neutralised. Everything tested is ASCII, so the
    /// work is on UTF-8 bytes, where an ASCII byte is always a whole character: a CR starting "\r\n" is seen
    /// (it is one Character, but still starts with a CR), and every quote is doubled.
    static func appendCell(_ raw: String, to bytes: inout [UInt8]) {
        // A bidi override would reverse the cell (and the ones after it) in the spreadsheet; controls other
        // than tab and line breaks have no business in a cell.
        var shown = OutputText.visible(raw)
        shown.withUTF8 { utf8 in
            let neutralise = utf8.first.map(formulaStarts.contains) ?? false
            guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                if neutralise { bytes.append(0x27) }
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(0x22)
            if neutralise { bytes.append(0x27) }
            for byte in utf8 {
                bytes.append(byte)
                if byte == 0x22 { bytes.append(0x22) }
            }
            bytes.append(0x22)
        }
    }

    /// `= + - @`, tab and CR: what a spreadsheet would start a formula with.
    static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]
}
