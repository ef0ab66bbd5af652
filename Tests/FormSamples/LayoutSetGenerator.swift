public import FormSchema
public import Foundation

/// Builds filled-in forms in many layouts, each with the record extraction should produce from it.
///
/// Driven by the schemas: every field of every form gets a label the schema allows (decorated the way people
/// type them: inner blanks, full-width colons), a value of its kind written the way branches write it (six
/// date spellings, full-width digits and units, ticked boxes of every kind) and put into the document by a
/// layout (label beside, above or before a colon; nested, merged, in content controls, legacy fields or
/// tracked changes; title in the body or the page header). Seeded, so a run is reproducible.
public struct LayoutSetGenerator {
    public enum Layout: String, CaseIterable, Sendable {
        case pairsTwoPerRow, pairsOnePerRow, labelsOverValues, colonParagraphs, colonCells, nestedInLayoutTable
        case mergedCells, titleInHeader, contentControls, legacyFormFields, trackedChanges, fullWidthTyping
        case oneBigTable
    }

    public struct Sample: Sendable {
        public let form: String
        public let layout: Layout
        public let seed: UInt64
        public let docx: Data
        public let truth: JSONValue
    }

    /// One value as written: its paragraphs of run XML (inline form joins them with line breaks) and truth.
    struct Written {
        var paragraphs: [String]
        var truth: JSONValue
        var inline: String { paragraphs.joined(separator: "<w:r><w:br/></w:r>") }
    }

    struct Scalar {
        let field: FieldSpec
        let label: String
        /// nil: the label is there and the value left blank (or a placeholder in a content control).
        let value: Written?
    }

    struct Repeating {
        let field: FieldSpec
        let sectionLabel: String
        let columns: [FieldSpec]
        let rows: [[Written?]]
        /// Pre-numbered rows the branch left empty.
        let emptyRows: Int
    }

    let catalog: SchemaCatalog

    public init(catalog: SchemaCatalog) {
        self.catalog = catalog
    }

    public func samples(seedsPerLayout: Int) -> [Sample] {
        var samples: [Sample] = []
        for form in catalog.forms.sorted(by: { $0.id < $1.id }) {
            for (layoutIndex, layout) in Layout.allCases.enumerated() {
                for seedIndex in 0..<seedsPerLayout {
                    let seed = UInt64(layoutIndex * 1000 + seedIndex) &* 0x9E37_79B9 &+ UInt64(form.id.utf8.count)
                    var builder = Builder(form: form, layout: layout, random: SplitMix64(seed: seed))
                    let (docx, truth) = builder.build()
                    samples.append(Sample(form: form.id, layout: layout, seed: seed, docx: docx, truth: truth))
                }
            }
        }
        return samples
    }
}

/// A deterministic random source (SplitMix64), so every run builds the same set (and tests draw the same
/// random inputs).
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension LayoutSetGenerator {
    struct Builder {
        let form: FormSchema
        let layout: Layout
        var random: SplitMix64

        mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        mutating func number(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

        // MARK: The document

        mutating func build() -> (Data, JSONValue) {
            var truth = JSONObject()
            var scalars: [Scalar] = []
            var tables: [Repeating] = []
            let yearInTitle = chance(0.5) ? number(2015...2019) : nil
            for field in form.fields {
                if field.kind == .table {
                    let table = repeating(field)
                    let rows = table.rows.map { row in
                        JSONValue.object(
                            JSONObject(
                                zip(table.columns, row).compactMap { column, value in
                                    value.map { (column.key, $0.truth) }
                                }))
                    }
                    if !rows.isEmpty { truth[field.key] = .array(rows) }
                    tables.append(table)
                    continue
                }
                // The year may stand in the title only, which extraction reads when no 年度 cell exists.
                if field.fromTitle, let yearInTitle, chance(0.5) {
                    truth[field.key] = .number(Double(yearInTitle))
                    continue
                }
                if !field.isRequired && chance(0.15) { continue }  // an optional row the template left out
                let blank = !field.isRequired && chance(0.12)
                let value = blank ? nil : written(field)
                if let value { truth[field.key] = value.truth }
                scalars.append(Scalar(field: field, label: decorated(pick(field.labels)), value: value))
            }
            let title = titleText(year: yearInTitle)
            let body: String
            var headers: [String: String] = [:]
            switch layout {
            case .titleInHeader:
                headers["header1.xml"] = DocxFixture.header(body: paragraph(run(title)))
                body = pairsTable(scalars, perRow: 1) + tablesXML(tables, nested: false)
            case .nestedInLayoutTable:
                let inner = paragraph(run(title)) + pairsTable(scalars, perRow: 1) + tablesXML(tables, nested: true)
                body = "<w:tbl>\(row([cellXML(raw: inner)]))</w:tbl>"
            case .oneBigTable:
                body = oneBigTable(title: title, scalars, tables)
            default:
                body = paragraph(run(title)) + scalarsXML(scalars) + tablesXML(tables, nested: false)
            }
            let document = DocxFixture.document(body: body)
            let docx = headers.isEmpty ? DocxFixture.package(documentXML: document) : DocxFixture.package(documentXML: document, headers: headers)
            return (docx, .object(JSONObject(form.fields.compactMap { field in truth[field.key].map { (field.key, $0) } })))
        }

        func titleText(year: Int?) -> String {
            switch form.id {
            case "annual_target_book": return year.map { "机关党员 \($0) 年度目标任务书" } ?? "机关党员年度目标任务书"
            case "study_plan": return year.map { "\($0)年机关党委党员干部学习计划表" } ?? "机关党委党员干部学习计划表"
            case "branch_self_check": return "机关党委基层党支部规范化建设问题查摆及整改措施"
            default: return "传承红色基因新老教工结对活动阶段总结表"
            }
        }

        // MARK: Layouts of single-value fields

        mutating func scalarsXML(_ scalars: [Scalar]) -> String {
            switch layout {
            case .pairsTwoPerRow, .contentControls, .trackedChanges: return pairsTable(scalars, perRow: 2)
            case .pairsOnePerRow, .legacyFormFields, .titleInHeader, .nestedInLayoutTable: return pairsTable(scalars, perRow: 1)
            case .labelsOverValues, .fullWidthTyping: return labelsOverValues(scalars)
            case .colonParagraphs: return colonParagraphs(scalars)
            case .colonCells: return colonCells(scalars)
            case .mergedCells: return mergedCells(scalars)
            case .oneBigTable: return pairsTable(scalars, perRow: 2)
            }
        }

        func valueCell(_ scalar: Scalar, span: Int = 1) -> String {
            cellXML(paragraphs: scalar.value?.paragraphs ?? [emptyValue(scalar.field)], span: span)
        }

        /// What a blank value looks like: nothing, a content control's placeholder, or the template's
        /// pre-printed "年 月 日" of a date nobody filled in.
        func emptyValue(_ field: FieldSpec) -> String {
            if layout == .contentControls {
                return "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>\(run("单击或点击此处输入文字。"))</w:sdtContent></w:sdt>"
            }
            return field.kind == .date ? run("　　年　　月　　日") : ""
        }

        mutating func pairsTable(_ scalars: [Scalar], perRow: Int) -> String {
            var rows: [String] = []
            var pending: [Scalar] = []
            func flush() {
                guard !pending.isEmpty else { return }
                var cells = pending.flatMap { [cellXML(paragraphs: [run($0.label)]), valueCell($0)] }
                if pending.count < perRow { cells[cells.count - 1] = valueCell(pending[pending.count - 1], span: 1 + 2 * (perRow - pending.count)) }
                rows.append(row(cells))
                pending.removeAll()
            }
            for scalar in scalars {
                if scalar.field.kind == .text && perRow > 1 {
                    flush()
                    rows.append(row([cellXML(paragraphs: [run(scalar.label)]), valueCell(scalar, span: 2 * perRow - 1)]))
                    continue
                }
                pending.append(scalar)
                if pending.count == perRow { flush() }
            }
            flush()
            return "<w:tbl>\(rows.joined())</w:tbl>"
        }

        mutating func labelsOverValues(_ scalars: [Scalar]) -> String {
            var rows: [String] = []
            let columns = 3
            var index = 0
            while index < scalars.count {
                if scalars[index].field.kind == .text {
                    rows.append(row([cellXML(paragraphs: [run(scalars[index].label)]), valueCell(scalars[index], span: columns - 1)]))
                    index += 1
                    continue
                }
                var group: [Scalar] = []
                while index < scalars.count, scalars[index].field.kind != .text, group.count < columns {
                    group.append(scalars[index])
                    index += 1
                }
                var labels = group.map { cellXML(paragraphs: [run($0.label)]) }
                var values = group.map { valueCell($0) }
                if group.count < columns {
                    labels[labels.count - 1] = cellXML(paragraphs: [run(group[group.count - 1].label)], span: columns - group.count + 1)
                    values[values.count - 1] = valueCell(group[group.count - 1], span: columns - group.count + 1)
                }
                rows.append(row(labels))
                rows.append(row(values))
            }
            return "<w:tbl>\(rows.joined())</w:tbl>"
        }

        mutating func colonParagraphs(_ scalars: [Scalar]) -> String {
            var xml = ""
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                var content = colonPair(scalar)
                index += 1
                // Two short fields on one line, as 审核人：… 审核日期：… are often typed.
                if scalar.field.kind != .text, index < scalars.count, scalars[index].field.kind != .text, chance(0.5) {
                    content += run("　　") + colonPair(scalars[index])
                    index += 1
                }
                xml += paragraph(content)
            }
            return xml
        }

        mutating func colonPair(_ scalar: Scalar) -> String {
            run(labelKeyText(scalar.label) + pick(["：", ":", "： "])) + (scalar.value?.inline ?? emptyValue(scalar.field))
        }

        mutating func colonCells(_ scalars: [Scalar]) -> String {
            var rows: [String] = []
            var index = 0
            while index < scalars.count {
                var content = colonPair(scalars[index])
                index += 1
                if scalars[index - 1].field.kind != .text, index < scalars.count, scalars[index].field.kind != .text, chance(0.5) {
                    content += run("　") + colonPair(scalars[index])
                    index += 1
                }
                rows.append(row([cellXML(paragraphs: [content])]))
            }
            return "<w:tbl>\(rows.joined())</w:tbl>"
        }

        /// Labels merged down over a blank row, values spread over several grid columns, and rows that start
        /// further right (gridBefore), as hand-adjusted templates have.
        mutating func mergedCells(_ scalars: [Scalar]) -> String {
            var rows: [String] = []
            for scalar in scalars {
                switch scalar.field.kind {
                case .text:
                    rows.append(row([cellXML(paragraphs: [run(scalar.label)], vMerge: "restart"), valueCell(scalar, span: 3)]))
                    rows.append(row([cellXML(paragraphs: [], vMerge: ""), cellXML(paragraphs: [], span: 3)]))
                case .date where chance(0.6):
                    rows.append(row([cellXML(paragraphs: [run(scalar.label)]), valueCell(scalar)], gridBefore: 2))
                default:
                    rows.append(row([cellXML(paragraphs: [run(scalar.label)], span: 2), valueCell(scalar, span: 2)]))
                }
            }
            return "<w:tbl>\(rows.joined())</w:tbl>"
        }

        /// The whole form as one table, as most templates are: the title in a merged first row, label/value
        /// pairs, then each repeating section (its name row, its header row, its rows) on the same grid, the
        /// last column of narrower rows spanning what is left.
        mutating func oneBigTable(title: String, _ scalars: [Scalar], _ tables: [Repeating]) -> String {
            let width = max(4, tables.map(\.columns.count).max() ?? 0)
            var rows = [row([cellXML(paragraphs: [run(title)], span: width)])]
            var pending: [Scalar] = []
            func flush() {
                guard !pending.isEmpty else { return }
                var cells: [String] = []
                for (index, scalar) in pending.enumerated() {
                    let last = index == pending.count - 1
                    cells.append(cellXML(paragraphs: [run(scalar.label)]))
                    cells.append(valueCell(scalar, span: last ? width - 2 * pending.count + 1 : 1))
                }
                rows.append(row(cells))
                pending.removeAll()
            }
            for scalar in scalars {
                if scalar.field.kind == .text {
                    flush()
                    pending = [scalar]
                    flush()
                    continue
                }
                pending.append(scalar)
                if pending.count == 2 { flush() }
            }
            flush()
            for table in tables {
                rows.append(row([cellXML(paragraphs: [run(table.sectionLabel)], span: width)]))
                let extra = width - table.columns.count
                func line(_ paragraphs: [[String]]) -> String {
                    row(
                        paragraphs.enumerated().map { index, content in
                            cellXML(paragraphs: content, span: index == paragraphs.count - 1 ? extra + 1 : 1)
                        })
                }
                rows.append(line(table.columns.map { [run(decorated(pick($0.labels)))] }))
                for values in table.rows { rows.append(line(values.map { $0?.paragraphs ?? [""] })) }
                for extraRow in 0..<table.emptyRows {
                    let seq = table.rows.count + extraRow + 1
                    rows.append(line(table.columns.map { [$0.key == "seq" ? run(String(seq)) : ""] }))
                }
            }
            return "<w:tbl>\(rows.joined())</w:tbl>"
        }

        // MARK: Repeating tables

        mutating func repeating(_ field: FieldSpec) -> Repeating {
            let requiredColumns = field.columns.filter(\.isRequired)
            let optional = field.columns.filter { !$0.isRequired && $0.key != "seq" }
            let columns = field.columns.filter { column in
                column.key == "seq" || column.isRequired || optional.contains { $0.key == column.key }
            }
            _ = requiredColumns
            var rows: [[Written?]] = []
            let aspects = field.columns.first { $0.key == "aspect" }?.options ?? []
            let count = aspects.isEmpty ? number(1...5) : aspects.count
            for index in 0..<count {
                rows.append(
                    columns.map { column in
                        if column.key == "seq" { return Written(paragraphs: [run(String(index + 1))], truth: .number(Double(index + 1))) }
                        if column.key == "aspect" { return Written(paragraphs: [run(aspects[index])], truth: .string(aspects[index])) }
                        if !column.isRequired && chance(0.1) { return nil }
                        return written(column, inTable: true)
                    })
            }
            return Repeating(
                field: field, sectionLabel: pick(field.labels), columns: columns, rows: rows,
                emptyRows: aspects.isEmpty && chance(0.6) ? number(1...2) : 0)
        }

        mutating func tablesXML(_ tables: [Repeating], nested: Bool) -> String {
            tables.map { table in
                let width = table.columns.count
                var rows: [String] = []
                let sectionAsRow = chance(0.5)
                if sectionAsRow { rows.append(row([cellXML(paragraphs: [run(table.sectionLabel)], span: width)])) }
                rows.append(row(table.columns.map { cellXML(paragraphs: [run(decorated(pick($0.labels)))]) }))
                for values in table.rows {
                    rows.append(row(values.map { cellXML(paragraphs: $0?.paragraphs ?? [""]) }))
                }
                for extra in 0..<table.emptyRows {
                    let seq = table.rows.count + extra + 1
                    rows.append(
                        row(
                            table.columns.map { column in
                                cellXML(paragraphs: [column.key == "seq" ? run(String(seq)) : ""])
                            }))
                }
                let xml = "<w:tbl>\(rows.joined())</w:tbl>"
                return (sectionAsRow ? "" : paragraph(run(table.sectionLabel))) + xml + (nested ? "<w:p/>" : "")
            }.joined()
        }

        // MARK: Values as branches write them

        mutating func written(_ field: FieldSpec, inTable: Bool = false) -> Written {
            switch field.kind {
            case .string: return plain(stringValue(field.key))
            case .text:
                let first = pick(Self.sentences)
                if !inTable && chance(0.4) {
                    let second = pick(Self.sentences)
                    return Written(paragraphs: [styled(first), styled(second)], truth: .string(first + "\n" + second))
                }
                return plain(first)
            case .integer, .number:
                let whole = numberValue(field.key)
                let value = field.kind == .number && chance(0.3) ? Double(whole) + 0.5 : Double(whole)
                let digits = value == value.rounded() ? String(whole) : String(value)
                let text: String
                switch number(0...4) {
                case 0: text = fullWidth(digits)
                case 1: text = digits + unit(field.key)
                case 2: text = fullWidth(digits) + unit(field.key)
                default: text = digits
                }
                return Written(paragraphs: [styled(text)], truth: .number(value))
            case .date:
                return dateValue(monthOnlyAllowed: field.key == "joined_party_on")
            case .enum:
                return inTable ? plain(pick(field.options)) : enumValue(field)
            case .table:
                return plain("")
            }
        }

        mutating func plain(_ text: String) -> Written {
            Written(paragraphs: [styled(text)], truth: .string(text))
        }

        /// Run XML for a value, in the way the layout's authors typed it.
        mutating func styled(_ text: String) -> String {
            switch layout {
            case .contentControls:
                return "<w:sdt><w:sdtPr><w:alias w:val=\"值\"/><w:text/></w:sdtPr><w:sdtContent>\(run(text))</w:sdtContent></w:sdt>"
            case .legacyFormFields:
                return """
                    <w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text\(number(1...99))"/><w:enabled/><w:textInput/></w:ffData></w:fldChar></w:r>\
                    <w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
                    \(splitRuns(text))<w:r><w:fldChar w:fldCharType="end"/></w:r>
                    """
            case .trackedChanges:
                let characters = Array(text)
                let cut = characters.count / 2
                return splitRuns(String(characters[..<cut]))
                    + "<w:del w:id=\"1\" w:author=\"办公室\"><w:r><w:delText>待定</w:delText></w:r></w:del>"
                    + "<w:ins w:id=\"2\" w:author=\"办公室\">\(splitRuns(String(characters[cut...])))</w:ins>"
            default:
                return chance(0.3) ? splitRuns(text) : run(text)
            }
        }

        /// One run per character, some bold, as text retyped in Word often ends up.
        mutating func splitRuns(_ text: String) -> String {
            text.map { character in
                chance(0.3)
                    ? "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">\(DocxFixture.escape(String(character)))</w:t></w:r>"
                    : run(String(character))
            }.joined()
        }

        mutating func enumValue(_ field: FieldSpec) -> Written {
            let chosen = pick(field.options)
            let truth = JSONValue.string(chosen)
            let styles: [String]
            switch layout {
            case .contentControls: styles = ["w14"]
            case .legacyFormFields: styles = ["formcheckbox", "dropdown"]
            case .fullWidthTyping: styles = ["glyphs", "squares", "after", "brackets", "lines"]
            default: styles = ["text", "glyphs", "squares", "after", "brackets", "lines", "wingdings", "w14", "formcheckbox"]
            }
            let options = field.options
            func each(_ box: (Bool) -> String, separator: String = " ") -> String {
                options.map { box($0 == chosen) + run($0) }.joined(separator: run(separator))
            }
            switch pick(styles) {
            case "glyphs": return Written(paragraphs: [each { run($0 ? "☑" : "☐") }], truth: truth)
            case "squares": return Written(paragraphs: [each { run($0 ? "■" : "□") }], truth: truth)
            case "lines": return Written(paragraphs: options.map { run(($0 == chosen ? "☑" : "☐") + $0) }, truth: truth)
            case "after":
                return Written(paragraphs: [options.map { run($0) + ($0 == chosen ? run("√") : "") }.joined(separator: run("　"))], truth: truth)
            case "brackets":
                return Written(paragraphs: [options.map { run($0 + ($0 == chosen ? "（√）" : "（ ）")) }.joined(separator: run(" "))], truth: truth)
            case "wingdings":
                return Written(paragraphs: [each { "<w:r><w:sym w:font=\"Wingdings\" w:char=\"\($0 ? "F0FE" : "F0A8")\"/></w:r>" }], truth: truth)
            case "w14":
                return Written(
                    paragraphs: [
                        each { checked in
                            "<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"\(checked ? 1 : 0)\"/></w14:checkbox></w:sdtPr><w:sdtContent>\(run(checked ? "☒" : "☐"))</w:sdtContent></w:sdt>"
                        }
                    ], truth: truth)
            case "formcheckbox":
                return Written(
                    paragraphs: [
                        each { checked in
                            """
                            <w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/><w:default w:val="0"/>\(checked ? "<w:checked/>" : "")</w:checkBox></w:ffData></w:fldChar></w:r>\
                            <w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
                            """
                        }
                    ], truth: truth)
            case "dropdown":
                let index = options.firstIndex(of: chosen) ?? 0
                let entries = options.map { "<w:listEntry w:val=\"\($0)\"/>" }.joined()
                return Written(
                    paragraphs: [
                        """
                        <w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="\(index)"/>\(entries)</w:ddList></w:ffData></w:fldChar></w:r>\
                        <w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
                        """
                    ], truth: truth)
            default:
                return Written(paragraphs: [styled(chosen)], truth: truth)
            }
        }

        mutating func dateValue(monthOnlyAllowed: Bool) -> Written {
            let year = number(monthOnlyAllowed ? 1985...2016 : 2015...2018)
            let month = number(1...12)
            let day = number(1...28)
            if monthOnlyAllowed && chance(0.2) {
                let text = pick(["\(year)年\(month)月", "\(year).\(month)"])
                return Written(paragraphs: [styled(text)], truth: .string(String(format: "%04d-%02d", year, month)))
            }
            let text: String
            switch number(0...6) {
            case 6: text = "\(year) 年 \(month) 月 \(day) 日"
            case 0: text = "\(year)年\(month)月\(day)日"
            case 1: text = "\(year).\(month).\(day)"
            case 2: text = String(format: "%04d/%02d/%02d", year, month, day)
            case 3: text = "\(year)-\(month)-\(day)"
            case 4: text = Self.chineseDate(year: year, month: month, day: day)
            default: text = fullWidth("\(year)年\(month)月\(day)日")
            }
            return Written(paragraphs: [styled(text)], truth: .string(String(format: "%04d-%02d-%02d", year, month, day)))
        }

        static func chineseDate(year: Int, month: Int, day: Int) -> String {
            let digits = Array("〇一二三四五六七八九")
            func small(_ value: Int) -> String {
                switch value {
                case ..<10: return String(digits[value])
                case 10: return "十"
                case 11..<20: return "十" + String(digits[value - 10])
                default: return String(digits[value / 10]) + "十" + (value % 10 == 0 ? "" : String(digits[value % 10]))
                }
            }
            let yearText = String(year).compactMap { $0.wholeNumberValue.map { String(digits[$0]) } }.joined()
            return "\(yearText)年\(small(month))月\(small(day))日"
        }

        func fullWidth(_ text: String) -> String {
            String(
                text.unicodeScalars.map { scalar in
                    (0x30...0x39).contains(scalar.value) ? Character(Unicode.Scalar(scalar.value + 0xFEE0) ?? scalar) : Character(scalar)
                })
        }

        func unit(_ key: String) -> String {
            if key.contains("hours") { return "学时" }
            if key.contains("speeches") { return "次" }
            if key.contains("reflections") { return "篇" }
            if key.contains("count") { return "人" }
            return ""
        }

        mutating func numberValue(_ key: String) -> Int {
            if key == "year" { return number(2015...2019) }
            if key.contains("hours") { return number(2...160) }
            if key.contains("count") { return number(3...60) }
            if key == "seq" { return number(1...9) }
            return number(1...12)
        }

        mutating func stringValue(_ key: String) -> String {
            switch key {
            case "branch": return "机关第\(pick(["一", "二", "三", "四", "五", "六"]))党支部"
            case "department": return pick(["组织部", "宣传部", "财务处", "人事处", "教务处", "后勤处"])
            case "position": return pick(["科长", "副处长", "处长", "科员", "主任科员"])
            case "period": return "\(number(2016...2018))年\(pick(["上", "下"]))半年"
            case "schedule": return "\(number(1...6))月至\(number(7...12))月"
            default: return pick(Self.surnames) + pick(Self.givenNames)
            }
        }

        /// A label as typed: inner blanks (姓　名, 职 务) and a trailing colon sometimes.
        mutating func decorated(_ label: String) -> String {
            var text = label
            if layout == .fullWidthTyping || chance(0.25), text.count == 2 {
                text = String(text.first ?? " ") + pick(["　", " ", "  "]) + String(text.last ?? " ")
            }
            if chance(0.3) { text += pick(["：", ":"]) }
            return text
        }

        /// A label without the colon it may carry, for `label：value` text.
        func labelKeyText(_ label: String) -> String {
            var text = label
            while let last = text.last, last == "：" || last == ":" { text.removeLast() }
            return text
        }

        static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳"]
        static let givenNames = ["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "卫东", "建华"]
        static let sentences = [
            "认真学习党章党规和系列讲话精神，按时参加组织生活。",
            "围绕本职工作开展调查研究，形成调研报告一篇。",
            "支部委员分工不够明确，组织生活会流于形式。",
            "制定支部学习计划，每月开展一次集中学习，由支部书记督促落实。",
            "同意。",
            "帮助新教工熟悉教学规范，每月听课两次并交流意见，效果明显。",
            "关心新教工的生活困难，协助解决住房问题。",
            "按期完成，群众评价较好。",
        ]

        // MARK: WordprocessingML

        func run(_ text: String) -> String {
            text.isEmpty ? "" : "<w:r><w:t xml:space=\"preserve\">\(DocxFixture.escape(text))</w:t></w:r>"
        }

        func paragraph(_ content: String) -> String { "<w:p>\(content)</w:p>" }

        func cellXML(paragraphs: [String], span: Int = 1, vMerge: String? = nil) -> String {
            cellXML(raw: (paragraphs.isEmpty ? [""] : paragraphs).map(paragraph).joined(), span: span, vMerge: vMerge)
        }

        func cellXML(raw: String, span: Int = 1, vMerge: String? = nil) -> String {
            var properties = ""
            if span > 1 { properties += "<w:gridSpan w:val=\"\(span)\"/>" }
            if let vMerge { properties += vMerge.isEmpty ? "<w:vMerge/>" : "<w:vMerge w:val=\"\(vMerge)\"/>" }
            return "<w:tc>\(properties.isEmpty ? "" : "<w:tcPr>\(properties)</w:tcPr>")\(raw)</w:tc>"
        }

        func row(_ cells: [String], gridBefore: Int = 0) -> String {
            let properties = gridBefore > 0 ? "<w:trPr><w:gridBefore w:val=\"\(gridBefore)\"/></w:trPr>" : ""
            return "<w:tr>\(properties)\(cells.joined())</w:tr>"
        }
    }
}
