import CPoppler
import CPopplerPages
import Foundation
import TestSupport
import Testing

@testable import FormDocument

/// The one-pass page reading (CPopplerPages) gives every page's characters and boxes exactly as poppler-glib's
/// poppler_page_get_text and poppler_page_get_text_layout do — the reader's behaviour was built on those —
/// checked on the fixture and sample PDFs and, where the shared corpus is present, its 82 real-world PDFs.
@Suite struct PdfTextEquivalenceTests {
    /// How many pages and characters were compared; a difference is recorded as an issue.
    static func compare(_ file: URL) throws -> (pages: Int, characters: Int) {
        let bytes = try Data(contentsOf: file)
        let gbytes = bytes.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(gbytes) }
        guard let document = poppler_document_new_from_bytes(gbytes, nil, nil) else { return (0, 0) }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        let pages = try #require(bytes.withUnsafeBytes { fp_pdf_open($0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count) })
        defer { fp_pdf_close(pages) }
        var characters = 0
        let pageCount = Int(poppler_document_get_n_pages(document))
        for index in 0..<pageCount {
            // A page poppler-glib cannot give is skipped by the reader too.
            guard let page = poppler_document_get_page(document, Int32(index)) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            var width = 0.0
            var height = 0.0
            poppler_page_get_size(page, &width, &height)
            let expected = PdfReader.characters(of: page)
            let read = try #require(PdfPageReading.read(document: pages, pageIndex: index, width: width, height: height, seconds: 60))
            #expect(read.characters.count == expected.count, "\(file.lastPathComponent) page \(index + 1)")
            for (one, other) in zip(read.characters, expected)
            where one.scalar != other.scalar || one.x1 != other.x1 || one.x2 != other.x2 || one.y1 != other.y1 || one.y2 != other.y2 {
                Issue.record("\(file.lastPathComponent) page \(index + 1): \(one) instead of \(other)")
                break
            }
            characters += expected.count
        }
        return (pageCount, characters)
    }

    static func pdfs(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension.lowercased() == "pdf" }.sorted { $0.path < $1.path }
    }

    @Test func fixtureAndSamplePDFsReadAsPopplerGlibReadsThem() throws {
        let root = TestPaths.repositoryRoot
        let files = try Self.pdfs(in: root.appendingPathComponent("Tests/Fixtures/pdf")) + Self.pdfs(in: root.appendingPathComponent("Samples/pdf"))
        #expect(files.count >= 20)
        var characters = 0
        for file in files { characters += try Self.compare(file).characters }
        #expect(characters > 5_000)
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func realWorldPDFsReadAsPopplerGlibReadsThem() throws {
        let folder = try #require(TestPaths.corpus).appendingPathComponent("realworld/pdf")
        let files = try Self.pdfs(in: folder)
        #expect(files.count >= 80, "MANIFEST.tsv lists 82 PDF files")
        var pages = 0
        for file in files { pages += try Self.compare(file).pages }
        #expect(pages > 100)
    }
}
