import CTesseract
import Foundation
import Testing

@testable import FormDocument

/// Tick boxes read by their ink on a page at the working resolution (300 dpi: a box of 11 pt is 45 pixels).
@Suite struct TickBoxTests {
    /// A black-and-white page and its grey beneath, pixel for pixel, with two boxes on a line: one printed
    /// against its option's first character (Word's legacy check box, printed tight), one alone.
    struct Page {
        let ink: PixImage
        let grey: PixImage
        static let touching = (left: 100, top: 100)
        static let alone = (left: 320, top: 100)
        static let size = 45

        init(lightCross: Bool) throws {
            ink = try #require(PixImage(pixCreate(600, 300, 1)))
            grey = try #require(PixImage(pixCreate(600, 300, 8)))
            _ = pixSetAllArbitrary(grey.pointer, 215)
            func fill(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
                for y in y0..<y1 {
                    for x in x0..<x1 {
                        _ = pixSetPixel(ink.pointer, Int32(x), Int32(y), 1)
                        _ = pixSetPixel(grey.pointer, Int32(x), Int32(y), 30)
                    }
                }
            }
            for (left, top) in [Self.touching, Self.alone] {
                let size = Self.size
                fill(left, top, left + size, top + 3)
                fill(left, top + size - 3, left + size, top + size)
                fill(left, top, left + 3, top + size)
                fill(left + size - 3, top, left + size, top + size)
            }
            // The character after the first box, touching its right side: a bar across and a stroke down.
            let (left, top) = Self.touching
            fill(left + Self.size - 1, top + 20, left + Self.size + 40, top + 24)
            fill(left + Self.size + 25, top + 6, left + Self.size + 29, top + Self.size - 6)
            // A cross drawn so light that making the page black and white lost it: only the grey holds it.
            if lightCross {
                for step in 8..<(Self.size - 8) {
                    for thickness in 0..<2 {
                        _ = pixSetPixel(grey.pointer, Int32(left + step + thickness), Int32(top + step), 185)
                        _ = pixSetPixel(grey.pointer, Int32(left + Self.size - step - thickness), Int32(top + step), 185)
                    }
                }
            }
        }
    }

    @Test func aBoxPrintedAgainstItsOptionIsStillABox() throws {
        let page = try Page(lightCross: false)
        let boxes = TickBoxes.find(in: page.ink).sorted { $0.left < $1.left }
        #expect(boxes.count == 2, "\(boxes)")
        let touching = try #require(boxes.first)
        #expect(touching.left == Page.touching.left && abs(touching.width - Page.size) <= 2, "\(touching)")
        #expect(!touching.ticked)
        #expect(boxes.last?.left == Page.alone.left)
    }

    @Test func aTickTooLightForTheBlackAndWhiteIsSeenInTheGrey() throws {
        let page = try Page(lightCross: true)
        #expect(TickBoxes.find(in: page.ink).allSatisfy { !$0.ticked }, "the black and white alone has lost the cross")
        let boxes = TickBoxes.find(in: page.ink, grey: page.grey).sorted { $0.left < $1.left }
        #expect(boxes.map(\.ticked) == [true, false], "\(boxes)")
        // Paper a few levels uneven (grain) is no tick.
        let grainy = try Page(lightCross: false)
        for y in stride(from: 0, to: 300, by: 3) {
            for x in stride(from: y % 2, to: 600, by: 4) { _ = pixSetPixel(grainy.grey.pointer, Int32(x), Int32(y), 208) }
        }
        #expect(TickBoxes.find(in: grainy.ink, grey: grainy.grey).allSatisfy { !$0.ticked })
    }
}
