import Foundation
import Testing

@testable import FormSchema

@Suite struct BranchSelfCheckValidationTests {
    let form: FormSchema
    static let aspects = ["组织是否健全", "制度是否完善", "运行是否规范", "活动是否经常", "档案是否齐全", "作用是否突出"]
    let valid: JSONValue

    init() throws {
        form = try TestSupport.form("branch_self_check")
        let rows: [JSONValue] = Self.aspects.map { aspect in
            [
                "aspect": .string(aspect), "problems": "个别环节不够到位", "measures": "每月对照清单逐项检查并记录整改情况",
                "deadline": "2017-12-31", "owner": "赵六",
            ]
        }
        valid = [
            "branch": "机关第三党支部", "secretary": "孙七", "member_count": 12, "filled_on": "2017-06-30",
            "items": .array(rows), "overall": "基本规范", "committee_opinion": "同意",
        ]
    }

    @Test func aCompleteRecordHasNoFindings() {
        #expect(form.validate(valid) == [])
    }

    @Test(arguments: [
        ("branch", "党支部名称"), ("secretary", "支部书记"), ("member_count", "党员人数"), ("filled_on", "填报日期"),
        ("items", "查摆情况"),
    ])
    func requiredFieldsAreReportedByTitle(key: String, title: String) {
        let findings = form.validate(TestSupport.record(valid, [key: nil]))
        expectFinding(findings, path: key, rule: "required", mentions: ["缺少必填项：\(title)"])
    }

    @Test func atLeastOneMember() {
        expectFinding(
            form.validate(TestSupport.record(valid, ["member_count": 0])), path: "member_count",
            rule: "minimum", mentions: ["党员人数为 0，应至少为 1"])
    }

    @Test func measuresNeedTenCharacters() {
        let short = TestSupport.record(valid, table: "items", row: 2, column: "measures", "加强学习提高")
        let findings = form.validate(short)
        #expect(
            findings == [
                Finding(path: "items[2].measures", severity: .error, rule: "minLength", message: "第3行 整改措施 只有 6 个字，应不少于 10 个字")
            ])
    }

    @Test func requiredCells() {
        let noOwner = TestSupport.record(valid, table: "items", row: 4, column: "owner", nil)
        expectFinding(form.validate(noOwner), path: "items[4].owner", rule: "required", mentions: ["第5行 缺少必填项：责任人"])
        let noProblems = TestSupport.record(valid, table: "items", row: 0, column: "problems", nil)
        expectFinding(form.validate(noProblems), path: "items[0].problems", rule: "required", mentions: ["第1行 缺少必填项：存在问题"])
    }

    @Test func everyAspectExactlyOnce() throws {
        let missing = TestSupport.record(valid, table: "items", row: 4, column: "aspect", "组织是否健全")
        let findings = form.validate(missing)
        expectFinding(findings, path: "items", rule: "columnSet", mentions: ["查摆情况缺少方面：档案是否齐全"])
        expectFinding(findings, path: "items[4].aspect", rule: "columnSet", mentions: ["第5行 方面", "组织是否健全", "重复"])
        #expect(findings.count == 2)
        var rows = try #require(valid["items"]?.arrayValue)
        rows.removeLast()
        expectFinding(
            form.validate(TestSupport.record(valid, ["items": .array(rows)])), path: "items", rule: "columnSet",
            mentions: ["查摆情况缺少方面：作用是否突出"])
    }

    @Test func unknownAspectIsAnEnumError() {
        let unknown = TestSupport.record(valid, table: "items", row: 0, column: "aspect", "纪律是否严明")
        let findings = form.validate(unknown)
        expectFinding(findings, path: "items[0].aspect", rule: "enum", mentions: ["第1行 方面", "纪律是否严明"])
        expectFinding(findings, path: "items", rule: "columnSet", mentions: ["组织是否健全"])
    }

    @Test func deadlineAfterTheYearEndIsAWarning() {
        let late = TestSupport.record(valid, table: "items", row: 1, column: "deadline", "2018-01-15")
        let findings = form.validate(late)
        expectFinding(
            findings, path: "items[1].deadline", rule: "dateNotAfter", severity: .warning,
            mentions: ["第2行", "2018-01-15", "2017-12-31"])
        #expect(findings.count == 1)
    }
}
