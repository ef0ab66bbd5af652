import FormDocument
import FormSchema
import FormTemplates
import Foundation
import TestSupport
import Testing

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

/// Each of the four forms merged into one .docx and printed to one PDF by LibreOffice here: the PDF gives the
/// same forms, with the same people, as the .docx (skipped where LibreOffice is not installed).
@Suite(
    .enabled(
        if: DevMultiCorpus.folder != nil && OfficeConverter.installed() != nil, "the dev-multi corpus or LibreOffice (soffice) is not on this machine"
    ))
struct MergedDocxPrintedTests {
    @Test(arguments: ["合并_annual_target_book_0.docx", "合并_branch_self_check_2.docx", "合并_mentoring_summary_4.docx", "合并_study_plan_6.docx"])
    func aMergedFilePrintedToPDFGivesTheSameForms(_ name: String) throws {
        let folder = try #require(DevMultiCorpus.folder)
        let catalog = try SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))
        let docx = try Data(contentsOf: folder.appendingPathComponent(name))
        let converter = try #require(OfficeConverter.installed())
        let pdf = try converter.convert(docx, inputName: "merged.docx", to: .pdf)
        func people(_ bytes: Data) throws -> [String] {
            let document = try DocumentReader().read(bytes)
            return try FormClassifier(catalog: catalog).instances(document).map { instance in
                let record = instance.extractor.extract(instance.document)
                return instance.extractor.form.id + ":" + instance.extractor.form.identity.map { CellValueText.of(record[$0]) }.joined(separator: "/")
            }
        }
        let fromDocx = try people(docx)
        #expect(fromDocx.count >= 2)
        #expect(try people(pdf) == fromDocx)
    }
}

/// An identity value as text, for comparing two readings.
enum CellValueText {
    static func of(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .number(let number)?: return String(number)
        default: return ""
        }
    }
}
