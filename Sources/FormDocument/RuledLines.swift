import Foundation

/// The ruling lines of a page — the borders of a printed Word table — found in a drawing of the page.
///
/// The page's strokes and fills are drawn (with poppler's C++ API, CPopplerPages: no glyphs, images or
/// annotations, and form widgets draw no boxes; an underscore or dash character is drawn as the bar its glyph
/// shows) in the same pass that reads the page's text (`PdfPageReading`), and long runs of dark pixels are
/// read back as lines.
package struct RuledLines {
    struct Horizontal {
        var y: Double
        var x0: Double
        var x1: Double

        /// Whether the line runs across `x`, give or take `tolerance`.
        func spans(_ x: Double, within tolerance: Double) -> Bool { x0 - tolerance <= x && x <= x1 + tolerance }
    }

    struct Vertical {
        var x: Double
        var y0: Double
        var y1: Double

        /// Whether the line runs across `y`, give or take `tolerance`.
        func spans(_ y: Double, within tolerance: Double) -> Bool { y0 - tolerance <= y && y <= y1 + tolerance }
    }

    var horizontals: [Horizontal] = []
    var verticals: [Vertical] = []

    /// Pixels per point of the rendering: enough to tell a border from a glyph stroke.
    static let scale = 2.0
    /// A horizontal run this long (points) may be a border: longer than a stroke of a 22 pt title glyph.
    static let minimumHorizontal = 24.0
    /// A horizontal run this long is a border even without vertical borders at its ends.
    static let certainHorizontal = 60.0
    /// A vertical run must be this long (points) and end on horizontal borders to count.
    static let minimumVertical = 5.0
    /// A vertical line ending on border rows that crosses this many borders is a table's side even when a border
    /// is missing at one of its ends.
    static let crossedRowsOfASide = 4
    /// A vertical run this long (points) is no glyph stroke of body text: it may be a cell's side.
    static let minimumCellSide = 12.0
    /// Text in a cell keeps this far (points) from the cell's sides; a border that stops short of one stops
    /// no more than a faded corner short.
    static let cellMargin = 6.0

    init() {}

    /// Without the lines drawn inside form widgets: poppler prints widget appearances (boxes, and outlines
    /// standing in for text it cannot draw) even when asked for the document only, and they are no table.
    func ignoring(inside areas: [WidgetArea]) -> RuledLines {
        guard !areas.isEmpty else { return self }
        let margin = 1.5
        func inside(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> Bool {
            areas.contains {
                x0 >= $0.left - margin && x1 <= $0.right + margin && y0 >= $0.top - margin && y1 <= $0.bottom + margin
            }
        }
        var result = RuledLines()
        result.horizontals = horizontals.filter { !inside($0.x0, $0.x1, $0.y, $0.y) }
        result.verticals = verticals.filter { !inside($0.x, $0.x, $0.y0, $0.y1) }
        return result
    }

    package init(bitmap: DarkBitmap) {
        self.init(
            runs: bitmap.darkRuns(
                minimumHorizontal: Int(Self.minimumHorizontal * Self.scale), minimumVertical: Int(Self.minimumVertical * Self.scale)))
    }

    init(runs: DarkRuns) {
        // Rows of pixels of one thick line become one line: a run continues the first open line it overlaps in
        // the row above; a line no run continues is finished.
        var open: [(y0: Int, y1: Int, x0: Int, x1: Int)] = []
        var stillOpen: [(y0: Int, y1: Int, x0: Int, x1: Int)] = []
        var lines: [(y0: Int, y1: Int, x0: Int, x1: Int)] = []
        var used: [Bool] = []
        var lastRow = Int.min
        var rowStart = 0
        let horizontalRuns = runs.horizontal
        while rowStart < horizontalRuns.count {
            let y = horizontalRuns[rowStart].y
            var rowEnd = rowStart + 1
            while rowEnd < horizontalRuns.count, horizontalRuns[rowEnd].y == y { rowEnd += 1 }
            if y != lastRow + 1 {
                // A row without runs came between: it finished every open line.
                lines += open
                open.removeAll(keepingCapacity: true)
            }
            used.removeAll(keepingCapacity: true)
            used.append(contentsOf: repeatElement(false, count: rowEnd - rowStart))
            stillOpen.removeAll(keepingCapacity: true)
            for line in open {
                if let index = (rowStart..<rowEnd).first(where: {
                    !used[$0 - rowStart] && horizontalRuns[$0].x0 <= line.x1 && line.x0 <= horizontalRuns[$0].x1
                }) {
                    used[index - rowStart] = true
                    stillOpen.append((line.y0, y, min(line.x0, horizontalRuns[index].x0), max(line.x1, horizontalRuns[index].x1)))
                } else {
                    lines.append(line)
                }
            }
            for index in rowStart..<rowEnd where !used[index - rowStart] {
                stillOpen.append((y, y, horizontalRuns[index].x0, horizontalRuns[index].x1))
            }
            swap(&open, &stillOpen)
            lastRow = y
            rowStart = rowEnd
        }
        lines += open
        let candidates = lines.filter { $0.y1 - $0.y0 <= Int(3 * Self.scale) }.map {
            Horizontal(y: Double($0.y0 + $0.y1) / 2 / Self.scale, x0: Double($0.x0) / Self.scale, x1: Double($0.x1) / Self.scale)
        }

        // Vertical runs joined across adjacent columns: a run continues the first line that ended in the column
        // to its left and overlaps it.
        let columnRuns = runs.vertical.sorted { ($0.x, $0.y0) < ($1.x, $1.y0) }
        var verticalLines: [(x0: Int, x1: Int, y0: Int, y1: Int)] = []
        var endingLeft: [Int] = []  // lines that reached the column left of `column`
        var endingHere: [Int] = []  // lines that reach `column`
        var column = Int.min
        for run in columnRuns {
            if run.x != column {
                if run.x == column + 1 {
                    swap(&endingLeft, &endingHere)
                } else {
                    endingLeft.removeAll(keepingCapacity: true)
                }
                endingHere.removeAll(keepingCapacity: true)
                column = run.x
            }
            if let index = endingLeft.first(where: { verticalLines[$0].y0 <= run.y1 && run.y0 <= verticalLines[$0].y1 }) {
                verticalLines[index].x1 = run.x
                verticalLines[index].y0 = min(verticalLines[index].y0, run.y0)
                verticalLines[index].y1 = max(verticalLines[index].y1, run.y1)
                endingHere.append(index)
            } else {
                verticalLines.append((run.x, run.x, run.y0, run.y1))
                endingHere.append(verticalLines.count - 1)
            }
        }
        verticalLines = Self.joinedAlongside(verticalLines, widest: Int(3 * Self.scale))
        let tolerance = 2.5
        let rawVerticals = verticalLines.filter { $0.x1 - $0.x0 <= Int(3 * Self.scale) }.map {
            Vertical(x: Double($0.x0 + $0.x1) / 2 / Self.scale, y0: Double($0.y0) / Self.scale, y1: Double($0.y1) / Self.scale)
        }
        func meets(_ line: Horizontal, at x: Double) -> Bool {
            rawVerticals.contains { abs($0.x - x) <= tolerance && $0.spans(line.y, within: tolerance) }
        }
        // A cell's side: taller than any glyph stroke of body text.
        let cellSides = rawVerticals.filter { $0.y1 - $0.y0 >= Self.minimumCellSide }
        /// Whether the line stops inside a table's cell, well short of a cell's side beyond its end (`outward`: -1
        /// the left end, 1 the right): an underline (text inserted with tracked changes showing, an underlined
        /// value), where a border runs on to the borders across it.
        func stopsInsideCell(_ line: Horizontal, at x: Double, outward: Double) -> Bool {
            // A border found in pieces (faded or written over in places, bent on a photo) goes on beyond this one.
            let goesOn = candidates.contains { abs($0.y - line.y) <= 1.5 && (outward < 0 ? $0.x0 < x - tolerance : $0.x1 > x + tolerance) }
            return !goesOn && !meets(line, at: x)
                && cellSides.contains { ($0.x - x) * outward > Self.cellMargin && $0.spans(line.y, within: tolerance) }
        }
        // A border meets other borders at its ends; a glyph stroke of a large title does not.
        let horizontals = candidates.filter { line in
            guard line.x1 - line.x0 < Self.certainHorizontal else { return true }
            return meets(line, at: line.x0) && meets(line, at: line.x1)
        }.filter { !stopsInsideCell($0, at: $0.x0, outward: -1) && !stopsInsideCell($0, at: $0.x1, outward: 1) }
        self.horizontals = horizontals
        let borderRows = horizontals.map(\.y).sorted()
        func nearBorderRow(_ y: Double) -> Bool {
            var low = 0
            var high = borderRows.count
            while low < high {
                let middle = (low + high) / 2
                if borderRows[middle] < y - tolerance { low = middle + 1 } else { high = middle }
            }
            return low < borderRows.count && abs(borderRows[low] - y) <= tolerance
        }
        verticals = rawVerticals.filter { nearBorderRow($0.y0) && nearBorderRow($0.y1) }.filter { line in
            let touches = { (y: Double) in
                horizontals.contains { abs($0.y - y) <= tolerance && $0.spans(line.x, within: tolerance) }
            }
            guard !(touches(line.y0) && touches(line.y1)) else { return true }
            // A table's side whose corner border broke (under a seal, faded) still crosses the rows between.
            let crossed = horizontals.filter { line.spans($0.y, within: tolerance) && $0.spans(line.x, within: tolerance) }
            return Set(crossed.map { Int($0.y.rounded()) }).count >= Self.crossedRowsOfASide
        }
    }
}

extension RuledLines {
    /// Vertical lines side by side and overlapping, joined into one where together they are no wider than
    /// `widest`: a thick border leaning a pixel (a photographed page) is followed down one column of pixels
    /// while another column starts a second line beside it, and neither reaches both of the border's ends.
    static func joinedAlongside(_ lines: [(x0: Int, x1: Int, y0: Int, y1: Int)], widest: Int) -> [(x0: Int, x1: Int, y0: Int, y1: Int)] {
        var joined: [(x0: Int, x1: Int, y0: Int, y1: Int)] = []
        for line in lines.sorted(by: { ($0.x0, $0.y0) < ($1.x0, $1.y0) }) {
            if let index = joined.lastIndex(where: { other in
                line.x0 <= other.x1 + 1 && other.x0 <= line.x1 + 1 && line.y0 <= other.y1 && other.y0 <= line.y1
                    && max(line.x1, other.x1) - min(line.x0, other.x0) <= widest
            }) {
                let other = joined[index]
                joined[index] = (min(line.x0, other.x0), max(line.x1, other.x1), min(line.y0, other.y0), max(line.y1, other.y1))
            } else {
                joined.append(line)
            }
        }
        return joined
    }
}

/// The long dark runs of a rendered page, from which `RuledLines` builds its lines.
struct DarkRuns {
    /// Runs within a row, in row order and left to right within a row; `x1` is the last dark pixel.
    var horizontal: [(y: Int, x0: Int, x1: Int)] = []
    /// Runs within a column; `y1` is the last dark pixel.
    var vertical: [(x: Int, y0: Int, y1: Int)] = []
}

/// A rendered page (alpha only): which pixels carry ink.
package struct DarkBitmap {
    let data: UnsafePointer<UInt8>
    let width: Int
    let height: Int
    let stride: Int

    /// Coverage from which a pixel counts as ink; at most 128, which the word-wide test relies on.
    static let threshold: UInt8 = 96

    /// A view of `height` rows of `width` coverage bytes, each row `stride` bytes after the one before; the
    /// caller vouches that those bytes are readable. Nil for a shape no such buffer has.
    package init?(data: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) {
        guard width > 0, height > 0, stride >= width else { return nil }
        self.data = data
        self.width = width
        self.height = height
        self.stride = stride
    }

    /// Whether a line is drawn through the middle of a character: text deleted with tracked changes shown, as
    /// LibreOffice and Word print it (struck through). Glyphs are not in the drawing, so ink in the middle of a
    /// character's box is a stroke; it strikes the character when it runs across most of its width in the middle
    /// band of its height and is thin — a fill behind the text (a shaded cell) covers the whole height, an
    /// underline lies below the band.
    func strikesThrough(_ character: PositionedCharacter) -> Bool {
        guard !character.scalar.isWhiteSpace, !Self.isDrawnAsBar(character.scalar.value) else { return false }
        let scale = RuledLines.scale
        let left = Int(((character.x1 + (character.x2 - character.x1) * 0.15) * scale).rounded())
        let right = Int(((character.x2 - (character.x2 - character.x1) * 0.15) * scale).rounded())
        let top = Int((character.y1 * scale).rounded())
        let bottom = Int((character.y2 * scale).rounded())
        guard left >= 0, right < width, right - left >= 2, top >= 0, bottom < height, bottom - top >= 6 else { return false }
        let band = (top + (bottom - top) * 3 / 10)...(top + (bottom - top) * 7 / 10)
        // A strike crosses the whole character, so its centre column too: most characters have no ink there at
        // all (glyphs are not drawn), and one column of the band tells that at once.
        let centre = (left + right) / 2
        guard band.contains(where: { data[$0 * stride + centre] >= Self.threshold }) else { return false }
        var darkRows = 0
        var middleLine = false
        for y in top...bottom {
            let row = data + y * stride
            var dark = 0
            for x in left...right where row[x] >= Self.threshold { dark += 1 }
            guard dark * 10 >= (right - left + 1) * 9 else { continue }
            darkRows += 1
            if band.contains(y) { middleLine = true }
        }
        return middleLine && darkRows * 10 <= (bottom - top + 1) * 3
    }

    /// Whether a tick box drawn just before a character is ticked (ink inside it: a cross, a tick, a fill); nil
    /// when there is none. Word's legacy check box, or a content-control check box, as LibreOffice prints it:
    /// a square outline the size of the text, with no glyph in the text layer. Only a character with ink just to
    /// its left is looked at closely: glyphs are not in the drawing, so most have none.
    func tickBox(before character: PositionedCharacter) -> Bool? {
        let scale = RuledLines.scale
        let size = character.height * scale
        let top = Int(((character.y1 - character.height * 0.25) * scale).rounded(.down))
        let bottom = Int(((character.y2 + character.height * 0.25) * scale).rounded(.up))
        let right = Int((character.x1 * scale).rounded(.down)) - 1
        let left = right - Int((size * 1.4).rounded(.up))
        guard left >= 0, top >= 0, bottom < height, right < width, size >= 8 else { return nil }
        func dark(_ x: Int, _ y: Int) -> Bool { data[y * stride + x] >= Self.threshold }
        // Ink just left of the character, on its middle row? (A box's side crosses it.)
        let middle = (top + bottom) / 2
        let near = max(left, right - Int(size * 0.4))
        guard let ink = (near...right).last(where: { dark($0, middle) }) else { return nil }
        // The box's sides: columns dark over most of a square's height; its top and bottom: rows likewise.
        // A column dark over the whole window is a table border beside the box, not a side of it — and when the
        // ink next to the character is such a border (most characters with ink beside them open a table cell),
        // a box would be beyond it, in the cell before, not the character's.
        let minimumSide = Int(size * 0.5)
        let window = bottom - top + 1
        if (top...bottom).reduce(0, { $0 + (dark(ink, $1) ? 1 : 0) }) * 10 >= window * 9 { return nil }
        let columns = (left...right).filter { x in
            let inked = (top...bottom).reduce(0) { $0 + (dark(x, $1) ? 1 : 0) }
            return inked >= minimumSide && inked * 10 < window * 9
        }
        guard let last = columns.last,
            let first = columns.first(where: { last - $0 >= minimumSide && last - $0 <= Int(size * 1.3) })
        else { return nil }
        // Its top and bottom: a pair of rows dark across it, as far apart as its sides (a table border above or
        // below it is dark across it too, but at another distance).
        let side = last - first
        let rows = (top...bottom).filter { y in (first...last).reduce(0) { $0 + (dark($1, y) ? 1 : 0) } * 10 >= (side + 1) * 8 }
        let tolerance = max(3, side / 4)
        guard
            let (upper, lower) = rows.lazy.flatMap({ upper in rows.lazy.map { (upper, $0) } })
                .first(where: { abs(($0.1 - $0.0) - side) <= tolerance })
        else { return nil }
        // Ink inside, away from the outline.
        let inset = max(2, (last - first) / 6)
        guard first + inset < last - inset, upper + inset < lower - inset else { return nil }
        var inked = 0
        var total = 0
        for y in (upper + inset)...(lower - inset) {
            for x in (first + inset)...(last - inset) {
                total += 1
                if dark(x, y) { inked += 1 }
            }
        }
        return inked * 100 >= total * 8
    }

    /// The characters the drawing shows as the bar of their glyph (CPopplerPages: _ ＿ — ― ─ ━): ink through
    /// them is their own.
    static func isDrawnAsBar(_ value: UInt32) -> Bool {
        switch value {
        case 0x5F, 0xFF3F, 0x2014, 0x2015, 0x2500, 0x2501: return true
        default: return false
        }
    }

    /// Every horizontal dark run at least `minimumHorizontal` pixels long and every vertical one at least
    /// `minimumVertical` long, in one pass over the rows.
    ///
    /// A page is millions of pixels and nearly all of them blank, so the rows are read eight pixels to a word:
    /// a word becomes one bit per pixel (the top bit of each byte) without a branch, a blank word costs a load
    /// and a test, and only the pixels where a run starts or ends are visited one by one. Vertical runs follow
    /// from where a column turns dark or light between one row and the next.
    func darkRuns(minimumHorizontal: Int, minimumVertical: Int) -> DarkRuns {
        let wordCount = (width + 7) / 8
        let fullWords = width / 8
        var result = DarkRuns()
        // The previous row's dark bits, and for each column the row its current dark run started on.
        var previousRow = [UInt64](repeating: 0, count: wordCount)
        var columnStart = [Int](repeating: 0, count: width)
        previousRow.withUnsafeMutableBufferPointer { previousRow in
            columnStart.withUnsafeMutableBufferPointer { columnStart in
                // Whether the row above had any ink: if not, its words need no reading.
                var aboveInked = false
                // One row past the last, blank, ends every run still open.
                for y in 0...height {
                    let row: UnsafePointer<UInt8>? = y < height ? data + y * stride : nil
                    var inked = false
                    var runStart = -1
                    var word = 0
                    while word < wordCount {
                        let blankFrom = word
                        if let row {
                            word = Self.firstInkedWord(
                                from: word, before: fullWords, row: UnsafeRawPointer(row),
                                above: aboveInked ? UnsafeBufferPointer(previousRow) : nil)
                        } else {
                            while word < wordCount, previousRow[word] == 0 { word += 1 }
                        }
                        if word > blankFrom, runStart >= 0 {
                            if blankFrom * 8 - runStart >= minimumHorizontal {
                                result.horizontal.append((y, runStart, blankFrom * 8 - 1))
                            }
                            runStart = -1
                        }
                        guard word < wordCount else { break }
                        let base = word * 8
                        let dark = row.map { darkBits(row: $0, from: base) } ?? 0
                        let before = previousRow[word]
                        previousRow[word] = dark
                        inked = inked || dark != 0
                        word += 1

                        // Horizontal: alternate between looking for the next dark and the next light pixel.
                        var remaining = UInt64.max  // the bytes at or after the current position
                        while true {
                            if runStart >= 0 {
                                let light = ~dark & Self.topBits & remaining
                                if light == 0 { break }
                                let offset = light.trailingZeroBitCount / 8
                                if base + offset - runStart >= minimumHorizontal {
                                    result.horizontal.append((y, runStart, base + offset - 1))
                                }
                                runStart = -1
                                remaining = UInt64.max << (8 * offset)
                            } else {
                                let ink = dark & remaining
                                if ink == 0 { break }
                                let offset = ink.trailingZeroBitCount / 8
                                runStart = base + offset
                                remaining = UInt64.max << (8 * offset)
                            }
                        }

                        // Vertical: columns that turned dark start a run; columns that turned light end one.
                        var turnedDark = dark & ~before
                        while turnedDark != 0 {
                            columnStart[base + turnedDark.trailingZeroBitCount / 8] = y
                            turnedDark &= turnedDark - 1
                        }
                        var turnedLight = before & ~dark
                        while turnedLight != 0 {
                            let x = base + turnedLight.trailingZeroBitCount / 8
                            if y - columnStart[x] >= minimumVertical { result.vertical.append((x, columnStart[x], y - 1)) }
                            turnedLight &= turnedLight - 1
                        }
                    }
                    if runStart >= 0, width - runStart >= minimumHorizontal {
                        result.horizontal.append((y, runStart, width - 1))
                    }
                    aboveInked = inked
                }
            }
        }
        return result
    }

    /// The first of the whole words from `start` up to `end` with any coverage in `row` or a dark pixel in `above`
    /// (nil when the row above had none), or `end`. Blank words, most of a page, cost a load and an or each, four at a
    /// time.
    @inline(__always)
    private static func firstInkedWord(
        from start: Int, before end: Int, row: UnsafeRawPointer, above: UnsafeBufferPointer<UInt64>?
    ) -> Int {
        var word = start
        func coverage(_ index: Int) -> UInt64 { row.loadUnaligned(fromByteOffset: index &* 8, as: UInt64.self) }
        if let above {
            while word &+ 4 <= end {
                let ink =
                    coverage(word) | coverage(word &+ 1) | coverage(word &+ 2) | coverage(word &+ 3)
                    | above[word] | above[word &+ 1] | above[word &+ 2] | above[word &+ 3]
                if ink != 0 { break }
                word &+= 4
            }
            while word < end, coverage(word) | above[word] == 0 { word &+= 1 }
        } else {
            while word &+ 4 <= end {
                if coverage(word) | coverage(word &+ 1) | coverage(word &+ 2) | coverage(word &+ 3) != 0 { break }
                word &+= 4
            }
            while word < end, coverage(word) == 0 { word &+= 1 }
        }
        return word
    }

    private static let topBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101

    /// The eight pixels from `base` (fewer at the end of a row, the rest blank) as the top bit of each byte,
    /// set where coverage reaches `threshold`.
    @inline(__always)
    private func darkBits(row: UnsafePointer<UInt8>, from base: Int) -> UInt64 {
        var bytes: UInt64
        if base + 8 <= width {
            bytes = UInt64(littleEndian: UnsafeRawPointer(row + base).loadUnaligned(as: UInt64.self))
        } else {
            bytes = 0
            for offset in 0..<(width - base) { bytes |= UInt64(row[base + offset]) << (8 * offset) }
        }
        // Per byte b: b ≥ 128 is dark by its own top bit; below that, (b | 128) - threshold keeps the top bit
        // exactly when b ≥ threshold. No byte borrows from its neighbour, since b | 128 ≥ 128 ≥ threshold.
        let belowHalf = (bytes | Self.topBits) &- UInt64(Self.threshold) &* Self.lowBits
        return (belowHalf | bytes) & Self.topBits
    }
}
