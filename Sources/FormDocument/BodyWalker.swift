import CLibXML2
import Foundation

/// Walks WordprocessingML content: block-level content, tables, and the runs inside paragraphs.
///
/// One walker reads a whole package (body, then headers and footers), so the text budget and the deadline
/// cover the file rather than each part.
struct BodyWalker {
    let limits: InputLimits
    let deadline: Deadline?
    private var textCharacters = 0
    private var visited = 0
    /// Complex fields (`w:fldChar` begin … separate … end) open at this point, innermost last.
    private var openFields: [OpenField] = []
    /// The indexes in the body's blocks where a page or section break puts the next block on a new page
    /// (explicit breaks only: where Word's layout breaks a page on its own is not in the file).
    private(set) var pageStarts: [Int] = []
    /// The body's page starts, kept apart before the headers and footers are walked with the same walker.
    private(set) var bodyPageStarts: [Int] = []

    mutating func keepBodyPageStarts() {
        bodyPageStarts = pageStarts
        pageStarts.removeAll()
    }

    private struct OpenField {
        /// FORMCHECKBOX and FORMDROPDOWN: their state is written at `begin`, so a result text would double it.
        let hidesResult: Bool
        var inResult = false
    }

    init(limits: InputLimits, deadline: Deadline? = nil) {
        self.limits = limits
        self.deadline = deadline
    }

    /// Text is hidden inside a field's instruction, and inside the result of a field whose value came from ffData.
    private var fieldHidesText: Bool {
        openFields.contains { !$0.inResult || $0.hidesResult }
    }

    private func checkDepth(_ depth: Int) throws(DocumentError) {
        if depth > limits.maxXMLDepth {
            throw .limitExceeded(limit: "max_xml_depth", detail: "嵌套超过 \(limits.maxXMLDepth) 层")
        }
    }

    /// Counts visited elements and looks at the clock every few hundred, which keeps the check cheap.
    private mutating func step() throws(DocumentError) {
        visited &+= 1
        if visited & 0xFF == 0 { try deadline?.check() }
    }

    /// Block-level content of a container: body, table cell, content control, text box, header, footer.
    mutating func blocks(in container: xmlNodePtr, depth: Int) throws(DocumentError) -> [Block] {
        try checkDepth(depth)
        // Fields never span parts: a field the body left open must not hide a header's text.
        if depth == 0 { openFields.removeAll() }
        var blocks: [Block] = []
        for element in container.childElements {
            try step()
            switch element.localName {
            case "p":
                var extra: [Block] = []
                let text = try paragraphText(element, depth: depth + 1, textBoxes: &extra)
                let breaks = depth == 0 ? Self.pageBreaks(of: element) : (before: false, after: false)
                if breaks.before { pageStarts.append(blocks.count) }
                blocks.append(.paragraph(text))
                blocks.append(contentsOf: extra)
                if breaks.after { pageStarts.append(blocks.count) }
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

    /// Whether a body paragraph starts a new page (`w:pageBreakBefore`, or a page break before any of its text)
    /// or ends one (a page break after its text, or the section properties that end a section).
    static func pageBreaks(of paragraph: xmlNodePtr) -> (before: Bool, after: Bool) {
        var before = false
        var after = false
        let properties = paragraph.firstChild("pPr")
        if let breakBefore = properties?.firstChild("pageBreakBefore"), !["0", "false", "off"].contains(breakBefore.attribute("val") ?? "") {
            before = true
        }
        if properties?.firstChild("sectPr") != nil { after = true }
        var sawText = false
        for run in paragraph.childElements where run.localName == "r" {
            for piece in run.childElements {
                switch piece.localName {
                case "t":
                    if !piece.directText.allSatisfy(\.isWhitespace) { sawText = true }
                case "br" where piece.attribute("type") == "page":
                    if sawText { after = true } else { before = true }
                default:
                    continue
                }
            }
        }
        return (before, after)
    }

    /// The content of a content control, or nil when it only shows its placeholder text.
    private func contentOfControl(_ sdt: xmlNodePtr) -> xmlNodePtr? {
        if Self.showsPlaceholder(sdt) { return nil }
        return sdt.firstChild("sdtContent")
    }

    static func showsPlaceholder(_ sdt: xmlNodePtr) -> Bool {
        sdt.firstChild("sdtPr")?.firstChild("showingPlcHdr") != nil
    }

    /// One branch of `mc:AlternateContent`: the first Choice, else the Fallback, so text is never doubled.
    private func chosenBranch(_ alternate: xmlNodePtr) -> xmlNodePtr? {
        alternate.firstChild("Choice") ?? alternate.firstChild("Fallback")
    }

    private mutating func table(_ element: xmlNodePtr, depth: Int) throws(DocumentError) -> Table {
        try checkDepth(depth)
        var rows: [Row] = []
        for (rowElement, rowIsPlaceholder) in wrappedElements(named: "tr", in: element, depth: depth) {
            try step()
            let rowProperties = rowElement.firstChild("trPr")
            // A row deleted with tracked changes on is not part of the form Word shows.
            if rowProperties?.firstChild("del") != nil { continue }
            var gridBefore = 0
            if let before = rowProperties?.firstChild("gridBefore") {
                gridBefore = Int(before.attribute("val") ?? "") ?? 0
            }
            var cells: [Cell] = []
            for (cellElement, cellIsPlaceholder) in wrappedElements(named: "tc", in: rowElement, depth: depth) {
                var span = 1
                var merge = Cell.VerticalMerge.none
                var mergesLeft = false
                if let properties = cellElement.firstChild("tcPr") {
                    if properties.firstChild("cellDel") != nil { continue }
                    if let gridSpan = properties.firstChild("gridSpan") { span = Int(gridSpan.attribute("val") ?? "") ?? 1 }
                    if let vMerge = properties.firstChild("vMerge") {
                        merge = vMerge.attribute("val") == "restart" ? .restart : .continue
                    }
                    if let hMerge = properties.firstChild("hMerge"), hMerge.attribute("val") != "restart" {
                        mergesLeft = true
                    }
                }
                span = min(max(1, span), 64)
                let content = rowIsPlaceholder || cellIsPlaceholder ? [] : try blocks(in: cellElement, depth: depth + 2)
                if mergesLeft, var previous = cells.popLast() {
                    previous.columnSpan += span
                    cells.append(previous)
                } else {
                    cells.append(Cell(blocks: content, columnSpan: span, verticalMerge: merge))
                }
            }
            rows.append(Row(gridBefore: min(max(0, gridBefore), 64), cells: cells))
        }
        return Table(rows: rows)
    }

    /// Rows of a table or cells of a row, looking through content controls and custom XML wrapped around
    /// them; each comes with whether a content control around it only shows placeholder text.
    private func wrappedElements(
        named name: String, in parent: xmlNodePtr, depth: Int, placeholder: Bool = false
    ) -> [(xmlNodePtr, Bool)] {
        guard depth <= limits.maxXMLDepth else { return [] }
        var result: [(xmlNodePtr, Bool)] = []
        for element in parent.childElements {
            switch element.localName {
            case name:
                result.append((element, placeholder))
            case "sdt":
                if let content = element.firstChild("sdtContent") {
                    result += wrappedElements(
                        named: name, in: content, depth: depth + 1, placeholder: placeholder || Self.showsPlaceholder(element))
                }
            case "customXml", "ins", "moveTo":
                result += wrappedElements(named: name, in: element, depth: depth + 1, placeholder: placeholder)
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
        try collectText(paragraph, into: &text, depth: depth, textBoxes: &textBoxes, symbolFont: nil)
        // Scalars, not Characters: the limit guards against runaway documents, and counting Characters (grapheme
        // breaking) was a tenth of walking a .docx. For the CJK text of these forms the two are the same.
        textCharacters += text.unicodeScalars.count
        if textCharacters > limits.maxTextCharacters {
            throw .limitExceeded(limit: "max_text_chars", detail: "文字超过 \(limits.maxTextCharacters) 字")
        }
        return text
    }

    private mutating func collectText(
        _ node: xmlNodePtr, into text: inout String, depth: Int, textBoxes: inout [Block], symbolFont: String?
    ) throws(DocumentError) {
        try checkDepth(depth)
        for element in node.childElements {
            try step()
            // Cases are tried in order: the elements every paragraph has (runs, their text and properties) first.
            switch element.localName {
            case "r":
                let font = Self.symbolFont(of: element) ?? symbolFont
                try collectText(element, into: &text, depth: depth + 1, textBoxes: &textBoxes, symbolFont: font)
            case "t":
                if !fieldHidesText { text += Self.visibleText(element.directText, symbolFont: symbolFont) }
            case "rPr", "pPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "fldData", "softHyphen",
                "commentReference", "footnoteReference", "endnoteReference", "annotationRef":
                continue
            case "tab", "ptab":
                if !fieldHidesText { text += "\t" }
            case "br", "cr":
                if !fieldHidesText { text += "\n" }
            case "noBreakHyphen":
                if !fieldHidesText { text += "-" }
            case "sym":
                if !fieldHidesText { text += Self.symbolText(font: element.attribute("font"), code: element.attribute("char")) }
            case "fldChar":
                fieldCharacter(element, into: &text)
            case "sdt":
                if let tick = Self.checkboxControlState(element) {
                    if !fieldHidesText { text += tick }
                } else if let content = contentOfControl(element) {
                    try collectText(content, into: &text, depth: depth + 1, textBoxes: &textBoxes, symbolFont: symbolFont)
                }
            case "AlternateContent":
                if let branch = chosenBranch(element) {
                    try collectText(branch, into: &text, depth: depth + 1, textBoxes: &textBoxes, symbolFont: symbolFont)
                }
            case "txbxContent":
                textBoxes.append(contentsOf: try blocks(in: element, depth: depth + 1))
            case "drawing", "pict", "object":
                // A text box inside is read as blocks of its own; anything else drawn there is a picture.
                let boxes = textBoxes.count
                try collectText(element, into: &text, depth: depth + 1, textBoxes: &textBoxes, symbolFont: symbolFont)
                if textBoxes.count == boxes, !fieldHidesText { text.unicodeScalars.append(Document.pictureMark) }
            default:
                try collectText(element, into: &text, depth: depth + 1, textBoxes: &textBoxes, symbolFont: symbolFont)
            }
        }
    }

    /// Tracks complex fields. A FORMTEXT's value is the ordinary run text between `separate` and `end`;
    /// FORMCHECKBOX and FORMDROPDOWN carry their state in `w:ffData` at `begin`, written out here.
    private mutating func fieldCharacter(_ fieldChar: xmlNodePtr, into text: inout String) {
        switch fieldChar.attribute("fldCharType") {
        case "begin":
            let data = fieldChar.firstChild("ffData")
            let isChoice = data?.firstChild("checkBox") != nil || data?.firstChild("ddList") != nil
            if !fieldHidesText { text += Self.legacyFormFieldText(fieldChar) }
            openFields.append(OpenField(hidesResult: isChoice))
        case "separate":
            if !openFields.isEmpty { openFields[openFields.count - 1].inResult = true }
        case "end":
            _ = openFields.popLast()
        default:
            break
        }
    }

    /// Run text as shown: soft hyphens only appear at a line end, and characters of a symbol font are glyphs.
    static func visibleText(_ raw: String, symbolFont: String?) -> String {
        var text = raw
        // Foundation's search is costly and text rarely holds a soft hyphen: a look for its UTF-8 bytes (C2 AD;
        // C2 only ever starts a character) rules it out first.
        if containsSoftHyphenBytes(text), text.contains("\u{00AD}") { text.removeAll { $0 == "\u{00AD}" } }
        guard let symbolFont else { return text }
        // Only the code points a symbol font actually draws from; CJK text in such a run keeps its characters.
        return text.unicodeScalars.map { scalar in
            scalar.value <= 0xFF || (0xF000...0xF0FF).contains(scalar.value)
                ? symbolText(font: symbolFont, code: String(scalar.value, radix: 16)) : String(scalar)
        }.joined()
    }

    static func containsSoftHyphenBytes(_ text: String) -> Bool {
        var copy = text
        // On the contiguous bytes (every String made from libxml2's text is): iterating the UTF8View cost more
        // than the search itself.
        return copy.withUTF8 { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if previous == 0xC2 && byte == 0xAD { return true }
                previous = byte
            }
            return false
        }
    }

    /// The symbol font (Wingdings, Wingdings 2, Symbol) a run's text is set in, if any.
    static func symbolFont(of run: xmlNodePtr) -> String? {
        guard let fonts = run.firstChild("rPr")?.firstChild("rFonts") else { return nil }
        // The fonts for Latin-range characters: a symbol font named only for East Asian or complex script
        // text does not draw the ticks typed in these ranges.
        for attribute in ["ascii", "hAnsi"] {
            if let font = fonts.attribute(attribute), Self.isSymbolFont(font) { return font }
        }
        return nil
    }

    static func isSymbolFont(_ font: String) -> Bool {
        let lowered = font.lowercased()
        return lowered.hasPrefix("wingdings") || lowered == "symbol"
    }

    /// A `w14:checkbox` content control as a tick, or nil when the control is not a checkbox.
    static func checkboxControlState(_ sdt: xmlNodePtr) -> String? {
        guard let properties = sdt.firstChild("sdtPr"), let checkbox = properties.firstChild("checkbox") else {
            return nil
        }
        let checked = checkbox.firstChild("checked")?.attribute("val")
        return checked == "1" || checked == "true" ? "☑" : "☐"
    }

    /// Legacy form fields: a FORMCHECKBOX's state (`w:checked`, else `w:default`), a FORMDROPDOWN's chosen entry.
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
            let chosen =
                Int(dropdown.firstChild("result")?.attribute("val") ?? "")
                ?? Int(dropdown.firstChild("default")?.attribute("val") ?? "") ?? 0
            return entries.indices.contains(chosen) ? entries[chosen] : ""
        }
        return ""
    }

    /// Symbol-font characters: Wingdings tick boxes become ☑/☐/✓, other symbols keep their Unicode value.
    static func symbolText(font: String?, code: String?) -> String {
        guard let code, var value = UInt32(code, radix: 16) else { return "" }
        if value >= 0xF000 && value <= 0xF0FF { value -= 0xF000 }  // symbol fonts map their glyphs into the private-use area
        let font = (font ?? "").lowercased()
        if font.hasPrefix("wingdings 2") {
            switch value {
            case 0x52, 0x54, 0x53, 0xA2: return "☑"
            case 0xA3, 0x2A, 0x99: return "☐"
            case 0x50: return "✓"
            default: return ""
            }
        }
        if font.hasPrefix("wingdings") {
            switch value {
            case 0xFE, 0xFD, 0x78: return "☑"
            case 0xA8, 0x6F, 0x71: return "☐"
            case 0xFC: return "✓"
            case 0x6E: return "■"
            default: return ""
            }
        }
        if font.hasPrefix("symbol"), value == 0xD6 { return "√" }
        guard let scalar = Unicode.Scalar(value), !(0xE000...0xF8FF).contains(value) else { return "" }
        return String(Character(scalar))
    }
}
