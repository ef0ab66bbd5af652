import FormSchema
public import Foundation

/// A blank form as a fillable PDF: the same layout written as an HTML form, which LibreOffice's Writer opens
/// as form controls and exports as AcroForm fields.
///
/// Why HTML and not the .docx: LibreOffice 7.4 exports neither Word content controls nor legacy FORMTEXT /
/// FORMCHECKBOX fields as PDF fields (the PDF comes out flat), while the form controls it makes of HTML inputs
/// do export. A scalar field's PDF field is named by its key (`member_count`), which the extractor reads
/// directly; an enum is a group of radio buttons named by its key, one per option, and table cells get names of
/// their own (`goals_0_content`): the reader takes their values from where their widgets sit, beside the printed
/// option or in their cell. An enum column of a table is a drop-down list (`items_0_mode`).
public struct FillablePdfTemplate: Sendable {
    public let layout: TemplateLayout
    private var prefill: [String: String] = [:]

    public init(layout: TemplateLayout) {
        self.layout = layout
    }

    /// The PDF field name for a control tag of the .docx (`name`, `goals[0].content` → `goals_0_content`); a check
    /// box's tag (`member_category=普通党员`) names its radio group (`member_category`).
    public static func fieldName(forTag tag: String) -> String {
        let base = tag.split(separator: "=", maxSplits: 1).first.map(String.init) ?? tag
        return base.replacingOccurrences(of: "[", with: "_").replacingOccurrences(of: "].", with: "_")
    }

    /// The PDF, made by `converter` from the HTML form.
    public func pdf(using converter: OfficeConverter, prefill: [String: String] = [:]) throws(TemplateError) -> Data {
        try converter.convert(Data(html(prefill: prefill).utf8), inputName: "form.html", to: .pdf)
    }

    /// Widths of the field tables' columns, in percent: label, value, label, value.
    static let fieldColumns = [18, 32, 18, 32]

    /// `prefill`: field key → value already written in (an enum's option is ticked).
    public func html(prefill: [String: String] = [:]) -> String {
        var writer = self
        writer.prefill = prefill
        var body = "<h1 align=\"center\"><font size=\"5\"><b>\(XMLText.escape(layout.title))</b></font></h1>\n<form name=\"form\">\n"
        for (index, block) in layout.blocks.enumerated() {
            if index > 0 { body += "<p style=\"margin:0;font-size:4pt\">&nbsp;</p>\n" }
            switch block {
            case .fields(let rows): body += writer.fieldTable(rows)
            case .table(let table): body += writer.repeatingTable(table)
            }
        }
        body += "</form>\n" + instructions()
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(XMLText.escape(layout.title))</title>
            <style>body { font-family: "宋体", "SimSun", "Noto Serif CJK SC", serif; font-size: 10.5pt; }
            td { font-size: 10.5pt; } p.note { font-size: 9pt; margin: 0; }</style></head>
            <body>
            \(body)</body></html>
            """
    }

    /// Borders drawn per cell in CSS: with the table's `border` attribute LibreOffice draws lines the PDF reader
    /// cannot rebuild the grid from (a cell of the printed form would read as several run together).
    static let tableStart = "<table cellspacing=\"0\" cellpadding=\"4\" width=\"100%\" style=\"border-collapse:collapse\">\n"
    static let border = " style=\"border:0.5pt solid #000000\""

    func labelCell(_ field: FieldSpec, width: Int? = nil, span: Int = 1) -> String {
        let star = field.isRequired ? "<font color=\"#C00000\">*</font>" : ""
        let widthAttribute = width.map { " width=\"\($0)%\"" } ?? ""
        let spanAttribute = span > 1 ? " colspan=\"\(span)\"" : ""
        return
            "<td\(Self.border) align=\"center\" bgcolor=\"#F2F2F2\"\(widthAttribute)\(spanAttribute)>\(star)<b>\(XMLText.escape(field.title))</b></td>"
    }

    func fieldTable(_ rows: [[TemplateLayout.FieldBox]]) -> String {
        var html = Self.tableStart
        let widths = Self.fieldColumns
        for row in rows {
            html += "<tr>"
            if row.count == 1, let box = row.first {
                html += labelCell(box.field, width: widths[0])
                html += "<td\(Self.border) colspan=\"3\">\(control(box.field, tag: box.field.key, lines: box.lines, characters: 60))</td>"
            } else {
                for (index, box) in row.enumerated() {
                    html += labelCell(box.field, width: widths[index * 2])
                    html +=
                        "<td\(Self.border) width=\"\(widths[index * 2 + 1])%\">\(control(box.field, tag: box.field.key, lines: 1, characters: 22))</td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    func repeatingTable(_ table: TemplateLayout.TableBox) -> String {
        let columns = table.field.columns
        let total = max(table.weights.reduce(0, +), 0.01)
        let percents = table.weights.map { Int(($0 / total * 100).rounded()) }
        let star = table.field.isRequired ? "<font color=\"#C00000\">*</font>" : ""
        var html = Self.tableStart
        html +=
            "<tr><td\(Self.border) colspan=\"\(columns.count)\" bgcolor=\"#F2F2F2\">\(star)<b>\(XMLText.escape(table.field.title))</b></td></tr>\n<tr>"
        for (index, column) in columns.enumerated() { html += labelCell(column, width: percents[index]) }
        html += "</tr>\n"
        for row in 0..<table.rows {
            html += "<tr>"
            for (index, column) in columns.enumerated() {
                let tag = "\(table.field.key)[\(row)].\(column.key)"
                let content: String
                if column.key == table.optionColumn, column.options.indices.contains(row) {
                    content = XMLText.escape(column.options[row])
                } else {
                    // A line of the page holds about 80 Latin characters (a control's width unit); a little less, so
                    // the padding fits and the table keeps the page's width. One line high, every control of a row
                    // alike: widgets of different heights made the PDF reader see a row as two.
                    content = control(column, tag: tag, lines: 1, characters: max(3, percents[index] * 7 / 10 - 1), inTable: true)
                }
                html += "<td\(Self.border) width=\"\(percents[index])%\">\(content)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// `inTable`: an enum in a table row is a drop-down list (a PDF choice field, one line high like the row's
    /// other fields); rows of check boxes wrapping onto a second line made the PDF reader split the row.
    func control(_ field: FieldSpec, tag: String, lines: Int, characters: Int, inTable: Bool = false) -> String {
        switch field.kind {
        case .enum where inTable:
            let chosen = prefill[tag]
            let options = field.options.map { option in
                "<option\(option == chosen ? " selected" : "")>\(XMLText.escape(option))</option>"
            }.joined()
            return "<select name=\"\(XMLText.escape(Self.fieldName(forTag: tag)))\" size=\"1\"><option></option>\(options)</select>"
        case .enum:
            // One radio button per option, in a group named by the field: one choice, as the schema says, and
            // LibreOffice keeps a prefilled choice of a radio group (it drops a check box's).
            let name = Self.fieldName(forTag: tag)
            return field.options.map { option in
                let checked = prefill[tag] == option ? " checked" : ""
                // nobr: a button and its option's name stay on one line.
                return
                    "<nobr><input type=\"radio\" name=\"\(XMLText.escape(name))\" value=\"\(XMLText.escape(option))\"\(checked)>\(XMLText.escape(option))</nobr>"
            }.joined(separator: " &nbsp;")
        case .text where lines > 1:
            return "<textarea name=\"\(XMLText.escape(Self.fieldName(forTag: tag)))\" rows=\"\(lines)\" cols=\"\(characters)\"></textarea>"
        default:
            let value = prefill[tag].map { " value=\"\(XMLText.escape($0))\"" } ?? ""
            return "<input type=\"text\" name=\"\(XMLText.escape(Self.fieldName(forTag: tag)))\" size=\"\(characters)\"\(value)>"
        }
    }

    func instructions() -> String {
        var lines = layout.instructions
        if layout.hasRequiredFields { lines.insert("带 * 的为必填项。", at: 0) }
        guard !lines.isEmpty else { return "" }
        return "<p class=\"note\"><b>填表说明</b></p>\n"
            + lines.enumerated().map { "<p class=\"note\">\($0.offset + 1). \(XMLText.escape($0.element))</p>\n" }.joined()
    }
}
