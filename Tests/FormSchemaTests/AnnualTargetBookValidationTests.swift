import Foundation
import Testing

@testable import FormSchema

@Suite struct AnnualTargetBookValidationTests {
    let form: FormSchema
    let valid: JSONValue = [
        "year": 2017, "branch": "机关第一党支部", "name": "张三", "position": "科员",
        "member_category": "处级及以上干部", "joined_party_on": "2001-07-01", "duties": "负责党建工作",
        "goals": [["seq": 1, "content": "完成年度学习任务", "deadline": "2017-12-31"]],
        "tasks": [["seq": 1, "content": "参加组织生活", "deadline": "2017-06-30"]],
        "planned_study_hours": 110, "planned_speeches": 2, "planned_reflections": 3,
        "review_opinion": "同意", "reviewer": "李四", "reviewed_on": "2017-03-01", "signed_on": "2017-02-28",
        "self_assessment": "已完成", "evaluation": "优秀",
    ]

    init() throws { form = try TestSupport.form("annual_target_book") }

    func check(_ changes: [String: JSONValue?]) -> [Finding] {
        form.validate(TestSupport.record(valid, changes))
    }

    @Test func aCompleteRecordHasNoFindings() {
        #expect(form.validate(valid) == [])
    }

    /// The schema sets no maximum for the hours; a stored 1e20 (from an older reader, or a clerk's correction)
    /// is still an error, so no report ever treats it as a count.
    @Test func aNumberBeyondTheImplementationBoundIsAnErrorWhereTheSchemaSetsNoMaximum() {
        let findings = check(["planned_study_hours": .number(1e20)])
        #expect(findings.contains { $0.path == "planned_study_hours" && $0.severity == .error && $0.message.contains("超出") })
        #expect(check(["planned_study_hours": .number(1e9)]).allSatisfy { $0.path != "planned_study_hours" })
    }

    @Test(arguments: [
        ("year", "年度"), ("branch", "所在党支部"), ("name", "姓名"), ("member_category", "党员类别"),
        ("joined_party_on", "入党时间"), ("goals", "年度目标"), ("tasks", "年度任务"),
        ("planned_study_hours", "计划集中学习学时"), ("review_opinion", "支部审核意见"),
    ])
    func requiredFieldsAreReportedByTitle(key: String, title: String) {
        let findings = check([key: nil])
        expectFinding(findings, path: key, rule: "required", mentions: ["缺少必填项：\(title)"])
        #expect(findings.count == 1)
    }

    @Test func emptyRequiredTextIsReported() {
        expectFinding(check(["name": ""]), path: "name", rule: "minLength", mentions: ["姓名不能为空"])
    }

    @Test func yearOutsideTheCentury() {
        expectFinding(check(["year": 1999]), path: "year", rule: "minimum", mentions: ["1999", "2000"])
        expectFinding(check(["year": 2101]), path: "year", rule: "maximum", mentions: ["2101", "2100"])
    }

    @Test func categoryOutsideTheList() {
        expectFinding(
            check(["member_category": "组织委员"]), path: "member_category", rule: "enum",
            mentions: ["党员类别", "组织委员", "普通党员、党支部书记、科级干部、处级及以上干部"])
    }

    @Test(arguments: [("普通党员", 32), ("党支部书记", 56), ("科级干部", 90), ("处级及以上干部", 110)])
    func studyHoursMinimumDependsOnTheCategory(category: String, minimum: Int) {
        #expect(check(["member_category": .string(category), "planned_study_hours": .number(Double(minimum))]) == [])
        let findings = check(["member_category": .string(category), "planned_study_hours": .number(Double(minimum - 1))])
        expectFinding(
            findings, path: "planned_study_hours", rule: "minimum",
            mentions: ["计划集中学习学时为 \(minimum - 1)，\(category)每年不少于 \(minimum) 学时"])
        #expect(findings.count == 1)
    }

    @Test func theExampleMessageOfTheContract() {
        let findings = check(["planned_study_hours": 30])
        #expect(findings.map(\.message) == ["计划集中学习学时为 30，处级及以上干部每年不少于 110 学时"])
    }

    @Test func studyHoursThatAreNotANumber() {
        expectFinding(
            check(["planned_study_hours": "三十二"]), path: "planned_study_hours", rule: "type",
            mentions: ["计划集中学习学时", "整数", "三十二"])
    }

    @Test func monthOnlyJoiningDateIsAWarning() {
        let findings = check(["joined_party_on": "2001-07"])
        expectFinding(
            findings, path: "joined_party_on", rule: "pattern", severity: .warning,
            mentions: ["入党时间只填到月（2001-07），请补全到日"])
        #expect(findings.count == 1)
    }

    @Test func unreadableOrImpossibleJoiningDateIsAnError() {
        expectFinding(
            check(["joined_party_on": "2001年13月"]), path: "joined_party_on", rule: "format",
            mentions: ["入党时间", "2001年13月"])
        expectFinding(
            check(["joined_party_on": "2001-02-29"]), path: "joined_party_on", rule: "format",
            mentions: ["2001-02-29"])
        expectFinding(
            check(["joined_party_on": "2001-13"]), path: "joined_party_on", rule: "format",
            mentions: ["2001-13"])
        #expect(check(["joined_party_on": "2000-02-29"]) == [])
    }

    @Test func tablesNeedARowAndEachRowItsContent() {
        expectFinding(check(["goals": []]), path: "goals", rule: "minItems", mentions: ["年度目标至少填写 1 项，实际 0 项"])
        let noContent = TestSupport.record(valid, table: "tasks", row: 0, column: "content", nil)
        expectFinding(
            form.validate(noContent), path: "tasks[0].content", rule: "required",
            mentions: ["第1行 缺少必填项：任务内容"])
        let badDeadline = TestSupport.record(valid, table: "goals", row: 0, column: "deadline", "2017-06-31")
        expectFinding(
            form.validate(badDeadline), path: "goals[0].deadline", rule: "format",
            mentions: ["第1行 完成时限", "2017-06-31"])
    }

    @Test func speechesAndReflectionsMinimums() {
        expectFinding(
            check(["planned_speeches": 1]), path: "planned_speeches", rule: "minimum",
            mentions: ["主题发言次数为 1，每年应不少于 2 次"])
        expectFinding(
            check(["planned_reflections": 2]), path: "planned_reflections", rule: "minimum",
            mentions: ["学习体会篇数为 2，每年应不少于 3 篇"])
    }

    @Test func evaluationOutsideTheList() {
        expectFinding(
            check(["evaluation": "良好"]), path: "evaluation", rule: "enum",
            mentions: ["民主评议等次", "良好", "优秀、合格、基本合格、不合格"])
    }

    @Test func findingsFollowTheOrderOfTheForm() {
        let findings = check(["review_opinion": nil, "year": 1999, "planned_study_hours": 30, "name": nil])
        #expect(findings.map(\.path) == ["year", "name", "planned_study_hours", "review_opinion"])
    }

    @Test func otherDatesMustBeRealDays() {
        expectFinding(check(["signed_on": "2017-06"]), path: "signed_on", rule: "format", mentions: ["填表日期", "2017-06"])
        expectFinding(check(["reviewed_on": "2017/03/01"]), path: "reviewed_on", rule: "format", mentions: ["审核日期"])
    }
}
