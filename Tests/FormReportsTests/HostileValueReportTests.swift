import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormReports

/// Issue 18: whatever one stored submission holds, the reports are written, and written well-formed.
@Suite struct HostileValueReportTests {
    /// A store written by an older reader may hold a number no form asks for; the chart bins it, not traps.
    @Test func aStoredHugeNumberDoesNotStopTheReport() throws {
        let fixture = try ReportFixture("hostile-hours")
        defer { fixture.remove() }
        for (name, hours) in [("甲", 1e20), ("乙", -1e300), ("丙", 40)] {
            guard case .object(var record) = ReportFixture.targetBook(name: name) else { return }
            record["planned_study_hours"] = .number(hours)
            try fixture.add("\(name).docx", form: "annual_target_book", record: .object(record))
        }
        try fixture.write()
        #expect(try fixture.text(ReportWriter.overviewName).contains("<svg"))
    }

    @Test func theChartBinsAnyNumberWithoutTrapping() {
        let chart = StudyHoursChart(
            formName: "年度目标任务书", field: "计划集中学习学时", by: "党员类别",
            series: [
                .init(category: "普通党员", hours: [-1e300, -5, 0, 40, 1e20, .greatestFiniteMagnitude, .infinity], minimum: 32)
            ])
        #expect(chart.svg().contains("7 人"))
    }

    static let wideBranch = String(repeating: "\u{20000}", count: 60)
    static let accentedBranch = "a" + String(repeating: "\u{0301}", count: 300)

    @Test func noticeNamesStayWithinTwoHundredBytesAndApart() {
        let branches = [Self.wideBranch, Self.wideBranch + "第二", Self.accentedBranch, String(repeating: "党", count: 300)]
        let names = CorrectionNotices(branches: branches).fileNames()
        #expect(Set(names.values).count == branches.count)
        for name in names.values {
            #expect(name.utf8.count <= 200, "\(name.utf8.count) bytes")
            #expect(name.hasPrefix("整改通知-") && name.hasSuffix(".html"))
        }
        #expect(CorrectionNotices.prefix(of: Self.wideBranch, utf8Bytes: 10) == String(repeating: "\u{20000}", count: 2))
    }

    @Test func branchNamesTooLongForAFileNameStillGetTheirNotices() throws {
        let fixture = try ReportFixture("hostile-branch")
        defer { fixture.remove() }
        for (index, branch) in [Self.wideBranch, Self.accentedBranch].enumerated() {
            try fixture.add(
                "\(index).docx", form: "annual_target_book", record: ReportFixture.targetBook(branch: branch, name: "张\(index)", hours: 1))
        }
        try fixture.write()
        let notices = try FileManager.default.contentsOfDirectory(atPath: fixture.reports.appendingPathComponent("notices").path)
        #expect(notices.count == 2)
        #expect(FileManager.default.fileExists(atPath: fixture.reports.appendingPathComponent(ReportWriter.overviewName).path))
    }

    final class Warnings: @unchecked Sendable {
        private let lock = NSLock()
        private var errors: [ReportError] = []
        func add(_ error: ReportError) { lock.withLock { errors.append(error) } }
        var all: [ReportError] { lock.withLock { errors } }
    }

    @Test func anOutputThatCannotBeWrittenIsAWarningAndTheOthersAreWritten() throws {
        let fixture = try ReportFixture("hostile-unwritable")
        defer { fixture.remove() }
        try fixture.add("a.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "张三"))
        // A folder where the overview goes: renaming the finished page onto it fails.
        try FileManager.default.createDirectory(
            at: fixture.reports.appendingPathComponent(ReportWriter.overviewName).appendingPathComponent("x"), withIntermediateDirectories: true)
        let warnings = Warnings()
        let written = try ReportWriter(folder: fixture.reports, catalog: fixture.catalog) { warnings.add($0) }.write(from: fixture.store)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.description.contains(ReportWriter.overviewName) == true)
        #expect(written.contains { $0.lastPathComponent == ReportWriter.workbookName })
        #expect(FileManager.default.fileExists(atPath: fixture.reports.appendingPathComponent("submissions.csv").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.reports.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// U+FFFF, U+FFFE and C0 controls are not XML characters: one of them in a cell and Excel refuses the
    /// workbook. They are left out of every XML output.
    @Test func charactersXMLForbidsNeverReachTheWorkbookOrThePages() throws {
        let fixture = try ReportFixture("hostile-xml")
        defer { fixture.remove() }
        let hostile = "负责\u{FFFF}综合\u{FFFE}工作\u{01}\u{1B}[2J\u{0B}完"
        try fixture.add("a.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "张\u{FFFF}三", hours: 1, duties: hostile))
        try fixture.write()
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        for sheet in book.sheets {
            #expect(!sheet.xml.unicodeScalars.contains { !OutputText.isXMLCharacter($0) }, "\(sheet.name)")
        }
        #expect(book.sheets.contains { $0.xml.contains("负责综合工作[2J完") })
        let pages =
            [ReportWriter.overviewName]
            + (try FileManager.default.contentsOfDirectory(
                atPath: fixture.reports.appendingPathComponent("notices").path)).map { "notices/" + $0 }
        for page in pages {
            let text = try fixture.text(page)
            #expect(!text.unicodeScalars.contains { !OutputText.isXMLCharacter($0) }, "\(page)")
        }
    }

    /// U+202E turns "整改通知-abc.html" into something that reads otherwise; every output shows it instead.
    @Test func bidiControlsAreShownInEveryOutputNeverApplied() throws {
        let fixture = try ReportFixture("hostile-bidi")
        defer { fixture.remove() }
        let branch = "机关\u{202E}fdp.exe"
        try fixture.add("a.docx", form: "annual_target_book", record: ReportFixture.targetBook(branch: branch, name: "李\u{2066}四", hours: 1))
        try fixture.write()
        var outputs: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: fixture.reports.path)
        while let path = enumerator?.nextObject() as? String {
            #expect(!path.unicodeScalars.contains(where: OutputText.isBidiControl), "\(path)")
            if path.hasSuffix(".csv") || path.hasSuffix(".html") { outputs.append(path) }
        }
        for path in outputs {
            let text = try fixture.text(path)
            #expect(!text.unicodeScalars.contains(where: OutputText.isBidiControl), "\(path)")
        }
        #expect(try fixture.text(ReportWriter.overviewName).contains("机关&lt;U+202E&gt;fdp.exe"))
        #expect(try fixture.text("submissions.csv").contains("<U+202E>") || fixture.text("annual_target_book.csv").contains("<U+202E>"))
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        #expect(book.sheets.allSatisfy { !$0.xml.unicodeScalars.contains(where: OutputText.isBidiControl) })
    }

    /// 1.9 million ideographs with few repeated trigrams: what one pasted book puts in 岗位职责.
    static func book(seed: Int) -> String {
        var random = SplitMix64(seed: UInt64(seed))
        var text = ""
        text.unicodeScalars.append(contentsOf: (0..<1_900_000).compactMap { _ in Unicode.Scalar(0x4E00 + UInt32(random.next() % 20_000)) })
        return text
    }

    @Test func aPastedBookIsComparedOnlyByItsBeginning() {
        #expect(CopiedTextDetector.normalised(Self.book(seed: 0)).count == CopiedTextDetector.maxComparedCharacters)
        #expect(CopiedTextDetector.normalised("一、加强学习。" + String(repeating: "好", count: 30)).count == 35)
    }

    @Test func aReportWithPastedBooksTakesSecondsNotMinutesAndStillFindsTheCopy() throws {
        let fixture = try ReportFixture("hostile-long")
        defer { fixture.remove() }
        let book = Self.book(seed: 1)
        try fixture.add("a.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "甲", duties: book))
        try fixture.add("b.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "乙", duties: book + "再加一句话"))
        try fixture.add("c.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "丙", duties: Self.book(seed: 5)))
        let started = Date()
        try fixture.write()
        let seconds = Date().timeIntervalSince(started)
        // Debug build: 2.6 s here, 19.7 s when the whole texts were compared.
        #expect(seconds < TestPace.seconds(8), "\(seconds) s")
        #expect(try fixture.text("findings.csv").contains("疑似抄袭"))
    }
}
