import FormSchema
import FormTemplates
import Foundation
import GRDB
import TestSupport
import Testing

/// Files that hold many forms: members' forms pasted into one .docx, that file printed to one PDF, and .zip
/// bundles. Every form inside is stored as its own submission, none silently lost.
@Suite(.serialized) struct ManyFormsTests {
    let space: HistoryTests.Workspace

    init() throws {
        space = try HistoryTests.Workspace("many-forms")
    }

    func lines(_ filter: (JSONValue) -> Bool = { _ in true }) throws -> [JSONValue] {
        try space.export().filter(filter)
    }

    @Test func aMergedDocxStoresEveryMembersFormAndAReRunChangesNothing() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        let merged = SyntheticForms.merged([
            SyntheticForms.studyPlanBody(name: "甲一", totalHours: 112),
            SyntheticForms.studyPlanBody(name: "乙二", totalHours: 80),
            SyntheticForms.studyPlanBody(name: "丙三", totalHours: 120),
        ])
        try merged.write(to: inbox.appendingPathComponent("三人合并.docx"))
        let batch = try space.batch([inbox.path])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stdout.contains("本次处理 1 个文件，共 3 份"), "\(batch.stdout)")
        let stored = try lines()
        #expect(stored.map { $0["file"]?.stringValue?.components(separatedBy: "/").last } == ["三人合并.docx#1", "三人合并.docx#2", "三人合并.docx#3"])
        #expect(stored.map { $0["fields"]?["name"] } == ["甲一", "乙二", "丙三"])
        #expect(stored.map { $0["status"] } == ["valid", "invalid", "valid"])
        #expect(stored[1]["fields"]?["items"]?.arrayValue?.count == 4, "each member's table rows are its own, not run together")
        let archived = try space.query { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM archive_entries") }
        #expect(archived == 1, "the original is archived once")
        let notice = try String(
            contentsOf: space.state.appendingPathComponent("reports/notices/整改通知-机关第一党支部.html"), encoding: .utf8)
        #expect(notice.contains("三人合并.docx（第 2 份）"), "the notice names the file and the form in it")

        let again = try space.batch([inbox.path])
        #expect(again.stdout.contains("此前已处理、内容未变：1 个文件"), "\(again.stdout)")
        #expect(try lines().map { $0.serialized() } == stored.map { $0.serialized() }, "a re-run changes nothing")
    }

    @Test func aCorrectionOfOneMemberSupersedesOnlyThatMember() throws {
        defer { space.remove() }
        let first = try space.folder("first")
        try SyntheticForms.merged([
            SyntheticForms.studyPlanBody(name: "甲一", totalHours: 112), SyntheticForms.studyPlanBody(name: "乙二", totalHours: 80),
        ]).write(to: first.appendingPathComponent("合并.docx"))
        #expect(try space.batch([first.path]).status == 0)
        let second = try space.folder("second")
        try SyntheticForms.studyPlan(name: "乙二", totalHours: 118).write(to: second.appendingPathComponent("乙二-修改.docx"))
        #expect(try space.batch([second.path]).status == 0)
        let stored = try lines()
        #expect(stored.map { $0["status"] } == ["valid", "superseded", "valid"])
        #expect(stored[0]["fields"]?["name"] == "甲一", "the other member of the merged file stays current")
        // Revalidating reads the merged file whole again and leaves the correction in place.
        #expect(try FormpipeBinary.run(["revalidate", "--state", space.state.path]).status == 0)
        #expect(try lines().map { $0["status"] } == ["valid", "superseded", "valid"])
    }

    @Test func aCoverLetterBeforeTheFormStillGivesOneForm() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        let letter = DocxFixture.paragraph("关于报送学习计划表的说明") + DocxFixture.paragraph("机关党委：现将我支部学习计划表报上，请审阅。")
        try SyntheticForms.merged([letter, SyntheticForms.studyPlanBody(name: "甲一")]).write(to: inbox.appendingPathComponent("报送.docx"))
        #expect(try space.batch([inbox.path]).status == 0)
        let stored = try lines()
        #expect(stored.count == 1)
        #expect(stored.first?["file"]?.stringValue?.hasSuffix("报送.docx") == true)
        #expect(stored.first?["status"] == "valid")
    }

    @Test func aBundleStoresEachFormInsideAndSaysWhyTheRestWasNotTaken() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        var inner = ZipWriter()
        inner.entries.append(ZipWriter.Entry(name: "x.docx", data: SyntheticForms.studyPlan(name: "内层")))
        var bundle = ZipWriter()
        // 材料/王五.docx written by Windows on a Chinese desktop: GBK bytes, no UTF-8 flag.
        var gbk = ZipWriter.Entry(name: "材料/王五.docx", data: SyntheticForms.studyPlan(name: "王五"))
        gbk.rawName = [0xB2, 0xC4, 0xC1, 0xCF, 0x2F, 0xCD, 0xF5, 0xCE, 0xE5] + Array(".docx".utf8)
        bundle.entries.append(gbk)
        bundle.entries.append(ZipWriter.Entry(name: "材料/二组/赵六.docx", data: SyntheticForms.studyPlan(name: "赵六", totalHours: 90)))
        bundle.entries.append(ZipWriter.Entry(name: "材料/说明.txt", data: Data("这是说明".utf8)))
        bundle.entries.append(ZipWriter.Entry(name: "材料/旧版.zip", data: inner.archive()))
        bundle.entries.append(ZipWriter.Entry(name: "__MACOSX/材料/._王五.docx", data: Data("resource fork".utf8)))
        bundle.entries.append(
            .deflated(
                name: "材料/炸弹.docx", stream: DeflatedZeros.stream(count: 64 << 20), declaredSize: 64 << 20,
                crc: DeflatedZeros.crc(count: 64 << 20)))
        try bundle.archive().write(to: inbox.appendingPathComponent("支部材料.zip"))

        let batch = try space.batch([inbox.path])
        #expect(batch.status == 0, "\(batch.stderr)")
        let stored = try lines()
        func line(_ member: String) -> JSONValue? { stored.first { $0["file"]?.stringValue?.hasSuffix("支部材料.zip/" + member) == true } }
        #expect(line("材料/王五.docx")?["fields"]?["name"] == "王五", "a GBK name is read as the branch wrote it")
        #expect(line("材料/王五.docx")?["status"] == "valid")
        #expect(line("材料/二组/赵六.docx")?["status"] == "invalid", "a nested folder's member is read too")
        #expect(line("材料/说明.txt")?["status"] == "rejected")
        #expect(line("材料/说明.txt")?["reason"]?.stringValue?.contains("不是 Word") == true)
        #expect(line("材料/说明.txt")?["reason_code"] == "not-a-form-file")
        #expect(line("材料/旧版.zip")?["reason"]?.stringValue?.contains("又是一个压缩包") == true, "a bundle in a bundle is refused")
        #expect(line("材料/旧版.zip")?["reason_code"] == "bundle-nested")
        #expect(line("材料/炸弹.docx")?["reason_code"] == "limit-exceeded")
        let bomb = line("材料/炸弹.docx")?["reason"]?.stringValue ?? ""
        #expect(bomb.contains("压缩") || bomb.contains("上限"), "the bomb inside is refused with a reason: \(bomb)")
        #expect(!stored.contains { $0["file"]?.stringValue?.contains("__MACOSX") == true })
        #expect(stored.count == 5)
        let again = try space.batch([inbox.path])
        #expect(try lines().count == 5, "a re-run changes nothing: \(again.stdout)")
    }

    @Test func checkListsEveryFormInAFileWithItsVerdict() throws {
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        let file = inbox.appendingPathComponent("合并.docx")
        try SyntheticForms.merged([
            SyntheticForms.studyPlanBody(name: "甲一"), SyntheticForms.studyPlanBody(name: "乙二", totalHours: 80),
        ]).write(to: file)
        let check = try FormpipeBinary.run(["check", file.path])
        #expect(check.stdout.contains("合并.docx#1：党员干部学习计划表"))
        #expect(check.stdout.contains("合并.docx#2：党员干部学习计划表"))
        #expect(check.stdout.components(separatedBy: "结论：").count == 3)
        #expect(check.stdout.contains("结论：需整改"))
    }
}

/// The dev set's merged files and bundle (`../shared/corpus/dev-multi`), scored as the issue asks.
@Suite(
    .enabled(
        if: DevMultiScorer.script != nil, "the dev-multi set and its scorer (../shared/corpus/dev-multi, ../shared/tools) are not on this machine"))
struct DevMultiTests {
    @Test func everyFormInEveryMergedFileAndBundleIsFound() throws {
        let corpus = try #require(TestPaths.corpus).appendingPathComponent("dev-multi")
        let scorer = try #require(DevMultiScorer.script)
        let folder = try TestPaths.temporaryFolder("dev-multi")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        #expect(try FormpipeBinary.run(["batch", "--state", state, corpus.appendingPathComponent("corpus").path]).status == 0)
        let export = try FormpipeBinary.run(["export", "--format", "jsonl", "--state", state])
        let exportFile = folder.appendingPathComponent("export.jsonl")
        try Data(export.stdout.utf8).write(to: exportFile)
        let score = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [scorer.path, exportFile.path, "--expected", corpus.appendingPathComponent("expected.json").path])
        let last = score.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let numbers = last.matches(of: /(\d+)\/(\d+)/).map { (Int($0.output.1) ?? -1, Int($0.output.2) ?? -2) }
        #expect(numbers.count == 2, "\(last)")
        #expect(numbers.allSatisfy { $0.0 == $0.1 }, "\(last)")
    }
}

enum DevMultiScorer {
    static var script: URL? {
        guard let corpus = TestPaths.corpus,
            FileManager.default.fileExists(atPath: corpus.appendingPathComponent("dev-multi/expected.json").path)
        else { return nil }
        let script = corpus.deletingLastPathComponent().appendingPathComponent("tools/score_multi.py")
        return FileManager.default.fileExists(atPath: script.path) ? script : nil
    }
}
