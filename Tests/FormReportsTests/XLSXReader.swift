import CZip
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads an .xlsx back the way Excel would: it is a zip of XML parts (ECMA-376), read here with libzip and
/// XMLParser, independent of the library that wrote it.
struct XLSXReader {
    struct Cell: Equatable {
        /// `s` shared string, `inlineStr`, `n` number (absent `t` means number), `b`, `str`.
        let type: String
        /// The text for strings, the literal for numbers.
        let value: String
        let style: Int
        var number: Double? { type == "n" ? Double(value) : nil }
    }

    struct Sheet {
        let name: String
        /// "A1" → cell.
        let cells: [String: Cell]
        let xml: String

        var rowCount: Int { Set(cells.keys.map { $0.filter(\.isNumber) }).count }
        func text(_ reference: String) -> String? { cells[reference]?.value }
        /// The header row's texts, A1 onwards.
        var headers: [String] {
            (0..<200).map { XLSXReader.columnName($0) + "1" }.prefix { cells[$0] != nil }.compactMap { cells[$0]?.value }
        }
    }

    let sheets: [Sheet]
    /// Style index → number format code (built-in ids resolved for the common date ones).
    let numberFormats: [Int: String]
    /// Style index → whether it fills the cell with a colour.
    let filled: [Int: Bool]

    func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }

    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    init(file: URL) throws {
        let parts = try Self.unzip(file)
        func part(_ name: String) throws -> PartNode {
            guard let data = parts[name] else { throw ReadError(description: "no part \(name)") }
            return try PartNode.parse(data)
        }
        let workbook = try part("xl/workbook.xml")
        let relationships = try part("xl/_rels/workbook.xml.rels")
        var targets: [String: String] = [:]
        for relationship in relationships.all("Relationship") {
            targets[relationship.attributes["Id"] ?? ""] = relationship.attributes["Target"]
        }
        var shared: [String] = []
        if parts["xl/sharedStrings.xml"] != nil {
            shared = try part("xl/sharedStrings.xml").all("si").map { $0.all("t").map(\.text).joined() }
        }
        var sheets: [Sheet] = []
        for entry in workbook.all("sheet") {
            guard let target = targets[entry.attributes["r:id"] ?? ""] else { throw ReadError(description: "sheet without target") }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let data = parts[path] else { throw ReadError(description: "no sheet part \(path)") }
            var cells: [String: Cell] = [:]
            for cell in try PartNode.parse(data).all("c") {
                let type = cell.attributes["t"] ?? "n"
                let style = Int(cell.attributes["s"] ?? "0") ?? 0
                var value = cell.all("v").first?.text ?? ""
                if type == "s", let index = Int(value), index < shared.count { value = shared[index] }
                if type == "inlineStr" { value = cell.all("t").map(\.text).joined() }
                cells[cell.attributes["r"] ?? ""] = Cell(type: type, value: value, style: style)
            }
            sheets.append(Sheet(name: entry.attributes["name"] ?? "", cells: cells, xml: String(decoding: data, as: UTF8.self)))
        }
        self.sheets = sheets

        let styles = try part("xl/styles.xml")
        var codes: [Int: String] = [14: "m/d/yyyy"]
        for format in styles.all("numFmt") {
            if let id = Int(format.attributes["numFmtId"] ?? ""), let code = format.attributes["formatCode"] { codes[id] = code }
        }
        let fills = styles.all("fill").map { fill in fill.all("patternFill").first?.attributes["patternType"] == "solid" }
        var numberFormats: [Int: String] = [:]
        var filled: [Int: Bool] = [:]
        let cellFormats = styles.all("cellXfs").first?.children.filter { $0.name == "xf" } ?? []
        for (index, xf) in cellFormats.enumerated() {
            let formatID = Int(xf.attributes["numFmtId"] ?? "0") ?? 0
            numberFormats[index] = codes[formatID] ?? "General"
            let fillID = Int(xf.attributes["fillId"] ?? "0") ?? 0
            filled[index] = fillID < fills.count ? fills[fillID] : false
        }
        self.numberFormats = numberFormats
        self.filled = filled
    }

    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// Every entry of the archive, inflated.
    static func unzip(_ file: URL) throws -> [String: Data] {
        var error: Int32 = 0
        guard let archive = zip_open(file.path, ZIP_RDONLY, &error) else {
            throw ReadError(description: "zip_open failed (\(error)) for \(file.path)")
        }
        defer { zip_discard(archive) }
        var parts: [String: Data] = [:]
        for index in 0..<UInt64(max(0, zip_get_num_entries(archive, 0))) {
            guard let rawName = zip_get_name(archive, index, 0), let entry = zip_fopen_index(archive, index, 0) else {
                throw ReadError(description: "entry \(index) unreadable")
            }
            defer { zip_fclose(entry) }
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let read = buffer.withUnsafeMutableBytes { zip_fread(entry, $0.baseAddress, 65_536) }
                if read < 0 { throw ReadError(description: "inflate failed") }
                if read == 0 { break }
                data.append(contentsOf: buffer[0..<Int(read)])
            }
            parts[String(cString: rawName)] = data
        }
        return parts
    }
}

/// A small element tree, enough to find parts of an OOXML document by element name.
final class PartNode {
    let name: String
    let attributes: [String: String]
    var children: [PartNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Every descendant (and self) with this local name, in document order.
    func all(_ local: String) -> [PartNode] {
        var found: [PartNode] = []
        if name == local || name.hasSuffix(":" + local) { found.append(self) }
        for child in children { found += child.all(local) }
        return found
    }

    static func parse(_ data: Data) throws -> PartNode {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw XLSXReader.ReadError(description: "XML: \(parser.parserError.map(String.init(describing:)) ?? "no root")")
        }
        return root
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var root: PartNode?
        var stack: [PartNode] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let node = PartNode(name: elementName, attributes: attributes)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
