import Foundation
import Testing

@testable import FormSchema

/// The x-rules on a small fifth form, written here, exercising the options the four real forms do not use.
@Suite struct CrossFieldRuleTests {
    static let schema = """
        {"title":"考勤表","x-form":{"id":"roster","titles":["考勤表"],"identity":["year"]},
         "type":"object",
         "properties":{
           "year":{"title":"年度","x-labels":["年度"],"x-kind":"integer","type":"integer"},
           "started_on":{"title":"开始日期","x-labels":["开始日期"],"x-kind":"date","type":"string","format":"date"},
           "chair":{"title":"主持人","x-labels":["主持人"],"x-kind":"string","type":"string"},
           "clerk":{"title":"记录人","x-labels":["记录人"],"x-kind":"string","type":"string"},
           "auditor":{"title":"审核人","x-labels":["审核人"],"x-kind":"string","type":"string"},
           "rows":{"title":"明细","x-labels":["明细"],"x-kind":"table","type":"array",
             "items":{"type":"object","properties":{
               "code":{"title":"代码","x-labels":["代码"],"x-kind":"string","type":"string"},
               "kind":{"title":"类型","x-labels":["类型"],"x-kind":"string","type":"string"},
               "hours":{"title":"学时","x-labels":["学时"],"x-kind":"number","type":"number"},
               "day":{"title":"日期","x-labels":["日期"],"x-kind":"date","type":"string"}}}},
           "counted":{"title":"计入学时","x-labels":["计入学时"],"x-kind":"number","type":"number"}
         },
         "x-rules":[
           {"rule":"sum","table":"rows","column":"hours","where":{"column":"kind","in":["讲座","研讨"]},"equals":"counted"},
           {"rule":"dateNotAfter","field":"started_on","limit":{"yearOf":"year","month":2,"day":29},
            "message":"{label}为 {value}，不得晚于 {expected}"},
           {"rule":"dateNotAfter","table":"rows","column":"day","limit":{"yearOf":"started_on","month":6,"day":30},
            "severity":"warning"},
           {"rule":"columnSet","table":"rows","column":"code","values":["A","B"]},
           {"rule":"differ","fields":["chair","clerk","auditor"]}
         ]}
        """

    let form: FormSchema
    let valid: JSONValue = [
        "year": 2017, "started_on": "2017-02-01", "chair": "甲", "clerk": "乙", "auditor": "丙",
        "rows": [
            ["code": "A", "kind": "讲座", "hours": 2, "day": "2017-03-01"],
            ["code": "B", "kind": "自学", "hours": 5, "day": "2017-06"],
        ],
        "counted": 2,
    ]

    init() throws {
        form = try FormSchema(document: JSONValue.parse(Self.schema), source: URL(fileURLWithPath: "/tmp/roster.schema.json"))
    }

    @Test func aConsistentRecordHasNoFindings() {
        #expect(form.validate(valid) == [])
    }

    @Test func sumCountsOnlyTheListedKinds() {
        let findings = form.validate(TestSupport.record(valid, ["counted": 7]))
        #expect(
            findings == [
                Finding(path: "counted", severity: .error, rule: "sum", message: "计入学时为 7，与明细中类型为讲座、研讨的学时之和 2 不一致")
            ])
    }

    @Test func sumIsSilentWithoutItsInputs() {
        #expect(form.validate(TestSupport.record(valid, ["counted": nil])) == [])
        #expect(form.validate(TestSupport.record(valid, ["rows": nil, "counted": 9])).allSatisfy { $0.rule != "sum" })
    }

    @Test func dateLimitFromAnIntegerYearClampsTheDayAndUsesTheCustomMessage() {
        let findings = form.validate(TestSupport.record(valid, ["started_on": "2017-03-01"]))
        #expect(
            findings.contains(
                Finding(path: "started_on", severity: .error, rule: "dateNotAfter", message: "开始日期为 2017-03-01，不得晚于 2017-02-28")))
        #expect(form.validate(TestSupport.record(valid, ["started_on": "2017-02-28"])) == [])
    }

    @Test func dateLimitFromADateFieldForEveryRow() {
        let late = TestSupport.record(valid, table: "rows", row: 1, column: "day", "2017-07")
        let findings = form.validate(late)
        expectFinding(
            findings, path: "rows[1].day", rule: "dateNotAfter", severity: .warning,
            mentions: ["第2行 日期", "2017-07", "2017-06-30"])
        let noYear = TestSupport.record(late, ["started_on": "二月"])
        #expect(form.validate(noYear).allSatisfy { $0.rule != "dateNotAfter" })
    }

    @Test func columnSetReportsMissingDuplicateAndUnlistedValues() {
        let rows: JSONValue = [["code": "A"], ["code": "A"], ["code": "C"]]
        let findings = form.validate(TestSupport.record(valid, ["rows": rows, "counted": 0]))
        expectFinding(findings, path: "rows", rule: "columnSet", mentions: ["明细缺少代码：B"])
        expectFinding(findings, path: "rows[1].code", rule: "columnSet", mentions: ["第2行 代码", "A", "重复"])
        expectFinding(findings, path: "rows[2].code", rule: "columnSet", mentions: ["第3行 代码", "C", "A、B"])
        #expect(findings.count == 3)
    }

    @Test func differNamesEveryEarlierEqualField() {
        let findings = form.validate(TestSupport.record(valid, ["clerk": "甲", "auditor": "甲"]))
        #expect(findings.map(\.path) == ["clerk", "auditor"])
        #expect(findings.map(\.message) == ["记录人与主持人相同", "审核人与主持人、记录人相同"])
    }

    @Test func ruleMessagesWithUnknownPlaceholdersAreRefused() throws {
        let broken = Self.schema.replacingOccurrences(of: "不得晚于 {expected}", with: "不得晚于 {limit}")
        #expect(
            throws: SchemaError(
                file: "/tmp/roster.schema.json", pointer: "/x-rules/1/message",
                reason: "unknown placeholder {limit}; known: {label} {value} {expected} {row} {length} {where}")
        ) {
            try FormSchema(document: JSONValue.parse(broken), source: URL(fileURLWithPath: "/tmp/roster.schema.json"))
        }
    }
}
