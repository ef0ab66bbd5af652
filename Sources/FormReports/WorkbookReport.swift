import CXlsxWriter
import FormSchema
import FormStore
import Foundation

/// The Excel workbook the office works in: a summary, a sheet per form and per repeating table, the findings
/// and the corrections, each with a frozen header, an autofilter and widths that fit Chinese labels.
struct WorkbookReport {
    let model: ReportModel

    static let statusNames = ReportWriter.statusNames

    /// The cell formats of one workbook; each kind of cell has a plain and an invalid-row (highlighted) look.
    struct Formats {
        typealias Format = UnsafeMutablePointer<lxw_format>
        let header: Format
        let group: Format
        let total: Format
        let notApplicable: Format
        let note: Format
        let plain: (text: Format?, date: Format, month: Format, number: Format?)
        let invalid: (text: Format, date: Format, month: Format, number: Format)

        init(_ workbook: XLSXWorkbook) throws(ReportError) {
            let invalidFill: lxw_color_t = 0xFFD7D7
            func fill(_ color: lxw_color_t) -> (Format) -> Void {
                { format in
                    format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
                    format_set_bg_color(format, color)
                }
            }
            header = try workbook.format { format in
                format_set_bold(format)
                fill(0xDDE7F3)(format)
                format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue))
                format_set_text_wrap(format)
                format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
            }
            group = try workbook.format { format in
                format_set_bold(format)
                fill(0xC5D6EC)(format)
                format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue))
                format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
            }
            total = try workbook.format { format in
                format_set_bold(format)
                format_set_top(format, UInt8(LXW_BORDER_THIN.rawValue))
            }
            notApplicable = try workbook.format(fill(0xEFEFEF))
            note = try workbook.format { format in format_set_italic(format) }
            let date = try workbook.format { format in format_set_num_format(format, "yyyy-mm-dd") }
            let month = try workbook.format { format in format_set_num_format(format, "yyyy-mm") }
            plain = (nil, date, month, nil)
            invalid = (
                try workbook.format(fill(invalidFill)),
                try workbook.format { format in
                    format_set_num_format(format, "yyyy-mm-dd")
                    fill(invalidFill)(format)
                },
                try workbook.format { format in
                    format_set_num_format(format, "yyyy-mm")
                    fill(invalidFill)(format)
                },
                try workbook.format(fill(invalidFill))
            )
        }
    }

    /// Writes the workbook to `destination` (through a temporary file and a rename).
    func write(to destination: URL) throws(ReportError) {
        let temporary = AtomicFile.temporaryURL(for: destination)
        do {
            let workbook = try XLSXWorkbook(path: temporary.path)
            let formats = try Formats(workbook)
            try writeSummary(workbook, formats)
            for form in model.catalog.forms {
                let entries = model.currentByForm[form.id] ?? []
                try writeFormSheet(form, entries, workbook, formats)
                for table in form.fields where table.kind == .table {
                    try writeTableSheet(form, table, entries, workbook, formats)
                }
            }
            try writeFindings(workbook, formats)
            try writeCorrections(workbook, formats)
            try workbook.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        try AtomicFile.move(temporary, to: destination)
    }

    // MARK: Cells

    private func write(
        _ value: CellValue, _ sheet: XLSXSheet, _ row: Int, _ column: Int, _ formats: Formats, invalid: Bool
    ) throws(ReportError) {
        switch value {
        case .empty: try sheet.blank(row, column, invalid ? formats.invalid.text : nil)
        case .text(let text): try sheet.write(row, column, text, invalid ? formats.invalid.text : formats.plain.text)
        case .number(let number): try sheet.write(row, column, number: number, invalid ? formats.invalid.number : formats.plain.number)
        case .date(let serial, let monthOnly):
            let format = monthOnly ? (invalid ? formats.invalid.month : formats.plain.month) : (invalid ? formats.invalid.date : formats.plain.date)
            try sheet.write(row, column, number: serial, format)
        }
    }

    private func header(_ titles: [String], row: Int, _ sheet: XLSXSheet, _ formats: Formats) throws(ReportError) {
        for (column, title) in titles.enumerated() {
            try sheet.write(row, column, title, formats.header)
        }
    }

    /// Widths in Excel's character units, where a Chinese character takes two.
    static func displayWidth(_ text: String) -> Double {
        Double(text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E7F ? 2 : 1) })
    }

    static func width(for field: FieldSpec) -> Double {
        let natural: Double
        switch field.kind {
        case .text: natural = 40
        case .string, .enum: natural = 16
        case .date: natural = 12
        case .integer, .number, .table: natural = 9
        }
        return min(max(natural, displayWidth(field.title) + 2), 50)
    }

    // MARK: Sheets

    private func writeSummary(_ workbook: XLSXWorkbook, _ formats: Formats) throws(ReportError) {
        let sheet = try workbook.addSheet("汇总")
        let forms = model.catalog.forms
        let parts = ["已交", "合格", "需整改", "未交"]
        try sheet.write(0, 0, "", formats.group)
        try sheet.write(1, 0, "所在支部", formats.header)
        try sheet.columnWidth(0, 24)
        for (index, form) in forms.enumerated() {
            let first = 1 + index * parts.count
            try sheet.merge(0, first, first + parts.count - 1, form.name, formats.group)
            for (offset, part) in parts.enumerated() {
                try sheet.write(1, first + offset, part, formats.header)
                try sheet.columnWidth(first + offset, 7.5)
            }
        }
        var row = 2
        var totals = [Int](repeating: 0, count: forms.count * parts.count)
        for branch in model.branches {
            try sheet.write(row, 0, branch, nil)
            for (index, form) in forms.enumerated() {
                let cell = model.matrix[branch]?[form.id] ?? ReportModel.Completeness()
                let values: [Int?] = [cell.submitted, cell.valid, cell.invalid, cell.missing]
                for (offset, value) in values.enumerated() {
                    let column = 1 + index * parts.count + offset
                    if let value {
                        let highlight = (offset == 2 || offset == 3) && value > 0
                        try sheet.write(row, column, number: Double(value), highlight ? formats.invalid.number : nil)
                        totals[column - 1] += value
                    } else {
                        try sheet.blank(row, column, formats.notApplicable)
                    }
                }
            }
            row += 1
        }
        let lastBranchRow = row - 1
        try sheet.write(row, 0, "合计", formats.total)
        for (index, total) in totals.enumerated() {
            try sheet.write(row, index + 1, number: Double(total), formats.total)
        }
        try sheet.autofilter(headerRow: 1, lastRow: lastBranchRow, lastColumn: forms.count * parts.count)
        sheet.freeze(rows: 2, columns: 1)

        row += 2
        try sheet.write(row, 0, "未交名单", formats.group)
        row += 1
        if model.roster == nil {
            try sheet.write(row, 0, "未配置花名册（pipeline.conf 的 roster），只列出未交查摆整改表的支部。", formats.note)
            row += 1
        }
        try header(["所在支部", "姓名", "党员类别", "职级", "未交表格"], row: row, sheet, formats)
        row += 1
        for item in model.missing {
            try sheet.write(row, 0, item.branch, nil)
            try sheet.write(row, 1, item.member?.name ?? "（支部）", nil)
            try sheet.write(row, 2, item.member?.category ?? "", nil)
            try sheet.write(row, 3, item.member?.rank ?? "", nil)
            try sheet.write(row, 4, item.formName, nil)
            row += 1
        }
        if model.missing.isEmpty { try sheet.write(row, 0, "无", nil) }
    }

    private func writeFormSheet(
        _ form: FormSchema, _ entries: [ReportModel.Entry], _ workbook: XLSXWorkbook, _ formats: Formats
    ) throws(ReportError) {
        let sheet = try workbook.addSheet(form.name)
        let fixed = ["状态", "错误数", "提醒数", "文件"]
        let titles = fixed + form.fields.map { $0.kind == .table ? "\($0.title)（行数）" : $0.title }
        try header(titles, row: 0, sheet, formats)
        for (column, width) in [10.0, 7, 7, 30].enumerated() { try sheet.columnWidth(column, width) }
        for (index, field) in form.fields.enumerated() { try sheet.columnWidth(fixed.count + index, Self.width(for: field)) }
        for (index, entry) in entries.enumerated() {
            let row = index + 1
            let invalid = entry.isInvalid
            try write(.text(Self.statusNames[entry.submission.status] ?? entry.submission.status.rawValue), sheet, row, 0, formats, invalid: invalid)
            try write(.number(Double(entry.errors)), sheet, row, 1, formats, invalid: invalid)
            try write(.number(Double(entry.warnings)), sheet, row, 2, formats, invalid: invalid)
            try write(.text(entry.submission.sourcePath), sheet, row, 3, formats, invalid: invalid)
            for (offset, field) in form.fields.enumerated() {
                let value = CellValue(entry.submission.record?[field.key], kind: field.kind)
                try write(value, sheet, row, fixed.count + offset, formats, invalid: invalid)
            }
        }
        sheet.freeze(rows: 1)
        try sheet.autofilter(headerRow: 0, lastRow: entries.count, lastColumn: titles.count - 1)
    }

    private func writeTableSheet(
        _ form: FormSchema, _ table: FieldSpec, _ entries: [ReportModel.Entry], _ workbook: XLSXWorkbook, _ formats: Formats
    ) throws(ReportError) {
        let sheet = try workbook.addSheet("\(form.name)-\(table.title)")
        let fixed = ["所在支部", "提交人", "文件", "行号"]
        try header(fixed + table.columns.map(\.title), row: 0, sheet, formats)
        for (column, width) in [20.0, 14, 30, 6].enumerated() { try sheet.columnWidth(column, width) }
        for (index, column) in table.columns.enumerated() { try sheet.columnWidth(fixed.count + index, Self.width(for: column)) }
        var row = 1
        for entry in entries {
            guard let rows = entry.submission.record?[table.key]?.arrayValue else { continue }
            // A row is highlighted when an error points into it, so the office sees which line to fix.
            let badRows = Set(
                entry.findings.filter { $0.severity == .error }.compactMap { FieldPath.row(of: $0.path) }
                    .filter { $0.table == table.key }.map(\.row))
            for (index, values) in rows.enumerated() {
                let invalid = badRows.contains(index)
                try write(.text(entry.branch), sheet, row, 0, formats, invalid: invalid)
                try write(entry.subject.isEmpty ? .empty : .text(entry.subject), sheet, row, 1, formats, invalid: invalid)
                try write(.text(entry.submission.sourcePath), sheet, row, 2, formats, invalid: invalid)
                try write(.number(Double(index + 1)), sheet, row, 3, formats, invalid: invalid)
                for (offset, column) in table.columns.enumerated() {
                    try write(CellValue(values[column.key], kind: column.kind), sheet, row, fixed.count + offset, formats, invalid: invalid)
                }
                row += 1
            }
        }
        sheet.freeze(rows: 1)
        try sheet.autofilter(headerRow: 0, lastRow: row - 1, lastColumn: fixed.count + table.columns.count - 1)
    }

    private func writeFindings(_ workbook: XLSXWorkbook, _ formats: Formats) throws(ReportError) {
        let sheet = try workbook.addSheet("问题清单")
        let titles = ["所在支部", "表格", "提交人", "文件", "字段", "级别", "问题说明", "规则"]
        try header(titles, row: 0, sheet, formats)
        for (column, width) in [20.0, 22, 14, 30, 22, 6, 70, 12].enumerated() { try sheet.columnWidth(column, width) }
        var row = 1
        for entry in model.currentByBranch {
            for finding in entry.findings {
                let error = finding.severity == .error
                let cells: [String] = [
                    entry.branch, entry.form.name, entry.subject, entry.submission.sourcePath,
                    FieldPath.display(finding.path, in: entry.form), error ? "错误" : "提醒", finding.message, finding.rule,
                ]
                for (column, text) in cells.enumerated() {
                    try write(text.isEmpty ? .empty : .text(text), sheet, row, column, formats, invalid: error)
                }
                row += 1
            }
        }
        for submission in model.rejected {
            let cells = ["", "", "", submission.sourcePath, "", "无法识别", submission.reason ?? "", "rejected"]
            for (column, text) in cells.enumerated() {
                try write(text.isEmpty ? .empty : .text(text), sheet, row, column, formats, invalid: true)
            }
            row += 1
        }
        sheet.freeze(rows: 1)
        try sheet.autofilter(headerRow: 0, lastRow: row - 1, lastColumn: titles.count - 1)
    }

    private func writeCorrections(_ workbook: XLSXWorkbook, _ formats: Formats) throws(ReportError) {
        let sheet = try workbook.addSheet("更正记录")
        let titles = ["更正收到时间", "所在支部", "表格", "提交人", "原文件", "原文件错误数", "更正文件", "更正后状态"]
        try header(titles, row: 0, sheet, formats)
        for (column, width) in [20.0, 20, 22, 14, 30, 8, 30, 12].enumerated() { try sheet.columnWidth(column, width) }
        for (index, correction) in model.corrections.enumerated() {
            let row = index + 1
            let stillInvalid = correction.later.status == .invalid
            let errors = correction.earlier.findings.filter { $0.severity == .error }.count
            let cells: [CellValue] = [
                .text(ReportDates.readable(correction.later.intakeAt)), .text(correction.branch), .text(correction.formName),
                correction.subject.isEmpty ? .empty : .text(correction.subject), .text(correction.earlier.sourcePath),
                .number(Double(errors)), .text(correction.later.sourcePath),
                .text(Self.statusNames[correction.later.status] ?? correction.later.status.rawValue),
            ]
            for (column, cell) in cells.enumerated() {
                try write(cell, sheet, row, column, formats, invalid: stillInvalid)
            }
        }
        sheet.freeze(rows: 1)
        try sheet.autofilter(headerRow: 0, lastRow: model.corrections.count, lastColumn: titles.count - 1)
    }
}
