import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// The grid is what "right of" and "below" mean to extraction: merged cells cover every slot they span, a
/// vertical continuation is the cell above, and `w:gridBefore` leaves a gap.
@Suite struct TableGridTests {
    static func grid(_ table: Table) throws -> TableGrid {
        let catalog = try #require(ExtractionTests.catalog)
        let form = try #require(catalog.forms.first { $0.id == "annual_target_book" })
        return TableGrid(table, labels: LabelIndex(form: form))
    }

    @Test func mergedCellsCoverTheirSlotsAndNeighboursSkipThem() throws {
        let grid = try Self.grid(
            Table(rows: [
                Row(cells: [Cell(text: "姓名"), Cell(text: "张三", columnSpan: 2), Cell(text: "职务")]),
                Row(gridBefore: 1, cells: [Cell(text: "甲"), Cell(text: "乙", verticalMerge: .restart), Cell(text: "丙")]),
                Row(cells: [Cell(text: "丁"), Cell(text: "戊"), Cell(text: "", verticalMerge: .continue), Cell(text: "己")]),
            ]))
        #expect(grid.rows.count == 3)
        #expect(grid.cell(row: 0, column: 1)?.text == "张三")
        #expect(grid.cell(row: 0, column: 2)?.text == "张三")
        #expect(grid.right(of: 0, column: 0)?.text == "张三")
        #expect(grid.right(of: 0, column: 1)?.text == "职务", "the span is one cell: its right neighbour is past it")
        #expect(grid.cell(row: 1, column: 0) == nil, "gridBefore leaves a gap")
        #expect(grid.cell(row: 2, column: 2)?.text == "乙", "a continued cell is the one above")
        #expect(grid.below(of: 1, column: 2)?.text == nil, "nothing below a merge that runs to the end")
        #expect(grid.below(of: 0, column: 1)?.text == "甲")
        #expect(grid.starts[2].map(\.column) == [0, 1, 3], "a continued cell starts in its first row only")
        #expect(grid.cell(row: 0, column: 0)?.label != nil, "a form's label is known as one")
        #expect(grid.cells.count == 9, "a continued cell is not a cell of its own")
    }
}
