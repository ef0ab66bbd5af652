import CLibXML2
import Foundation

/// Reads a WordprocessingML package (.docx, .docm, transitional or strict) into a `Document`.
///
/// Text follows what Word shows: inserted and moved-to text counts, deleted and moved-from text does not;
/// placeholder text of content controls counts as empty; checkboxes (content controls, legacy form fields,
/// tick symbols) become ☑/☐ so extraction sees one kind of tick.
public struct DocxReader: Sendable {
    public let limits: InputLimits

    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    public func read(_ bytes: Data) throws(DocumentError) -> Document {
        if bytes.count > limits.maxFileBytes {
            throw .limitExceeded(limit: "max_file_bytes", detail: "\(bytes.count) 字节，上限 \(limits.maxFileBytes)")
        }
        let archive = try ZipArchive(bytes: bytes, limits: limits)
        guard let mainPart = try mainDocumentPart(in: archive) else {
            if let mimetype = try archive.read("mimetype"),
                String(decoding: mimetype, as: UTF8.self).contains("opendocument.text")
            {
                throw .unsupported(.openDocumentText)
            }
            if archive.contains("[Content_Types].xml") {
                throw .damaged("压缩包中没有 Word 正文（word/document.xml）")
            }
            throw .unsupported(.otherZip)
        }
        guard let xml = try archive.read(mainPart) else {
            throw .damaged("压缩包中没有 Word 正文（\(mainPart)）")
        }
        var walker = BodyWalker(limits: limits)
        let blocks = try SafeXML.withDocument(xml, partName: mainPart) { (root) throws(DocumentError) -> [Block] in
            guard let body = root.firstChild("body") else { throw .damaged("\(mainPart) 没有正文 body") }
            return try walker.blocks(in: body, depth: 0)
        }
        return Document(format: .docx, blocks: blocks)
    }

    /// The main part named by the package relationships, else the conventional name.
    private func mainDocumentPart(in archive: ZipArchive) throws(DocumentError) -> String? {
        if let rels = try archive.read("_rels/.rels") {
            let target = try SafeXML.withDocument(rels, partName: "_rels/.rels") { root -> String? in
                for relationship in root.childElements where relationship.localName == "Relationship" {
                    guard let type = relationship.attribute("Type"), type.hasSuffix("/officeDocument"),
                        let target = relationship.attribute("Target")
                    else { continue }
                    return target.hasPrefix("/") ? String(target.dropFirst()) : target
                }
                return nil
            }
            if let target, archive.contains(target) { return target }
        }
        return archive.contains("word/document.xml") ? "word/document.xml" : nil
    }
}

/// Walks the body of a document: block-level content, tables, and the runs inside paragraphs.
struct BodyWalker {
    let limits: InputLimits
    private var textCharacters = 0

    init(limits: InputLimits) {
        self.limits = limits
    }

    private func checkDepth(_ depth: Int) throws(DocumentError) {
        if depth > limits.maxXMLDepth {
            throw .limitExceeded(limit: "max_xml_depth", detail: "嵌套超过 \(limits.maxXMLDepth) 层")
        }
    }

    /// Block-level content of a container: body, table cell, content control, text box.
    mutating func blocks(in container: xmlNodePtr, depth: Int) throws(DocumentError) -> [Block] {
        try checkDepth(depth)
        var blocks: [Block] = []
        for element in container.childElements {
            switch element.localName {
            case "p":
                var extra: [Block] = []
                let text = try paragraphText(element, depth: depth + 1, textBoxes: &extra)
                blocks.append(.paragraph(text))
                blocks.append(contentsOf: extra)
            case "tbl":
                blocks.append(.table(try table(element, depth: depth + 1)))
            case "sdt":
                if let content = contentOfControl(element) {
                    blocks.append(contentsOf: try self.blocks(in: content, depth: depth + 1))
                }
            case "customXml", "ins", "moveTo", "smartTag":
                blocks.append(contentsOf: try self.blocks(in: element, depth: depth + 1))
            case "AlternateContent":
                if let branch = chosenBranch(element) {
                    blocks.append(contentsOf: try self.blocks(in: branch, depth: depth + 1))
                }
            default:
                continue
            }
        }
        return blocks
    }

    /// The content of a content control, or nil when it only shows its placeholder text.
    private func contentOfControl(_ sdt: xmlNodePtr) -> xmlNodePtr? {
        if let properties = sdt.firstChild("sdtPr"), properties.firstChild("showingPlcHdr") != nil { return nil }
        return sdt.firstChild("sdtContent")
    }

    /// One branch of `mc:AlternateContent`: the first Choice, else the Fallback, so text is never doubled.
    private func chosenBranch(_ alternate: xmlNodePtr) -> xmlNodePtr? {
        alternate.firstChild("Choice") ?? alternate.firstChild("Fallback")
    }

    private mutating func table(_ element: xmlNodePtr, depth: Int) throws(DocumentError) -> Table {
        try checkDepth(depth)
        var rows: [Row] = []
        for rowElement in rowElements(of: element, depth: depth) {
            var gridBefore = 0
            if let properties = rowElement.firstChild("trPr"), let before = properties.firstChild("gridBefore") {
                gridBefore = Int(before.attribute("val") ?? "") ?? 0
            }
            var cells: [Cell] = []
            for cellElement in cellElements(of: rowElement, depth: depth) {
                var span = 1
                var merge = Cell.VerticalMerge.none
                var mergesLeft = false
                if let properties = cellElement.firstChild("tcPr") {
                    if let gridSpan = properties.firstChild("gridSpan") { span = Int(gridSpan.attribute("val") ?? "") ?? 1 }
                    if let vMerge = properties.firstChild("vMerge") {
                        merge = vMerge.attribute("val") == "restart" ? .restart : .continue
                    }
                    if let hMerge = properties.firstChild("hMerge"), hMerge.attribute("val") != "restart" {
                        mergesLeft = true
                    }
                }
                let content = try blocks(in: cellElement, depth: depth + 2)
                if mergesLeft, var previous = cells.popLast() {
                    previous.columnSpan += max(1, span)
                    cells.append(previous)
                } else {
                    cells.append(Cell(blocks: content, columnSpan: span, verticalMerge: merge))
                }
            }
            rows.append(Row(gridBefore: max(0, gridBefore), cells: cells))
        }
        return Table(rows: rows)
    }

    /// Rows of a table, looking through content controls and custom XML wrapped around them.
    private func rowElements(of table: xmlNodePtr, depth: Int) -> [xmlNodePtr] {
        wrappedElements(named: "tr", in: table, depth: depth)
    }

    private func cellElements(of row: xmlNodePtr, depth: Int) -> [xmlNodePtr] {
        wrappedElements(named: "tc", in: row, depth: depth)
    }

    private func wrappedElements(named name: String, in parent: xmlNodePtr, depth: Int) -> [xmlNodePtr] {
        guard depth <= limits.maxXMLDepth else { return [] }
        var result: [xmlNodePtr] = []
        for element in parent.childElements {
            switch element.localName {
            case name:
                result.append(element)
            case "sdt":
                if let content = element.firstChild("sdtContent") {
                    result.append(contentsOf: wrappedElements(named: name, in: content, depth: depth + 1))
                }
            case "customXml", "ins", "moveTo":
                result.append(contentsOf: wrappedElements(named: name, in: element, depth: depth + 1))
            default:
                continue
            }
        }
        return result
    }

    /// The visible text of a paragraph; text boxes inside it come back as blocks of their own.
    private mutating func paragraphText(
        _ paragraph: xmlNodePtr, depth: Int, textBoxes: inout [Block]
    ) throws(DocumentError) -> String {
        var text = ""
        try collectText(paragraph, into: &text, depth: depth, textBoxes: &textBoxes)
        textCharacters += text.count
        if textCharacters > limits.maxTextCharacters {
            throw .limitExceeded(limit: "max_text_characters", detail: "文字超过 \(limits.maxTextCharacters) 字")
        }
        return text
    }

    private mutating func collectText(
        _ node: xmlNodePtr, into text: inout String, depth: Int, textBoxes: inout [Block]
    ) throws(DocumentError) {
        try checkDepth(depth)
        for element in node.childElements {
            switch element.localName {
            case "t":
                text += element.directText
            case "tab", "ptab":
                text += "\t"
            case "br", "cr":
                text += "\n"
            case "noBreakHyphen":
                text += "-"
            case "sym":
                text += Self.symbolText(font: element.attribute("font"), code: element.attribute("char"))
            case "del", "moveFrom", "pPr", "rPr", "instrText", "delText", "delInstrText", "fldData",
                "commentReference", "footnoteReference", "endnoteReference":
                continue
            case "fldChar":
                text += Self.legacyFormFieldText(element)
            case "sdt":
                if let tick = Self.checkboxControlState(element) {
                    text += tick
                } else if let content = contentOfControl(element) {
                    try collectText(content, into: &text, depth: depth + 1, textBoxes: &textBoxes)
                }
            case "AlternateContent":
                if let branch = chosenBranch(element) {
                    try collectText(branch, into: &text, depth: depth + 1, textBoxes: &textBoxes)
                }
            case "txbxContent":
                textBoxes.append(contentsOf: try blocks(in: element, depth: depth + 1))
            default:
                try collectText(element, into: &text, depth: depth + 1, textBoxes: &textBoxes)
            }
        }
    }

    /// A `w14:checkbox` content control as a tick, or nil when the control is not a checkbox.
    static func checkboxControlState(_ sdt: xmlNodePtr) -> String? {
        guard let properties = sdt.firstChild("sdtPr"), let checkbox = properties.firstChild("checkbox") else {
            return nil
        }
        let checked = checkbox.firstChild("checked")?.attribute("val")
        return checked == "1" || checked == "true" ? "☑" : "☐"
    }

    /// Legacy form fields: a FORMCHECKBOX's state, a FORMDROPDOWN's chosen entry. FORMTEXT needs nothing
    /// here: its value is ordinary run text between the field's separate and end marks.
    static func legacyFormFieldText(_ fieldChar: xmlNodePtr) -> String {
        guard fieldChar.attribute("fldCharType") == "begin", let data = fieldChar.firstChild("ffData") else {
            return ""
        }
        if let checkbox = data.firstChild("checkBox") {
            let state: String?
            if let checked = checkbox.firstChild("checked") {
                state = checked.attribute("val") ?? "1"
            } else {
                state = checkbox.firstChild("default")?.attribute("val")
            }
            return state == "1" || state == "true" || state == "on" ? "☑" : "☐"
        }
        if let dropdown = data.firstChild("ddList") {
            let entries = dropdown.childElements.filter { $0.localName == "listEntry" }.map { $0.attribute("val") ?? "" }
            let chosen = Int(dropdown.firstChild("result")?.attribute("val") ?? "") ?? 0
            return entries.indices.contains(chosen) ? entries[chosen] : ""
        }
        return ""
    }

    /// `w:sym` characters: Wingdings tick boxes become ☑/☐/✓, other symbols keep their Unicode value.
    static func symbolText(font: String?, code: String?) -> String {
        guard let code, var value = UInt32(code, radix: 16) else { return "" }
        if value >= 0xF000 { value -= 0xF000 }  // symbol fonts map their glyphs into the private-use area
        let font = (font ?? "").lowercased()
        if font.hasPrefix("wingdings 2") {
            switch value {
            case 0x52, 0x54, 0x53: return "☑"
            case 0xA3, 0x2A: return "☐"
            case 0x50: return "✓"
            default: return ""
            }
        }
        if font.hasPrefix("wingdings") {
            switch value {
            case 0xFE, 0xFD, 0x78: return "☑"
            case 0xA8, 0x6F, 0x71: return "☐"
            case 0xFC: return "✓"
            default: return ""
            }
        }
        if font.hasPrefix("symbol"), value == 0xD6 { return "√" }
        guard let scalar = Unicode.Scalar(value), !(0xE000...0xF8FF).contains(value) else { return "" }
        return String(Character(scalar))
    }
}
