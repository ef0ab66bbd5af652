import Foundation
import TestSupport
import Testing

@testable import FormDocument

@Suite struct PdfReaderTests {
    static let samples = TestPaths.repositoryRoot.appendingPathComponent("Samples/pdf")

    func read(_ name: String, limits: InputLimits = InputLimits()) throws -> Document {
        try PdfReader(limits: limits).read(Data(contentsOf: Self.samples.appendingPathComponent(name)))
    }

    @Test func rebuildsThePrintedTableWithMergedCells() throws {
        let document = try read("annual_target_book_valid_b.pdf")
        let tables = document.allTables
        #expect(!tables.isEmpty)
        let texts = tables.flatMap { $0.rows.flatMap { $0.cells.map(\.text) } }
        #expect(texts.contains("年度目标"))
        #expect(texts.contains("目标内容"))
        // The section label sits in a first-column cell merged down over its rows, as in the Word file.
        #expect(tables.contains { table in table.rows.contains { $0.cells.contains { $0.verticalMerge == .restart } } })
    }

    @Test func keepsChineseTextWithoutSpuriousSpaces() throws {
        let document = try read("annual_target_book_valid_a.pdf")
        let texts = document.allTables.flatMap { $0.rows.flatMap { $0.cells.map(\.text) } }
        #expect(texts.contains("1998年6月26日"), "poppler's spacing between digits and Han characters is dropped")
        #expect(texts.contains { $0.hasPrefix("负责综合科全面工作，统筹公文处理") })
    }

    @Test func tooManyPagesIsALimitNamedInTheReason() throws {
        var limits = InputLimits()
        limits.maxPDFPages = 0
        do {
            _ = try read("study_plan_valid_a.pdf", limits: limits)
            Issue.record("a PDF over the page limit was read")
        } catch {
            #expect(String(describing: error).contains("max_pdf_pages"))
        }
    }

    @Test func garbageAfterTheHeaderIsDamaged() throws {
        #expect(throws: DocumentError.self) { try PdfReader().read(Data("%PDF-1.7\nnot really a pdf".utf8)) }
    }

    @Test func readerChoosesByBytesEvenWithJunkBeforeTheHeader() throws {
        var bytes = Data("junk from a mail gateway\n".utf8)
        bytes.append(try Data(contentsOf: Self.samples.appendingPathComponent("study_plan_valid_a.pdf")))
        #expect(try DocumentReader().read(bytes).format == .pdf)
    }

    /// Every PDF of the shared corpus ends as a document or a reason; the ones that need a password say so.
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus) is not here; skipped"))
    func everyCorpusPDFEndsWithAnOutcome() throws {
        let corpus = try #require(TestPaths.corpus)
        let manifest = try String(contentsOf: corpus.appendingPathComponent("realworld/MANIFEST.tsv"), encoding: .utf8)
        let needsPassword = Set(
            manifest.split(separator: "\n").filter { $0.contains("encrypted (needs password)") }
                .map { String($0.split(separator: "\t")[0]) })
        let folder = corpus.appendingPathComponent("realworld/pdf")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(names.count > 50)
        var read = 0
        for name in names {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            do {
                _ = try DocumentReader().read(bytes)
                read += 1
                #expect(!needsPassword.contains("pdf/\(name)"), "\(name) needs a password but was read")
            } catch {
                #expect(!error.description.isEmpty)
                if needsPassword.contains("pdf/\(name)") {
                    #expect(error == .encrypted, "\(name): \(error.description)")
                }
            }
        }
        #expect(read > 30)
    }
}

/// A page size is the PDF's to declare: one Int32 cannot hold must not trap the reader (it did, in the
/// worker, for MediaBox [0 0 9999999999 9999999999]); the page is read without its ruling lines.
@Suite struct HugePageSizeTests {
    static func pdf(mediaBox: String) -> Data {
        let content = "BT /F1 12 Tf 72 720 Td (Hello) Tj ET 0 0 m 100 0 l S"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [\(mediaBox)] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        return HandWrittenPDF.assemble(objects)
    }

    @Test(arguments: ["0 0 9999999999 9999999999", "0 0 1e12 1e12", "0 0 -9999999999 1e300"])
    func aPageOfAnySizeIsReadOrRefusedWithoutTrapping(_ mediaBox: String) {
        // Read, or refused with a reason (poppler may find no text on such a page): either way, no trap.
        do {
            _ = try DocumentReader().read(Self.pdf(mediaBox: mediaBox))
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    @Test func theSameFileWithAnOrdinaryPageIsRead() throws {
        let document = try DocumentReader().read(Self.pdf(mediaBox: "0 0 612 792"))
        #expect(Document.texts(inReadingOrder: document.blocks).contains { $0.contains("Hello") })
    }
}
