public import Foundation

/// Filled forms made on the fly, each with the values a test chooses, so tests can make hundreds of distinct
/// submissions or a correction of a given one.
public enum SyntheticForms {
    /// A 学习计划表 with the identity (year, name); `totalHours` under 110 makes it invalid. `nameCell`, raw
    /// `<w:tc>` XML, replaces the cell that holds the name (a picture, say).
    public static func studyPlan(
        name: String, year: Int = 2017, branch: String = "机关第一党支部", totalHours: Int = 112, filledOn: String = "2017年6月20日",
        nameCell: String? = nil
    ) -> Data {
        DocxFixture.package(
            body: studyPlanBody(name: name, year: year, branch: branch, totalHours: totalHours, filledOn: filledOn, nameCell: nameCell))
    }

    /// Several forms' bodies in one document, a page break between each and the next: what a branch secretary
    /// gets by pasting the members' forms one after another.
    public static func merged(_ bodies: [String]) -> Data {
        DocxFixture.package(body: bodies.joined(separator: DocxFixture.pageBreak))
    }

    /// The body of a 学习计划表 (see `studyPlan`).
    public static func studyPlanBody(
        name: String, year: Int = 2017, branch: String = "机关第一党支部", totalHours: Int = 112, filledOn: String = "2017年6月20日",
        nameCell: String? = nil
    ) -> String {
        let nonSelfStudy = totalHours - 24
        return DocxFixture.paragraph("机关党委党员干部学习计划表")
            + DocxFixture.table([
                ["年度", "\(year)", "所在支部", branch],
                ["姓名", nameCell ?? name, "职务", "副处长"],
                ["职级", "☑副处级 ☐正处级", "", ""],
                [DocxFixture.tableCell("学习安排", span: 5)],
                ["序号", "学习内容", "学习形式", "时间安排", "学时"],
                ["1", "党章党规专题学习", "集中学习", "3月", "24"],
                ["2", "系列重要讲话精神", "研讨", "每月", "\(nonSelfStudy - 24)"],
                ["3", "业务知识自学", "自学", "全年", "24"],
                ["4", "警示教育", "在线学习", "全年", "24"],
                ["集中学习培训学时合计", "\(totalHours)", "警示教育在线学习学时", "6", ""],
                ["填表日期", filledOn, "支部书记审核意见", "同意", ""],
            ])
    }

    /// A 年度目标任务书 with the values a test chooses; `hours` is written as given (units and all), so a test can
    /// put any text in the 计划集中学习学时 cell.
    public static func targetBook(
        name: String, branch: String = "机关第一党支部", hours: String = "96学时", duties: String = "负责综合科全面工作，统筹公文处理和会议组织。"
    ) -> Data {
        let body =
            DocxFixture.paragraph("机关党员2017年度目标任务书")
            + DocxFixture.table([
                ["年度", "2017", "所在党支部", branch],
                ["姓名", name, "职务", "综合科科长"],
                ["党员类别", DocxFixture.tableCell("☐普通党员  ☐党支部书记  ☑科级干部  ☐处级及以上干部", span: 3)],
                ["入党时间", "1998年6月26日", "计划集中学习学时", hours],
                ["岗位职责", DocxFixture.tableCell(duties, span: 3)],
                ["主题发言次数", "2", "学习体会篇数", "3"],
                [DocxFixture.tableCell("年度目标", span: 4)],
                ["序号", DocxFixture.tableCell("目标内容", span: 2), "完成时限"],
                ["1", DocxFixture.tableCell("认真学习党章党规和系列重要讲话", span: 2), "2017年12月31日"],
                [DocxFixture.tableCell("年度任务", span: 4)],
                ["序号", DocxFixture.tableCell("任务内容", span: 2), "完成时限"],
                ["1", DocxFixture.tableCell("完成《机关工作规范化手册》修订并印发", span: 2), "2017-6-30"],
                ["支部审核意见", DocxFixture.tableCell("目标任务明确具体，符合岗位实际，同意。", span: 3)],
                [DocxFixture.tableCell("审核人：李明华", span: 2), DocxFixture.tableCell("审核日期：2017年3月15日", span: 2)],
            ])
        return DocxFixture.package(body: body)
    }
}
