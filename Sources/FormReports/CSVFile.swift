import Foundation

/// A CSV report written row by row as `CSVTable` formats it (BOM, RFC 4180 quoting, CRLF, formulas
/// neutralised), cell by cell so a row costs no array of its own.
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
}
