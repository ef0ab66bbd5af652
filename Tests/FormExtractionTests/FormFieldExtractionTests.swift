import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// Fillable PDFs: fields named by key, by label or tooltip, or meaninglessly (read by the printed label).
@Suite struct FormFieldExtractionTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    @Test func fieldsNamedByKeyLabelOrTooltipFillTheirKeys() throws {
        let catalog = try #require(Self.catalog)
        let document = Document(
            format: .pdf,
            blocks: [
                .paragraph("机关党委党员干部学习计划表"),
                .table(Table(rows: [Row(cells: [Cell(text: "职务"), Cell(text: "副处长")])])),
            ],
            formFields: [
                FormFieldValue(name: "name", alternateName: nil, value: "冯十一"),
                FormFieldValue(name: "form1.page1.所在支部", alternateName: nil, value: "机关第六党支部"),
                FormFieldValue(name: "Text7", alternateName: "集中学习培训学时合计", value: "１２０"),
                FormFieldValue(name: "Text8", alternateName: nil, value: "与表格无关"),
            ])
        let extractor = try FormClassifier(catalog: catalog).classify(document)
        #expect(extractor.form.id == "study_plan")
        let record = extractor.extract(document)
        #expect(record["name"] == "冯十一")
        #expect(record["branch"] == "机关第六党支部")
        #expect(record["total_hours"] == 120)
        #expect(record["position"] == "副处长", "printed label with the widget value beside it")
    }

    @Test func aFormWithOnlyNamedFieldsIsRecognisedByThem() throws {
        let catalog = try #require(Self.catalog)
        let document = Document(
            format: .pdf, blocks: [],
            formFields: ["branch", "secretary", "member_count", "filled_on"].map {
                FormFieldValue(name: $0, alternateName: nil, value: "x")
            })
        #expect(try FormClassifier(catalog: catalog).classify(document).form.id == "branch_self_check")
    }
}
