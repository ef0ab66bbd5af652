import Foundation
import TestSupport
import Testing

@testable import FormDocument

/// The border scan on rendered pages built in the test: coverage bytes as cairo's A8 surface holds them.
@Suite struct RuledLinesTests {
    /// A blank page of `width` × `height` pixels whose rows are `stride` bytes apart.
    struct Canvas {
        let width: Int
        let height: Int
        let stride: Int
        var bytes: [UInt8]

        init(width: Int, height: Int, stride: Int? = nil) {
            self.width = width
            self.height = height
            self.stride = stride ?? (width + 3) / 4 * 4
            bytes = Array(repeating: 0, count: self.stride * height)
        }

        mutating func fill(x: Range<Int>, y: Range<Int>, coverage: UInt8 = 255) {
            for row in y { for column in x { bytes[row * stride + column] = coverage } }
        }

        func withBitmap<T>(_ body: (DarkBitmap) -> T) -> T? {
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress,
                    let bitmap = DarkBitmap(data: base, width: width, height: height, stride: stride)
                else { return nil }
                return body(bitmap)
            }
        }

        /// The runs as a pixel-by-pixel walk finds them: the definition the word-wide scan must meet.
        func referenceRuns(minimumHorizontal: Int, minimumVertical: Int) -> DarkRuns {
            var result = DarkRuns()
            func dark(_ x: Int, _ y: Int) -> Bool { y < height && bytes[y * stride + x] >= DarkBitmap.threshold }
            for y in 0..<height {
                var start = -1
                for x in 0...width {
                    if x < width && dark(x, y) {
                        if start < 0 { start = x }
                    } else if start >= 0 {
                        if x - start >= minimumHorizontal { result.horizontal.append((y, start, x - 1)) }
                        start = -1
                    }
                }
            }
            for x in 0..<width {
                var start = -1
                for y in 0...height {
                    if dark(x, y) {
                        if start < 0 { start = y }
                    } else if start >= 0 {
                        if y - start >= minimumVertical { result.vertical.append((x, start, y - 1)) }
                        start = -1
                    }
                }
            }
            return result
        }
    }

    @Test(arguments: [1, 7, 8, 9, 15, 64, 71, 130])
    func wordWideScanFindsTheRunsAPixelWalkFinds(width: Int) throws {
        var generator = SplitMix64(seed: UInt64(width))
        for pageNumber in 0..<12 {
            // Rows padded beyond the width, as cairo pads them; the padding is inked to prove it is never read.
            var canvas = Canvas(width: width, height: 37, stride: width + (pageNumber % 3) * 4 + 1)
            for row in 0..<canvas.height { canvas.bytes[row * canvas.stride + width] = 255 }
            // Coverage right around the threshold decides dark from light.
            let coverages: [UInt8] = [1, 95, 96, 97, 127, 128, 129, 200, 255]
            for _ in 0..<Int.random(in: 3...25, using: &generator) {
                let x0 = Int.random(in: 0..<width, using: &generator)
                let y0 = Int.random(in: 0..<canvas.height, using: &generator)
                let x1 = Int.random(in: x0...min(width - 1, x0 + Int.random(in: 0...width, using: &generator)), using: &generator)
                let y1 = Int.random(in: y0...min(canvas.height - 1, y0 + Int.random(in: 0...20, using: &generator)), using: &generator)
                let coverage = coverages.randomElement(using: &generator) ?? 255
                canvas.fill(x: x0..<(x1 + 1), y: y0..<(y1 + 1), coverage: coverage)
            }
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                let x = Int.random(in: 0..<width, using: &generator)
                let y = Int.random(in: 0..<canvas.height, using: &generator)
                canvas.bytes[y * canvas.stride + x] = UInt8.random(in: 0...255, using: &generator)
            }
            for (minimumHorizontal, minimumVertical) in [(1, 1), (3, 4), (8, 10)] {
                let expected = canvas.referenceRuns(minimumHorizontal: minimumHorizontal, minimumVertical: minimumVertical)
                let found = try #require(
                    canvas.withBitmap {
                        $0.darkRuns(minimumHorizontal: minimumHorizontal, minimumVertical: minimumVertical)
                    })
                #expect(found.horizontal.map { [$0.y, $0.x0, $0.x1] } == expected.horizontal.map { [$0.y, $0.x0, $0.x1] })
                #expect(
                    found.vertical.map { [$0.x, $0.y0, $0.y1] }.sorted { $0.lexicographicallyPrecedes($1) }
                        == expected.vertical.map { [$0.x, $0.y0, $0.y1] })
            }
        }
    }

    @Test func aBufferTooNarrowForItsWidthIsRefused() {
        let bytes: [UInt8] = Array(repeating: 0, count: 16)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            #expect(DarkBitmap(data: base, width: 8, height: 2, stride: 4) == nil)
            #expect(DarkBitmap(data: base, width: 0, height: 2, stride: 8) == nil)
            #expect(DarkBitmap(data: base, width: 8, height: 2, stride: 8) != nil)
        }
    }

    /// A two-by-two table drawn at 2 px/pt, with a thick outer border, beside a long glyph-like stroke that
    /// meets no border: the table's borders come back in points, the stroke does not.
    @Test func findsTheBordersOfADrawnTable() throws {
        var canvas = Canvas(width: 601, height: 400)
        // Rows at 50, 100 and 150 pt; columns at 50, 150 and 250 pt. Outer borders 3 px thick, inner ones 1 px.
        for (y, thickness) in [(100, 3), (200, 1), (300, 3)] { canvas.fill(x: 100..<503, y: y..<(y + thickness)) }
        for (x, thickness) in [(100, 3), (300, 1), (500, 3)] { canvas.fill(x: x..<(x + thickness), y: 100..<303) }
        // 40 pt of stroke far from any border: longer than the shortest border run, shorter than a certain one.
        canvas.fill(x: 100..<180, y: 360..<362)
        // Grey just below the threshold is not ink, however long.
        canvas.fill(x: 0..<600, y: 380..<381, coverage: DarkBitmap.threshold - 1)

        let lines = try #require(canvas.withBitmap { RuledLines(bitmap: $0) })
        #expect(
            lines.horizontals.map { [$0.y, $0.x0, $0.x1] }.sorted { $0[0] < $1[0] } == [
                [50.5, 50, 251], [100, 50, 251], [150.5, 50, 251],
            ])
        #expect(
            lines.verticals.map { [$0.x, $0.y0, $0.y1] }.sorted { $0[0] < $1[0] } == [
                [50.5, 50, 151], [150, 50, 151], [250.5, 50, 151],
            ])
    }

    /// A table as a photo or a tracked-changes print gives it: an underline 80 pt long inside a cell (text inserted
    /// with its changes showing) is no row border; the bottom border, broken in two by a gap, still is; and the
    /// middle column's border, a pixel off its column for part of its length, is found whole.
    @Test func anUnderlineInACellIsNoBorderAndABrokenOrLeaningBorderIs() throws {
        var canvas = Canvas(width: 601, height: 400)
        // Rows at 50, 100 and 150 pt; columns at 50, 150 and 250 pt.
        for y in [100, 200] { canvas.fill(x: 100..<503, y: y..<(y + 2)) }
        canvas.fill(x: 100..<260, y: 300..<302)
        canvas.fill(x: 280..<503, y: 300..<302)
        for x in [100, 500] { canvas.fill(x: x..<(x + 2), y: 100..<302) }
        // The middle border: its column broken by a pixel, the column beside it carrying the upper part.
        canvas.fill(x: 300..<301, y: 100..<180)
        canvas.fill(x: 300..<301, y: 182..<302)
        canvas.fill(x: 301..<302, y: 100..<280)
        // The underline, in the right-hand cell of the first row.
        canvas.fill(x: 320..<480, y: 180..<182)

        let lines = try #require(canvas.withBitmap { RuledLines(bitmap: $0) })
        #expect(!lines.horizontals.contains { abs($0.y - 90.5) < 2 }, "\(lines.horizontals)")
        #expect(lines.horizontals.filter { abs($0.y - 150.5) < 2 }.count == 2, "\(lines.horizontals)")
        #expect(
            lines.verticals.map { [$0.x.rounded(), $0.y0, $0.y1] }.sorted { $0[0] < $1[0] } == [
                [50, 50, 150.5], [150, 50, 150.5], [250, 50, 150.5],
            ], "\(lines.verticals)")
    }

    /// A table whose bottom border broke off short of its right-hand corner (a seal's ink over it, a photo's
    /// fold): the right-hand side still stands, as it crosses every row border above.
    @Test func aSideWhoseCornerBrokeStillStandsByTheRowsItCrosses() throws {
        var canvas = Canvas(width: 601, height: 400)
        // Rows at 50, 75, 100, 125 pt across the table; the bottom border, at 150 pt, stops at 220 pt, broken
        // where it meets the middle column's border.
        for y in [100, 150, 200, 250] { canvas.fill(x: 100..<503, y: y..<(y + 2)) }
        canvas.fill(x: 100..<300, y: 300..<302)
        canvas.fill(x: 304..<440, y: 300..<302)
        for x in [100, 300, 500] { canvas.fill(x: x..<(x + 2), y: 100..<302) }

        let lines = try #require(canvas.withBitmap { RuledLines(bitmap: $0) })
        #expect(lines.verticals.contains { abs($0.x - 250.5) < 1 && $0.y0 == 50 && $0.y1 == 150.5 }, "\(lines.verticals)")
        #expect(lines.verticals.count == 3, "\(lines.verticals)")
    }

    /// A table's grid inside a frame drawn a little apart from it: the ring between them is no cell (its box holds
    /// the table's cells, and reading it read their text twice).
    @Test func theRingBetweenATableAndAFrameRoundItIsNoCell() {
        var lines = RuledLines()
        // The frame: 100 to 500 across, 100 to 300 down.
        for y in [100.0, 300.0] { lines.horizontals.append(.init(y: y, x0: 100, x1: 500)) }
        for x in [100.0, 500.0] { lines.verticals.append(.init(x: x, y0: 100, y1: 300)) }
        // The table inside, 8 points in: two rows of two cells.
        for y in [108.0, 200.0, 292.0] { lines.horizontals.append(.init(y: y, x0: 108, x1: 492)) }
        for x in [108.0, 300.0, 492.0] { lines.verticals.append(.init(x: x, y0: 108, y1: 292)) }
        let cells = ScannedPage.cellRectangles(of: lines, pageWidth: 600, pageHeight: 400)
        #expect(cells.count == 4, "\(cells)")
        #expect(cells.allSatisfy { $0.x0 > 105 && $0.x1 < 495 && $0.y0 > 105 && $0.y1 < 295 }, "\(cells)")
    }
}
