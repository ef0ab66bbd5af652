import Foundation

/// Rebuilds one page's paragraphs and tables from positioned characters and ruling lines.
///
/// The lines cut the page into a fine grid; neighbouring grid slots with no border between them are one
/// (merged) cell, which becomes `columnSpan` and vertical merges in the document model, just as Word wrote them.
///
/// `package`, with `RuledLines`, `DarkBitmap` and `PositionedCharacter`: a reader of scanned pages has the same
/// characters-and-lines in hand and builds its blocks with this too.
package struct PageLayout {
    let characters: [PositionedCharacter]
    let lines: RuledLines
    /// The page's width (points): with the left margin of its text it gives the right margin, to which a line of
    /// text between tables is full. Nil when unknown: each such line is then a paragraph of its own.
    var pageWidth: Double? = nil

    package init(characters: [PositionedCharacter], lines: RuledLines, pageWidth: Double? = nil) {
        self.characters = characters
        self.lines = lines
        self.pageWidth = pageWidth
    }

    static let tolerance = 2.5

    /// A block of the page; a ruled table comes with where its grid columns' borders lie (`columnEdges[i]` is the
    /// left border of grid column `i`), by which a table the next page opens with is known to continue it.
    package struct PageBlock {
        package var block: Block
        package var columnEdges: [Double]?
    }

    package func blocks() -> [PageBlock] {
        let ys = Self.cluster(lines.horizontals.map(\.y))
        let xs = Self.cluster(lines.verticals.map(\.x))
        guard ys.count >= 2, xs.count >= 2 else {
            return Self.unruledBlocks(from: characters, pageWidth: pageWidth).map { PageBlock(block: $0.block) }
        }
        var grid = SlotGrid(ys: ys, xs: xs, lines: lines)
        // Characters go to the cell under their centre; the rest is text around the tables.
        var cellCharacters: [Int: [PositionedCharacter]] = [:]
        var outside: [PositionedCharacter] = []
        for character in characters {
            if let cell = grid.cell(x: (character.x1 + character.x2) / 2, y: character.middle) {
                cellCharacters[cell, default: []].append(character)
            } else {
                outside.append(character)
            }
        }
        var blocks = grid.tables(cellCharacters)
        blocks += Self.unruledBlocks(from: outside, pageWidth: pageWidth).map { ($0.y, PageBlock(block: $0.block)) }
        return blocks.sorted { $0.y < $1.y }.map(\.block)
    }

    /// The page cut by its clustered border positions into slots (`bands` × `columns`), which of them lie inside a
    /// table, and which form one merged cell (no border between them: a union-find over slots).
    private struct SlotGrid {
        let ys: [Double]
        let xs: [Double]
        let lines: RuledLines
        var bands: Int { ys.count - 1 }
        var columns: Int { xs.count - 1 }
        /// Whether a slot lies inside a table: between the first and last vertical border of its band.
        private(set) var inside: [[Bool]] = []
        /// Whether a vertical border stands at each x of a band.
        private(set) var separators: [[Bool]] = []
        private var parent: [Int] = []

        init(ys: [Double], xs: [Double], lines: RuledLines) {
            self.ys = ys
            self.xs = xs
            self.lines = lines
            inside = Array(repeating: Array(repeating: false, count: xs.count - 1), count: ys.count - 1)
            separators = Array(repeating: Array(repeating: false, count: xs.count), count: ys.count - 1)
            for band in 0..<bands {
                for (index, x) in xs.enumerated() { separators[band][index] = hasVertical(at: x, band: band) }
                guard let first = separators[band].firstIndex(of: true), let last = separators[band].lastIndex(of: true), first < last
                else { continue }
                for column in first..<last { inside[band][column] = true }
            }
            parent = Array(0..<(bands * columns))
            for band in 0..<bands {
                for column in 0..<columns where inside[band][column] {
                    if column + 1 < columns, inside[band][column + 1], !separators[band][column + 1] {
                        union(band * columns + column, band * columns + column + 1)
                    }
                    if band + 1 < bands, inside[band + 1][column], !hasHorizontal(at: ys[band + 1], column: column) {
                        union(band * columns + column, (band + 1) * columns + column)
                    }
                }
            }
        }

        private func hasVertical(at x: Double, band: Int) -> Bool {
            let top = ys[band]
            let bottom = ys[band + 1]
            return lines.verticals.contains {
                abs($0.x - x) <= PageLayout.tolerance && $0.y0 <= top + PageLayout.tolerance + (bottom - top) * 0.2
                    && $0.y1 >= bottom - PageLayout.tolerance - (bottom - top) * 0.2
            }
        }

        private func hasHorizontal(at y: Double, column: Int) -> Bool {
            let left = xs[column]
            let right = xs[column + 1]
            return lines.horizontals.contains {
                abs($0.y - y) <= PageLayout.tolerance && $0.x0 <= left + PageLayout.tolerance + (right - left) * 0.2
                    && $0.x1 >= right - PageLayout.tolerance - (right - left) * 0.2
            }
        }

        mutating func find(_ slot: Int) -> Int {
            var slot = slot
            while parent[slot] != slot {
                parent[slot] = parent[parent[slot]]
                slot = parent[slot]
            }
            return slot
        }

        private mutating func union(_ a: Int, _ b: Int) {
            let rootA = find(a)
            let rootB = find(b)
            if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
        }

        /// The merged cell (its root slot) under a point, or nil outside every table.
        mutating func cell(x: Double, y: Double) -> Int? {
            guard let band = PageLayout.slot(of: y, in: ys), let column = PageLayout.slot(of: x, in: xs), inside[band][column] else {
                return nil
            }
            return find(band * columns + column)
        }

        /// The tables of the page, each with where it starts: consecutive bands with slots inside, a row each.
        mutating func tables(_ cellCharacters: [Int: [PositionedCharacter]]) -> [(y: Double, block: PageBlock)] {
            var blocks: [(y: Double, block: PageBlock)] = []
            var rows: [Row] = []
            var tableTop = 0.0
            for band in 0..<bands {
                guard let first = inside[band].firstIndex(of: true) else {
                    if !rows.isEmpty { blocks.append((tableTop, PageBlock(block: .table(Table(rows: rows)), columnEdges: xs))) }
                    rows = []
                    continue
                }
                if rows.isEmpty { tableTop = ys[band] }
                var cells: [Cell] = []
                var column = first
                while column < columns, inside[band][column] {
                    let root = find(band * columns + column)
                    var span = 1
                    while column + span < columns, inside[band][column + span], find(band * columns + column + span) == root { span += 1 }
                    let rootBand = root / columns
                    let continuesBelow = band + 1 < bands && inside[band + 1][column] && find((band + 1) * columns + column) == root
                    let merge: Cell.VerticalMerge = rootBand < band ? .continue : (continuesBelow ? .restart : .none)
                    let text = rootBand < band ? "" : PageLayout.cellText(cellCharacters[root] ?? [], right: xs[column + span])
                    cells.append(Cell(text: text, columnSpan: span, verticalMerge: merge))
                    column += span
                }
                rows.append(Row(gridBefore: first, cells: cells))
            }
            if !rows.isEmpty { blocks.append((tableTop, PageBlock(block: .table(Table(rows: rows)), columnEdges: xs))) }
            return blocks
        }
    }

    // MARK: Geometry

    static func cluster(_ values: [Double], tolerance: Double = tolerance) -> [Double] {
        var result: [Double] = []
        for value in values.sorted() {
            if let last = result.last, value - last <= tolerance { continue }
            result.append(value)
        }
        return result
    }

    /// The index of the interval of `edges` holding `value`.
    static func slot(of value: Double, in edges: [Double]) -> Int? {
        guard let first = edges.first, let last = edges.last, value > first, value < last else { return nil }
        var low = 0
        var high = edges.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if edges[middle] <= value { low = middle } else { high = middle }
        }
        return low
    }

    // MARK: Text

    struct TextLine {
        var characters: [PositionedCharacter]
        var top: Double { characters.map(\.y1).min() ?? 0 }
        var right: Double { characters.map(\.x2).max() ?? 0 }
        var height: Double { characters.map(\.height).max() ?? 1 }
        var left: Double { characters.first { !$0.scalar.isWhiteSpace }?.x1 ?? 0 }
        var text: String { PageLayout.join(characters) }
    }

    /// Characters grouped into lines by their vertical centre, each line left to right.
    static func groupLines(_ characters: [PositionedCharacter]) -> [TextLine] {
        var lines: [TextLine] = []
        var middles: [Double] = []
        for character in characters.sorted(by: { $0.middle < $1.middle }) {
            if let last = middles.last, let line = lines.last,
                abs(character.middle - last) <= 0.5 * max(character.height, line.height)
            {
                lines[lines.count - 1].characters.append(character)
            } else {
                lines.append(TextLine(characters: [character]))
                middles.append(character.middle)
            }
        }
        return lines.map { TextLine(characters: $0.characters.sorted { $0.x1 < $1.x1 }) }
    }

    /// One line's text: poppler's spaces kept between Latin words, dropped next to Chinese, where they are
    /// only typographic spacing.
    static func join(_ characters: [PositionedCharacter]) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var previous: PositionedCharacter?
        for character in characters {
            if character.scalar.isWhiteSpace {
                pendingSpace = true
                continue
            }
            if let previous {
                let gap = character.x1 - previous.x2
                let wide = gap > 0.25 * max(character.height, previous.height)
                if pendingSpace || wide, !isCJK(previous.scalar), !isCJK(character.scalar) { out.append(" ") }
            }
            out.append(character.scalar)
            previous = character
            pendingSpace = false
        }
        return String(out)
    }

    /// A cell's lines joined: a line that ran on into the next (`wraps`) continues it; any other ended a paragraph
    /// ("\n").
    static func cellText(_ characters: [PositionedCharacter], right: Double) -> String {
        joinLines(groupLines(characters), right: right)
    }

    /// Lines of one flow of text (a cell, or text between tables) as text, "\n" where a paragraph ended.
    static func joinLines(_ lines: [TextLine], right: Double) -> String {
        let full = fullRight(of: lines, right: right)
        var text = ""
        for (index, line) in lines.enumerated() {
            let lineText = line.text
            if index > 0 {
                if !wraps(lines[index - 1], right: right, fullRight: full) {
                    text += "\n"
                } else if let last = text.unicodeScalars.last, let first = lineText.unicodeScalars.first,
                    !isCJK(last), !isCJK(first)
                {
                    text += " "
                }
            }
            text += lineText
        }
        return text
    }

    /// Where a full line of the flow ends, judged by the lines that surely wrapped: those near the edge that
    /// run on mid-sentence. Nil when no line shows it.
    static func fullRight(of lines: [TextLine], right: Double) -> Double? {
        lines.dropLast().filter { !endsSentence($0) && $0.right >= right - 2.5 * $0.height }.map(\.right).max()
    }

    static func endsSentence(_ line: TextLine) -> Bool {
        guard let last = line.characters.last(where: { !$0.scalar.isWhiteSpace }) else { return false }
        return "。；！？".unicodeScalars.contains(last.scalar)
    }

    /// Whether a line was wrapped by the layout and runs on into the next: it reaches the right edge its text
    /// can fill (`right`), short of it by no more than the few characters a line break leaves. A line that ends
    /// a sentence (。；！？) ended its paragraph unless it is as full as a line that surely wrapped (`fullRight`),
    /// as justified lines are: a sentence ending at the end of a full line is common.
    static func wraps(_ line: TextLine, right: Double, fullRight: Double?) -> Bool {
        guard line.right >= right - 2.5 * line.height else { return false }
        guard endsSentence(line) else { return true }
        return fullRight.map { line.right >= $0 - 0.5 * line.height } ?? false
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x3000...0x303F, 0x20000...0x2FA1F: return true
        case 0x2018...0x201F, 0x2026, 0x2014, 0x00B7, 0x2460...0x24FF, 0x2610...0x2612, 0x25A0...0x25A1: return true
        default: return false
        }
    }

    /// Text outside ruled tables: a line is a paragraph, unless wide gaps split it into pieces (a form printed
    /// without borders: `姓名    张三    职务    科长`); consecutive such lines become a table whose columns are
    /// where the pieces start, so label → value to the right or below reads as in a bordered table. A paragraph
    /// line that fills the page's text width and is followed, at the next line's distance and in the same size, by
    /// a line starting at the left margin was wrapped there (`标签：` and a long text): the lines are one paragraph.
    /// A title above the form is larger, and stays apart even when it spans the page.
    static func unruledBlocks(from characters: [PositionedCharacter], pageWidth: Double? = nil) -> [(y: Double, block: Block)] {
        var blocks: [(y: Double, block: Block)] = []
        var pieceRows: [(top: Double, pieces: [(x: Double, text: String)])] = []
        func closeTable() {
            guard !pieceRows.isEmpty else { return }
            let starts = cluster(pieceRows.flatMap { $0.pieces.map(\.x) }, tolerance: 6)
            let rows = pieceRows.map { row -> Row in
                let columns = row.pieces.map { piece in starts.lastIndex { $0 <= piece.x + 6 } ?? 0 }
                let cells = row.pieces.enumerated().map { index, piece in
                    let next = index + 1 < columns.count ? columns[index + 1] : columns[index] + 1
                    return Cell(text: piece.text, columnSpan: max(1, next - columns[index]))
                }
                return Row(gridBefore: columns.first ?? 0, cells: cells)
            }
            blocks.append((pieceRows[0].top, .table(Table(rows: rows))))
            pieceRows = []
        }
        let lines = groupLines(characters)
        // Page margins are alike left and right, as Word and LibreOffice lay pages out.
        let left = lines.map(\.left).min() ?? 0
        let right = pageWidth.map { $0 - left }
        var flow: [TextLine] = []
        func closeFlow() {
            guard let first = flow.first else { return }
            blocks.append((first.top, .paragraph(right.map { joinLines(flow, right: $0) } ?? first.text)))
            flow = []
        }
        for line in lines {
            let pieces = split(line)
            guard !pieces.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }) else { continue }
            if pieces.count > 1 {
                closeFlow()
                pieceRows.append((line.top, pieces))
                continue
            }
            closeTable()
            if let right, let previous = flow.last, line.left <= left + 0.5 * line.height,
                line.top - previous.top <= 2 * previous.height, abs(line.height - previous.height) <= 0.2 * previous.height,
                wraps(previous, right: right, fullRight: fullRight(of: flow + [line], right: right))
            {
                flow.append(line)
                continue
            }
            closeFlow()
            flow = [line]
        }
        closeFlow()
        closeTable()
        return blocks
    }

    /// A line cut where the gap between two characters is wider than a character: the pieces of an unruled row.
    static func split(_ line: TextLine) -> [(x: Double, text: String)] {
        var pieces: [(x: Double, text: String)] = []
        var current: [PositionedCharacter] = []
        var lastInk: PositionedCharacter?
        for character in line.characters {
            if character.scalar.isWhiteSpace {
                current.append(character)
                continue
            }
            if let lastInk, character.x1 - lastInk.x2 > 1.2 * max(character.height, lastInk.height) {
                pieces.append((current.first { !$0.scalar.isWhiteSpace }?.x1 ?? 0, join(current)))
                current = []
            }
            current.append(character)
            lastInk = character
        }
        if current.contains(where: { !$0.scalar.isWhiteSpace }) {
            pieces.append((current.first { !$0.scalar.isWhiteSpace }?.x1 ?? 0, join(current)))
        }
        return pieces
    }
}
