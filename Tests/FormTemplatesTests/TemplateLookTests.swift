import FormDocument
import FormSchema
import FormTemplates
import Foundation
import TestSupport
import Testing

/// What a blank form looks like and what it holds besides the round trip: pictures for a person to look at, the
/// page count, the instructions, the `x-template` hints, prefilled copies from the roster and the command itself.
@Suite struct TemplateLookTests {
    static var pdftoppm: URL? {
        ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"].map(URL.init(fileURLWithPath:))
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Page 1 of every blank form as a PNG in the test's scratch folder (`TMPDIR/formpipe-template-pictures`,
    /// kept after the run), made as a clerk would print it: LibreOffice's PDF of the .docx, drawn by pdftoppm.
    @Test(
        .enabled(if: OfficeConverter.installed() != nil && pdftoppm != nil, "LibreOffice or pdftoppm is not installed: no pictures"),
        arguments: TemplateRoundTripTests.formIDs())
    func eachBlankFormPrintsOnOneOrTwoA4PagesAndIsDrawnForALook(form: String) throws {
        let converter = try #require(OfficeConverter.installed())
        let schema = try TemplateRoundTripTests.schema(form)
        let pdf = try converter.convert(try DocxTemplate(schema: schema).docx(), to: .pdf)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("formpipe-template-pictures")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pdfFile = folder.appendingPathComponent("\(form).pdf")
        try pdf.write(to: pdfFile)
        let result = try Subprocess.run(
            try #require(Self.pdftoppm),
            ["-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", pdfFile.path, folder.appendingPathComponent(form).path])
        #expect(result.status == 0, "\(result.stderr)")
        let picture = folder.appendingPathComponent("\(form).png")
        #expect(FileManager.default.fileExists(atPath: picture.path))
        print("picture of \(form): \(picture.path)")

        let info = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/pdfinfo"), [pdfFile.path])
        let pages =
            info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect((1...2).contains(pages), "\(form) prints on \(pages) pages")
        #expect(info.stdout.contains("(A4)"), "A4: \(info.stdout)")
    }

    @Test func theTitleHoldsTheFragmentTheClassifierLooksFor() throws {
        let source = URL(fileURLWithPath: "/x/other_form.schema.json")
        let schema = try FormSchema(
            document: JSONValue.parse(
                Data(
                    """
                    {"title": "党员学习登记", "x-form": {"id": "other_form", "titles": ["学习情况登记表"], "identity": ["name"]},
                     "type": "object", "properties": {"name": {"title": "姓名", "x-labels": ["姓名"], "x-kind": "string", "type": "string"}}}
                    """.utf8)), source: source)
        let layout = try TemplateLayout(schema: schema)
        #expect(layout.title.contains("学习情况登记表"))
    }

    @Test func instructionsComeFromTheRulesAndNeverHoldAColon() throws {
        let schema = try TemplateRoundTripTests.schema("annual_target_book")
        let lines = try TemplateLayout(schema: schema).instructions
        #expect(lines.contains("主题发言次数每年应不少于 2 次。"))
        #expect(lines.contains { $0.hasPrefix("计划集中学习学时，普通党员每年不少于 32 学时；") && $0.contains("；处级及以上干部每年不少于 110 学时") })
        #expect(lines.contains("年度目标至少填写 1 项。"))
        #expect(!lines.contains { $0.contains("：") || $0.contains(":") || $0.contains("{") })
        // A range check (年度 2000–2100) is not a rule a person filling the form needs.
        #expect(!lines.contains { $0.hasPrefix("年度") && $0.contains("2000") })
    }

    @Test func xTemplateHintsOrderWidenAndSizeAndAWrongHintNamesItsPlace() throws {
        func layout(_ json: String) throws -> TemplateLayout {
            try TemplateLayout(schema: FormSchema(document: JSONValue.parse(Data(json.utf8)), source: URL(fileURLWithPath: "/x/f.schema.json")))
        }
        let good = try layout(
            """
            {"title": "登记表", "x-form": {"id": "f", "titles": ["登记表"], "identity": ["a"]}, "x-template": {"order": ["c", "a"]},
             "type": "object", "properties": {
               "a": {"title": "甲", "x-labels": ["甲"], "x-kind": "string", "type": "string", "x-template": {"wide": true}},
               "b": {"title": "乙", "x-labels": ["乙"], "x-kind": "text", "type": "string", "x-template": {"lines": 5}},
               "c": {"title": "丙", "x-labels": ["丙"], "x-kind": "table", "type": "array",
                     "x-template": {"rows": 7},
                     "items": {"type": "object", "properties": {"d": {"title": "丁", "x-labels": ["丁"], "x-kind": "string", "type": "string"}}}}}}
            """)
        guard case .table(let table) = good.blocks.first, case .fields(let rows) = good.blocks.last else {
            Issue.record("order: the table first, then the fields")
            return
        }
        #expect(table.rows == 7)
        #expect(rows.map { $0.map(\.field.key) } == [["a"], ["b"]])
        #expect(rows.first?.first?.wide == true)
        #expect(rows.last?.first?.lines == 5)

        #expect(throws: SchemaError.self) {
            try layout(
                """
                {"title": "登记表", "x-form": {"id": "f", "titles": ["登记表"], "identity": ["a"]},
                 "type": "object", "properties": {"a": {"title": "甲", "x-labels": ["甲"], "x-kind": "string", "x-template": {"wider": true}}}}
                """)
        }
        do {
            _ = try layout(
                """
                {"title": "登记表", "x-form": {"id": "f", "titles": ["登记表"], "identity": ["a"]}, "x-template": {"order": ["zz"]},
                 "type": "object", "properties": {"a": {"title": "甲", "x-labels": ["甲"], "x-kind": "string"}}}
                """)
            Issue.record("an unknown key in order is an error")
        } catch let error as SchemaError {
            #expect(error.pointer == "/x-template/order/0")
        }
    }

    @Test func aRosterLineFillsNameBranchAndCategoryByTheirLabels() throws {
        let schema = try TemplateRoundTripTests.schema("annual_target_book")
        let values = TemplatePrefill.values(
            for: schema, member: [.branch: "机关第一党支部", .name: "张三", .category: "党支部书记", .rank: ""])
        #expect(values == ["branch": "机关第一党支部", "name": "张三", "member_category": "党支部书记"])
        let document = try DocxReader().read(try DocxTemplate(schema: schema).docx(prefill: values))
        let (form, record) = try TemplateRoundTripTests.readBack(document)
        #expect(form == "annual_target_book")
        #expect(record == ["branch": "机关第一党支部", "name": "张三", "member_category": "党支部书记"])
        // A category that is not one of the options is not ticked.
        #expect(TemplatePrefill.values(for: schema, member: [.name: "李四", .category: "预备党员"]) == ["name": "李四"])
    }

    @Test(.enabled(if: OfficeConverter.installed() != nil, "LibreOffice (soffice) is not installed: no PDF"))
    func aPrefilledFillablePdfKeepsTheChoiceAndTheNames() throws {
        let converter = try #require(OfficeConverter.installed())
        let schema = try TemplateRoundTripTests.schema("annual_target_book")
        let values = ["branch": "机关第一党支部", "name": "张三", "member_category": "党支部书记"]
        let pdf = try FillablePdfTemplate(layout: try TemplateLayout(schema: schema)).pdf(using: converter, prefill: values)
        let (form, record) = try TemplateRoundTripTests.readBack(try PdfReader().read(pdf))
        #expect(form == "annual_target_book")
        #expect(record == ["branch": "机关第一党支部", "name": "张三", "member_category": "党支部书记"])
    }

    @Test func theCommandWritesABlankAndOneFormPerRosterMember() throws {
        let folder = try TestPaths.temporaryFolder("template-command")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: TestPaths.repositoryRoot.appendingPathComponent("Schemas"), to: folder.appendingPathComponent("Schemas"))
        try "所在党支部,姓名,党员类别,职级\n机关第一党支部,张三,普通党员,\n机关第二党支部,李/四,处级及以上干部,正处级\n"
            .write(to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("pipeline.conf")
        try "state_dir = var\nschemas_dir = Schemas\nroster = roster.csv\n".write(to: config, atomically: true, encoding: .utf8)

        let blank = folder.appendingPathComponent("blank.docx")
        let written = try FormpipeBinary.run(["template", "study_plan", "--out", blank.path, "--config", config.path], in: folder)
        #expect(written.status == 0, "\(written.stderr)")
        let check = try FormpipeBinary.run(["check", blank.path, "--json", "--config", config.path], in: folder)
        #expect(try JSONValue.parse(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["form"] == "study_plan")

        let out = folder.appendingPathComponent("forms")
        let prefilled = try FormpipeBinary.run(
            ["template", "annual_target_book", "--prefill", "roster", "--out", out.path, "--config", config.path], in: folder)
        #expect(prefilled.status == 0, "\(prefilled.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["年度目标任务书-机关第一党支部-张三.docx", "年度目标任务书-机关第二党支部-李_四.docx"])
        let second = try FormpipeBinary.run(["check", out.appendingPathComponent(files[1]).path, "--json", "--config", config.path], in: folder)
        let fields = try JSONValue.parse(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["fields"]
        #expect(fields == ["branch": "机关第二党支部", "name": "李/四", "member_category": "处级及以上干部"])

        let unknown = try FormpipeBinary.run(["template", "no_such_form", "--config", config.path], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("annual_target_book"))
    }

    @Test func withoutLibreOfficePdfStopsSayingWhatToInstall() throws {
        let folder = try TestPaths.temporaryFolder("template-no-office")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("pipeline.conf")
        try "state_dir = var\nschemas_dir = \(TestPaths.repositoryRoot.appendingPathComponent("Schemas").path)\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let result = try FormpipeBinary.run(
            ["template", "study_plan", "--pdf", "--out", folder.appendingPathComponent("x.pdf").path, "--config", config.path],
            in: folder, extraEnvironment: ["PATH": "/nonexistent"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("LibreOffice") && result.stderr.contains("libreoffice-writer-nogui"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.pdf").path))
    }
}
