import CTesseract
import Foundation

/// Text struck through on a printed page: a form printed with its tracked changes showing (Word and LibreOffice
/// print a deletion struck through, an insertion underlined, a deleted row shaded and every cell of it struck).
/// The deleted text is not what the form says, so it is taken off the black-and-white page before OCR reads it —
/// as the PDF reader leaves out characters drawn struck through (`DarkBitmap.strikesThrough`).
///
/// A strike is a thin line of ink through the middle of a text line, running on across the gaps between
/// characters: no character's own stroke does that (a stroke ends within its character, and characters stand
/// apart), an underline lies below the middle, a table border is no text line's and was erased before.
enum StruckText {
    /// The stretches of a text line (pixel rows `top..<bottom`, columns `left..<right` of the black-and-white
    /// page) that a strike runs through, left to right.
    static func strikes(in ink: PixImage, top: Int, bottom: Int, left: Int, right: Int) -> [(left: Int, right: Int)] {
        guard let data = pixGetData(ink.pointer), top >= 0, bottom <= ink.height, left >= 0, right <= ink.width, bottom - top >= 8,
            right > left
        else { return [] }
        let wordsPerLine = Int(pixGetWpl(ink.pointer))
        func dark(_ x: Int, _ y: Int) -> Bool { PixImage.bit(data + y * wordsPerLine, x) }
        // The band holds the text with a fifth of its height as white above and below (`ScannedPage.textLines`).
        let height = bottom - top
        let textHeight = height * 5 / 7
        // Two characters at least, and no less than two of the smallest print a form uses (7 pt): a piece of a
        // border crossing one character of a vertical label is no strike.
        let longest = max(Int(14 * ScannedPage.pixelsPerPoint), textHeight * 2)
        let thickness = max(2, textHeight / 8)
        var found: [(left: Int, right: Int)] = []
        for y in (top + height * 35 / 100)...(top + height * 70 / 100) {
            var x = left
            while x < right {
                guard dark(x, y) else {
                    x += 1
                    continue
                }
                // An unbroken run of ink: characters stand apart, a strike runs on through the gaps between them.
                var end = x
                while end + 1 < right, dark(end + 1, y) { end += 1 }
                defer { x = end + 1 }
                guard end - x + 1 >= longest else { continue }
                /// The share of the run's columns with ink in any of the rows `from..<to` (those of the band only).
                func inked(from: Int, to: Int) -> Double {
                    let (first, last) = (max(top, from), min(bottom, to))
                    guard first < last else { return 0 }
                    let rows = first..<last
                    return Double((x...end).filter { column in rows.contains { dark(column, $0) } }.count) / Double(end - x + 1)
                }
                // Thin: a little above and below it, the same stretch is mostly white (characters' strokes cross it).
                let above = y - thickness - 1
                let below = y + thickness + 1
                guard inked(from: above, to: above + 1) < 0.5, inked(from: below, to: below + 1) < 0.5 else { continue }
                // Through text: ink above it or below it along a good part of it (a bar alone on its line, or 一
                // alone in a cell, has none; faint struck text may have lost one side of it).
                guard max(inked(from: top, to: y - thickness), inked(from: below, to: bottom)) >= 0.3 else { continue }
                found.append((x, end + 1))
            }
        }
        // The rows of one strike find it over and over: merged where they overlap.
        var merged: [(left: Int, right: Int)] = []
        for stretch in found.sorted(by: { $0.left < $1.left }) {
            if let last = merged.last, stretch.left <= last.right {
                merged[merged.count - 1].right = max(last.right, stretch.right)
            } else {
                merged.append(stretch)
            }
        }
        return merged
    }
}
