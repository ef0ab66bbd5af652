import CXlsxWriter
import FormSchema
import FormStore
import Foundation

/// The Excel workbook the office works in: a summary, a sheet per form and per repeating table, the findings
/// and the corrections, each with a frozen header, an autofilter and widths that fit Chinese labels.
///
/// Written in libxlsxwriter's constant-memory mode: every sheet is added (in its place) at the start and then
/// filled row by row in order as the report walks the store, and each finished row leaves memory for a
/// temporary file. Strings are then written into their cells (inline) rather than into a shared table. Each
/// sheet has a temporary file of its own, so the sheets need not be filled in their order: the table sheets
/// fill while the model is still being worked out, the summary once it is known.
final class WorkbookReport {
    let destination: URL
    private let temporary: URL
    private let workbook: XLSXWorkbook
    private let formats: Formats
    private let forms: [FormSchema]
    /// Its own memo of field places: the workbook is written on a thread of its own (`OutputLane`), while the
    /// other outputs use the model's.
    private let places: FieldPlaces
    /// Intake times as cells; the same few seconds recur across a batch.
    private var moments = ReportDates.momentMemo()

    static let statusNames = ReportWriter.statusNames

    private struct TableSheet {
        let field: FieldSpec
        let sheet: XLSXSheet
        var nextRow = 1
    }

    private struct FormSheets {
        let form: FormSchema
        let sheet: XLSXSheet
        var nextRow = 1
        var tables: [TableSheet]
    }

    private let summarySheet: XLSXSheet
    private var formSheets: [FormSheets]
    private let findingsSheet: XLSXSheet
    private var findingsRow = 1
    private let correctionsSheet: XLSXSheet
    private var correctionsRow = 1
    private let reviewSheet: XLSXSheet
    private var reviewRow = 1
    /// The rows the model counted for each sheet (`begin`), which each must get exactly.
    private var rowsCounted: [Int]?

    static let formFixedTitles = ["状态", "错误数", "提醒数", "文件", "收到时间", "逾期（天）"]
    static let tableFixedTitles = ["所在支部", "提交人", "文件", "收到时间", "行号"]
    static let findingsTitles = ["所在支部", "表格", "提交人", "文件", "字段", "级别", "问题说明", "规则"]
    static let reviewTitles = ["所在支部", "表格", "提交人", "文件", "字段", "读到的内容", "为什么待核对", "核对方法"]
    static let correctionsTitles = ["更正收到时间", "所在支部", "表格", "提交人", "原文件", "原文件错误数", "更正文件", "更正后状态"]

    /// What the workbook shows of the report's model: the summary, and how many rows each sheet gets.
    struct Summary: Sendable {
        let branches: [String]
        let matrix: [String: [String: ReportModel.Completeness]]
        let missing: [ReportModel.Missing]
        let hasRoster: Bool
        /// Per form: its current submissions, and the rows of each of its tables.
        let formRows: [Int]
        let tableRows: [[Int]]
        let findingRows: Int
        let correctionRows: Int
        let reviewRows: Int

        init(_ model: ReportModel) {
            branches = model.branches
            matrix = model.matrix
            missing = model.missing
            hasRoster = model.roster != nil
            formRows = model.catalog.forms.indices.map { model.entries(ofForm: $0).count }
            tableRows = model.tableRowCounts
            findingRows = model.entries.reduce(0) { $0 + $1.findingCount } + model.rejectedCount
            correctionRows = model.correctionCount
            reviewRows = model.entries.reduce(0) { $0 + $1.readingFindings }
        }
    }

    /// Starts the workbook (to a temporary file beside `destination`): every sheet with its header.
    init(catalog: SchemaCatalog, destination: URL) throws(ReportError) {
        self.destination = destination
        forms = catalog.forms
        temporary = AtomicFile.temporaryURL(for: destination)
        places = FieldPlaces(forms: catalog.forms)
        workbook = try XLSXWorkbook(
            path: temporary.path, constantMemory: true, temporaryFolder: destination.deletingLastPathComponent().path)
        let formats = try Formats(workbook)
        self.formats = formats
        summarySheet = try workbook.addSheet("汇总")
        var formSheets: [FormSheets] = []
        for form in catalog.forms {
            let sheet = try workbook.addSheet(form.name)
            let titles = Self.formFixedTitles + form.fields.map { $0.kind == .table ? "\($0.title)（行数）" : $0.title }
            try Self.header(titles, row: 0, sheet, formats.header)
            for (column, width) in [10.0, 7, 7, 30, 16, 8].enumerated() { try sheet.columnWidth(column, width) }
            for (index, field) in form.fields.enumerated() {
                try sheet.columnWidth(Self.formFixedTitles.count + index, Self.width(for: field))
            }
            sheet.freeze(rows: 1)
            var tables: [TableSheet] = []
            for table in form.fields where table.kind == .table {
                let tableSheet = try workbook.addSheet("\(form.name)-\(table.title)")
                try Self.header(Self.tableFixedTitles + table.columns.map(\.title), row: 0, tableSheet, formats.header)
                for (column, width) in [20.0, 14, 30, 16, 6].enumerated() { try tableSheet.columnWidth(column, width) }
                for (index, column) in table.columns.enumerated() {
                    try tableSheet.columnWidth(Self.tableFixedTitles.count + index, Self.width(for: column))
                }
                tableSheet.freeze(rows: 1)
                tables.append(TableSheet(field: table, sheet: tableSheet))
            }
            formSheets.append(FormSheets(form: form, sheet: sheet, tables: tables))
        }
        self.formSheets = formSheets
        findingsSheet = try workbook.addSheet("问题清单")
        try Self.header(Self.findingsTitles, row: 0, findingsSheet, formats.header)
        for (column, width) in [20.0, 22, 14, 30, 22, 6, 70, 12].enumerated() { try findingsSheet.columnWidth(column, width) }
        findingsSheet.freeze(rows: 1)
        correctionsSheet = try workbook.addSheet("更正记录")
        try Self.header(Self.correctionsTitles, row: 0, correctionsSheet, formats.header)
        for (column, width) in [20.0, 20, 22, 14, 30, 8, 30, 12].enumerated() { try correctionsSheet.columnWidth(column, width) }
        correctionsSheet.freeze(rows: 1)
        reviewSheet = try workbook.addSheet("待核对")
        try Self.header(Self.reviewTitles, row: 0, reviewSheet, formats.header)
        for (column, width) in [20.0, 22, 14, 30, 22, 30, 60, 22].enumerated() { try reviewSheet.columnWidth(column, width) }
        reviewSheet.freeze(rows: 1)
    }

    /// Once the model is known: the summary, and an autofilter over each sheet's rows — the table sheets'
    /// rows are written by then, the other sheets' rows follow (constant-memory mode accepts an autofilter
    /// over rows either way).
    func begin(_ summary: Summary) throws(ReportError) {
        try reviewSheet.autofilter(headerRow: 0, lastRow: summary.reviewRows, lastColumn: Self.reviewTitles.count - 1)
        var counted = [summary.findingRows, summary.correctionRows, summary.reviewRows]
        for (formIndex, sheets) in formSheets.enumerated() {
            let titleCount = Self.formFixedTitles.count + sheets.form.fields.count
            try sheets.sheet.autofilter(headerRow: 0, lastRow: summary.formRows[formIndex], lastColumn: titleCount - 1)
            counted.append(summary.formRows[formIndex])
            for (tableIndex, table) in sheets.tables.enumerated() {
                try table.sheet.autofilter(
                    headerRow: 0, lastRow: summary.tableRows[formIndex][tableIndex],
                    lastColumn: Self.tableFixedTitles.count + table.field.columns.count - 1)
                counted.append(summary.tableRows[formIndex][tableIndex])
            }
        }
        try findingsSheet.autofilter(headerRow: 0, lastRow: summary.findingRows, lastColumn: Self.findingsTitles.count - 1)
        try correctionsSheet.autofilter(headerRow: 0, lastRow: summary.correctionRows, lastColumn: Self.correctionsTitles.count - 1)
        rowsCounted = counted
        try writeSummary(summary)
    }

    /// The cell formats of one workbook; each kind of cell has a plain and an invalid-row (highlighted) look.
    struct Formats {
        typealias Format = UnsafeMutablePointer<lxw_format>
        let header: Format
        let group: Format
        let total: Format
        let notApplicable: Format
        let note: Format
        let plain: (text: Format?, date: Format, month: Format, number: Format?, moment: Format)
        let invalid: (text: Format, date: Format, month: Format, number: Format, moment: Format)

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
                // A form's long name over its few narrow columns wraps instead of being cut off.
                format_set_text_wrap(format)
            }
            total = try workbook.format { format in
                format_set_bold(format)
                format_set_top(format, UInt8(LXW_BORDER_THIN.rawValue))
            }
            notApplicable = try workbook.format(fill(0xEFEFEF))
            note = try workbook.format { format in format_set_italic(format) }
            let date = try workbook.format { format in format_set_num_format(format, "yyyy-mm-dd") }
            let month = try workbook.format { format in format_set_num_format(format, "yyyy-mm") }
            // Text wraps at the column's width, so a multi-line 岗位职责 shows its lines.
            let wrapped = try workbook.format { format in
                format_set_text_wrap(format)
                format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            }
            let moment = try workbook.format { format in format_set_num_format(format, "yyyy-mm-dd hh:mm") }
            plain = (wrapped, date, month, nil, moment)
            // Highlighted text and numbers share one format object: libxlsxwriter remembers the style index of
            // a format only when it is the first with its look, and hashes a look-alike again on every cell.
            let highlighted = try workbook.format { format in
                fill(invalidFill)(format)
                format_set_text_wrap(format)
                format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            }
            invalid = (
                highlighted,
                try workbook.format { format in
                    format_set_num_format(format, "yyyy-mm-dd")
                    fill(invalidFill)(format)
                },
                try workbook.format { format in
                    format_set_num_format(format, "yyyy-mm")
                    fill(invalidFill)(format)
                },
                highlighted,
                try workbook.format { format in
                    format_set_num_format(format, "yyyy-mm-dd hh:mm")
                    fill(invalidFill)(format)
                }
            )
        }
    }

    // MARK: Rows

    /// A current submission's row on its form's sheet.
    func addSubmission(_ submission: StoredSubmission, entry: ReportModel.Entry) throws(ReportError) {
        let form = formSheets[entry.formIndex].form
        let row = formSheets[entry.formIndex].nextRow
        formSheets[entry.formIndex].nextRow += 1
        let sheet = formSheets[entry.formIndex].sheet
        let invalid = entry.isInvalid
        let record = submission.record
        try write(.text(Self.statusNames[submission.status] ?? submission.status.rawValue), sheet, row, 0, invalid: invalid)
        try write(.number(Double(entry.errors)), sheet, row, 1, invalid: invalid)
        try write(.number(Double(entry.warnings)), sheet, row, 2, invalid: invalid)
        try write(.text(submission.sourcePath), sheet, row, 3, invalid: invalid)
        try write(moments(entry.receivedAt), sheet, row, 4, invalid: invalid)
        try write(entry.lateDays.map { .number(Double($0)) } ?? .empty, sheet, row, 5, invalid: invalid)
        for (offset, field) in form.fields.enumerated() {
            try write(CellValue(record?[field.key], kind: field.kind), sheet, row, Self.formFixedTitles.count + offset, invalid: invalid)
        }
    }

    /// A current submission's rows on its form's table sheets, with the branch it counts for and who it is
    /// about (written during the model's walk: nothing else of the model is needed).
    func addTableRows(_ submission: StoredSubmission, formIndex: Int, branch: String, subject: String) throws(ReportError) {
        guard !formSheets[formIndex].tables.isEmpty, let record = submission.record else { return }
        // A row is highlighted when an error points into it, so the office sees which line to fix.
        let badRows = submission.findings.compactMap { finding in
            finding.severity == .error ? RecordPath.row(of: finding.path) : nil
        }
        let received = moments(submission.intakeAt)
        for index in formSheets[formIndex].tables.indices {
            let table = formSheets[formIndex].tables[index].field
            guard let rows = record[table.key]?.arrayValue else { continue }
            let tableSheet = formSheets[formIndex].tables[index].sheet
            var row = formSheets[formIndex].tables[index].nextRow
            for (position, values) in rows.enumerated() {
                let invalid = badRows.contains { $0.table == table.key && $0.row == position }
                try write(.text(branch), tableSheet, row, 0, invalid: invalid)
                try write(subject.isEmpty ? .empty : .text(subject), tableSheet, row, 1, invalid: invalid)
                try write(.text(submission.sourcePath), tableSheet, row, 2, invalid: invalid)
                try write(received, tableSheet, row, 3, invalid: invalid)
                try write(.number(Double(position + 1)), tableSheet, row, 4, invalid: invalid)
                for (offset, column) in table.columns.enumerated() {
                    try write(
                        CellValue(values[column.key], kind: column.kind), tableSheet, row, Self.tableFixedTitles.count + offset,
                        invalid: invalid)
                }
                row += 1
            }
            formSheets[formIndex].tables[index].nextRow = row
        }
    }

    /// The findings of a current submission on 问题清单 (called in branch order, then intake order).
    func addFindings(_ findings: [Finding], of submission: StoredSubmission, entry: ReportModel.Entry, branch: String) throws(ReportError) {
        let form = forms[entry.formIndex]
        for finding in findings {
            let error = finding.severity == .error
            let cells: [String] = [
                branch, form.name, entry.subject, submission.sourcePath, places.display(finding.path, formIndex: entry.formIndex),
                Self.level(of: finding), finding.message, finding.rule,
            ]
            for (column, text) in cells.enumerated() {
                try write(text.isEmpty ? .empty : .text(text), findingsSheet, findingsRow, column, invalid: error)
            }
            findingsRow += 1
        }
    }

    /// 错误, 提醒, or 待核对 for an error formpipe could not read.
    static func level(of finding: Finding) -> String {
        finding.severity == .warning ? "提醒" : (finding.source == .reading ? "待核对" : "错误")
    }

    /// The reading findings of a current submission on 待核对.
    func addReview(
        _ items: [ReportWriter.ReviewItem], of submission: StoredSubmission, entry: ReportModel.Entry, branch: String
    ) throws(ReportError) {
        let form = forms[entry.formIndex]
        for item in items {
            let cells = [
                branch, form.name, entry.subject, submission.sourcePath, item.place, item.seen, item.finding.message,
                ReportWriter.ReviewItem.command(for: submission),
            ]
            for (column, text) in cells.enumerated() {
                try write(text.isEmpty ? .empty : .text(text), reviewSheet, reviewRow, column, invalid: false)
            }
            reviewRow += 1
        }
    }

    /// A file that could not be read as a form, after every finding on 问题清单.
    func addRejected(_ submission: StoredSubmission) throws(ReportError) {
        let cells = ["", "", "", submission.sourcePath, "", "无法识别", submission.reason ?? "", submission.reasonCode ?? "rejected"]
        for (column, text) in cells.enumerated() {
            try write(text.isEmpty ? .empty : .text(text), findingsSheet, findingsRow, column, invalid: true)
        }
        findingsRow += 1
    }

    func addCorrection(_ correction: ReportWriter.Correction) throws(ReportError) {
        let stillInvalid = correction.laterStatus == .invalid
        let cells: [CellValue] = [
            CellValue(.string(correction.receivedDay), kind: .date), .text(correction.branch), .text(correction.formName),
            correction.subject.isEmpty ? .empty : .text(correction.subject), .text(correction.earlierPath),
            .number(Double(correction.earlierErrors)), .text(correction.laterPath),
            .text(Self.statusNames[correction.laterStatus] ?? correction.laterStatus.rawValue),
        ]
        for (column, cell) in cells.enumerated() {
            try write(cell, correctionsSheet, correctionsRow, column, invalid: stillInvalid)
        }
        correctionsRow += 1
    }

    /// Writes the file, still under its temporary name: `commit` puts it in place.
    func finish() throws(ReportError) {
        // The autofilters (set in `begin`) cover as many rows as the model counted: each sheet must have got
        // exactly those.
        assert(rowsCounted == rowsWritten, "a sheet got another number of rows than its autofilter covers")
        do {
            try workbook.close()
        } catch {
            AtomicFile.remove(temporary)
            throw error
        }
    }

    private var rowsWritten: [Int] {
        var rows = [findingsRow - 1, correctionsRow - 1, reviewRow - 1]
        for sheets in formSheets {
            rows.append(sheets.nextRow - 1)
            rows += sheets.tables.map { $0.nextRow - 1 }
        }
        return rows
    }

    func commit() throws(ReportError) {
        try AtomicFile.move(temporary, to: destination)
    }

    /// Abandons the workbook: nothing of it stays on disk.
    func discard() {
        AtomicFile.remove(temporary)
    }

    // MARK: Cells

    private func write(
        _ value: CellValue, _ sheet: XLSXSheet, _ row: Int, _ column: Int, invalid: Bool
    ) throws(ReportError) {
        switch value {
        case .empty: try sheet.blank(row, column, invalid ? formats.invalid.text : nil)
        case .text(let text): try sheet.write(row, column, text, invalid ? formats.invalid.text : formats.plain.text)
        case .number(let number): try sheet.write(row, column, number: number, invalid ? formats.invalid.number : formats.plain.number)
        case .date(let serial, let monthOnly):
            let format = monthOnly ? (invalid ? formats.invalid.month : formats.plain.month) : (invalid ? formats.invalid.date : formats.plain.date)
            try sheet.write(row, column, number: serial, format)
        case .moment(let serial):
            try sheet.write(row, column, number: serial, invalid ? formats.invalid.moment : formats.plain.moment)
        }
    }

    private static func header(
        _ titles: [String], row: Int, _ sheet: XLSXSheet, _ format: UnsafeMutablePointer<lxw_format>
    ) throws(ReportError) {
        for (column, title) in titles.enumerated() {
            try sheet.write(row, column, title, format)
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

    // MARK: Summary

    /// The completeness matrix and the missing list. Rows go strictly downwards (constant-memory mode): the
    /// form names over row 0 are merged before the column titles of row 1 are written.
    private func writeSummary(_ summary: Summary) throws(ReportError) {
        let sheet = summarySheet
        let parts = ["已交", "合格", "需整改", "待核对", "未交"]
        try sheet.write(0, 0, "", formats.group)
        for (index, form) in forms.enumerated() {
            let first = 1 + index * parts.count
            try sheet.merge(0, first, first + parts.count - 1, form.name, formats.group)
        }
        try sheet.write(1, 0, "所在支部", formats.header)
        try sheet.columnWidth(0, 24)
        for index in forms.indices {
            let first = 1 + index * parts.count
            for (offset, part) in parts.enumerated() {
                try sheet.write(1, first + offset, part, formats.header)
                try sheet.columnWidth(first + offset, 7.5)
            }
        }
        try sheet.autofilter(headerRow: 1, lastRow: 1 + summary.branches.count, lastColumn: forms.count * parts.count)
        sheet.freeze(rows: 2, columns: 1)
        var row = 2
        var totals = [Int](repeating: 0, count: forms.count * parts.count)
        for branch in summary.branches {
            try sheet.write(row, 0, branch, nil)
            for (index, form) in forms.enumerated() {
                let cell = summary.matrix[branch]?[form.id] ?? ReportModel.Completeness()
                let values: [Int?] = [cell.submitted, cell.valid, cell.invalid, cell.review, cell.missing]
                for (offset, value) in values.enumerated() {
                    let column = 1 + index * parts.count + offset
                    if let value {
                        let highlight = (offset == 2 || offset == 4) && value > 0
                        try sheet.write(row, column, number: Double(value), highlight ? formats.invalid.number : nil)
                        totals[column - 1] += value
                    } else {
                        try sheet.blank(row, column, formats.notApplicable)
                    }
                }
            }
            row += 1
        }
        try sheet.write(row, 0, "合计", formats.total)
        for (index, total) in totals.enumerated() {
            try sheet.write(row, index + 1, number: Double(total), formats.total)
        }

        // Each branch over all forms, and the same as a chart beside it.
        row += 2
        try sheet.write(row, 0, "各支部完成情况（所有表格）", formats.group)
        row += 1
        let headerRow = row
        try Self.header(["所在支部", "合格", "需整改", "待核对", "未交"], row: row, sheet, formats.header)
        row += 1
        let firstRow = row
        for branch in summary.branches {
            let cells = forms.map { summary.matrix[branch]?[$0.id] ?? ReportModel.Completeness() }
            try sheet.write(row, 0, branch, nil)
            let values = [
                cells.reduce(0) { $0 + $1.valid }, cells.reduce(0) { $0 + $1.invalid }, cells.reduce(0) { $0 + $1.review },
                cells.reduce(0) { $0 + ($1.missing ?? 0) },
            ]
            for (offset, value) in values.enumerated() { try sheet.write(row, 1 + offset, number: Double(value), nil) }
            row += 1
        }
        if !summary.branches.isEmpty {
            try workbook.addStackedBarChart(
                on: sheet, sheetName: "汇总", title: "各支部完成情况", headerRow: headerRow, firstRow: firstRow, lastRow: row - 1,
                categories: 0, series: [(1, 0x2F9E44), (2, 0xD64545), (3, 0xE8A317), (4, 0xADB5BD)], at: (headerRow, 6))
            // Room for the chart before what follows.
            row = max(row, headerRow + 16)
        }

        row += 2
        try sheet.write(row, 0, "未交名单", formats.group)
        row += 1
        if !summary.hasRoster {
            try sheet.write(row, 0, "未配置花名册，无法知道哪些党员未交任务书和学习计划（在 pipeline.conf 写 roster = 党员名单 CSV 的路径）；只列出未交查摆整改表的支部。", formats.note)
            row += 1
        }
        try Self.header(["所在支部", "姓名", "党员类别", "职级", "未交表格"], row: row, sheet, formats.header)
        row += 1
        for item in summary.missing {
            try sheet.write(row, 0, item.branch, nil)
            try sheet.write(row, 1, item.member?.name ?? "（支部）", nil)
            try sheet.write(row, 2, item.member?.category ?? "", nil)
            try sheet.write(row, 3, item.member?.rank ?? "", nil)
            try sheet.write(row, 4, item.formName, nil)
            row += 1
        }
        if summary.missing.isEmpty { try sheet.write(row, 0, "无", nil) }
    }
}
