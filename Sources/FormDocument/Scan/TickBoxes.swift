import CTesseract
import Foundation

/// Tick boxes on a scanned page, read by their ink rather than by OCR (which reads ☐ as 口 and ■ as 国): a
/// square outline the size of a character, ticked when there is ink inside it.
enum TickBoxes {
    struct Box {
        var left: Int
        var top: Int
        var width: Int
        var height: Int
        var ticked: Bool
    }

    /// The boxes of a black-and-white page at `ScannedPage.workingDPI`. A character can look like a box (口, 回,
    /// 国), so a box counts only among other boxes, one of them left empty: the options of one choice.
    static func find(in ink: PixImage) -> [Box] {
        guard let data = pixGetData(ink.pointer) else { return [] }
        let pixelsPerPoint = ScannedPage.workingDPI / 72
        let wordsPerLine = Int(pixGetWpl(ink.pointer))
        func inked(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> Double {
            guard x1 > x0, y1 > y0 else { return 0 }
            var count = 0
            for y in y0..<y1 {
                let line = data + y * wordsPerLine
                for x in x0..<x1 where PixImage.bit(line, x) { count += 1 }
            }
            return Double(count) / Double((x1 - x0) * (y1 - y0))
        }
        func hasStraightStroke(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> Bool {
            guard x1 - x0 >= 4, y1 - y0 >= 4 else { return false }
            for y in y0..<y1 where inked(x0, y, x1, y + 1) >= 0.6 { return true }
            for x in x0..<x1 where inked(x, y0, x + 1, y1) >= 0.6 { return true }
            return false
        }
        var candidates: [Box] = []
        for component in ink.componentBoxes(connectivity: 8) {
            let (left, top, w, h) = component
            // 5–20 pt, and square.
            let sizes = Int(5 * pixelsPerPoint)...Int(20 * pixelsPerPoint)
            guard sizes.contains(w), sizes.contains(h), abs(w - h) * 5 <= max(w, h) else { continue }
            guard left + w <= ink.width, top + h <= ink.height else { continue }
            let band = max(2, w / 8)
            let sides = [
                inked(left, top, left + band, top + h), inked(left + w - band, top, left + w, top + h),
                inked(left, top, left + w, top + band), inked(left, top + h - band, left + w, top + h),
            ]
            guard sides.allSatisfy({ $0 >= 0.45 }) else { continue }
            // Alone: no ink just above, below or before it. Part of a character (田 in 思, 口 in 只) has
            // strokes there.
            let reach = max(4, h * 2 / 5)
            let clearAbove = inked(left, max(0, top - reach), left + w, max(0, top - 2)) < 0.01
            let clearBelow = inked(left, min(ink.height, top + h + 2), left + w, min(ink.height, top + h + reach)) < 0.01
            let clearBefore = inked(max(0, left - reach), top, max(0, left - 2), top + h) < 0.01
            guard clearAbove, clearBelow, clearBefore else { continue }
            let inset = max(band + 1, w / 4)
            let inside = inked(left + inset, top + inset, left + w - inset, top + h - inset)
            let filled = inside > 0.6
            // A tick or a cross inside a box is slanted; a character shaped like a box (国, 围, 回) has straight
            // strokes across its inside.
            if inside > 0.12, !filled, hasStraightStroke(left + inset, top + inset, left + w - inset, top + h - inset) { continue }
            candidates.append(Box(left: left, top: top, width: w, height: h, ticked: inside > 0.12))
        }
        // Options stand side by side on a line, or one under another; among them at least one is left empty.
        // A lone square (口, 国, 围 in a text) is a character.
        func together(_ one: Box, _ other: Box) -> Bool {
            let sameLine = abs((one.top + one.height / 2) - (other.top + other.height / 2)) * 2 < one.height
            let sameColumn = abs(one.left - other.left) * 2 < one.width && abs(one.top - other.top) < one.height * 4
            return sameLine || sameColumn
        }
        return candidates.filter { candidate in
            let group = candidates.filter { together(candidate, $0) }
            return group.count >= 2 && group.contains { !$0.ticked }
        }
    }
}
