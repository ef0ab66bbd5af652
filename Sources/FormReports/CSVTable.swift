/// CSV as Excel on a Chinese Windows desktop opens it: UTF-8 with a BOM, RFC 4180 quoting, CRLF lines,
/// and cells that a spreadsheet would run as a formula neutralised with a leading apostrophe.
public struct CSVTable: Sendable {
    public let header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    public var text: String {
        var out = "\u{FEFF}"
        for row in [header] + rows {
            out += row.map(Self.cell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    static func cell(_ raw: String) -> String {
        var value = raw
        // By scalar, not Character: "\r\n" is one Character, and it still starts with a CR.
        if let first = value.unicodeScalars.first, formulaStarts.contains(first) { value = "'" + value }
        // Byte test: these four are ASCII, and UTF-8 never hides an ASCII byte inside another character.
        if value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
