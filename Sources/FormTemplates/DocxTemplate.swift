public import FormSchema
public import Foundation

/// A blank form as a .docx: A4, the title centred and bold, bordered tables of labels and content controls
/// (plain text, date pickers, Word 2010 check boxes — what Word and WPS fill in), the instructions below.
///
/// Every control is tagged with where its value goes (`name`, `goals[0].content`, `member_category=普通党员`),
/// so a program can fill a copy as a person would; the reader does not need the tags, it reads labels.
public struct DocxTemplate: Sendable {
    public let schema: FormSchema
    public let layout: TemplateLayout

    public init(schema: FormSchema) throws(SchemaError) {
        self.schema = schema
        layout = try TemplateLayout(schema: schema)
    }

    /// The .docx bytes; `prefill` gives values already written in (field key → text, or the option of an enum).
    public func docx(prefill: [String: String] = [:]) -> Data {
        Self.package(documentXML: documentXML(prefill: prefill))
    }

    /// The package around a main part written by `documentXML` (or changed since, as a test filling it does).
    public static func package(documentXML: String) -> Data {
        WordPackage.archive(
            documentXML: documentXML,
            parts: [
                WordPackage.Part(
                    name: "styles.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
                    relationship: "styles", id: "rId1", xml: TemplateStyles.styles),
                WordPackage.Part(
                    name: "settings.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
                    relationship: "settings", id: "rId2", xml: TemplateStyles.settings),
                WordPackage.Part(
                    name: "fontTable.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
                    relationship: "fontTable", id: "rId3", xml: TemplateStyles.fontTable),
            ])
    }

    /// The page's text width in twentieths of a point: A4 (11906) less two margins of 2 cm (1134).
    static let textWidth = 9638
    /// The label and value columns of the field tables: label, value, label, value.
    static let fieldGrid = [1730, 3089, 1730, 3089]

    public func documentXML(prefill: [String: String] = [:]) -> String {
        var writer = Writer(prefill: prefill)
        var body = writer.paragraph(
            [Run(layout.title, bold: true, size: 36)], align: "center", spacingAfter: 300, keepNext: true)
        for (index, block) in layout.blocks.enumerated() {
            if index > 0 { body += Writer.gap }
            switch block {
            case .fields(let rows): body += writer.fieldTable(rows)
            case .table(let table): body += writer.repeatingTable(table)
            }
        }
        body += writer.instructions(layout)
        body += """
            <w:sectPr><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>\
            <w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>
            """
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document \(TemplateStyles.namespaces) mc:Ignorable="w14"><w:body>\(body)</w:body></w:document>
            """
    }
}

/// A run of text with the little formatting a form needs.
struct Run {
    var text: String
    var bold = false
    /// Half-points; nil for the default (五号, 10.5 pt).
    var size: Int?
    var color: String?

    init(_ text: String, bold: Bool = false, size: Int? = nil, color: String? = nil) {
        self.text = text
        self.bold = bold
        self.size = size
        self.color = color
    }

    var xml: String {
        var properties = ""
        if bold { properties += "<w:b/><w:bCs/>" }
        if let color { properties += "<w:color w:val=\"\(color)\"/>" }
        if let size { properties += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
        let pieces = text.split(separator: "\n", omittingEmptySubsequences: false)
        let texts = pieces.map { "<w:t xml:space=\"preserve\">\(XMLText.escape(String($0)))</w:t>" }.joined(separator: "<w:br/>")
        return "<w:r>\(properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>")\(texts)</w:r>"
    }
}

/// Writes the parts of the body, numbering the content controls as it goes (Word wants their ids unique).
private struct Writer {
    let prefill: [String: String]
    var nextID = 1000

    init(prefill: [String: String]) {
        self.prefill = prefill
    }

    /// Keeps two tables apart (Word joins tables that touch) without taking room on the page.
    static let gap =
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/><w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>"

    func paragraph(
        _ runs: [Run], align: String? = nil, spacingAfter: Int? = nil, keepNext: Bool = false, indentHanging: Int? = nil
    ) -> String {
        paragraph(xml: runs.map(\.xml).joined(), align: align, spacingAfter: spacingAfter, keepNext: keepNext, indentHanging: indentHanging)
    }

    func paragraph(
        xml: String, align: String? = nil, spacingAfter: Int? = nil, keepNext: Bool = false, indentHanging: Int? = nil
    ) -> String {
        var properties = ""
        if keepNext { properties += "<w:keepNext/>" }
        if let spacingAfter { properties += "<w:spacing w:after=\"\(spacingAfter)\"/>" }
        if let indentHanging { properties += "<w:ind w:left=\"\(indentHanging)\" w:hanging=\"\(indentHanging)\"/>" }
        if let align { properties += "<w:jc w:val=\"\(align)\"/>" }
        return "<w:p>\(properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>")\(xml)</w:p>"
    }

    // MARK: Tables

    static func tableStart(grid: [Int]) -> String {
        let border = { (side: String, size: Int) in "<w:\(side) w:val=\"single\" w:sz=\"\(size)\" w:space=\"0\" w:color=\"000000\"/>" }
        let borders =
            border("top", 12) + border("left", 12) + border("bottom", 12) + border("right", 12)
            + border("insideH", 4) + border("insideV", 4)
        return """
            <w:tbl><w:tblPr><w:tblW w:w="\(grid.reduce(0, +))" w:type="dxa"/><w:jc w:val="center"/>\
            <w:tblBorders>\(borders)</w:tblBorders><w:tblLayout w:type="fixed"/>\
            <w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>\
            <w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>\(grid.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined())</w:tblGrid>
            """
    }

    static func row(_ cells: String, height: Int, header: Bool = false) -> String {
        "<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"\(height)\" w:hRule=\"atLeast\"/>\(header ? "<w:tblHeader/>" : "")</w:trPr>\(cells)</w:tr>"
    }

    static func cell(_ content: String, width: Int, span: Int = 1, valign: String = "center", shaded: Bool = false) -> String {
        var properties = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if span > 1 { properties += "<w:gridSpan w:val=\"\(span)\"/>" }
        if shaded { properties += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>" }
        properties += "<w:vAlign w:val=\"\(valign)\"/>"
        return "<w:tc><w:tcPr>\(properties)</w:tcPr>\(content)</w:tc>"
    }

    /// A label cell's text: the title, after a red asterisk when the field is required.
    func label(_ field: FieldSpec, align: String = "center") -> String {
        var runs: [Run] = []
        if field.isRequired { runs.append(Run("*", color: "C00000")) }
        runs.append(Run(field.title, bold: true))
        return paragraph(runs, align: align)
    }

    mutating func fieldTable(_ rows: [[TemplateLayout.FieldBox]]) -> String {
        let grid = DocxTemplate.fieldGrid
        var xml = Self.tableStart(grid: grid)
        for row in rows {
            var cells = ""
            if row.count == 1, let box = row.first {
                cells += Self.cell(label(box.field), width: grid[0], shaded: true)
                // A wide field, or a narrow one left alone in its row: the value takes the rest of the row.
                let width = grid[1] + grid[2] + grid[3]
                cells += Self.cell(value(box, width: width), width: width, span: 3, valign: box.field.kind == .text ? "top" : "center")
                xml += Self.row(cells, height: max(454, box.lines * 340))
            } else {
                for (index, box) in row.enumerated() {
                    cells += Self.cell(label(box.field), width: grid[index * 2], shaded: true)
                    cells += Self.cell(value(box, width: grid[index * 2 + 1]), width: grid[index * 2 + 1])
                }
                xml += Self.row(cells, height: 454)
            }
        }
        return xml + "</w:tbl>"
    }

    mutating func value(_ box: TemplateLayout.FieldBox, width: Int) -> String {
        let field = box.field
        switch field.kind {
        case .enum:
            return paragraph(xml: checkboxes(field, tag: field.key, chosen: prefill[field.key], separator: "\u{3000}").joined())
        case .date:
            return paragraph(xml: dateControl(tag: field.key, alias: field.title, value: prefill[field.key]))
        default:
            return paragraph(
                xml: textControl(
                    tag: field.key, alias: field.title, hint: box.hint, multiLine: field.kind == .text, value: prefill[field.key]))
        }
    }

    mutating func repeatingTable(_ table: TemplateLayout.TableBox) -> String {
        let columns = table.field.columns
        let total = table.weights.reduce(0, +)
        var grid = table.weights.map { Int((Double(DocxTemplate.textWidth) * $0 / max(total, 0.01)).rounded(.down)) }
        if let last = grid.indices.last { grid[last] += DocxTemplate.textWidth - grid.reduce(0, +) }
        var xml = Self.tableStart(grid: grid)
        // The section's title across the table, then the column headers (repeated on a new page).
        var titleRuns: [Run] = []
        if table.field.isRequired { titleRuns.append(Run("*", color: "C00000")) }
        titleRuns.append(Run(table.field.title, bold: true))
        xml += Self.row(
            Self.cell(paragraph(titleRuns, keepNext: true), width: DocxTemplate.textWidth, span: grid.count, shaded: true), height: 454, header: true)
        let headers = columns.enumerated().map { index, column in
            Self.cell(label(column), width: grid[index], shaded: true)
        }.joined()
        xml += Self.row(headers, height: 454, header: true)
        for row in 0..<table.rows {
            var cells = ""
            for (index, column) in columns.enumerated() {
                let tag = "\(table.field.key)[\(row)].\(column.key)"
                let content: String
                if column.key == table.optionColumn, column.options.indices.contains(row) {
                    // One row per option, printed: the row says which it is, as the paper form does.
                    content = paragraph([Run(column.options[row])])
                } else {
                    switch column.kind {
                    // In a column, as many options a line as fit whole: a box never ends up on another line than its name.
                    case .enum:
                        let boxes = checkboxes(column, tag: tag, chosen: prefill[tag], separator: "\u{3000}")
                        let longest = column.options.map(\.count).max() ?? 1
                        let perLine = max(1, (grid[index] - 170) / ((longest + 2) * 215))
                        content = stride(from: 0, to: boxes.count, by: perLine).map { start in
                            paragraph(xml: boxes[start..<min(start + perLine, boxes.count)].joined())
                        }.joined()
                    case .date: content = paragraph(xml: dateControl(tag: tag, alias: column.title, value: prefill[tag], short: true))
                    default:
                        content = paragraph(
                            xml: textControl(
                                tag: tag, alias: column.title, hint: table.hints[column.key] ?? "", multiLine: column.kind == .text,
                                value: prefill[tag]))
                    }
                }
                cells += Self.cell(content, width: grid[index], valign: column.kind == .text ? "top" : "center")
            }
            xml += Self.row(cells, height: columns.contains { $0.kind == .text } ? 680 : 454)
        }
        return xml + "</w:tbl>"
    }

    // MARK: Content controls

    mutating func id() -> Int {
        nextID += 1
        return nextID
    }

    /// The properties every control shares: its name in Word (alias), where its value goes (tag), an id, and a
    /// lock so the control cannot be deleted by accident while its content stays editable.
    mutating func commonProperties(tag: String, alias: String) -> String {
        "<w:alias w:val=\"\(XMLText.escape(alias))\"/><w:tag w:val=\"\(XMLText.escape(tag))\"/><w:id w:val=\"\(id())\"/><w:lock w:val=\"sdtLocked\"/>"
    }

    /// What an empty control shows: the hint, or blanks wide enough to click and to write on paper.
    static func placeholderRun(_ hint: String, multiLine: Bool) -> String {
        let shown = hint.isEmpty ? String(repeating: "\u{3000}", count: multiLine ? 8 : 4) : hint
        return "<w:r><w:rPr><w:rStyle w:val=\"PlaceholderText\"/></w:rPr><w:t xml:space=\"preserve\">\(XMLText.escape(shown))</w:t></w:r>"
    }

    mutating func textControl(tag: String, alias: String, hint: String, multiLine: Bool, value: String?) -> String {
        // Rich text controls (no w:text): LibreOffice 7.4 turns a plain-text control into an input field and, saving
        // that as .docx again, repeats its text once per script run (填写11号 → 填写11号填写填写11号11…); a rich text
        // control survives the trip. Word and WPS fill both the same way.
        let content: String
        let showing: String
        if let value, !value.isEmpty {
            content = Run(value).xml
            showing = ""
        } else {
            content = Self.placeholderRun(hint, multiLine: multiLine)
            showing = "<w:showingPlcHdr/>"
        }
        return "<w:sdt><w:sdtPr>\(commonProperties(tag: tag, alias: alias))\(showing)</w:sdtPr><w:sdtContent>\(content)</w:sdtContent></w:sdt>"
    }

    /// A date picker writing 2017年3月1日; `value` is ISO (YYYY-MM-DD).
    /// `short`: the blank shows only 年 月 日, for a narrow column.
    mutating func dateControl(tag: String, alias: String, value: String?, short: Bool = false) -> String {
        var fullDate = ""
        let content: String
        let showing: String
        if let value, let shown = TemplateDates.chinese(value) {
            fullDate = " w:fullDate=\"\(value)T00:00:00Z\""
            content = Run(shown).xml
            showing = ""
        } else {
            content = Self.placeholderRun(short ? "年\u{3000}月\u{3000}日" : "\u{3000}\u{3000}年\u{3000}月\u{3000}日", multiLine: false)
            showing = "<w:showingPlcHdr/>"
        }
        return """
            <w:sdt><w:sdtPr>\(commonProperties(tag: tag, alias: alias))\(showing)<w:date\(fullDate)>\
            <w:dateFormat w:val="yyyy年M月d日"/><w:lid w:val="zh-CN"/><w:storeMappedDataAs w:val="dateTime"/>\
            <w:calendar w:val="gregorian"/></w:date></w:sdtPr><w:sdtContent>\(content)</w:sdtContent></w:sdt>
            """
    }

    /// One Word 2010 check box per option, each followed by the option's name.
    mutating func checkboxes(_ field: FieldSpec, tag: String, chosen: String?, separator: String) -> [String] {
        field.options.enumerated().map { index, option in
            let checked = option == chosen
            let font = "<w:rFonts w:ascii=\"MS Gothic\" w:eastAsia=\"MS Gothic\" w:hAnsi=\"MS Gothic\" w:hint=\"eastAsia\"/>"
            let box = """
                <w:sdt><w:sdtPr><w:rPr>\(font)</w:rPr>\(commonProperties(tag: "\(tag)=\(option)", alias: "\(field.title) \(option)"))\
                <w14:checkbox><w14:checked w14:val="\(checked ? 1 : 0)"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/>\
                <w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>\
                <w:sdtContent><w:r><w:rPr>\(font)</w:rPr><w:t>\(checked ? "☒" : "☐")</w:t></w:r></w:sdtContent></w:sdt>
                """
            return box + Run(option + (index + 1 < field.options.count ? separator : "")).xml
        }
    }

    // MARK: Instructions

    func instructions(_ layout: TemplateLayout) -> String {
        var lines = layout.instructions
        if layout.hasRequiredFields { lines.insert("带 * 的为必填项。", at: 0) }
        guard !lines.isEmpty else { return paragraph([]) }
        var xml = "<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"160\" w:after=\"40\"/></w:pPr>\(Run("填表说明", bold: true, size: 20).xml)</w:p>"
        for (index, line) in lines.enumerated() {
            xml += paragraph([Run("\(index + 1). \(line)", size: 18)], indentHanging: 284)
        }
        return xml
    }
}

/// Dates as the date pickers show them.
enum TemplateDates {
    /// "2017-03-01" → "2017年3月1日"; nil for anything else.
    static func chinese(_ iso: String) -> String? {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, iso.count == 10 else { return nil }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }
}
