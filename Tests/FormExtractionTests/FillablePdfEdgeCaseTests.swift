import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// Fillable PDFs with the quirks real ones have; the files and the script that made them are in
/// Tests/Fixtures/pdf.
@Suite struct FillablePdfEdgeCaseTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    func record(_ name: String) throws -> (form: String, record: JSONValue, findings: [Finding]) {
        let catalog = try #require(Self.catalog)
        let url = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/pdf/\(name)")
        let document = try PdfReader().read(try Data(contentsOf: url))
        let extractor = try FormClassifier(catalog: catalog).classify(document)
        let (record, findings) = extractor.extractAndValidate(document)
        return (extractor.form.id, record, findings)
    }

    @Test(arguments: ["v1_bordered.pdf", "v1b_needappearances.pdf"])
    func widgetBoxesAreNotTakenForTableBorders(_ name: String) throws {
        let (form, record, findings) = try record(name)
        #expect(form == "study_plan")
        let items = try #require(record["items"]?.arrayValue)
        #expect(items.count == 5)
        #expect(items.allSatisfy { $0["hours"]?.numberValue != nil && $0["mode"] != nil }, "\(items)")
        #expect(!findings.contains { $0.rule == "sum" }, "the hours add up once every cell is read")
    }

    @Test func acrobatLineBreaksBecomeNewlines() throws {
        let (_, record, _) = try record("v2_cr.pdf")
        let text = try #require(record["center_group"]?.stringValue)
        #expect(text.contains("\n"))
        #expect(!text.contains("\r"))
    }

    @Test func aCheckboxNamedAfterTheQuestionIsReadByTheTickBesideItsOption() throws {
        let (_, record, findings) = try record("v3_check_tooltip.pdf")
        #expect(record["rank"] == "副处级")
        #expect(!findings.contains { $0.path == "rank" })
    }

    @Test func anOptionalChoiceWithNoBoxTickedIsBlank() throws {
        let (form, record, findings) = try record("v4_unticked.pdf")
        #expect(form == "annual_target_book")
        #expect(record["evaluation"] == nil)
        #expect(!findings.contains { $0.path == "evaluation" })
    }

    @Test func aMultiLineAnswerReadThroughThePageKeepsItsLineBreak() throws {
        let (_, record, _) = try record("v5_multiline_text_name.pdf")
        #expect(record["ideology_guidance"] == "每月与新教工谈心一次；\n引导其坚定理想信念，已递交入党申请书。")
    }
}

/// A form printed without table borders: pieces of a line separated by wide gaps become cells.
@Suite struct UnruledPdfTests {
    @Test func labelsOverValuesAreReadWithoutBorders() throws {
        let catalog = try SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))
        let url = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/pdf/unruled_study_plan.pdf")
        let document = try PdfReader().read(try Data(contentsOf: url))
        let extractor = try FormClassifier(catalog: catalog).classify(document)
        #expect(extractor.form.id == "study_plan")
        let record = extractor.extract(document)
        #expect(record["year"] == 2017)
        #expect(record["branch"] == "机关第三党支部")
        #expect(record["name"] == "李卫东")
        #expect(record["position"] == "财务处处长")
        #expect(record["rank"] == "正处级")
        #expect(record["filled_on"] == "2017-06-28")
    }

    /// Its repeating table cannot be told apart without borders: that is formpipe's failure to read, so the form
    /// waits for the clerk (待核对) instead of sending the branch a notice.
    @Test func aTableWhoseStructureIsLostIsAReadingFindingNotTheBranchs() throws {
        let catalog = try SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))
        let url = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/pdf/unruled_study_plan.pdf")
        let document = try PdfReader().read(try Data(contentsOf: url))
        let (_, findings) = try FormClassifier(catalog: catalog).classify(document).extractAndValidate(document)
        let errors = findings.filter { $0.severity == .error }
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.source == .reading }, "\(errors)")
        let table = try #require(errors.first { $0.path == "items" })
        #expect(table.message.contains("没能读出它的表格"))
        #expect(findings.errorsAreAllReading)
    }
}
