import Foundation
import Testing

@testable import FormDocument

/// A ruled table that runs over a page break is one table, whatever columns each page's own borders make.
@Suite struct PageBreakTableTests {
    static func text(_ block: PageLayout.PageBlock) -> [[String]] {
        guard case .table(let table) = block.block else { return [] }
        return table.rows.map { $0.cells.map(\.text) }
    }

    @Test func aPageOfFullWidthRowsContinuesATableOfMoreColumns() throws {
        // Page 1: six columns (borders at 50…350), ending in a full-width label row; page 2: only the outer borders.
        let pageOne = Table(rows: [
            Row(cells: [Cell(text: "审核人", columnSpan: 3), Cell(text: "审核日期", columnSpan: 3)]),
            Row(cells: [Cell(text: "填表日期", columnSpan: 6)]),
        ])
        let pageTwo = Table(rows: [Row(cells: [Cell(text: "2017-01-01")]), Row(cells: [Cell(text: "年终完成情况")])])
        var blocks = [PageLayout.PageBlock(block: .table(pageOne), columnEdges: [50, 100, 150, 200, 250, 300, 350])]
        PdfReader.append(
            [PageLayout.PageBlock(block: .paragraph("第 2 页")), PageLayout.PageBlock(block: .table(pageTwo), columnEdges: [50, 350])],
            to: &blocks)
        #expect(blocks.count == 1)
        #expect(Self.text(blocks[0]) == [["审核人", "审核日期"], ["填表日期"], ["2017-01-01"], ["年终完成情况"]])
        guard case .table(let joined) = blocks[0].block else { return }
        // The date sits under its label on the common grid: a full-width cell of it.
        #expect(joined.rows[2].gridBefore == 0 && joined.rows[2].cells[0].columnSpan == 6)
    }

    @Test func aTableWhoseFirstRowHasOtherBordersStaysApart() {
        let pageOne = Table(rows: [Row(cells: [Cell(text: "a", columnSpan: 2)])])
        let pageTwo = Table(rows: [Row(cells: [Cell(text: "b"), Cell(text: "c")])])
        var blocks = [PageLayout.PageBlock(block: .table(pageOne), columnEdges: [50, 200, 350])]
        PdfReader.append([PageLayout.PageBlock(block: .table(pageTwo), columnEdges: [50, 120, 350])], to: &blocks)
        #expect(blocks.count == 2)
    }
}
