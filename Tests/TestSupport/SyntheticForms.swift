import Foundation

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
        return DocxFixture.paragraph("机关党委党员干部学习计划表") + DocxFixture.table([
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
}
