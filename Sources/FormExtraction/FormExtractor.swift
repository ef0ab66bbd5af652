public import FormDocument
public import FormSchema
import Foundation

/// Reads one form's fields out of a document by the labels its schema gives.
///
/// A label's value is found where people put it: in the next cell to the right, in the cell below (a row
/// of labels over a row of values), or after a colon in the same cell or paragraph. Repeating tables are
/// found by their header row of column labels. Built once per form and reused for every document.
public struct FormExtractor: Sendable {
    public let form: FormSchema
    let labels: LabelIndex
    /// The repeating tables, in schema order, with what recognising their header rows needs.
    private let tables: [TableSpec]
    /// The options of each enum field, keyed by field key, with their keys worked out once.
    private let choices: [String: EnumChoices]
    /// The same for the enum columns, by table key and column key.
    private let columnChoices: [String: [String: EnumChoices]]
    /// The title fragments as scalars, when all are non-empty plain text (see `holdsTitle`).
    private let plainTitles: [[UInt32]]?

    private struct TableSpec: Sendable {
        let field: FieldSpec
        /// Index of the table in `LabelIndex.tableKeys` (and so in `Entry.columnKeys`).
        let index: Int
        let requiredColumns: Set<String>
    }

    public init(form: FormSchema) {
        self.form = form
        let labels = LabelIndex(form: form)
        self.labels = labels
        tables = form.fields.filter { $0.kind == .table }.compactMap { field in
            labels.tableKeys.firstIndex(of: field.key).map { index in
                TableSpec(field: field, index: index, requiredColumns: Set(field.columns.filter(\.isRequired).map(\.key)))
            }
        }
        var choices: [String: EnumChoices] = [:]
        var columnChoices: [String: [String: EnumChoices]] = [:]
        for field in form.fields {
            if field.kind == .enum { choices[field.key] = EnumChoices(field: field) }
            for column in field.columns where column.kind == .enum {
                columnChoices[field.key, default: [:]][column.key] = EnumChoices(field: column)
            }
        }
        self.choices = choices
        self.columnChoices = columnChoices
        plainTitles =
            form.titles.allSatisfy { !$0.isEmpty && PlainText.isPlain($0) }
            ? form.titles.map { $0.unicodeScalars.map(\.value) } : nil
    }

    /// Whether a label key holds one of the form's title fragments. Foundation's `contains` finds them in any
    /// text; in plain text a scalar search finds the same, without bridging to NSString.
    func holdsTitle(_ compact: String) -> Bool {
        if let plainTitles, PlainText.isPlain(compact) {
            let scalars = compact.unicodeScalars.map(\.value)
            return plainTitles.contains { PlainText.firstRange(of: $0, in: scalars, from: 0) != nil }
        }
        return form.titles.contains { compact.contains($0) }
    }

    /// The record: every field found, normalised, in schema order; fields left blank are absent.
    public func extract(_ document: Document) -> JSONValue {
        extractRecord(document).record
    }

    /// The record with its findings: validation's, where an enum that has several boxes ticked is reported as
    /// such (the record keeps the text as written, so the enum rule fires; its message says why).
    public func extractAndValidate(_ document: Document) -> (record: JSONValue, findings: [Finding]) {
        let (record, multipleTicks, found) = extractRecord(document)
        var findings = form.validate(record).map { attributed($0, found: found) }.map {
            Self.doubted($0, in: record, uncertain: document.uncertainTexts)
        }
        if document.scannedPages > 0 {
            findings = Self.scanDoubts(partChoiceDoubts(findings, in: record), in: record).map {
                untickedDoubt(misreadLabelDoubt($0, found: found), found: found)
            }
        }
        for (path, ticked) in multipleTicks.sorted(by: { $0.key < $1.key }) {
            let message = "\(Self.place(of: path, in: form))勾选了 \(ticked.count) 项（\(ticked.joined(separator: "、"))），只能勾选一项"
            if let index = findings.firstIndex(where: { $0.path == path && $0.rule == "enum" }) {
                let original = findings[index]
                findings[index] = Finding(path: path, severity: original.severity, rule: original.rule, message: message)
            } else {
                findings.append(Finding(path: path, severity: .error, rule: "enum", message: message))
            }
        }
        return (record, findings)
    }

    /// A finding said to come from the content or from the reading (see `FindingSource`): a required field is
    /// the branch's to fill when its label was found with a place for its value, a table when its header row
    /// was found; a value that is there but could not be normalised (a date or number formpipe cannot read) is
    /// formpipe's. Everything else — too short, too small, not an option, the same name twice — is content.
    func attributed(_ finding: Finding, found: FoundValues) -> Finding {
        guard finding.severity == .error else { return finding }
        switch finding.rule {
        case "type", "format":
            return finding.attributed(to: .reading, message: finding.message + "（未能识别这个值，请对照原件核对）")
        case "required" where !finding.path.contains("["):
            guard let field = form.field(finding.path) else { return finding }
            if field.kind == .table {
                // Rows under the header, all left blank: the branch's. So is a header with no row under it in a
                // document whose tables are written as such (a .docx: the rows were deleted); on a printed page
                // the rows are recovered from the drawing, and a header alone means they were not.
                if found.tables[field.key]?.isEmpty == false { return finding }
                if found.tableHeaders.contains(field.key), found.structureIsWritten { return finding }
                let message =
                    found.sections.contains(field.key) || found.tableHeaders.contains(field.key)
                    ? "找到了“\(field.title)”，但没能读出它的表格（表头或各行），请对照原件核对"
                    : "没有找到“\(field.title)”表格，请对照原件核对"
                return finding.attributed(to: .reading, message: message)
            }
            switch found.places[field.key] {
            case .value:
                return finding
            case .picture:
                return finding.attributed(to: .reading, message: "“\(field.title)”的填写处有图片或字迹，但读不出其中的文字，请对照原件核对")
            case .noValueCell:
                return finding.attributed(to: .reading, message: "找到了“\(field.title)”，但没有找到填写它的格子，请对照原件核对")
            case nil:
                return finding.attributed(to: .reading, message: "表中没有找到“\(field.title)”一栏，请对照原件核对")
            }
        default:
            return finding
        }
    }

    /// A number or a text as written, to look for among the lines OCR was unsure of.
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let number): return JSONValue.format(number: number)
        default: return nil
        }
    }

    /// "member_category" → "党员类别", "items[2].mode" → "第3行 学习形式", for messages.
    static func place(of path: String, in form: FormSchema) -> String {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard let head = parts.first else { return path }
        guard let bracket = head.firstIndex(of: "["), parts.count == 2 else {
            return form.fields.first { $0.key == head }?.title ?? head
        }
        let tableKey = String(head[..<bracket])
        let row = Int(head[head.index(after: bracket)...].dropLast()) ?? 0
        let column = form.fields.first { $0.key == tableKey }?.column(parts[1])?.title ?? parts[1]
        return "第\(row + 1)行 \(column)"
    }

    /// The record, and for each enum value with several ticked boxes its path and the ticked options.
    func extractRecord(
        _ document: Document, explaining: Bool = false
    ) -> (record: JSONValue, multipleTicks: [String: [String]], found: FoundValues) {
        var found = FoundValues()
        found.explaining = explaining
        found.structureIsWritten = document.format == .docx
        let grids = document.allTables.map { TableGrid($0, labels: labels) }
        for (index, grid) in grids.enumerated() { read(grid, table: index + 1, scanned: document.scannedPages > 0, into: &found) }
        let paragraphs = document.topLevelParagraphs
        for (index, paragraph) in paragraphs.enumerated() {
            let pairs = labels.colonPairs(in: paragraph)
            for pair in pairs { found.offer(pair.key, pair.value, at: "表格外第 \(index + 1) 段“标签：值”") }
            // "标签：" closing its line, the value on the lines below (Enter pressed after the colon, or a line
            // printed apart): the value is what follows, up to the next label.
            if let last = pairs.last, FoundValues.isBlank(last.value), Self.endsWithColon(paragraph) {
                let value = valueBelow(paragraphs[(index + 1)...])
                if !value.isEmpty { found.offer(last.key, value, at: "表格外第 \(index + 2) 段（“\(paragraph)”下面一行）") }
            }
        }
        readFormFields(document.formFields, into: &found)
        if document.scannedPages > 0 {
            readMisreadLabels(grids, paragraphs: paragraphs, into: &found)
            partSharedValues(&found)
        }
        for field in form.fields where field.fromTitle && found.scalars[field.key]?.isEmpty != false {
            if let year = yearInTitle(of: document) { found.offer(field.key, year, at: "标题中的年份") }
        }

        var record = JSONObject()
        var multipleTicks: [String: [String]] = [:]
        func noteTicks(_ raw: String, _ choices: EnumChoices, _ path: String) {
            guard ValueNormalizer.option(in: raw, choices) == nil else { return }
            let ticked = ValueNormalizer.tickedOptions(in: raw, choices)
            if ticked.count > 1 { multipleTicks[path] = ticked }
        }
        for field in form.fields {
            if field.kind == .table {
                let rows = (found.tables[field.key] ?? []).compactMap { normalizeRow($0, of: field) }
                let enumColumns = columnChoices[field.key] ?? [:]
                for (index, row) in rows.enumerated() {
                    for column in field.columns where column.kind == .enum {
                        if let raw = row.raw[column.key], let choices = enumColumns[column.key] {
                            noteTicks(raw, choices, "\(field.key)[\(index)].\(column.key)")
                        }
                    }
                }
                if !rows.isEmpty { record[field.key] = .array(rows.map(\.value)) }
            } else if let raw = found.scalars[field.key], let value = ValueNormalizer.normalize(raw, as: field, choices: choices[field.key]) {
                record[field.key] = value
                if let choices = choices[field.key] { noteTicks(raw, choices, field.key) }
            }
        }
        if document.scannedPages > 0 { record = snappedToOptions(record) }
        return (.object(record), multipleTicks, found)
    }

    // MARK: Tables of label/value cells and repeating rows

    /// `table`: the table's number in reading order (from 1), for `check --explain`.
    private func read(_ grid: TableGrid, table: Int, scanned: Bool, into found: inout FoundValues) {
        // Each row is asked whether it heads a repeating table once: as a row of its own and as a data row.
        let headers = grid.starts.indices.map { headerMatch(grid, row: $0) }
        var row = 0
        while row < grid.rows.count {
            if let (tableKey, columnMap) = headers[row] {
                found.tableHeaders.insert(tableKey)
                if found.explaining { found.tablePlaces[tableKey, default: []].append("表格 \(table) 第 \(row + 1) 行是表头") }
                var dataRow = row + 1
                while dataRow < grid.rows.count,
                    !endsRepeatingRows(grid, row: dataRow, table: tableKey, headers: headers, columns: scanned ? columnMap : nil)
                {
                    var values: [String: String] = [:]
                    for (column, columnKey) in columnMap {
                        if let cell = grid.cell(row: dataRow, column: column) { values[columnKey] = cell.text }
                    }
                    found.tables[tableKey, default: []].append(values)
                    dataRow += 1
                }
                row = dataRow
                continue
            }
            readLabelCells(grid, row: row, table: table, into: &found)
            row += 1
        }
    }

    private func readLabelCells(_ grid: TableGrid, row: Int, table: Int, into found: inout FoundValues) {
        for (column, index) in grid.starts[row] {
            func place(_ how: String) -> String { "表格 \(table) 第 \(row + 1) 行第 \(column + 1) 格“\(grid.cells[index].text)”\(how)" }
            let cell = grid.cells[index]
            if let section = cell.label?.section { found.sections.insert(section) }
            if let key = cell.label?.scalar {
                if let value = valueOfLabel(in: grid, row: row, column: column) {
                    found.offer(key, value.text, at: place(value.place))
                } else {
                    // "阶段：" with nothing after it: the colon is the place for the value, left blank.
                    let colon = Self.endsWithColon(cell.text)
                    found.note(key, colon ? .value : .noValueCell, at: place(colon ? "冒号之后（空）" : "：右边和下面都没有填写值的格子"))
                }
            } else {
                for pair in cell.colonPairs { found.offer(pair.key, pair.value, at: place("中的“标签：值”")) }
            }
        }
    }

    /// The value of the label in the cell at `row`, `column`, and where it stands: the cell to its right, or the text
    /// there before the form's signature lines ("同意。审核人：…"), or the cell below; nil when none holds a value.
    func valueOfLabel(in grid: TableGrid, row: Int, column: Int) -> (text: String, place: String)? {
        let right = grid.right(of: row, column: column)
        if let right, !right.isLabel { return (right.text, "右边的格子") }
        if let right, right.label == nil, !right.textBeforePairs.isEmpty { return (right.textBeforePairs, "右边格子里签名栏之前的文字") }
        if let below = grid.below(of: row, column: column), !below.isLabel { return (below.text, "下面的格子") }
        return nil
    }

    /// The lines under a "标签：" line that belong to it: up to the next line with a label of the form, or a note
    /// ("注：…"), which forms print after their last field.
    func valueBelow(_ following: ArraySlice<String>) -> String {
        var lines: [String] = []
        for line in following {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { break }
            if !labels.colonPairs(in: line).isEmpty || labels.entry(forKey: ValueNormalizer.labelKey(line)) != nil { break }
            if trimmed.hasPrefix("注：") || trimmed.hasPrefix("注:") { break }
            lines.append(trimmed)
        }
        return lines.joined(separator: "\n")
    }

    static func endsWithColon(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.last(where: { !$0.isWhiteSpace }) else { return false }
        return LabelIndex.colons.contains(Character(last))
    }

    /// The repeating table whose column labels this row carries, with (grid column, column key) pairs.
    private func headerMatch(_ grid: TableGrid, row: Int) -> (String, [(column: Int, key: String)])? {
        var best: (String, [(column: Int, key: String)])?
        for table in tables {
            var map: [(column: Int, key: String)] = []
            for (column, index) in grid.starts[row] {
                if let columnKey = grid.cells[index].label?.columnKeys[table.index], !map.contains(where: { $0.key == columnKey }) {
                    map.append((column, columnKey))
                }
            }
            let matchesRequired = table.requiredColumns.isEmpty || map.contains { table.requiredColumns.contains($0.key) }
            guard map.count >= min(2, table.field.columns.count), matchesRequired else { continue }
            if map.count > (best?.1.count ?? 0) { best = (table.field.key, map) }
        }
        return best
    }

    /// Repeating rows end at another table's header, or at a row that labels a single field or a section.
    /// `columns`, on a scan: the header's columns, which also end the rows at a row whose one cell spans three of
    /// them (a note or a self-assessment under the table, its border to the table not seen) or that holds a
    /// field's label as OCR misread it (集中学习培训字时合计).
    private func endsRepeatingRows(
        _ grid: TableGrid, row: Int, table: String, headers: [(String, [(column: Int, key: String)])?], columns: [(column: Int, key: String)]?
    ) -> Bool {
        if headers[row] != nil { return true }
        for (_, index) in grid.starts[row] {
            let cell = grid.cells[index]
            if cell.label?.scalar != nil { return true }
            if let section = cell.label?.section, section != table { return true }
            if !cell.colonPairs.isEmpty { return true }
            guard let columns else { continue }
            if columns.filter({ grid.rows[row].indices.contains($0.column) && grid.rows[row][$0.column] == index }).count >= 3 { return true }
            if cell.label == nil, labels.misreadScalarLabel(cell.key) != nil { return true }
        }
        return false
    }

    func normalizeRow(_ values: [String: String], of table: FieldSpec) -> (value: JSONValue, raw: [String: String])? {
        var row = JSONObject()
        let enumColumns = columnChoices[table.key] ?? [:]
        for column in table.columns {
            if let raw = values[column.key], let value = ValueNormalizer.normalize(raw, as: column, choices: enumColumns[column.key]) {
                row[column.key] = value
            }
        }
        // A row with nothing but its pre-printed number is an unused row of the form.
        let filled = row.keys.filter { table.column($0)?.isRowNumber != true }
        return filled.isEmpty ? nil : (.object(row), values)
    }

    // MARK: Fillable PDF fields

    /// A field named by a key (`total_hours`) or a label (`学时合计`, also as its tooltip) is that field; it
    /// wins over what the page shows, since the widget holds what the person typed.
    private func readFormFields(_ fields: [FormFieldValue], into found: inout FoundValues) {
        for field in fields {
            if field.value == "☑" || field.value == "☐" {
                readCheckbox(field, into: &found)
                continue
            }
            let names = [field.name, field.alternateName].compactMap { $0 }.flatMap { name in
                // Hierarchical names ("form1.page1.姓名") end with the part that says what the field is.
                [name, name.split(separator: ".").last.map(String.init) ?? name]
            }
            for name in names {
                if let key = key(forFieldName: name) {
                    found.scalars[key] = field.value
                    found.note(key, .value, at: "可填写 PDF 的字段“\(field.name)”", raw: field.value)
                    break
                }
            }
        }
    }

    /// A checkbox says only on or off: it answers an enum when its own name is one of the options
    /// ("副处级"); named after the question ("rank", "职级") it cannot say which option, and the tick placed
    /// beside the printed option is read instead.
    private func readCheckbox(_ field: FormFieldValue, into found: inout FoundValues) {
        guard field.value == "☑" else { return }
        for name in [field.name, field.alternateName].compactMap({ $0 }) {
            let key = ValueNormalizer.labelKey(name.split(separator: ".").last.map(String.init) ?? name)
            for spec in form.fields where spec.kind == .enum {
                if let choices = choices[spec.key], let index = choices.keys.firstIndex(where: { $0 == key }) {
                    found.scalars[spec.key] = choices.options[index]
                    found.note(spec.key, .value, at: "可填写 PDF 的复选框“\(field.name)”", raw: choices.options[index])
                    return
                }
            }
        }
    }

    func key(forFieldName name: String) -> String? {
        if let spec = form.field(name), spec.kind != .table { return spec.key }
        return labels.scalars[ValueNormalizer.labelKey(name)]
    }

    // MARK: Title

    /// The year written in the form's title line ("机关党员 2017 年度目标任务书" → 2017).
    private func yearInTitle(of document: Document) -> String? {
        let candidates =
            document.topLevelParagraphs
            + document.allTables.prefix(1).flatMap { table in
                table.rows.prefix(2).flatMap { $0.cells.map(\.text) }
            } + document.headersAndFooters
        for text in candidates {
            let compact = ValueNormalizer.labelKey(text)
            guard holdsTitle(compact) else { continue }
            let characters = Array(compact)
            var index = 0
            while index + 4 < characters.count {
                let digits = characters[index..<index + 4]
                if digits.allSatisfy({ $0.isASCII && $0.isNumber }), characters[index + 4] == "年" {
                    return String(digits)
                }
                index += 1
            }
        }
        return nil
    }
}

/// Raw texts found so far; the first non-empty text for a field wins, so a later empty duplicate cell
/// (a repeated label elsewhere) cannot erase a value. What was seen besides the values tells a field the branch
/// left blank from one formpipe could not read.
struct FoundValues {
    var scalars: [String: String] = [:]
    var tables: [String: [[String: String]]] = [:]
    /// For each scalar field whose label was met, the best place for its value that was found.
    var places: [String: ValuePlace] = [:]
    /// The tables whose header row of column labels was found.
    var tableHeaders: Set<String> = []
    /// The tables whose section label (年度目标, 查摆情况…) was found.
    var sections: Set<String> = []
    /// Whether the document's tables are written as tables (a .docx), not recovered from a printed page.
    var structureIsWritten = false
    /// Whether to keep where each value was found (`check --explain`); off, the places are never worked out.
    var explaining = false
    /// Where each scalar field's value was taken from, and the raw text there (when explaining).
    var sightings: [String: (place: String, raw: String)] = [:]
    /// Where each table's header rows were found (when explaining).
    var tablePlaces: [String: [String]] = [:]
    /// The fields found only by a label OCR misread, with the label as read.
    var misreadLabels: [String: String] = [:]

    /// Where a label's value was looked for, worst first: a later, better place replaces an earlier one.
    enum ValuePlace: Int, Comparable {
        /// The label has no cell right of it or below it that could hold a value.
        case noValueCell
        /// The value's place holds a picture and no text.
        case picture
        /// A place for the value was found (it may be empty: the branch left it blank).
        case value

        static func < (a: ValuePlace, b: ValuePlace) -> Bool { a.rawValue < b.rawValue }
    }

    mutating func offer(_ key: String, _ text: String, at where: @autoclosure () -> String) {
        let taken = scalars[key].map(Self.isBlank) != false
        if taken { scalars[key] = text }
        let place: ValuePlace = Self.isBlank(text) && text.unicodeScalars.contains(Document.pictureMark) ? .picture : .value
        if explaining, taken || places[key].map({ $0 < place }) != false { sightings[key] = (`where`(), text) }
        note(key, place)
    }

    mutating func note(_ key: String, _ place: ValuePlace, at where: @autoclosure () -> String = "", raw: String = "") {
        guard places[key].map({ $0 < place }) != false else { return }
        places[key] = place
        if explaining, sightings[key] == nil || !`where`().isEmpty { sightings[key] = (`where`(), raw) }
    }

    /// Whether trimming whitespace and newlines would leave nothing; plain text is checked without Foundation.
    static func isBlank(_ text: String) -> Bool {
        if text.utf8.count <= 40, ValueNormalizer.mayBePlaceholder(text), ValueNormalizer.isPlaceholder(ValueNormalizer.cleanText(text)) {
            return true
        }
        if PlainText.isPlain(text) { return text.unicodeScalars.allSatisfy { PlainText.isBlank($0.value) } }
        return text.unicodeScalars.allSatisfy { $0 == Document.pictureMark || $0.isWhiteSpace }
    }
}
