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

    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    static func cell(_ raw: String) -> String {
        var value = raw
        if let first = value.first, formulaStarts.contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
