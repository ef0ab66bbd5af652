import CTesseract
import Foundation
import Testing

@testable import FormDocument

/// Strikes through text on a black-and-white page at the working resolution, on lines drawn by hand: a text line
/// 60 pixels tall (with its white margins), characters 40 pixels square, 4 pixels apart.
@Suite struct StruckTextTests {
    static let band = (top: 100, bottom: 160)

    /// A line of `count` characters (each a box outline with a stroke down its middle, so no row of it runs on
    /// into the next character), from x = 50.
    static func line(characters count: Int) throws -> PixImage {
        let ink = try #require(PixImage(pixCreate(800, 300, 1)))
        for index in 0..<count {
            let left = 50 + index * 44
            fill(ink, left, 110, left + 40, 113)
            fill(ink, left, 147, left + 40, 150)
            fill(ink, left, 110, left + 3, 150)
            fill(ink, left + 37, 110, left + 40, 150)
            fill(ink, left + 19, 110, left + 22, 150)
        }
        return ink
    }

    static func fill(_ ink: PixImage, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
        for y in y0..<y1 {
            for x in x0..<x1 { _ = pixSetPixel(ink.pointer, Int32(x), Int32(y), 1) }
        }
    }

    static func strikes(_ ink: PixImage) -> [(left: Int, right: Int)] {
        StruckText.strikes(in: ink, top: band.top, bottom: band.bottom, left: 40, right: 760)
    }

    @Test func aLineThroughTheMiddleOfSeveralCharactersIsAStrike() throws {
        let ink = try Self.line(characters: 6)
        // Characters 2 to 4 struck through, the line running a little past them.
        Self.fill(ink, 92, 129, 222, 131)
        let found = Self.strikes(ink)
        #expect(found.count == 1)
        #expect(found.first.map { $0.left == 92 && $0.right == 222 } == true, "\(found)")
    }

    @Test func anUnstruckLineADashAnUnderlineAndALoneBarAreNoStrikes() throws {
        #expect(Self.strikes(try Self.line(characters: 6)).isEmpty)
        // A dash between two characters (4—6): it runs into both, but is shorter than two characters.
        let dashed = try Self.line(characters: 2)
        Self.fill(dashed, 90, 129, 95, 131)
        Self.fill(dashed, 60, 129, 130, 131)
        #expect(Self.strikes(dashed).isEmpty)
        // An inserted text's underline lies below the middle.
        let underlined = try Self.line(characters: 6)
        Self.fill(underlined, 50, 153, 310, 155)
        #expect(Self.strikes(underlined).isEmpty)
        // A bar alone on its line (a rule's remnant, a long dash): nothing above or below it.
        let bar = try #require(PixImage(pixCreate(800, 300, 1)))
        Self.fill(bar, 50, 129, 400, 131)
        #expect(Self.strikes(bar).isEmpty)
        // A thick bar through the characters (a shaded band) is no strike either.
        let shaded = try Self.line(characters: 6)
        Self.fill(shaded, 50, 118, 310, 142)
        #expect(Self.strikes(shaded).isEmpty)
    }
}
