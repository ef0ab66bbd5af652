import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// Scans and photos of the printed Samples, made at test time (`ScanFixture`: turned, grey paper, speckle, a
/// red seal), read by OCR through the same readers, classifier and extraction as every other file.
@Suite struct ScannedFormTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    struct Case: Sendable, CustomTestStringConvertible {
        let sample: String
        let container: ScanFixture.Container
        let look: ScanFixture.Look
        var testDescription: String { "\(sample) as \(container)" }
    }

    static let cases: [Case] = [
        Case(sample: "annual_target_book_valid_a", container: .jpeg, look: .init(dpi: 200, rotation: 1.5)),
        Case(sample: "study_plan_valid_a", container: .pdf, look: .init(dpi: 150, rotation: -1)),
        Case(sample: "branch_self_check_valid_a", container: .png, look: .init(dpi: 300, rotation: 0.5, paper: 215)),
        Case(sample: "mentoring_summary_valid_a", container: .tiff, look: .init(dpi: 200, rotation: -1.8)),
    ]

    static func leaves(_ value: JSONValue, _ path: String = "") -> [String: JSONValue] {
        switch value {
        case .object(let object):
            var result: [String: JSONValue] = [:]
            for (key, inner) in object { result.merge(leaves(inner, path.isEmpty ? key : path + "." + key)) { $1 } }
            return result
        case .array(let items):
            var result: [String: JSONValue] = [:]
            for (index, inner) in items.enumerated() { result.merge(leaves(inner, "\(path)[\(index)]")) { $1 } }
            return result
        default:
            return [path: value]
        }
    }

    @Test(arguments: cases)
    func aScanOfASampleReadsAsThePrintedSampleDoes(_ scan: Case) throws {
        let catalog = try #require(Self.catalog)
        let root = TestPaths.repositoryRoot.appendingPathComponent("Samples")
        let pdf = try Data(contentsOf: root.appendingPathComponent("pdf/\(scan.sample).pdf"))
        let expectedFile = try Data(contentsOf: root.appendingPathComponent("expected/pdf/\(scan.sample).json"))
        let expected = try JSONValue.parse(expectedFile)
        let scanned = try ScanFixture.scan(pdf, look: scan.look, as: scan.container)
        // The debug build, four scans at once on two cores: far slower than a release worker.
        var limits = InputLimits()
        limits.secondsPerFile = 300
        limits.secondsPerScannedPage = 300
        let document = try DocumentReader(limits: limits).read(scanned)
        #expect(document.scannedPages >= 1)
        let extractor = try FormClassifier(catalog: catalog).classify(document)
        #expect(extractor.form.id == expected["form"]?.stringValue)
        let (record, findings) = extractor.extractAndValidate(document)

        // Who and when: the identity must be read exactly, or the form is filed under someone else.
        for key in extractor.form.identity {
            #expect(record[key] == expected["fields"]?[key], "identity field \(key)")
        }
        let want = Self.leaves(try #require(expected["fields"]))
        let got = Self.leaves(record)
        let matched = want.filter { got[$0.key] == $0.value }.count
        #expect(Double(matched) >= Double(want.count) * 0.8, "\(matched) of \(want.count) values read exactly")
        // A valid form is never blamed for what OCR misread: what is wrong is formpipe's to check.
        let contentErrors = findings.filter { $0.severity == .error && $0.source == .content }
        #expect(contentErrors.isEmpty, "\(contentErrors.map(\.message))")
    }
}
