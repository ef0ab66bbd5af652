import Foundation
import Testing

@testable import FormDocument

/// How the lines of a printed cell become its text: where the layout wrapped them, and where a paragraph ended.
@Suite struct LineJoiningTests {
    /// A line of 10 pt characters starting at x = 100, one after another, on the line `row`.
    static func line(_ text: String, row: Int) -> [PositionedCharacter] {
        text.unicodeScalars.enumerated().map { index, scalar in
            let x = 100 + Double(index) * 10
            let y = 100 + Double(row) * 14
            return PositionedCharacter(scalar: scalar, x1: x, x2: x + 10, y1: y, y2: y + 10)
        }
    }

    @Test func aFullLineEndingASentenceRunsOnWhenAnotherLineShowsItIsFull() {
        // Three lines in a cell whose right border is at 305: two full (20 characters), the second ending with 。.
        let characters =
            Self.line("一二三四五六七八九十一二三四五六七八九十", row: 0) + Self.line("一二三四五六七八九十一二三四五六七八九。", row: 1)
            + Self.line("甲乙丙。", row: 2)
        #expect(PageLayout.cellText(characters, right: 305) == "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九。甲乙丙。")
    }

    @Test func aSentenceEndingShortOfTheFullLineEndsItsParagraph() {
        let characters =
            Self.line("一二三四五六七八九十一二三四五六七八九十", row: 0) + Self.line("一二三四五六七八。", row: 1)
            + Self.line("甲乙丙。", row: 2)
        #expect(PageLayout.cellText(characters, right: 305) == "一二三四五六七八九十一二三四五六七八九十一二三四五六七八。\n甲乙丙。")
    }

    @Test func withoutALineThatSurelyWrappedASentenceEndEndsItsParagraph() {
        // Nothing shows how far a full line goes: the first line may be a paragraph that just fits.
        let characters = Self.line("一二三四五六七八九十一二三四五六七八九；", row: 0) + Self.line("甲乙丙。", row: 1)
        #expect(PageLayout.cellText(characters, right: 305) == "一二三四五六七八九十一二三四五六七八九；\n甲乙丙。")
    }

    @Test func wrappedLinesBetweenTablesAreOneParagraphAndShortLinesStayApart() {
        // A 400 pt page with text from x = 100: full lines end at 300. A label line that wraps twice, then a short
        // line and a last one.
        let characters =
            Self.line("思想上：一二三四五六七八九十一二三四五六", row: 0) + Self.line("七八九十一二三四五六七八九十一二三四五，", row: 1)
            + Self.line("甲乙丙。", row: 2) + Self.line("填表日期：2017年", row: 3) + Self.line("支部意见：", row: 4)
        let paragraphs = PageLayout.unruledBlocks(from: characters, pageWidth: 400).map(\.block)
        #expect(
            paragraphs == [
                .paragraph("思想上：一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五，甲乙丙。"),
                .paragraph("填表日期：2017年"), .paragraph("支部意见："),
            ])
        // Without the page's width nothing says where a line is full: every line is its own paragraph.
        #expect(PageLayout.unruledBlocks(from: characters).count == 5)
    }

    @Test func aLargeTitleSpanningThePageStaysApartFromTheTextBelowIt() {
        // A 20 pt title from x = 100 to 300 (the full text width of a 400 pt page), then a 10 pt label line.
        let title = "结对活动阶段总结表十".unicodeScalars.enumerated().map { index, scalar in
            PositionedCharacter(scalar: scalar, x1: 100 + Double(index) * 20, x2: 120 + Double(index) * 20, y1: 70, y2: 90)
        }
        let paragraphs = PageLayout.unruledBlocks(from: title + Self.line("部门：招生就业处", row: 0), pageWidth: 400).map(\.block)
        #expect(paragraphs == [.paragraph("结对活动阶段总结表十"), .paragraph("部门：招生就业处")])
    }
}
