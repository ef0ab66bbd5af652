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
    /// 国), so a box counts only among other boxes, one of them left empty: the options of one choice. `grey`:
    /// the page before it was made black and white, when it lies pixel for pixel under `ink` — a tick drawn
    /// light or thin (a legacy check box's cross, printed grey) is lost from the black and white.
    static func find(in ink: PixImage, grey: PixImage? = nil) -> [Box] {
        guard let data = pixGetData(ink.pointer) else { return [] }
        let grey = grey.flatMap { $0.depth == 8 && $0.width == ink.width && $0.height == ink.height ? $0 : nil }
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
        /// The share of ink along the most inked column (`vertical`) or row of a band: a side drawn one or two
        /// pixels thin is dark along one of them, whatever the band's width.
        func darkestLine(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, vertical: Bool) -> Double {
            vertical
                ? (x0..<max(x0, x1)).map { inked($0, y0, $0 + 1, y1) }.max() ?? 0
                : (y0..<max(y0, y1)).map { inked(x0, $0, x1, $0 + 1) }.max() ?? 0
        }
        /// A box at this square, when its four sides are drawn, nothing stands just above, below or before it,
        /// and what is inside is a tick, a cross or a fill rather than a character's strokes. `thinSides`: each
        /// side is judged by its darkest line rather than by the ink of its whole band.
        func box(_ left: Int, _ top: Int, _ w: Int, _ h: Int, thinSides: Bool = false) -> Box? {
            guard left + w <= ink.width, top + h <= ink.height else { return nil }
            let band = max(2, w / 8)
            let bands = [
                (left, top, left + band, top + h, true), (left + w - band, top, left + w, top + h, true),
                (left, top, left + w, top + band, false), (left, top + h - band, left + w, top + h, false),
            ]
            let drawn = bands.allSatisfy {
                thinSides ? darkestLine($0.0, $0.1, $0.2, $0.3, vertical: $0.4) >= 0.75 : inked($0.0, $0.1, $0.2, $0.3) >= 0.45
            }
            guard drawn else { return nil }
            // Alone: no ink just above, below or before it. Part of a character (田 in 思, 口 in 只) has
            // strokes there.
            let reach = max(4, h * 2 / 5)
            let clearAbove = inked(left, max(0, top - reach), left + w, max(0, top - 2)) < 0.01
            let clearBelow = inked(left, min(ink.height, top + h + 2), left + w, min(ink.height, top + h + reach)) < 0.01
            let clearBefore = inked(max(0, left - reach), top, max(0, left - 2), top + h) < 0.01
            guard clearAbove, clearBelow, clearBefore else { return nil }
            let inset = max(band + 1, w / 4)
            let inside = inked(left + inset, top + inset, left + w - inset, top + h - inset)
            let filled = inside > 0.6
            // A tick or a cross inside a box is slanted; a character shaped like a box (国, 围, 回) has straight
            // strokes across its inside.
            if inside > 0.12, !filled, hasStraightStroke(left + inset, top + inset, left + w - inset, top + h - inset) { return nil }
            let ticked = inside > 0.12 || (grey.map { shaded($0, left + inset, top + inset, left + w - inset, top + h - inset) > 0.08 } ?? false)
            return Box(left: left, top: top, width: w, height: h, ticked: ticked)
        }
        var candidates: [Box] = []
        // 5–20 pt.
        let sizes = Int(5 * pixelsPerPoint)...Int(20 * pixelsPerPoint)
        for (left, top, w, h) in ink.componentBoxes(connectivity: 8) where sizes.contains(h) {
            if sizes.contains(w), abs(w - h) * 5 <= max(w, h) {
                if let found = box(left, top, w, h) { candidates.append(found) }
            } else if w > h * 5 / 4 {
                // A box printed against its option's first character is one piece of ink with it (Word's legacy
                // check box, printed tight): a square at its left, its right side the most inked column there,
                // each side dark along most of its length.
                let widths = (h * 4 / 5)...(h * 5 / 4)
                let right = widths.max { inked(left + $0 - 1, top, left + $0, top + h) < inked(left + $1 - 1, top, left + $1, top + h) }
                if let right, let found = box(left, top, right, h, thinSides: true) { candidates.append(found) }
            }
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

    /// The share of a rectangle of a grey page that is drawn in, however lightly: clearly darker than the
    /// rectangle's own paper (its median: a tick covers far less than half of a box).
    static func shaded(_ grey: PixImage, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> Double {
        guard x0 >= 0, y0 >= 0, x1 <= grey.width, y1 <= grey.height, x1 > x0, y1 > y0, let data = pixGetData(grey.pointer) else { return 0 }
        let wordsPerLine = Int(pixGetWpl(grey.pointer))
        var histogram = [Int](repeating: 0, count: 256)
        for y in y0..<y1 {
            // Leptonica packs an 8-bit row's bytes into 32-bit words, most significant first.
            let row = UnsafeRawPointer(data + y * wordsPerLine).assumingMemoryBound(to: UInt8.self)
            for x in x0..<x1 { histogram[Int(row[x ^ 3])] += 1 }
        }
        let total = (x1 - x0) * (y1 - y0)
        var median = 0
        var below = 0
        while median < 255, (below + histogram[median]) * 2 < total {
            below += histogram[median]
            median += 1
        }
        // Paper varies by a few levels (grain, JPEG); a light pencil or grey print line by a dozen and more.
        return Double(histogram[0..<max(0, median - 12)].reduce(0, +)) / Double(total)
    }
}
