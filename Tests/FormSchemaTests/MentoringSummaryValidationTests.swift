import Foundation
import Testing

@testable import FormSchema

@Suite struct MentoringSummaryValidationTests {
    let form: FormSchema
    static let longSummary = String(repeating: "通过结对活动，我在思想、工作和生活上都得到了老教工的悉心指导，收获很大。", count: 3)
    let valid: JSONValue = [
        "department": "教务处", "branch": "机关第四党支部", "mentor_name": "王老师", "mentee_name": "李老师",
        "paired_on": "2017-03-01", "period": "2017年上半年",
        "activities": [["date": "2017-04-12", "kind": "思想", "content": "共同学习党章"]],
        "ideology_guidance": "定期谈心", "work_guidance": "指导备课", "life_care": "帮助解决住房问题",
        "summary": .string(longSummary), "next_plan": "继续开展活动", "filled_on": "2017-07-01",
        "branch_opinion": "同意",
    ]

    init() throws { form = try TestSupport.form("mentoring_summary") }

    func check(_ changes: [String: JSONValue?]) -> [Finding] {
        form.validate(TestSupport.record(valid, changes))
    }

    @Test func aCompleteRecordHasNoFindings() {
        #expect(Self.longSummary.unicodeScalars.count >= 100)
        #expect(form.validate(valid) == [])
    }

    @Test(arguments: [
        ("department", "所在部门"), ("branch", "所在支部"), ("mentor_name", "老教工姓名"), ("mentee_name", "新教工姓名"),
        ("period", "总结阶段"), ("activities", "活动记录"), ("ideology_guidance", "思想上关心指导"),
        ("work_guidance", "工作上关心指导"), ("life_care", "生活上关心帮助"), ("summary", "阶段总结"),
    ])
    func requiredFieldsAreReportedByTitle(key: String, title: String) {
        expectFinding(check([key: nil]), path: key, rule: "required", mentions: ["缺少必填项：\(title)"])
    }

    @Test func menteeMustDifferFromMentor() {
        let findings = check(["mentee_name": "王老师"])
        expectFinding(findings, path: "mentee_name", rule: "differ", mentions: ["新教工姓名与老教工姓名相同", "王老师"])
        #expect(findings.count == 1)
    }

    @Test func periodLikeFirstOrSecondHalfOfAYear() {
        expectFinding(check(["period": "2017年春季"]), path: "period", rule: "pattern", mentions: ["总结阶段", "2017年春季", "2017年上半年"])
        #expect(check(["period": "2018年下半年"]) == [])
    }

    @Test func summaryNeedsAHundredCharacters() {
        let findings = check(["summary": "收获很大，感谢王老师。"])
        #expect(
            findings == [
                Finding(path: "summary", severity: .error, rule: "minLength", message: "阶段总结为 11 字，应不少于 100 字")
            ])
    }

    @Test func activities() {
        expectFinding(check(["activities": []]), path: "activities", rule: "minItems", mentions: ["活动记录至少填写 1 项，实际 0 项"])
        let badKind = TestSupport.record(valid, table: "activities", row: 0, column: "kind", "学习")
        expectFinding(form.validate(badKind), path: "activities[0].kind", rule: "enum", mentions: ["第1行 类别", "学习", "思想、工作、生活"])
        let noContent = TestSupport.record(valid, table: "activities", row: 0, column: "content", nil)
        expectFinding(form.validate(noContent), path: "activities[0].content", rule: "required", mentions: ["第1行 缺少必填项：活动内容"])
    }

    @Test func pairingDateMustBeARealDay() {
        expectFinding(check(["paired_on": "2017-02-30"]), path: "paired_on", rule: "format", mentions: ["结对时间", "2017-02-30"])
    }
}
