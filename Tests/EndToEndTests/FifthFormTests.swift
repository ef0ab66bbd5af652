import FormSchema
import Foundation
import TestSupport
import Testing

/// Adding a form is adding a schema: the built program, unchanged, learns a new form from a file.
@Suite struct FifthFormTests {
    static let volunteerSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://formpipe.local/schemas/volunteer_record",
          "title": "党员志愿服务登记表",
          "x-form": {
            "id": "volunteer_record", "titles": ["志愿服务登记表"], "identity": ["name", "served_on"],
            "owed": "branch", "chart": { "field": "hours", "by": "kind", "unit": "小时" }
          },
          "type": "object",
          "properties": {
            "branch": { "title": "所在支部", "x-labels": ["所在支部"], "x-kind": "string", "type": "string", "minLength": 1 },
            "name": { "title": "姓名", "x-labels": ["姓名"], "x-kind": "string", "type": "string", "minLength": 1 },
            "served_on": { "title": "服务日期", "x-labels": ["服务日期"], "x-kind": "date", "type": "string", "format": "date" },
            "hours": {
              "title": "服务时长", "x-labels": ["服务时长", "时长"], "x-kind": "number", "type": "number", "minimum": 1,
              "x-message": { "minimum": "服务时长为 {value}，应不少于 {expected} 小时" }
            },
            "kind": { "title": "服务类别", "x-labels": ["服务类别"], "x-kind": "enum", "enum": ["社区", "校园", "其他"] },
            "tasks": {
              "title": "服务内容", "x-labels": ["服务内容"], "x-kind": "table", "type": "array", "minItems": 1,
              "items": { "type": "object", "required": ["task"], "properties": {
                "seq": { "title": "序号", "x-labels": ["序号"], "x-kind": "integer", "type": "integer" },
                "task": { "title": "事项", "x-labels": ["事项"], "x-kind": "text", "type": "string", "minLength": 1 },
                "minutes": { "title": "用时（分钟）", "x-labels": ["用时（分钟）"], "x-kind": "integer", "type": "integer" }
              } }
            }
          },
          "required": ["branch", "name", "served_on", "hours", "tasks"],
          "allOf": [
            { "if": { "properties": { "kind": { "const": "校园" } }, "required": ["kind"] },
              "then": { "properties": { "hours": { "minimum": 2 } } } }
          ],
          "x-rules": [
            { "rule": "sum", "table": "tasks", "column": "minutes", "equals": "hours", "severity": "warning" }
          ]
        }
        """

    static func volunteerBody(name: String, hours: String = "0.5", kind: String = "☑社区 ☐校园 ☐其他") -> String {
        DocxFixture.paragraph("机关党委党员志愿服务登记表")
            + DocxFixture.table([
                ["所在支部", "机关第四党支部", "姓名", name],
                ["服务日期", "2017年5月4日", "服务时长", hours],
                ["服务类别", kind, "", ""],
                [DocxFixture.tableCell("服务内容", span: 4)],
                ["序号", "事项", "用时（分钟）", ""],
                ["1", "清理楼道小广告", "20", ""],
                ["2", "慰问独居老人", "10", ""],
            ])
    }

    /// A folder with the four schemas and the fifth, and a pipeline.conf that uses it.
    static func fifthFormSetup(_ folder: URL) throws -> URL {
        let schemas = folder.appendingPathComponent("Schemas")
        try FileManager.default.createDirectory(at: schemas, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: TestPaths.repositoryRoot.appendingPathComponent("Schemas").path) {
            try FileManager.default.copyItem(
                at: TestPaths.repositoryRoot.appendingPathComponent("Schemas/\(file)"), to: schemas.appendingPathComponent(file))
        }
        try Self.volunteerSchema.write(to: schemas.appendingPathComponent("volunteer_record.schema.json"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("pipeline.conf")
        try "state_dir = var\nschemas_dir = Schemas\n".write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    @Test func aFifthFormMergedIntoOneFileGivesEachMembersForm() throws {
        let folder = try TestPaths.temporaryFolder("fifth-form-merged")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.fifthFormSetup(folder)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try SyntheticForms.merged([Self.volunteerBody(name: "周八"), Self.volunteerBody(name: "吴九", hours: "2")])
            .write(to: inbox.appendingPathComponent("志愿服务合并.docx"))
        #expect(try FormpipeBinary.run(["batch", "--config", config.path, inbox.path]).status == 0)
        let export = try FormpipeBinary.run(["export", "--format", "jsonl", "--config", config.path])
        let lines = try export.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(lines.map { $0["form"] } == ["volunteer_record", "volunteer_record"])
        #expect(lines.map { $0["fields"]?["name"] } == ["周八", "吴九"])
        #expect(lines.map { $0["file"]?.stringValue?.hasSuffix("志愿服务合并.docx#2") } == [false, true])
    }

    /// Who owes the form, its chart and its notices come from the schema file too: nothing in the reports
    /// knows the four forms.
    @Test func aFifthFormReachesTheCompletenessTableTheChartAndTheNotices() throws {
        let folder = try TestPaths.temporaryFolder("fifth-form-reports")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.fifthFormSetup(folder)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try DocxFixture.package(body: Self.volunteerBody(name: "周八")).write(to: inbox.appendingPathComponent("周八.docx"))
        try DocxFixture.package(body: Self.volunteerBody(name: "吴九", hours: "3", kind: "☐社区 ☑校园 ☐其他"))
            .write(to: inbox.appendingPathComponent("吴九.docx"))
        try SyntheticForms.studyPlan(name: "钱七", branch: "机关第一党支部").write(to: inbox.appendingPathComponent("钱七.docx"))
        #expect(try FormpipeBinary.run(["batch", "--config", config.path, inbox.path]).status == 0)
        let reports = folder.appendingPathComponent("var/reports")
        let overview = try String(contentsOf: reports.appendingPathComponent("overview.html"), encoding: .utf8)
        #expect(overview.contains("<th>党员志愿服务登记表</th>"), "a column of the completeness table")
        #expect(
            overview.contains("<td>机关第一党支部</td><td>（支部）</td><td></td><td></td><td>党员志愿服务登记表</td>"),
            "owed by every branch: the branch without one is listed as missing")
        #expect(overview.contains("服务时长分布（党员志愿服务登记表，按服务类别）"), "its chart, from x-form.chart")
        #expect(overview.contains("最低 2 小时"), "with the minimum its schema sets for 校园")
        let notice = try String(contentsOf: reports.appendingPathComponent("notices/整改通知-机关第四党支部.html"), encoding: .utf8)
        #expect(notice.contains("服务时长为 0.5，应不少于 1 小时"), "its findings reach the branch's notice")
        let missing = try String(contentsOf: reports.appendingPathComponent("notices/整改通知-机关第一党支部.html"), encoding: .utf8)
        #expect(missing.contains("党员志愿服务登记表"), "and the branch that owes it is told")
    }

    /// The fifth form, printed, stamped and scanned, is read from the scan by its schema file alone; the batch
    /// says how many pages it read by OCR.
    @Test(.enabled(if: LibreOfficeFixture.executable != nil, "LibreOffice (soffice) is not installed, so the form cannot be printed"))
    func aFifthFormIsReadFromAScanByItsSchemaFileAlone() throws {
        let folder = try TestPaths.temporaryFolder("fifth-form-scan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.fifthFormSetup(folder)
        let docx = folder.appendingPathComponent("志愿服务.docx")
        try DocxFixture.package(body: Self.volunteerBody(name: "周八", hours: "2")).write(to: docx)
        let pdf = try LibreOfficeFixture.printToPDF(docx, in: folder)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let scan = try ScanFixture.scan(try Data(contentsOf: pdf), look: .init(dpi: 200, rotation: 1), as: .jpeg)
        try scan.write(to: inbox.appendingPathComponent("志愿服务扫描.jpg"))
        let batch = try FormpipeBinary.run(["batch", "--config", config.path, inbox.path])
        #expect(batch.status == 0)
        #expect(batch.stdout.contains("OCR 识别 1 页"), "\(batch.stdout)")
        let export = try FormpipeBinary.run(["export", "--format", "jsonl", "--config", config.path])
        let record = try JSONValue.parse(export.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(record["form"] == "volunteer_record")
        #expect(record["fields"]?["name"] == "周八")
        #expect(record["fields"]?["served_on"] == "2017-05-04")
        #expect(record["fields"]?["hours"] == 2)
        #expect(record["fields"]?["kind"] == "社区")
        #expect(record["fields"]?["tasks"]?.arrayValue?.count == 2)
    }

    @Test func aNewSchemaFileIsEnoughToReadAndValidateANewForm() throws {
        let folder = try TestPaths.temporaryFolder("fifth-form")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.fifthFormSetup(folder)

        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try DocxFixture.package(body: Self.volunteerBody(name: "周八")).write(to: inbox.appendingPathComponent("志愿服务-周八.docx"))

        let batch = try FormpipeBinary.run(["batch", "--config", config.path, inbox.path])
        #expect(batch.status == 0, "\(batch.stderr)")
        let export = try FormpipeBinary.run(["export", "--format", "jsonl", "--config", config.path])
        let line = try JSONValue.parse(export.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(line["form"] == "volunteer_record")
        #expect(line["status"] == "invalid")
        #expect(line["fields"]?["served_on"] == "2017-05-04")
        #expect(line["fields"]?["kind"] == "社区")
        #expect(line["fields"]?["tasks"] == [["seq": 1, "task": "清理楼道小广告", "minutes": 20], ["seq": 2, "task": "慰问独居老人", "minutes": 10]])
        let findings = line["findings"]?.arrayValue ?? []
        #expect(findings.contains { $0["path"] == "hours" && $0["rule"] == "minimum" && $0["message"]?.stringValue?.contains("服务时长为 0.5") == true })
        #expect(findings.contains { $0["rule"] == "sum" && $0["severity"] == "warning" })
    }

    @Test func aBrokenSchemaStopsWithFileAndPointer() throws {
        let folder = try TestPaths.temporaryFolder("broken-schema")
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = Self.volunteerSchema.replacingOccurrences(of: "\"rule\": \"sum\"", with: "\"rule\": \"sumOf\"")
        try broken.write(to: folder.appendingPathComponent("volunteer_record.schema.json"), atomically: true, encoding: .utf8)
        let result = try FormpipeBinary.run(["schemas", "check", "--set", "schemas_dir=\(folder.path)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("volunteer_record.schema.json"))
        #expect(result.stderr.contains("/x-rules/0"))
    }
}
