import Foundation
import TestSupport
import Testing

@testable import FormDocument

/// The benchmark's parse floor really opens and parses: the number it returns comes from the content.
@Suite struct ParseFloorTests {
    @Test func formsAreOpenedAndParsedAndAnythingElseCountsNothing() throws {
        let samples = TestPaths.repositoryRoot.appendingPathComponent("Samples")
        let docx = try Data(contentsOf: samples.appendingPathComponent("annual_target_book_valid_a.docx"))
        let pdf = try Data(contentsOf: samples.appendingPathComponent("pdf/annual_target_book_valid_a.pdf"))
        // The document element's children (its body) of the .docx, parsed whole; the characters of the PDF's
        // page text.
        #expect(ParseFloor.openAndParse(docx) >= 1)
        #expect(ParseFloor.openAndParse(pdf) > 200)
        #expect(ParseFloor.openAndParse(Data("not a form".utf8)) == 0)
        #expect(ParseFloor.openAndParse(docx.prefix(docx.count / 2)) == 0)
    }
}
