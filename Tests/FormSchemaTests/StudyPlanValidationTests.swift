import Foundation
import Testing

@testable import FormSchema

@Suite struct StudyPlanValidationTests {
    let form: FormSchema
    let valid: JSONValue = [
        "year": 2017, "branch": "机关第二党支部", "name": "王五", "position": "处长", "rank": "正处级",
        "items": [
            ["seq": 1, "topic": "党章党规", "mode": "集中学习", "schedule": "3月", "hours": 40],
            ["seq": 2, "topic": "系列讲话", "mode": "研讨", "schedule": "5月", "hours": 40],
            ["seq": 3, "topic": "党史", "mode": "自学", "schedule": "全年", "hours": 20],
            ["seq": 4, "topic": "警示教育", "mode": "在线学习", "schedule": "6月", "hours": 30],
        ],
        "total_hours": 110, "warning_education_hours": 5, "center_group": "每月一次",
        "filled_on": "2017-07-05", "secretary_review": "同意",
    ]

    init() throws { form = try TestSupport.form("study_plan") }

    func check(_ changes: [String: JSONValue?]) -> [Finding] {
        form.validate(TestSupport.record(valid, changes))
    }

    @Test func aCompleteRecordHasNoFindings() {
        #expect(form.validate(valid) == [])
    }

    @Test(arguments: [
        ("year", "年度"), ("branch", "所在支部"), ("name", "姓名"), ("rank", "职级"), ("items", "学习安排"),
        ("total_hours", "集中学习培训学时合计"), ("filled_on", "填表日期"),
    ])
    func requiredFieldsAreReportedByTitle(key: String, title: String) {
        expectFinding(check([key: nil]), path: key, rule: "required", mentions: ["缺少必填项：\(title)"])
    }

    @Test func rankOutsideTheList() {
        expectFinding(check(["rank": "正科级"]), path: "rank", rule: "enum", mentions: ["职级", "正科级", "副处级、正处级"])
    }

    @Test func atLeastThreeStudyItems() {
        let two: JSONValue = [
            ["topic": "党章党规", "mode": "集中学习", "hours": 60], ["topic": "系列讲话", "mode": "研讨", "hours": 50],
        ]
        expectFinding(check(["items": two]), path: "items", rule: "minItems", mentions: ["学习安排至少填写 3 项，实际 2 项"])
    }

    @Test func itemCells() {
        let noTopic = TestSupport.record(valid, table: "items", row: 1, column: "topic", nil)
        expectFinding(form.validate(noTopic), path: "items[1].topic", rule: "required", mentions: ["第2行 缺少必填项：学习内容"])
        let badMode = TestSupport.record(valid, table: "items", row: 0, column: "mode", "讲座")
        expectFinding(form.validate(badMode), path: "items[0].mode", rule: "enum", mentions: ["第1行 学习形式", "讲座", "自学、集中学习"])
        let negative = TestSupport.record(valid, table: "items", row: 2, column: "hours", -2)
        expectFinding(form.validate(negative), path: "items[2].hours", rule: "minimum", mentions: ["第3行 学时", "-2", "0"])
    }

    @Test func totalHoursAtLeast110() {
        let findings = check(["total_hours": 100])
        expectFinding(findings, path: "total_hours", rule: "minimum", mentions: ["集中学习培训学时合计为 100，每年应不少于 110 学时"])
    }

    @Test func totalThatDiffersFromTheNonSelfStudySumIsAWarning() {
        let findings = check(["total_hours": 130])
        expectFinding(findings, path: "total_hours", rule: "sum", severity: .warning, mentions: ["130", "110"])
        #expect(findings.count == 1)
    }

    @Test func sumIsSilentWhenAnHourCellIsNotANumber() {
        let raw = TestSupport.record(valid, table: "items", row: 0, column: "hours", "四十")
        let findings = form.validate(TestSupport.record(raw, ["total_hours": 130]))
        #expect(findings.map(\.rule) == ["type"])
    }

    @Test func warningEducationAtLeastFiveHours() {
        expectFinding(
            check(["warning_education_hours": 4]), path: "warning_education_hours", rule: "minimum",
            mentions: ["警示教育在线学习学时为 4，应不少于 5 学时"])
    }

    @Test func fillingAfterJulyFifthIsAWarning() {
        let findings = check(["filled_on": "2017-07-06"])
        expectFinding(findings, path: "filled_on", rule: "dateNotAfter", severity: .warning, mentions: ["2017-07-06", "2017-07-05"])
        #expect(check(["filled_on": "2017-07-06", "year": 2018]) == [])
    }
}
