import FormSchema
import FormStore
import Foundation
import TestSupport
import Testing

@testable import FormReports

@Suite struct CSVAndHTMLTests {
    @Test func csvCellsThatASpreadsheetWouldRunAreNeutralised() {
        for dangerous in ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "\r\n=1+1"] {
            let cell = CSVFile.formatted(dangerous)
            let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst().dropLast()) : cell
            #expect(unquoted.hasPrefix("'"), "\(dangerous.debugDescription) must start with an apostrophe, got \(cell.debugDescription)")
        }
        #expect(CSVFile.formatted("正常文字") == "正常文字")
        #expect(CSVFile.formatted("a,b") == "\"a,b\"")
        #expect(CSVFile.formatted("他说\"好\"") == "\"他说\"\"好\"\"\"")
        #expect(CSVFile.formatted("两行\n文字") == "\"两行\n文字\"")
    }

    @Test func formCSVHasBOMChineseHeadersAndNeutralisedQuotedCells() throws {
        let fixture = try ReportFixture("csv")
        defer { fixture.remove() }
        var record = ReportFixture.targetBook(name: "=HYPERLINK(\"http://x\",\"点我\")", duties: "第一行,带逗号\n第二行")
        if case .object(var object) = record {
            object["position"] = "@SUM(A1:A9)"
            record = .object(object)
        }
        try fixture.add("book.docx", form: "annual_target_book", record: record)
        try fixture.write()
        let data = try Data(contentsOf: fixture.reports.appendingPathComponent("annual_target_book.csv"))
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let records = CSVReader.records(in: String(decoding: data, as: UTF8.self))
        #expect(records.count == 2)
        let header = try #require(records.first?.fields)
        // The CSV has the columns of its workbook sheet, in the sheet's order.
        #expect(Array(header.prefix(6)) == WorkbookReport.formFixedTitles)
        #expect(Array(header.prefix(6)) == ["状态", "错误数", "提醒数", "文件", "收到时间", "逾期（天）"])
        let row = try #require(records.last?.fields)
        let value = { (title: String) -> String? in header.firstIndex(of: title).map { row[$0] } }
        #expect(value("姓名") == "'=HYPERLINK(\"http://x\",\"点我\")")
        #expect(value("职务") == "'@SUM(A1:A9)")
        #expect(value("岗位职责") == "第一行,带逗号\n第二行")
        #expect(value("计划集中学习学时") == "40")
        #expect(value("年度目标（行数）") == "1")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\r\n"))
        #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""))

        let findings = try fixture.text("findings.csv")
        #expect(findings.hasPrefix("\u{FEFF}所在支部,表格,提交人,文件,字段,级别,问题说明,规则"))

        // A table's file says when each row's form came in, as submissions.csv does.
        let goals = CSVReader.records(in: try fixture.text("annual_target_book.goals.csv"))
        let goalsHeader = try #require(goals.first?.fields)
        #expect(Array(goalsHeader.prefix(5)) == ["所在支部", "提交人", "文件", "收到时间", "行号"])
        let received = try #require(goals.dropFirst().first?.fields[3])
        #expect(received == value("收到时间") && received.contains(ReportDates.dayStamp(Date())), "\(received)")
    }

    @Test func scriptInAFieldIsShownAsTextInTheOverviewAndTheNotice() throws {
        let fixture = try ReportFixture("html")
        defer { fixture.remove() }
        let script = "<script>alert('x')</script>"
        try fixture.add(
            "evil\"><img src=x onerror=alert(1)>.docx", form: "annual_target_book",
            record: ReportFixture.targetBook(branch: "第一<b>支部</b>", name: script, hours: 1))
        try fixture.write()
        let overview = try fixture.text(ReportWriter.overviewName)
        #expect(overview.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(overview.contains("第一&lt;b&gt;支部&lt;/b&gt;"))
        #expect(overview.contains("evil&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.docx"))
        #expect(!overview.lowercased().contains("<script"), "the page carries no script of its own either")
        #expect(!overview.contains("<img"))
        #expect(!overview.contains("<b>支部"))

        let notices = try FileManager.default.contentsOfDirectory(
            atPath: fixture.reports.appendingPathComponent(ReportWriter.noticesFolderName).path)
        #expect(notices == ["整改通知-第一_b_支部__b_.html"], "the branch name is made safe as a file name")
        let notice = try fixture.text("\(ReportWriter.noticesFolderName)/\(try #require(notices.first))")
        #expect(notice.contains("&lt;script&gt;"))
        #expect(!notice.lowercased().contains("<script"))
    }

    /// Without a roster nobody knows who has not sent a member's form: the overview says so, and how to give it
    /// one, instead of claiming nothing is missing.
    @Test func withoutARosterCompletenessIsUnknownNotZero() throws {
        let fixture = try ReportFixture("no-roster")
        defer { fixture.remove() }
        try fixture.add("book.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "王五"))
        try fixture.add("self.docx", form: "branch_self_check", record: ReportFixture.selfCheck(branch: "机关第一党支部"))
        try fixture.write()
        let overview = try String(contentsOf: fixture.reports.appendingPathComponent(ReportWriter.overviewName), encoding: .utf8)
        #expect(overview.contains("未交<b class=\"\">未知</b>"), "the card says unknown")
        #expect(overview.contains("未配置花名册") && overview.contains("roster ="), "and how to provide one")
        #expect(!overview.contains("没有未交的材料"))
    }

    @Test func overviewIsSelfContained() throws {
        let fixture = try ReportFixture("selfcontained")
        defer { fixture.remove() }
        try fixture.add("a.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "王芳", category: "科级干部", hours: 80))
        try fixture.write()
        let overview = try fixture.text(ReportWriter.overviewName)
        let withoutSVGNamespace = overview.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutSVGNamespace.contains("http://") && !withoutSVGNamespace.contains("https://"))
        #expect(!overview.contains("<link"))
        #expect(!overview.contains("src="))
        #expect(overview.contains("<svg"))
        #expect(overview.contains("最低 90 学时"))
        #expect(overview.contains("1 人，1 人不足"))
    }

    @Test func reportsAreReplacedWholeAndStaleNoticesGo() throws {
        let fixture = try ReportFixture("atomic")
        defer { fixture.remove() }
        try fixture.add("one.docx", form: "branch_self_check", record: ReportFixture.selfCheck(branch: "机关第一党支部"))
        try fixture.add("two.docx", form: "branch_self_check", record: ReportFixture.selfCheck(branch: "机关第二党支部"))
        let all = try fixture.store.allSubmissions()
        let writer = ReportWriter(folder: fixture.reports, catalog: fixture.catalog)
        try writer.write(submissions: all)
        let noticeFolder = fixture.reports.appendingPathComponent(ReportWriter.noticesFolderName)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: noticeFolder.path).sorted()
                == ["整改通知-机关第一党支部.html", "整改通知-机关第二党支部.html"])
        // A branch that is no longer in the store must not keep an old notice beside the new ones.
        try writer.write(submissions: all.filter { $0.sourcePath == "two.docx" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: noticeFolder.path) == ["整改通知-机关第二党支部.html"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.reports.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no temporary files stay behind: \(leftovers)")
    }

    /// A quote followed by a combining mark is one Character that is not a quote; escaping by bytes still
    /// sees the quote, so such a name cannot end an attribute or a CSV cell early.
    @Test func aQuoteFollowedByACombiningMarkIsStillEscaped() {
        let name = "王\"\u{301} onmouseover=alert(1) x=\"\u{301}"
        #expect(HTML.escape(name) == "王&quot;\u{301} onmouseover=alert(1) x=&quot;\u{301}")
        #expect(HTML.multiline("一\r\n二\n三\r四<") == "一<br>二<br>三\r四&lt;")
        #expect(CSVFile.formatted("a\"\u{301},b") == "\"a\"\"\u{301},b\"")
    }
}
