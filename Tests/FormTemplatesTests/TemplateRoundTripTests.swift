import FormDocument
import FormExtraction
import FormSchema
import FormTemplates
import Foundation
import TestSupport
import Testing

/// A blank form made from a schema, filled through its controls as Word fills it, reads back as exactly what was
/// filled — for every schema of the repository and for a fifth form the test defines, straight from the .docx and
/// after LibreOffice has saved it as .docx and as PDF.
@Suite struct TemplateRoundTripTests {
    /// A form formpipe has never seen, written by the test: templates must follow from the schema alone.
    static let fifthSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://formpipe.local/schemas/volunteer_record",
          "title": "党员志愿服务登记表",
          "x-form": { "id": "volunteer_record", "titles": ["志愿服务登记表"], "identity": ["name", "served_on"] },
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
              "title": "服务内容", "x-labels": ["服务内容"], "x-kind": "table", "type": "array", "minItems": 2,
              "items": { "type": "object", "required": ["task"], "properties": {
                "seq": { "title": "序号", "x-labels": ["序号"], "x-kind": "integer", "type": "integer" },
                "task": { "title": "事项", "x-labels": ["事项"], "x-kind": "text", "type": "string", "minLength": 1 },
                "place": { "title": "地点", "x-labels": ["地点"], "x-kind": "enum", "enum": ["室内", "室外"] },
                "minutes": { "title": "用时（分钟）", "x-labels": ["用时（分钟）"], "x-kind": "integer", "type": "integer" }
              } }
            },
            "remarks": { "title": "备注", "x-labels": ["备注"], "x-kind": "text", "type": "string", "x-template": { "lines": 2 } }
          },
          "required": ["branch", "name", "served_on", "hours", "tasks"],
          "x-rules": [
            { "rule": "sum", "table": "tasks", "column": "minutes", "equals": "hours", "severity": "warning" }
          ]
        }
        """

    /// The forms under test: every schema file of the repository, and the fifth.
    static func formIDs() -> [String] {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Schemas")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(FormSchema.fileSuffix) }.map { String($0.dropLast(FormSchema.fileSuffix.count)) }.sorted()
            + ["volunteer_record"]
    }

    /// The repository's schemas and the fifth, as the classifier sees them all at once.
    static let catalog: SchemaCatalog? = {
        guard let repository = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas")),
            let fifth = try? FormSchema(
                document: JSONValue.parse(Data(fifthSchema.utf8)), source: URL(fileURLWithPath: "/fifth/volunteer_record.schema.json"))
        else { return nil }
        return SchemaCatalog(forms: repository.forms + [fifth])
    }()

    static func schema(_ id: String) throws -> FormSchema {
        let catalog = try #require(catalog, "the schemas load")
        return try #require(catalog.forms.first { $0.id == id })
    }

    /// One filled copy: the .docx bytes and the record it must read back as.
    struct Filled {
        let docx: Data
        let expected: JSONValue
        let plan: FillPlan
    }

    static func filledCopies(of id: String, limit: Int = .max) throws -> [Filled] {
        let schema = try schema(id)
        let template = try DocxTemplate(schema: schema)
        let blank = template.documentXML()
        return try (0..<min(limit, FillPlan.fills(for: template.layout))).map { number in
            let plan = FillPlan(layout: template.layout, number: number, schema: schema)
            let (xml, filled) = try ControlFiller.fill(blank, texts: plan.texts, dates: plan.dates, ticked: plan.ticked)
            // Every value went in through a control of the template: none was left without a place.
            let unplaced = plan.tags.subtracting(filled).filter { !$0.contains("=") }
            #expect(unplaced.isEmpty, "\(id): no control for \(unplaced.sorted())")
            return Filled(docx: DocxTemplate.package(documentXML: xml), expected: .object(plan.expected), plan: plan)
        }
    }

    /// The record the reader and extractor make of a document, and the form it was recognised as.
    static func readBack(_ document: Document) throws -> (form: String, record: JSONValue) {
        let catalog = try #require(catalog)
        let extractor = try FormClassifier(catalog: catalog).classify(document)
        return (extractor.form.id, extractor.extract(document))
    }

    /// Leaves of a record by path (`items[2].mode`), to count and to name what differs.
    static func leaves(_ value: JSONValue, _ path: String = "") -> [String: JSONValue] {
        switch value {
        case .object(let object):
            var result: [String: JSONValue] = [:]
            for (key, member) in object { result.merge(leaves(member, path.isEmpty ? key : "\(path).\(key)")) { $1 } }
            return result
        case .array(let array):
            var result: [String: JSONValue] = [:]
            for (index, member) in array.enumerated() { result.merge(leaves(member, "\(path)[\(index)]")) { $1 } }
            return result
        default:
            return [path: value]
        }
    }

    /// Expects the record read back to be the one filled; returns (values read back right, values filled).
    @discardableResult
    static func expectSame(_ record: JSONValue, _ expected: JSONValue, form: String, container: String) -> (Int, Int) {
        let want = leaves(expected)
        let got = leaves(record)
        let right = want.filter { got[$0.key] == $0.value }.count
        let wrong = want.keys.sorted().filter { got[$0] != want[$0] }.prefix(8).map {
            "\($0): filled \(want[$0]?.serialized() ?? "-"), read \(got[$0]?.serialized() ?? "nothing")"
        }
        let extra = got.keys.filter { want[$0] == nil }.sorted().prefix(8)
        #expect(record == expected, "\(form) \(container): \(right)/\(want.count) values; \(wrong.joined(separator: "; ")) extra: \(Array(extra))")
        return (right, want.count)
    }

    @Test(arguments: formIDs())
    func everyValueFilledThroughTheControlsReadsBackFromTheDocx(form: String) throws {
        let copies = try Self.filledCopies(of: form)
        var totals = (0, 0)
        var ticked: [String: Set<String>] = [:]
        for copy in copies {
            let document = try DocxReader().read(copy.docx)
            let (id, record) = try Self.readBack(document)
            #expect(id == form)
            let (right, all) = Self.expectSame(record, copy.expected, form: form, container: "docx")
            totals = (totals.0 + right, totals.1 + all)
            ticked.merge(copy.plan.options) { $0.union($1) }
        }
        // Across the fills every option of every enum, scalar or column, was ticked (or printed) at least once.
        let schema = try Self.schema(form)
        for field in schema.fields {
            if field.kind == .enum { #expect(ticked[field.key] == Set(field.options), "\(form).\(field.key)") }
            for column in field.columns where column.kind == .enum {
                #expect(ticked["\(field.key).\(column.key)"] == Set(column.options), "\(form).\(field.key).\(column.key)")
            }
        }
        print("round trip \(form) docx: \(totals.0)/\(totals.1) values over \(copies.count) fills")
    }

    @Test(
        .enabled(if: OfficeConverter.installed() != nil, "LibreOffice (soffice) is not installed: the LibreOffice round trip is skipped"),
        arguments: formIDs())
    func theSameAfterLibreOfficeSavesTheFilledFormAsDocxAndAsPdf(form: String) throws {
        let converter = try #require(OfficeConverter.installed())
        // Two fills: every field twice, at the cost of four conversions a form.
        for (number, copy) in try Self.filledCopies(of: form, limit: 2).enumerated() {
            let docx = try converter.convert(copy.docx, to: .docx)
            let (docxForm, docxRecord) = try Self.readBack(try DocxReader().read(docx))
            #expect(docxForm == form)
            let (docxRight, docxAll) = Self.expectSame(docxRecord, copy.expected, form: form, container: "LibreOffice docx")

            let pdf = try converter.convert(copy.docx, to: .pdf)
            let (pdfForm, pdfRecord) = try Self.readBack(try PdfReader().read(pdf))
            #expect(pdfForm == form)
            let (pdfRight, pdfAll) = Self.expectSame(pdfRecord, copy.expected, form: form, container: "LibreOffice pdf")
            print("round trip \(form) fill \(number): LibreOffice docx \(docxRight)/\(docxAll), LibreOffice pdf \(pdfRight)/\(pdfAll)")
        }
    }

    /// The options of the enum a check box tag belongs to (`kind=社区`, `tasks[1].place=室外`).
    static func options(ofTag tag: String, in schema: FormSchema) -> [String] {
        let base = tag.split(separator: "=").first.map(String.init) ?? tag
        if let bracket = base.firstIndex(of: "["), let dot = base.lastIndex(of: ".") {
            let table = String(base[..<bracket])
            return schema.field(table)?.column(String(base[base.index(after: dot)...]))?.options ?? []
        }
        return schema.field(base)?.options ?? []
    }

    @Test(
        .enabled(if: OfficeConverter.installed() != nil, "LibreOffice (soffice) is not installed: the fillable PDF is not made"),
        arguments: formIDs())
    func theFillablePdfFilledFieldByFieldReadsBack(form: String) throws {
        let converter = try #require(OfficeConverter.installed())
        let schema = try Self.schema(form)
        let template = try DocxTemplate(schema: schema)
        let pdf = try FillablePdfTemplate(layout: template.layout).pdf(using: converter)
        // FORMPIPE_KEEP_FILLED=DIR keeps the HTML and the filled PDFs, to look at when a value does not come back.
        if let keep = ProcessInfo.processInfo.environment["FORMPIPE_KEEP_FILLED"] {
            try FillablePdfTemplate(layout: template.layout).html().write(
                to: URL(fileURLWithPath: keep).appendingPathComponent("\(form).html"), atomically: true, encoding: .utf8)
        }
        let folder = try TestPaths.temporaryFolder("fillable-pdf")
        defer { try? FileManager.default.removeItem(at: folder) }
        for number in 0..<min(2, FillPlan.fills(for: template.layout)) {
            let plan = FillPlan(layout: template.layout, number: number, schema: schema)
            var texts: [String: String] = [:]
            for (tag, text) in plan.texts { texts[FillablePdfTemplate.fieldName(forTag: tag)] = text }
            for (tag, iso) in plan.dates {
                let parts = iso.split(separator: "-").compactMap { Int($0) }
                texts[FillablePdfTemplate.fieldName(forTag: tag)] = "\(parts[0])年\(parts[1])月\(parts[2])日"
            }
            // A scalar enum is a group of radio buttons; a column's enum is a drop-down list in its cell.
            var radios: [String: Int] = [:]
            var choices: [String: String] = [:]
            for tag in plan.ticked {
                let parts = tag.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                if tag.contains("[") {
                    choices[FillablePdfTemplate.fieldName(forTag: parts[0])] = parts[1]
                } else {
                    radios[FillablePdfTemplate.fieldName(forTag: tag)] = Self.options(ofTag: tag, in: schema).firstIndex(of: parts[1])
                }
            }
            let (filled, set) = try AcroFormFiller.fill(pdf, texts: texts, radios: radios, choices: choices, in: folder)
            // Every value had a field to go into.
            let wanted = Set(texts.keys).union(radios.keys).union(choices.keys)
            #expect(wanted.subtracting(set).isEmpty, "\(form): no PDF field for \(wanted.subtracting(set).sorted())")
            if let keep = ProcessInfo.processInfo.environment["FORMPIPE_KEEP_FILLED"] {
                try filled.write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(form)-\(number).pdf"))
            }
            let (id, record) = try Self.readBack(try PdfReader().read(filled))
            #expect(id == form)
            let (right, all) = Self.expectSame(record, .object(plan.expected), form: form, container: "fillable pdf")
            print("round trip \(form) fill \(number): fillable pdf \(right)/\(all)")
        }
    }
}
