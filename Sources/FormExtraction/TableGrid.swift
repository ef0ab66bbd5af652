import FormDocument
import Foundation

/// A table laid out on its grid: merged cells occupy every slot they cover, so "the cell to the right" and
/// "the cell below" mean what a reader of the printed form sees.
///
/// Everything extraction asks of a cell (its text, its label key, what that label names, its `标签：值` pairs)
/// is worked out once here; the row walks of `FormExtractor` look at a row several times.
struct TableGrid {
    /// One cell of the table (a merge counts once), as extraction sees it.
    struct Cell {
        let text: String
        /// The text as a label (`ValueNormalizer.labelKey`).
        let key: String
        /// What the text names when it is one of the form's labels.
        let label: LabelIndex.Entry?
        /// The `标签：值` pairs in the text.
        let colonPairs: [(key: String, value: String)]
        /// The text before the first of the pairs, when there are pairs (see `LabelIndex.textBeforeColonPairs`).
        let textBeforePairs: String

        /// A cell that names a field rather than holding a value: a bare label, or `标签：值` text.
        var isLabel: Bool { label != nil || !colonPairs.isEmpty }
    }

    private(set) var cells: [Cell] = []
    /// For each grid position, the index in `cells` of the cell covering it; nil in a gap.
    private(set) var rows: [[Int?]] = []
    /// For each row, each cell starting in it once, with its leftmost grid column.
    private(set) var starts: [[(column: Int, cell: Int)]] = []

    init(_ table: Table, labels: LabelIndex) {
        /// Per grid column, the cell last placed in it (for vertical merges).
        var lastInColumn: [Int?] = []
        // Sized up front, and slots appended one by one rather than as arrays made per cell: growing these was
        // a quarter of laying out a table.
        cells.reserveCapacity(table.rows.reduce(0) { $0 + $1.cells.count })
        rows.reserveCapacity(table.rows.count)
        starts.reserveCapacity(table.rows.count)
        for row in table.rows {
            var slots: [Int?] = Array(repeating: nil, count: row.gridBefore)
            slots.reserveCapacity(row.gridBefore + row.cells.reduce(0) { $0 + $1.columnSpan })
            var starting: [(column: Int, cell: Int)] = []
            starting.reserveCapacity(row.cells.count)
            for cell in row.cells {
                let column = slots.count
                let index: Int
                if cell.verticalMerge == .continue, column < lastInColumn.count, let above = lastInColumn[column] {
                    index = above
                } else {
                    let text = cell.text
                    let key = ValueNormalizer.labelKey(text)
                    index = cells.count
                    let (pairs, textBefore) = labels.colonPairsAndTextBefore(in: text)
                    cells.append(
                        Cell(text: text, key: key, label: labels.entry(forKey: key), colonPairs: pairs, textBeforePairs: textBefore))
                    // Only a cell new in this row starts in it; one continued from above belongs to its first row.
                    starting.append((column, index))
                }
                while lastInColumn.count < column + cell.columnSpan { lastInColumn.append(nil) }
                for offset in 0..<cell.columnSpan {
                    lastInColumn[column + offset] = index
                    slots.append(index)
                }
            }
            rows.append(slots)
            starts.append(starting)
        }
    }

    /// The cell at the grid position, or nil outside the table or in a gap.
    func cell(row: Int, column: Int) -> Cell? {
        index(row: row, column: column).map { cells[$0] }
    }

    private func index(row: Int, column: Int) -> Int? {
        guard rows.indices.contains(row), rows[row].indices.contains(column) else { return nil }
        return rows[row][column]
    }

    /// The first cell right of `column` that is another cell.
    func right(of row: Int, column: Int) -> Cell? {
        guard let here = index(row: row, column: column) else { return nil }
        var next = column + 1
        while let candidate = index(row: row, column: next) {
            if candidate != here { return cells[candidate] }
            next += 1
        }
        return nil
    }

    /// The first cell below `row` in the same grid column that is another cell.
    func below(of row: Int, column: Int) -> Cell? {
        guard let here = index(row: row, column: column) else { return nil }
        var next = row + 1
        while next < rows.count {
            if let candidate = index(row: next, column: column), candidate != here { return cells[candidate] }
            next += 1
        }
        return nil
    }
}
