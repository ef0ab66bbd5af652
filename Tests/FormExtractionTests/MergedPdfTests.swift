import FormDocument
import FormSchema
import Foundation
import Testing
import TestSupport
@testable import FormExtraction

/// Merged forms printed to one PDF by LibreOffice (`../shared/corpus/dev-multi`), read in place: the forms are
/// found page by page, and what the printed page shows but the text layer does not — text struck through as a
/// tracked deletion, tick boxes drawn as graphics — is read as a person reads it.
@Suite(.enabled(if: DevMultiCorpus.folder != nil, "the dev-multi corpus (../shared/corpus/dev-multi) is not on this machine"))
struct MergedPdfTests {
    static func records(_ name: String) throws -> [(form: String, record: JSONValue)] {
        let folder = try #require(DevMultiCorpus.folder)
        let catalog = try SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))
        let document = try DocumentReader().read(try Data(contentsOf: folder.appendingPathComponent(name)))
        return try FormClassifier(catalog: catalog).instances(document).map { ($0.extractor.form.id, $0.extractor.extract($0.document)) }
    }

    @Test func eachFormOfAMergedPdfIsFoundOnItsPages() throws {
        let forms = try Self.records("合并_annual_target_book_1.pdf")
        #expect(forms.map(\.form) == Array(repeating: "annual_target_book", count: 4))
        #expect(forms.map { $0.record["name"] } == ["孙建悦", "武霞", "郑林杰", "邹宇芳"])
    }

    @Test func textStruckThroughIsDeletedText() throws {
        // Printed with its tracked changes shown: 朱桂雨 struck through, 莫俊阳 inserted.
        let forms = try Self.records("合并_mentoring_summary_5.pdf")
        #expect(forms.count == 4)
        #expect(forms.map { $0.record["mentor_name"] } == ["陶莉欣", "于刚", "莫俊阳", "汪华东"])
        #expect(forms.map { $0.record["mentee_name"] } == ["熊佳", "崔兰宇", "魏健", "白艳"])
    }

    @Test func tickBoxesDrawnAsGraphicsAreReadByTheInkInside() throws {
        // Word's legacy check boxes, printed by LibreOffice as squares with a cross and no glyph in the text.
        let third = try #require(try Self.records("合并_annual_target_book_1.pdf").dropFirst(2).first)
        #expect(third.record["member_category"] == "普通党员")
    }

    @Test func wordsPlaceholderTextIsAFieldLeftBlank() throws {
        // "单击或点击此处输入文字。" printed from an empty content control.
        let third = try #require(try Self.records("合并_mentoring_summary_5.pdf").dropFirst(2).first)
        #expect(third.record["department"] == nil)
    }
}

enum DevMultiCorpus {
    static var folder: URL? {
        guard let url = TestPaths.corpus?.appendingPathComponent("dev-multi/corpus"), FileManager.default.fileExists(atPath: url.path)
        else { return nil }
        return url
    }
}
