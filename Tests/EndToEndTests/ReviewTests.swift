import FormSchema
import Foundation
import GRDB
import TestSupport
import Testing

/// Cannot read is not the branch's fault: what formpipe could not read ends 待核对 (review), with no notice,
/// and the clerk closes it with `formpipe review`; a field the branch really left empty still gets a notice.
@Suite(.serialized) struct ReviewTests {
    let space: HistoryTests.Workspace

    init() throws {
        space = try HistoryTests.Workspace("review")
    }

    func notices() throws -> [String: String] {
        let folder = space.state.appendingPathComponent("reports/notices")
        var texts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            texts[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return texts
    }

    @Test func aPictureWhereAValueBelongsEndsInReviewWithoutANotice() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        try SyntheticForms.studyPlan(name: "", branch: "机关第一党支部", nameCell: DocxFixture.pictureCell)
            .write(to: inbox.appendingPathComponent("图片姓名.docx"))
        try SyntheticForms.studyPlan(name: "", branch: "机关第二党支部").write(to: inbox.appendingPathComponent("空姓名.docx"))
        let batch = try space.batch([inbox.path])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stdout.contains("待核对 1"), "\(batch.stdout)")

        let lines = try space.export()
        let picture = try #require(lines.first { $0["file"]?.stringValue?.hasSuffix("图片姓名.docx") == true })
        #expect(picture["status"] == "review")
        let findings = picture["findings"]?.arrayValue ?? []
        #expect(findings.count == 1)
        #expect(findings.first?["path"] == "name")
        #expect(findings.first?["source"] == "reading")
        #expect(findings.first?["message"]?.stringValue?.contains("图片") == true, "\(findings)")

        let empty = try #require(lines.first { $0["file"]?.stringValue?.hasSuffix("空姓名.docx") == true })
        #expect(empty["status"] == "invalid", "a name the branch left empty is the branch's to fill")
        #expect(empty["findings"]?.arrayValue?.first?["source"] == "content")

        let notices = try notices()
        let second = try #require(notices.first { $0.key.contains("机关第二党支部") }?.value)
        #expect(second.contains("缺少必填项：姓名"))
        #expect(second.contains("文件：空姓名.docx"), "the name the branch gave its file")
        #expect(!second.contains(inbox.path), "never a path of the office's machine")
        let first = try #require(notices.first { $0.key.contains("机关第一党支部") }?.value)
        #expect(!first.contains("图片姓名.docx") && !first.contains("图片"), "nothing to fix for what formpipe could not read")
        let overview = try String(contentsOf: space.state.appendingPathComponent("reports/overview.html"), encoding: .utf8)
        #expect(overview.contains("待核对"))
        #expect(overview.contains("formpipe review 1"))

        let status = try FormpipeBinary.run(["status", "--state", space.state.path])
        #expect(status.stdout.contains("待核对 1"), "\(status.stdout)")
    }

    @Test func theClerkRecordsWhatTheOriginalSaysAndRevalidationKeepsIt() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        try SyntheticForms.studyPlan(name: "", nameCell: DocxFixture.pictureCell).write(to: inbox.appendingPathComponent("图片姓名.docx"))
        #expect(try space.batch([inbox.path]).status == 0)

        let list = try FormpipeBinary.run(["review", "--state", space.state.path])
        #expect(list.status == 0)
        #expect(list.stdout.contains("1  ") && list.stdout.contains("图片姓名.docx") && list.stdout.contains("姓名"), "\(list.stdout)")

        let show = try FormpipeBinary.run(["review", "1", "--state", space.state.path])
        #expect(show.status == 0, "\(show.stderr)")
        let original = space.state.appendingPathComponent("review/1-图片姓名.docx")
        #expect(FileManager.default.contents(atPath: original.path) == (try Data(contentsOf: inbox.appendingPathComponent("图片姓名.docx"))))
        #expect(show.stdout.contains(original.path))

        let unknown = try FormpipeBinary.run(["review", "1", "--set", "身高=180", "--state", space.state.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("没有“身高”这个字段"), "\(unknown.stderr)")

        let set = try FormpipeBinary.run(["review", "1", "--set", "姓名=钱七", "--by", "王文书", "--state", space.state.path])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("合格"), "\(set.stdout)")
        var line = try #require(try space.export().first)
        #expect(line["status"] == "valid")
        #expect(line["fields"]?["name"] == "钱七")
        let history = try space.query { db in try Row.fetchOne(db, sql: "SELECT kind, path, value_json, previous_json, who FROM clerk_readings") }
        #expect(history?["kind"] == "value")
        #expect(history?["path"] == "name")
        #expect(history?["value_json"] == "\"钱七\"")
        #expect(history?["who"] == "王文书")
        #expect(try space.query { db in try String.fetchOne(db, sql: "SELECT name FROM study_plan") } == "钱七")

        let revalidate = try FormpipeBinary.run(["revalidate", "--state", space.state.path])
        #expect(revalidate.status == 0, "\(revalidate.stderr)")
        line = try #require(try space.export().first)
        #expect(line["status"] == "valid", "revalidation reads the original again and keeps the clerk's reading")
        #expect(line["fields"]?["name"] == "钱七")
    }

    @Test func theClerkPassesTheReadingToTheBranch() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        try SyntheticForms.studyPlan(name: "", branch: "机关第三党支部", nameCell: DocxFixture.pictureCell)
            .write(to: inbox.appendingPathComponent("图片姓名.docx"))
        #expect(try space.batch([inbox.path]).status == 0)
        #expect(try notices().first { $0.key.contains("机关第三党支部") }?.value.contains("图片") == false)
        let pass = try FormpipeBinary.run(["review", "1", "--to-branch", "--state", space.state.path])
        #expect(pass.status == 0, "\(pass.stderr)")
        let line = try #require(try space.export().first)
        #expect(line["status"] == "invalid")
        #expect(line["findings"]?.arrayValue?.first?["source"] == "content")
        let notice = try #require(try notices().first { $0.key.contains("机关第三党支部") }?.value)
        #expect(notice.contains("图片"), "the notice names the field the branch must fix")
    }

    @Test func aByteDuplicateCarriesTheFormOfTheSubmissionItDuplicates() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        let form = SyntheticForms.studyPlan(name: "钱七", totalHours: 80)
        try form.write(to: inbox.appendingPathComponent("a.docx"))
        try form.write(to: inbox.appendingPathComponent("b.docx"))
        let batch = try space.batch([inbox.path])
        #expect(batch.status == 0)
        #expect(batch.stdout.contains("与 \(inbox.path)/a.docx 内容完全相同"), "the duplicate names the file it repeats: \(batch.stdout)")
        let lines = try space.export()
        #expect(lines.map { $0["status"] } == ["invalid", "duplicate"])
        let status = try FormpipeBinary.run(["status", "--state", space.state.path]).stdout
        #expect(!status.contains("（未识别）") && !status.contains("（无支部）"), "\(status)")
        #expect(status.contains("机关第一党支部：需整改 1，重复提交 1"), "\(status)")
        let csv = try String(contentsOf: space.state.appendingPathComponent("reports/submissions.csv"), encoding: .utf8)
        let rows = csv.components(separatedBy: "\r\n")
        #expect(rows.first?.contains("编号,收到时间,文件,表格,所在支部") == true, "\(rows.first ?? "")")
        let duplicateRow = try #require(rows.first { $0.contains("b.docx") })
        #expect(duplicateRow.hasPrefix("2,"))
        #expect(duplicateRow.contains("党员干部学习计划表,机关第一党支部,钱七,重复提交"), "\(duplicateRow)")
        #expect(duplicateRow.contains("与第 1 号内容完全相同"))
        #expect(lines[1]["form"] == "study_plan")
        #expect(lines[1]["fields"] == lines[0]["fields"])
        #expect(lines[1]["findings"] == lines[0]["findings"])
        // A later copy, taken in after the first has its outcome, shows it at once.
        let later = try space.folder("later")
        try form.write(to: later.appendingPathComponent("c.docx"))
        #expect(try space.batch([later.path]).status == 0)
        let third = try #require(try space.export().last)
        #expect(third["status"] == "duplicate")
        #expect(third["fields"]?["name"] == "钱七")
    }

    @Test func checkExplainsWhereEachValueCameFromAndWhyOneIsNotTrusted() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        let file = inbox.appendingPathComponent("图片姓名.docx")
        try SyntheticForms.studyPlan(name: "", totalHours: 112, filledOn: "2017年6月20日", nameCell: DocxFixture.pictureCell).write(to: file)
        let check = try FormpipeBinary.run(["check", "--explain", file.path, "--state", space.state.path])
        #expect(check.status == 0, "\(check.stderr)")
        let text = check.stdout
        #expect(text.contains("填表日期（filled_on）\n  位置：表格 1 第 11 行第 1 格“填表日期”右边的格子\n  原文：2017年6月20日\n  取值：2017-06-20"), "\(text)")
        #expect(text.contains("姓名（name）\n  位置：表格 1 第 2 行第 1 格“姓名”右边的格子"), "\(text)")
        #expect(text.contains("不可信（待核对）：姓名："), "\(text)")
        #expect(text.contains("学习安排（items）\n  位置：表格 1 第 5 行是表头\n  读出：4 行"), "\(text)")
        #expect(text.contains("结论：待核对"))
        #expect(!FileManager.default.fileExists(atPath: space.state.path), "check writes nothing")
    }

    /// A scan: each value with the line OCR read it from, how sure OCR was, and where on the page the line is,
    /// so the clerk can find it on the paper.
    @Test func checkShowsEachScannedValueWithItsConfidenceAndPlaceOnThePage() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        let pdf = TestPaths.repositoryRoot.appendingPathComponent("Samples/pdf/study_plan_valid_a.pdf")
        let file = inbox.appendingPathComponent("学习计划表扫描.jpg")
        try ScanFixture.scan(try Data(contentsOf: pdf), look: .init(dpi: 200, rotation: 0.8), as: .jpeg).write(to: file)
        let check = try FormpipeBinary.run(["check", "--explain", file.path, "--state", space.state.path])
        #expect(check.status == 0, "\(check.stderr)")
        let name = try #require(check.stdout.components(separatedBy: "姓名（name）\n").dropFirst().first, "\(check.stdout)")
        let scanned = try #require(name.split(separator: "\n").first { $0.hasPrefix("  扫描识别：「") }, "\(name)")
        #expect(scanned.contains("李卫东") && scanned.contains("置信度 ") && scanned.contains("第 1 页 ("), "\(scanned)")
        #expect(scanned.hasSuffix(") 点"), "\(scanned)")
        // A table's cells too, each under its row and column.
        let items = try #require(check.stdout.components(separatedBy: "学习安排（items）\n").dropFirst().first, "\(check.stdout)")
        let firstRow = try #require(items.components(separatedBy: "  第 1 行 学时：").dropFirst().first, "\(items)")
        let hours = firstRow.split(separator: "\n")
        #expect(hours.first == "24", "\(items)")
        #expect(hours.dropFirst().first?.hasPrefix("    扫描识别：「24") == true, "\(items)")
    }
}
