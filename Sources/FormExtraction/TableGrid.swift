import FormDocument

/// A table laid out on its grid: merged cells occupy every slot they cover, so "the cell to the right" and
/// "the cell below" mean what a reader of the printed form sees.
struct TableGrid {
    /// One grid position; `origin` identifies the cell covering it (row and cell index of the merge start).
    struct Slot: Hashable {
        let origin: Origin
        let text: String
        /// The text as a label (`ValueNormalizer.labelKey`), worked out once per cell: every label lookup uses it.
        let key: String
    }

    struct Origin: Hashable {
        let row: Int
        let cell: Int
    }

    private(set) var rows: [[Slot?]] = []

    init(_ table: Table) {
        var lastInColumn: [Int: Slot] = [:]
        for (rowIndex, row) in table.rows.enumerated() {
            var slots: [Slot?] = Array(repeating: nil, count: row.gridBefore)
            for (cellIndex, cell) in row.cells.enumerated() {
                let column = slots.count
                let slot: Slot
                if cell.verticalMerge == .continue, let above = lastInColumn[column] {
                    slot = above
                } else {
                    let text = cell.text
                    slot = Slot(origin: Origin(row: rowIndex, cell: cellIndex), text: text, key: ValueNormalizer.labelKey(text))
                }
                for offset in 0..<cell.columnSpan { lastInColumn[column + offset] = slot }
                slots.append(contentsOf: Array(repeating: slot, count: cell.columnSpan))
            }
            rows.append(slots)
        }
    }

    /// The slot at the grid position, or nil outside the table or in a gap.
    func slot(row: Int, column: Int) -> Slot? {
        guard rows.indices.contains(row), rows[row].indices.contains(column) else { return nil }
        return rows[row][column]
    }

    /// The first slot right of `column` that belongs to another cell.
    func right(of row: Int, column: Int) -> Slot? {
        guard let here = slot(row: row, column: column) else { return nil }
        var next = column + 1
        while let candidate = slot(row: row, column: next) {
            if candidate.origin != here.origin { return candidate }
            next += 1
        }
        return nil
    }

    /// The first slot below `row` in the same grid column that belongs to another cell.
    func below(of row: Int, column: Int) -> Slot? {
        guard let here = slot(row: row, column: column) else { return nil }
        var next = row + 1
        while next < rows.count {
            if let candidate = slot(row: next, column: column), candidate.origin != here.origin { return candidate }
            next += 1
        }
        return nil
    }

    /// Each cell of a row once: its leftmost grid column and slot, skipping cells merged from rows above.
    func cellsStarting(inRow row: Int) -> [(column: Int, slot: Slot)] {
        guard rows.indices.contains(row) else { return [] }
        var seen: Set<Origin> = []
        var result: [(Int, Slot)] = []
        for (column, slot) in rows[row].enumerated() {
            guard let slot, slot.origin.row == row, seen.insert(slot.origin).inserted else { continue }
            result.append((column, slot))
        }
        return result
    }
}
