import FormSchema
import FormStore
import Foundation
import TestSupport
import Testing

@testable import FormReports

@Suite struct WorkbookTests {
    /// Two current target books (one invalid), one superseded, and a self-check with a table.
    func filledFixture() throws -> ReportFixture {
        let fixture = try ReportFixture("workbook")
        try fixture.add("a/王建国.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "王建国", hours: 96))
        let first = ReportFixture.targetBook(name: "马振华", category: "处级及以上干部", hours: 40)
        try fixture.add("a/马振华-初稿.docx", form: "annual_target_book", record: first)
        try fixture.add("a/马振华-修改.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "马振华", category: "处级及以上干部", hours: 60))
        try fixture.add("b/自查.docx", form: "branch_self_check", record: ReportFixture.selfCheck(branch: "机关第二党支部"))
        return fixture
    }

    @Test func workbookHoldsSummaryFormTableFindingsAndCorrectionSheets() throws {
        let fixture = try filledFixture()
        defer { fixture.remove() }
        try fixture.write()
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let names = book.sheets.map(\.name)
        #expect(names.first == "汇总")
        for expected in [
            "年度目标任务书", "年度目标任务书-年度目标", "年度目标任务书-年度任务", "基层党支部规范化建设问题查摆及整改措施",
            "新老教工结对活动阶段总结表-活动记录", "党员干部学习计划表-学习安排", "问题清单", "更正记录",
        ] {
            #expect(names.contains(expected), "missing sheet \(expected) in \(names)")
        }
        #expect(names.allSatisfy { $0.utf16.count <= 31 })

        let summary = try #require(book.sheet("汇总"))
        #expect(summary.text("A2") == "所在支部")
        #expect(summary.text("B1") == "党员干部学习计划表" || summary.text("B1") == "年度目标任务书")
        #expect(summary.xml.contains("state=\"frozen\""))
        #expect(summary.xml.contains("<autoFilter"))
    }

    @Test func formSheetHasChineseHeadersOneRowPerCurrentSubmissionAndTypedCells() throws {
        let fixture = try filledFixture()
        defer { fixture.remove() }
        try fixture.write()
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let sheet = try #require(book.sheet("年度目标任务书"))
        let headers = sheet.headers
        #expect(Array(headers.prefix(4)) == ["状态", "错误数", "提醒数", "文件"])
        #expect(headers.contains("姓名"))
        #expect(headers.contains("计划集中学习学时"))
        #expect(headers.contains("年度目标（行数）"))
        // The header plus two current books: 马振华's first draft is superseded by the correction.
        #expect(sheet.rowCount == 3)
        #expect(!sheet.cells.values.contains { $0.value == "a/马振华-初稿.docx" })

        let column = { (title: String) throws -> String in
            let index = try #require(headers.firstIndex(of: title))
            return XLSXReader.columnName(index)
        }
        let dateCell = try #require(sheet.cells[try column("入党时间") + "2"])
        #expect(dateCell.number == 35972, "1998-06-26 is Excel day 35972")
        #expect(book.numberFormats[dateCell.style] == "yyyy-mm-dd")
        let hours = try #require(sheet.cells[try column("计划集中学习学时") + "2"])
        #expect(hours.type == "n")
        #expect(hours.number == 96)

        // 马振华's correction still has too few hours for 处级及以上干部: its row is highlighted, 王建国's is not.
        let fileColumn = try column("文件")
        let invalidRow = try #require(["2", "3"].first { sheet.text(fileColumn + $0) == "a/马振华-修改.docx" })
        let validRow = invalidRow == "2" ? "3" : "2"
        #expect(sheet.text("A" + invalidRow) == "需整改")
        #expect(book.filled[sheet.cells["A" + invalidRow]?.style ?? 0] == true)
        #expect(book.filled[sheet.cells["A" + validRow]?.style ?? 0] != true)
        #expect(sheet.xml.contains("ySplit=\"1\""))
        #expect(sheet.xml.contains("<autoFilter ref=\"A1:"))
    }

    @Test func tableSheetHasARowPerTableRowAndFindingsSheetHasEveryFinding() throws {
        let fixture = try filledFixture()
        defer { fixture.remove() }
        try fixture.write()
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let items = try #require(book.sheet("基层党支部规范化建设问题查摆及整改措施-查摆情况"))
        #expect(Array(items.headers.prefix(5)) == ["所在支部", "提交人", "文件", "收到时间", "行号"])
        // When the file came in, as a date-and-time cell: today, at some hour.
        let receivedCell = try #require(items.cells["D2"])
        let today = try #require(CellValue.excelSerial(of: ReportDates.day(of: Date())))
        #expect((today..<today + 1).contains(receivedCell.number ?? 0), "\(receivedCell)")
        #expect(book.numberFormats[receivedCell.style] == "yyyy-mm-dd hh:mm")
        #expect(items.headers.contains("整改措施"))
        #expect(items.rowCount == 7)
        // Its rows are written while the model is still being worked out, its autofilter afterwards: it covers
        // the header and the six rows, no more.
        #expect(items.xml.contains("<autoFilter ref=\"A1:\(XLSXReader.columnName(items.headers.count - 1))7\"/>"))
        let goals = try #require(book.sheet("年度目标任务书-年度目标"))
        // The two current target books' goals; the superseded draft's are not there.
        #expect(goals.rowCount == 3)
        #expect(goals.xml.contains("<autoFilter ref=\"A1:\(XLSXReader.columnName(goals.headers.count - 1))3\"/>"))
        let deadline = try #require(items.headers.firstIndex(of: "整改时限"))
        let cell = try #require(items.cells[XLSXReader.columnName(deadline) + "2"])
        #expect(cell.number == 42916, "2017-06-30 is Excel day 42916")

        let findings = try #require(book.sheet("问题清单"))
        #expect(findings.headers == ["所在支部", "表格", "提交人", "文件", "字段", "级别", "问题说明", "规则"])
        #expect(findings.cells.values.contains { $0.value == "计划集中学习学时" })
        let corrections = try #require(book.sheet("更正记录"))
        #expect(corrections.rowCount == 2)
        #expect(corrections.cells.values.contains { $0.value == "a/马振华-初稿.docx" })
    }

    @Test func correctionsListBothFilesWhoTheyAreAboutAndHowTheLaterOneStands() throws {
        let fixture = try ReportFixture("corrections")
        defer { fixture.remove() }
        // Corrected twice: the first correction's later file is itself no longer current.
        for (path, hours) in [("a/赵敏-1.docx", 40), ("a/赵敏-2.docx", 60), ("a/赵敏-3.docx", 120)] {
            try fixture.add(
                path, form: "annual_target_book",
                record: ReportFixture.targetBook(branch: "机关第三党支部", name: "赵敏", category: "处级及以上干部", hours: hours))
        }
        try fixture.write()
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let corrections = try #require(book.sheet("更正记录"))
        #expect(corrections.headers == WorkbookReport.correctionsTitles)
        let rows = (2...3).map { row in (0..<8).map { corrections.text(XLSXReader.columnName($0) + "\(row)") ?? "" } }
        #expect(
            rows.map { Array($0[1...4]) } == [
                ["机关第三党支部", "年度目标任务书", "赵敏", "a/赵敏-1.docx"], ["机关第三党支部", "年度目标任务书", "赵敏", "a/赵敏-2.docx"],
            ])
        #expect(rows.map { Array($0[5...7]) } == [["1", "a/赵敏-2.docx", "已被更正版本取代"], ["1", "a/赵敏-3.docx", "合格"]])
    }

    /// What formpipe could not read is listed for the clerk, with what was read and the command to look at it;
    /// it is counted apart in the summary and never reaches the branch's notice.
    @Test func readingFindingsAreListedOnTheirOwnSheetAndLeftOutOfTheNotice() throws {
        let fixture = try ReportFixture("workbook-review")
        defer { fixture.remove() }
        var record = ReportFixture.targetBook(name: "赵六")
        if case .object(var object) = record {
            object["planned_study_hours"] = "三十二学时左右"
            record = .object(object)
        }
        let reading = Finding(
            path: "planned_study_hours", severity: .error, rule: "type", message: "计划集中学习学时应为整数（未能识别这个值）",
            source: .reading)
        try fixture.add("c/赵六.docx", form: "annual_target_book", record: record, status: .review, findings: [reading])
        try fixture.write()

        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let sheet = try #require(book.sheet("待核对"))
        #expect(sheet.headers == WorkbookReport.reviewTitles)
        #expect(sheet.text("D2") == "c/赵六.docx")
        #expect(sheet.text("E2") == "计划集中学习学时")
        #expect(sheet.text("F2") == "三十二学时左右")
        #expect(sheet.text("H2") == "formpipe review 1")
        let summary = try #require(book.sheet("汇总"))
        let headers = (1...25).compactMap { summary.text(XLSXReader.columnName($0) + "2") }
        #expect(headers.contains("待核对"))
        let findings = try #require(book.sheet("问题清单"))
        #expect(findings.cells.values.contains { $0.value == "待核对" })

        let notices = try FileManager.default.contentsOfDirectory(atPath: fixture.reports.appendingPathComponent("notices").path)
        for name in notices {
            let text = try String(contentsOf: fixture.reports.appendingPathComponent("notices/\(name)"), encoding: .utf8)
            #expect(!text.contains("赵六.docx") && !text.contains("未能识别"), "\(name)")
        }
        let overview = try String(contentsOf: fixture.reports.appendingPathComponent(ReportWriter.overviewName), encoding: .utf8)
        #expect(overview.contains("三十二学时左右") && overview.contains("formpipe review 1"))
    }

    /// A deadline (the schema's x-form.due, or this round's date in pipeline.conf) gives every form sheet a
    /// received-date and a days-late column, the overview a list of late forms and the notice a reply-by date.
    @Test func deadlinesShowWhatCameInLateAndWhenToReply() throws {
        let fixture = try ReportFixture("deadlines")
        defer { fixture.remove() }
        try fixture.add("a/王建国.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "王建国", hours: 20))
        let written = Date()
        let due = CalendarDate(year: Calendar.current.component(.year, from: written) - 1, month: 1, day: 31)
        let dueText = try #require(due).iso
        try fixture.write(settings: ReportSettings(dueDates: ["annual_target_book": dueText], noticeReplyDays: 10))

        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let sheet = try #require(book.sheet("年度目标任务书"))
        #expect(Array(sheet.headers.prefix(6)) == ["状态", "错误数", "提醒数", "文件", "收到时间", "逾期（天）"])
        let lateText = try #require(sheet.text("F2"))
        let late = try #require(Double(lateText))
        #expect(late > 300, "received today, due in January last year: \(late) days late")
        let received = try #require(sheet.cells["E2"]?.number, "the received time is a date-and-time cell")
        let writtenDay = try #require(CellValue.excelSerial(of: ReportDates.day(of: written)))
        #expect(received >= writtenDay - 1 && received < writtenDay + 1, "\(received): taken in today (or just before midnight)")
        #expect(book.numberFormats[sheet.cells["E2"]?.style ?? -1] == "yyyy-mm-dd hh:mm")
        let overview = try fixture.text(ReportWriter.overviewName)
        #expect(overview.contains("逾期报送") && overview.contains(dueText))
        let noticeNames = try FileManager.default.contentsOfDirectory(atPath: fixture.reports.appendingPathComponent("notices").path)
        let noticeName = try #require(noticeNames.first)
        let notice = try String(contentsOf: fixture.reports.appendingPathComponent("notices/\(noticeName)"), encoding: .utf8)
        #expect(notice.contains(ReportDates.dayStamp(written.addingTimeInterval(10 * 86_400)) + "</b> 前重新报送"))

        // In time: no days late.
        try fixture.write(settings: ReportSettings(dueDates: ["annual_target_book": "2999-12-31"]))
        let onTime = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let onTimeSheet = try #require(onTime.sheet("年度目标任务书"))
        #expect(onTimeSheet.text("F2")?.isEmpty ?? true, "no days late")
    }

    /// 汇总 ends with each branch's standing over all forms and a stacked bar chart of it.
    @Test func theSummaryHasACompletionChartPerBranch() throws {
        let fixture = try filledFixture()
        defer { fixture.remove() }
        try fixture.write()
        let file = fixture.reports.appendingPathComponent(ReportWriter.workbookName)
        let summary = try #require(try XLSXReader(file: file).sheet("汇总"))
        #expect(summary.cells.values.contains { $0.value == "各支部完成情况（所有表格）" })
        let parts = try XLSXReader.unzip(file)
        let chart = String(decoding: try #require(parts["xl/charts/chart1.xml"]), as: UTF8.self)
        #expect(chart.contains("<c:barChart>") && chart.contains("stacked"))
        #expect(chart.contains("'汇总'!$B$"), "its values come from the summary's block")
        #expect(chart.contains("各支部完成情况"))
    }

    @Test func sheetNamesAreMadeValidAndDistinct() throws {
        let fixture = try ReportFixture("sheetnames")
        defer { fixture.remove() }
        let workbook = try XLSXWorkbook(path: fixture.folder.appendingPathComponent("names.xlsx").path)
        #expect(workbook.uniqueSheetName("a/b:c*d?[e]") == "abcde")
        let long = String(repeating: "表", count: 40)
        let first = workbook.uniqueSheetName(long)
        let second = workbook.uniqueSheetName(long)
        #expect(first.utf16.count == 31)
        #expect(second.utf16.count <= 31)
        #expect(first != second)
        #expect(workbook.uniqueSheetName("ABCDE") == "ABCDE(2)", "Excel compares sheet names without case")
    }

    @Test func cellTextDropsControlCharactersAndCutsToExcelsLimit() {
        #expect(XLSXSheet.cellText("a\u{1}b\u{8}c\td") == "abc\td")
        let long = XLSXSheet.cellText(String(repeating: "字", count: 40_000))
        #expect(long.utf16.count <= XLSXWorkbook.maxCellCharacters)
        #expect(long.hasSuffix("（已截断）"))
    }
}

@Suite struct StreamedReportTests {
    /// More current submissions than the report reads back per page, in two branches named so that their
    /// natural order (第二 before 第十) differs from the order they came in.
    @Test func outputsKeepBranchAndIntakeOrderAcrossPagesAndMatchTheSameSubmissionsInMemory() throws {
        let fixture = try ReportFixture("pages")
        defer { fixture.remove() }
        let count = ReportWriter.pageSize + 60
        for index in 0..<count {
            let branch = index % 2 == 0 ? "机关第十党支部" : "机关第二党支部"
            let category = index % 3 == 0 ? "处级及以上干部" : "普通党员"
            try fixture.add(
                "books/\(index).docx", form: "annual_target_book",
                record: ReportFixture.targetBook(branch: branch, name: "党员\(index)", category: category, hours: 60))
        }
        try fixture.add("junk.bin", form: nil, record: nil, reason: "无法识别")
        try fixture.add(
            "books/0-更正.docx", form: "annual_target_book",
            record: ReportFixture.targetBook(branch: "机关第十党支部", name: "党员0", category: "处级及以上干部", hours: 120))
        let time = Date(timeIntervalSince1970: 1_500_000_000)
        try ReportWriter(folder: fixture.reports, catalog: fixture.catalog).write(from: fixture.store, at: time)
        let inMemory = fixture.folder.appendingPathComponent("in-memory")
        try ReportWriter(folder: inMemory, catalog: fixture.catalog).write(submissions: try fixture.store.allSubmissions(), at: time)

        let manager = FileManager.default
        let files = try manager.subpathsOfDirectory(atPath: fixture.reports.path).sorted()
        #expect(try manager.subpathsOfDirectory(atPath: inMemory.path).sorted() == files)
        for file in files where file.hasSuffix(".html") || file.hasSuffix(".csv") {
            #expect(
                try Data(contentsOf: fixture.reports.appendingPathComponent(file)) == Data(contentsOf: inMemory.appendingPathComponent(file)),
                "\(file) differs between the store and the same submissions in memory")
        }
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let twin = try XLSXReader(file: inMemory.appendingPathComponent(ReportWriter.workbookName))
        #expect(book.sheets.map(\.name) == twin.sheets.map(\.name))
        #expect(zip(book.sheets, twin.sheets).allSatisfy { $0.cells == $1.cells })

        // The form's rows in intake order: the corrected first book last, its first version gone.
        let rows = CSVReader.records(in: try fixture.text("annual_target_book.csv")).dropFirst().map { $0.fields[3] }
        #expect(rows == (1..<count).map { "books/\($0).docx" } + ["books/0-更正.docx"])
        #expect(try #require(book.sheet("年度目标任务书")).rowCount == count + 1)
        // Findings by branch in natural order, then in intake order.
        let findings = CSVReader.records(in: try fixture.text("findings.csv")).dropFirst().map(\.fields)
        let branches = findings.map { $0[0] }
        #expect(!findings.isEmpty)
        #expect(branches == branches.sorted { ($0 == "机关第二党支部" ? 0 : 1) < ($1 == "机关第二党支部" ? 0 : 1) })
        for branch in ["机关第二党支部", "机关第十党支部"] {
            let order = findings.filter { $0[0] == branch }.compactMap { row in
                row[3] == "books/0-更正.docx" ? count : Int(row[3].dropFirst("books/".count).dropLast(".docx".count))
            }
            #expect(!order.isEmpty && order == order.sorted(), "\(branch) findings out of intake order")
        }
    }

    /// Constant-memory mode needs every autofilter set before the rows under it are written, from counts
    /// worked out beforehand: each must still cover exactly the header and the rows the sheet got.
    @Test func everyAutofilterCoversExactlyTheRowsWritten() throws {
        let fixture = try WorkbookTests().filledFixture()
        defer { fixture.remove() }
        try fixture.add("junk.bin", form: nil, record: nil, reason: "无法识别")
        try fixture.write()
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        for sheet in book.sheets where sheet.name != "汇总" {
            let range = try #require(sheet.xml.firstMatch(of: /<autoFilter ref="A1:[A-Z]+([0-9]+)"/), "\(sheet.name)")
            let lastRow = sheet.cells.keys.compactMap { Int($0.filter(\.isNumber)) }.max() ?? 1
            #expect(Int(range.1) == lastRow, "\(sheet.name): autofilter to row \(range.1), rows to \(lastRow)")
        }
        let summary = try #require(book.sheet("汇总"))
        #expect(summary.xml.contains("<autoFilter ref=\"A2:U4\""), "header row 2, two branches")
        #expect(summary.xml.contains("<mergeCell ref=\"B1:F1\""))
    }
}
