import CPopplerPages
import Foundation
import TestSupport
import Testing

@testable import FormDocument

/// What CPopplerPages reads of a page in its one pass: the text with its boxes, and for the border scan the
/// strokes and fills where poppler places them and the bar of underscore and dash characters, which are borders
/// too when a form draws its blanks with them.
@Suite struct PageDrawingTests {
    /// A one-page PDF (300 × 200 pt) with this content stream and Helvetica as /F1 in WinAnsi encoding.
    static func pdf(content: String) -> Data {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
        return HandWrittenPDF.assemble(objects)
    }

    static func open(_ pdf: Data) -> OpaquePointer? {
        pdf.withUnsafeBytes { fp_pdf_open($0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count) }
    }

    static func lines(of pdf: Data) throws -> RuledLines {
        let document = try #require(open(pdf))
        defer { fp_pdf_close(document) }
        return try #require(PdfPageReading.read(document: document, pageIndex: 0, width: 300, height: 200, seconds: 60, text: false)).lines
    }

    @Test func strokesAndThinFillsBecomeLinesInTopLeftPoints() throws {
        // A stroked box (short edges count where borders meet them) and a filled bar long enough to count alone.
        let lines = try Self.lines(of: Self.pdf(content: "0.5 w 20 30 50 30 re S 40 120 80 0.6 re f"))
        func has(y: Double, from x0: Double, to x1: Double) -> Bool {
            lines.horizontals.contains { abs($0.y - y) < 1 && abs($0.x0 - x0) < 1.5 && abs($0.x1 - x1) < 1.5 }
        }
        #expect(has(y: 170, from: 20, to: 70))
        #expect(has(y: 140, from: 20, to: 70))
        #expect(has(y: 79.7, from: 40, to: 120))
        #expect(lines.verticals.contains { abs($0.x - 20) < 1 && abs($0.y0 - 140) < 1.5 && abs($0.y1 - 170) < 1.5 })
        #expect(lines.horizontals.count == 3)
    }

    @Test func underscoreAndDashBlanksAreBarsButOtherTextDrawsNothing() throws {
        // "Name: ____________" at baseline 150 (top-left y 50); six em dashes (WinAnsi 0x97) at baseline 100.
        let content =
            "BT /F1 12 Tf 20 150 Td (Name: ____________) Tj ET BT /F1 12 Tf 20 100 Td (\\227\\227\\227\\227\\227\\227) Tj ET "
            + "BT /F1 40 Tf 20 20 Td (WWWWWWWW) Tj ET"
        let lines = try Self.lines(of: Self.pdf(content: content))
        let underscoreStart = 20 + 12 * (0.722 + 0.556 + 0.833 + 0.556 + 0.278 + 0.278)  // after "Name: " (Helvetica)
        let blank = try #require(lines.horizontals.first { abs($0.y - 51.2) < 1 })
        #expect(abs(blank.x0 - underscoreStart) < 1.5)
        #expect(abs(blank.x1 - (underscoreStart + 12 * 0.556 * 12)) < 1.5)
        let dashes = try #require(lines.horizontals.first { abs($0.y - 96) < 1.5 })
        #expect(abs(dashes.x0 - 20) < 1.5 && abs(dashes.x1 - 92) < 1.5)
        // Large letters are not drawn at all: no strokes of theirs can pass for borders.
        #expect(lines.horizontals.count == 2)
        #expect(lines.verticals.isEmpty)
    }

    @Test func aShadedHeaderRowLeavesItsBordersVisible() throws {
        // A two-row table (x 20…220, y 100…160 from the bottom) whose top row is shaded light grey, filled after
        // its borders were stroked, as LibreOffice prints a header row with a background.
        let content = "0.5 w 20 100 200 60 re S 20 130 m 220 130 l S 120 100 m 120 160 l S 0.85 g 20.25 130.25 199.5 29.5 re f"
        let lines = try Self.lines(of: Self.pdf(content: content))
        for y in [40.0, 70, 100] {
            #expect(lines.horizontals.contains { abs($0.y - y) < 1 && abs($0.x0 - 20) < 1.5 && abs($0.x1 - 220) < 1.5 }, "border at \(y)")
        }
        #expect(lines.verticals.contains { abs($0.x - 120) < 1 && abs($0.y0 - 40) < 1.5 && abs($0.y1 - 100) < 1.5 })
        // A dark fill is ink as before: a thick black bar is no border, but it is not skipped as shading either.
        let dark = try Self.lines(of: Self.pdf(content: "0 g 20 100 200 1 re f"))
        #expect(dark.horizontals.contains { abs($0.y - 99.5) < 1 && abs($0.x0 - 20) < 1.5 })
        // A light fill one way thin is still a border (a light grey rule printed as a fill).
        let lightRule = try Self.lines(of: Self.pdf(content: "0.85 g 20 100 200 1 re f"))
        #expect(lightRule.horizontals.contains { abs($0.y - 99.5) < 1 && abs($0.x0 - 20) < 1.5 })
    }

    @Test func theTextComesInTheSamePassWithItsBoxes() throws {
        let content = "0.5 w 20 30 260 0 re S BT /F1 12 Tf 20 150 Td (Name: Li Ming) Tj 0 -20 Td (Branch) Tj ET"
        let document = try #require(Self.open(Self.pdf(content: content)))
        defer { fp_pdf_close(document) }
        let page = try #require(PdfPageReading.read(document: document, pageIndex: 0, width: 300, height: 200, seconds: 60))
        #expect(String(String.UnicodeScalarView(page.characters.map(\.scalar))) == "Name: Li MingBranch")
        // Boxes in points from the top left: the first line's baseline is 150 pt above the bottom of a 200 pt page.
        let name = try #require(page.characters.first)
        #expect(abs(name.x1 - 20) < 0.5 && name.y1 < 50 && name.y2 > 45 && name.y2 < 55)
        let branch = try #require(page.characters.first { $0.scalar == "B" })
        #expect(abs(branch.x1 - 20) < 0.5 && branch.y1 > name.y1 + 15)
        #expect(page.lines.horizontals.contains { abs($0.y - 170) < 1 && abs($0.x0 - 20) < 1.5 && abs($0.x1 - 280) < 1.5 })
        let linesOnly = try #require(PdfPageReading.read(document: document, pageIndex: 0, width: 300, height: 200, seconds: 60, text: false))
        #expect(linesOnly.characters.isEmpty)
        #expect(linesOnly.lines.horizontals.count == page.lines.horizontals.count)
    }

    @Test func readingStopsAtTheDeadline() throws {
        let pdf = Self.pdf(content: String(repeating: "0 0 m 300 200 l S ", count: 20_000))
        let document = try #require(Self.open(pdf))
        defer { fp_pdf_close(document) }
        #expect(PdfPageReading.read(document: document, pageIndex: 0, width: 300, height: 200, seconds: 0) == nil)
        #expect(PdfPageReading.read(document: document, pageIndex: 0, width: 300, height: 200, seconds: 60) != nil)
        let missingPage = PdfPageReading.read(document: document, pageIndex: 1, width: 300, height: 200, seconds: 60)
        #expect(missingPage?.lines.horizontals.isEmpty == true && missingPage?.characters.isEmpty == true)
    }

    @Test func aKeptCanvasComesBackBlankAndLargeEnough() {
        let first = SpareCanvas.take(bytes: 1000)
        first.bytes.update(repeating: 0xFF, count: 1000)
        SpareCanvas.give(first)
        let again = SpareCanvas.take(bytes: 800)
        #expect(UnsafeBufferPointer(start: again.bytes, count: 800).allSatisfy { $0 == 0 })
        SpareCanvas.give(again)
        let larger = SpareCanvas.take(bytes: 5000)
        #expect(larger.capacity >= 5000)
        #expect(UnsafeBufferPointer(start: larger.bytes, count: 5000).allSatisfy { $0 == 0 })
        SpareCanvas.give(larger)
    }

    @Test func whatPopplerCannotOpenIsNoDocument() {
        let bytes = Data("%PDF-1.4 nothing else".utf8)
        #expect(Self.open(bytes) == nil)
        #expect(fp_pdf_open(nil, 0) == nil)
    }
}
