import CXlsxWriter
import FormSchema
import Foundation

/// A libxlsxwriter workbook owned by Swift: `close()` writes the file (and frees the C workbook); if the
/// report is abandoned on an error before that, `deinit` frees it without writing anything.
final class XLSXWorkbook {
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    let path: String
    private var sheetNames = Set<String>()

    /// Excel refuses longer cells; libxlsxwriter would reject the write, so longer text is cut with a mark.
    static let maxCellCharacters = 32_767

    /// With `constantMemory`, libxlsxwriter keeps only the row being written and puts the others in a
    /// temporary file (in `temporaryFolder`), so memory does not grow with the rows; each sheet must then be
    /// written row by row in order, and a merged range only within the row being written.
    init(path: String, constantMemory: Bool = false, temporaryFolder: String? = nil) throws(ReportError) {
        self.path = path
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        let folder = temporaryFolder.flatMap { strdup($0) }
        defer { free(folder) }
        options.tmpdir = folder
        // libxlsxwriter copies the options, the folder name included.
        guard let workbook = workbook_new_opt(path, &options) else {
            throw .workbook(path: path, step: "workbook_new", reason: "无法创建工作簿")
        }
        self.workbook = workbook
    }

    deinit {
        if let workbook { lxw_workbook_free(workbook) }
    }

    /// A stacked bar chart of columns of a sheet's rows, placed on that sheet: `categories` is the column of
    /// row names, each series a column with its title in `headerRow`; rows `firstRow...lastRow` (0-based).
    func addStackedBarChart(
        on sheet: XLSXSheet, sheetName: String, title: String, headerRow: Int, firstRow: Int, lastRow: Int, categories: Int,
        series: [(column: Int, color: UInt32)], at anchor: (row: Int, column: Int)
    ) throws(ReportError) {
        guard let workbook, let chart = workbook_add_chart(workbook, UInt8(LXW_CHART_BAR_STACKED.rawValue)) else {
            throw .workbook(path: path, step: "add chart", reason: "无法创建图表")
        }
        // libxlsxwriter quotes the sheet name in the formulas itself.
        let quoted = sheetName
        chart_title_set_name(chart, title)
        for (column, color) in series {
            guard let added = chart_add_series(chart, nil, nil) else { continue }
            chart_series_set_categories(added, quoted, lxw_row_t(firstRow), lxw_col_t(categories), lxw_row_t(lastRow), lxw_col_t(categories))
            chart_series_set_values(added, quoted, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column))
            chart_series_set_name_range(added, quoted, lxw_row_t(headerRow), lxw_col_t(column))
            var fill = lxw_chart_fill()
            fill.color = color
            chart_series_set_fill(added, &fill)
        }
        // Branches top to bottom, as the table lists them.
        chart_axis_set_reverse(chart.pointee.y_axis)
        var options = lxw_chart_options()
        options.x_scale = 1.6
        options.y_scale = max(1, Double(lastRow - firstRow + 1) / 12)
        let result = worksheet_insert_chart_opt(sheet.sheet, lxw_row_t(anchor.row), lxw_col_t(anchor.column), chart, &options)
        guard result == LXW_NO_ERROR else {
            throw .workbook(path: path, step: "insert chart", reason: String(cString: lxw_strerror(result)))
        }
    }

    /// A new sheet; the name is made valid for Excel (31 characters, no `[]:*?/\`) and unique.
    func addSheet(_ wanted: String) throws(ReportError) -> XLSXSheet {
        guard let workbook else { throw .workbook(path: path, step: "add sheet", reason: "工作簿已关闭") }
        let name = uniqueSheetName(wanted)
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw .workbook(path: path, step: "workbook_add_worksheet \(name)", reason: "工作表名称无效")
        }
        return XLSXSheet(sheet: sheet, path: path)
    }

    func uniqueSheetName(_ wanted: String) -> String {
        let forbidden = Set("[]:*?/\\")
        var base = String(wanted.filter { !forbidden.contains($0) && !$0.isNewline })
        if base.trimmingCharacters(in: .whitespaces).isEmpty { base = "Sheet" }
        // Excel counts UTF-16 code units, and compares names without regard to case.
        func cut(_ text: String, to limit: Int) -> String {
            var result = ""
            for character in text {
                if result.utf16.count + character.utf16.count > limit { break }
                result.append(character)
            }
            return result
        }
        var candidate = cut(base, to: 31)
        var counter = 2
        while sheetNames.contains(candidate.lowercased()) {
            let suffix = "(\(counter))"
            candidate = cut(base, to: 31 - suffix.utf16.count) + suffix
            counter += 1
        }
        sheetNames.insert(candidate.lowercased())
        return candidate
    }

    /// A cell format. libxlsxwriter owns it and frees it with the workbook.
    func format(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) throws(ReportError) -> UnsafeMutablePointer<lxw_format> {
        guard let workbook, let format = workbook_add_format(workbook) else {
            throw .workbook(path: path, step: "workbook_add_format", reason: "无法创建单元格格式")
        }
        configure(format)
        return format
    }

    /// Writes the .xlsx file. The C workbook is freed whether or not the write succeeds.
    func close() throws(ReportError) {
        guard let workbook else { return }
        self.workbook = nil
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw .workbook(path: path, step: "workbook_close", reason: String(cString: lxw_strerror(result)))
        }
    }
}

/// One worksheet of an `XLSXWorkbook`; valid until the workbook is closed.
struct XLSXSheet {
    let sheet: UnsafeMutablePointer<lxw_worksheet>
    let path: String

    private func check(_ result: lxw_error, _ step: @autoclosure () -> String) throws(ReportError) {
        guard result == LXW_NO_ERROR else {
            throw .workbook(path: path, step: step(), reason: String(cString: lxw_strerror(result)))
        }
    }

    func write(_ row: Int, _ column: Int, _ text: String, _ format: UnsafeMutablePointer<lxw_format>?) throws(ReportError) {
        try check(
            worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), Self.cellText(text), format),
            "write_string R\(row + 1)C\(column + 1)")
    }

    func write(_ row: Int, _ column: Int, number: Double, _ format: UnsafeMutablePointer<lxw_format>?) throws(ReportError) {
        try check(
            worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), number, format),
            "write_number R\(row + 1)C\(column + 1)")
    }

    func blank(_ row: Int, _ column: Int, _ format: UnsafeMutablePointer<lxw_format>?) throws(ReportError) {
        guard format != nil else { return }
        try check(worksheet_write_blank(sheet, lxw_row_t(row), lxw_col_t(column), format), "write_blank R\(row + 1)C\(column + 1)")
    }

    func merge(_ row: Int, _ first: Int, _ last: Int, _ text: String, _ format: UnsafeMutablePointer<lxw_format>?) throws(ReportError) {
        try check(
            worksheet_merge_range(sheet, lxw_row_t(row), lxw_col_t(first), lxw_row_t(row), lxw_col_t(last), Self.cellText(text), format),
            "merge_range R\(row + 1)")
    }

    func columnWidth(_ column: Int, _ width: Double, _ format: UnsafeMutablePointer<lxw_format>? = nil) throws(ReportError) {
        try check(worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, format), "set_column \(column + 1)")
    }

    func freeze(rows: Int, columns: Int = 0) {
        worksheet_freeze_panes(sheet, lxw_row_t(rows), lxw_col_t(columns))
    }

    func autofilter(headerRow: Int, lastRow: Int, lastColumn: Int) throws(ReportError) {
        try check(
            worksheet_autofilter(sheet, lxw_row_t(headerRow), 0, lxw_row_t(max(lastRow, headerRow)), lxw_col_t(lastColumn)),
            "autofilter")
    }

    /// Text as Excel accepts it: only XML 1.0's characters (U+FFFF or a C0 control makes Excel refuse the
    /// whole workbook), bidi controls shown, and no longer than a cell may hold.
    static func cellText(_ text: String) -> String {
        var clean = OutputText.visible(text)
        guard clean.utf8.count > XLSXWorkbook.maxCellCharacters else { return clean }
        if clean.utf16.count > XLSXWorkbook.maxCellCharacters {
            var cut = ""
            var units = 0
            for character in clean {
                units += character.utf16.count
                if units > XLSXWorkbook.maxCellCharacters - 10 { break }
                cut.append(character)
            }
            clean = cut + "…（已截断）"
        }
        return clean
    }
}
