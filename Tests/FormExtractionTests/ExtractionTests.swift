import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// Extraction of each common layout, on documents built here from WordprocessingML.
@Suite struct ExtractionTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    func extract(_ body: String) throws -> (form: String, record: JSONValue) {
        let catalog = try #require(Self.catalog)
        let document = try DocxReader().read(DocxFixture.package(body: body))
        let extractor = try FormClassifier(catalog: catalog).classify(document)
        return (extractor.form.id, extractor.extract(document))
    }

    static let title = DocxFixture.paragraph("机关党员 2017 年度目标任务书")

    @Test func valueToTheRightWithSeveralPairsPerRow() throws {
        let (form, record) = try extract(
            Self.title
                + DocxFixture.table([
                    ["所在党支部", "机关第一党支部", "姓　名", "张三"],
                    ["职 务：", "科长", "党员类别", "科级干部"],
                ]))
        #expect(form == "annual_target_book")
        #expect(record["branch"] == "机关第一党支部")
        #expect(record["name"] == "张三")
        #expect(record["position"] == "科长")
        #expect(record["member_category"] == "科级干部")
        #expect(record["year"] == 2017, "the year comes from the title when no 年度 cell exists")
    }

    @Test func valueBelowARowOfLabels() throws {
        let (_, record) = try extract(
            Self.title
                + DocxFixture.table([
                    ["姓名", "所在支部", "入党时间", "计划集中学习学时"],
                    ["李四", "机关第二党支部", "2001.7.1", "32学时"],
                ]))
        #expect(record["name"] == "李四")
        #expect(record["branch"] == "机关第二党支部")
        #expect(record["joined_party_on"] == "2001-07-01")
        #expect(record["planned_study_hours"] == 32)
    }

    @Test func labelColonValueInCellsAndParagraphs() throws {
        let (_, record) = try extract(
            Self.title
                + DocxFixture.table([["审核人：王五　审核日期：2017年3月1日"]])
                + DocxFixture.paragraph("填表日期:2017/03/02"))
        #expect(record["reviewer"] == "王五")
        #expect(record["reviewed_on"] == "2017-03-01")
        #expect(record["signed_on"] == "2017-03-02")
    }

    @Test func mergedCellsKeepTheirValues() throws {
        let (_, record) = try extract(
            Self.title
                + DocxFixture.table([
                    [DocxFixture.tableCell("岗位职责", verticalMerge: "restart"), DocxFixture.tableCell("负责宣传\n兼任组织员", span: 3)],
                    [DocxFixture.tableCell("", verticalMerge: ""), "姓名", "赵六", ""],
                ]))
        #expect(record["duties"] == "负责宣传\n兼任组织员")
        #expect(record["name"] == "赵六")
    }

    @Test func repeatingRowsUnderAHeaderDropEmptyRows() throws {
        let (_, record) = try extract(
            Self.title
                + DocxFixture.table([
                    [DocxFixture.tableCell("年度目标", span: 3)],
                    ["序号", "目标内容", "完成时限"],
                    ["1", "学习党章", "2017年6月30日"],
                    ["2", "缴纳党费", "2017-12-31"],
                    ["3", "", ""],
                    [DocxFixture.tableCell("年度任务", span: 3)],
                    ["序号", "任务内容", "完成时限"],
                    ["1", "修订手册", "2017.9.30"],
                    ["支部审核意见", DocxFixture.tableCell("同意", span: 2)],
                ]))
        #expect(
            record["goals"] == [["seq": 1, "content": "学习党章", "deadline": "2017-06-30"], ["seq": 2, "content": "缴纳党费", "deadline": "2017-12-31"]])
        #expect(record["tasks"] == [["seq": 1, "content": "修订手册", "deadline": "2017-09-30"]])
        #expect(record["review_opinion"] == "同意")
    }

    @Test func tickedBoxChoosesTheOption() throws {
        let (_, record) = try extract(
            Self.title
                + DocxFixture.table([
                    ["党员类别", "☐普通党员 ☐党支部书记 ☑科级干部 ☐处级及以上干部"],
                    ["民主评议等次", "□优秀 ■合格 □基本合格 □不合格"],
                ]))
        #expect(record["member_category"] == "科级干部")
        #expect(record["evaluation"] == "合格")
    }

    @Test func unreadableValuesAreKeptAsWritten() throws {
        let (_, record) = try extract(
            Self.title
                + DocxFixture.table([
                    ["计划集中学习学时", "三十二"], ["入党时间", "2017年13月"], ["党员类别", "组织委员"], ["姓名", ""],
                ]))
        #expect(record["planned_study_hours"] == "三十二")
        #expect(record["joined_party_on"] == "2017年13月")
        #expect(record["member_category"] == "组织委员")
        #expect(record["name"] == nil, "an empty value is absent, so `required` reports it")
    }

    @Test func recognisesFormsByTitleOrByLabels() throws {
        #expect(try extract(DocxFixture.paragraph("机关党委党员干部学习计划表") + DocxFixture.table([["姓名", "甲"]])).form == "study_plan")
        #expect(try extract(DocxFixture.paragraph("传承红色基因新老教工结对活动阶段总结表")).form == "mentoring_summary")
        let untitled = DocxFixture.table([
            ["党支部名称", "机关第五党支部", "支部书记", "孙七"], ["党员人数", "12", "填报日期", "2017-3-1"],
        ])
        #expect(try extract(untitled).form == "branch_self_check")
    }

    @Test func rejectsADocumentThatIsNoKnownForm() throws {
        let catalog = try #require(Self.catalog)
        let document = try DocxReader().read(DocxFixture.package(body: DocxFixture.paragraph("关于召开党员大会的通知")))
        #expect(throws: ExtractionError.notAKnownForm(firstLine: "关于召开党员大会的通知")) {
            try FormClassifier(catalog: catalog).classify(document)
        }
    }

    func findings(_ body: String) throws -> [Finding] {
        let catalog = try #require(Self.catalog)
        let document = try DocxReader().read(DocxFixture.package(body: body))
        return try FormClassifier(catalog: catalog).classify(document).extractAndValidate(document).findings
    }

    static let studyPlanTitle = DocxFixture.paragraph("机关党委党员干部学习计划表")

    /// Where a required value was looked for decides whose the finding is: an empty cell, a "label：" with
    /// nothing after it and a table with its rows left blank (or deleted, in a .docx) are the branch's; a
    /// picture, a label with no cell for its value, a label not found and a value that is not a date or number
    /// are formpipe's.
    @Test func aMissingValueIsTheBranchsOnlyWhereThereWasAPlaceForIt() throws {
        let rows: [[String]] = [
            ["年度", "2017", "所在支部", "机关第一党支部"],
            ["姓名", "", "职务", "副处长"],
            ["职级", "☑副处级", "填表日期", "2017年13月1日"],
            [DocxFixture.tableCell("学习安排", span: 4)],
            ["序号", "学习内容", "学习形式", "学时"],
            ["", "", "", ""],
            ["集中学习培训学时合计", DocxFixture.pictureCell, "警示教育在线学习学时", "6"],
        ]
        let findings = try findings(Self.studyPlanTitle + DocxFixture.table(rows))
        func source(_ path: String) -> FindingSource? { findings.first { $0.path == path && $0.severity == .error }?.source }
        #expect(source("name") == .content, "an empty value cell: the branch left it blank")
        #expect(source("items") == .content, "a table whose rows were left blank")
        #expect(source("total_hours") == .reading, "a picture where the value belongs")
        #expect(source("filled_on") == .reading, "a date formpipe cannot read")
        #expect(findings.first { $0.path == "total_hours" }?.message.contains("图片") == true)

        let noPlace = try self.findings(
            Self.studyPlanTitle + DocxFixture.table([["年度", "2017", "所在支部", "机关第一党支部", "姓名"], ["职级", "☑副处级", "", "", "职务"]]))
        #expect(noPlace.first { $0.path == "name" }?.source == .reading, "a label with no cell for its value")
        #expect(noPlace.first { $0.path == "total_hours" }?.source == .reading, "a label not in the form at all")
        #expect(noPlace.first { $0.path == "items" }?.source == .reading, "a table not found")

        let colon = try self.findings(Self.studyPlanTitle + DocxFixture.table([["年度：2017", "所在支部：机关第一党支部", "姓名："]]))
        #expect(colon.first { $0.path == "name" }?.source == .content, "“姓名：” with nothing after it is a blank left by the branch")
    }

    @Test func aValueBeforeTheSignatureLinesOfItsCellIsRead() throws {
        let (_, record) = try extract(
            Self.title
                + DocxFixture.table([
                    ["姓名", "张三", "所在党支部", "机关第一党支部"],
                    ["支部审核意见", "同意。\n目标任务明确。\n审核人：李四　审核日期：2017年2月7日"],
                ]))
        #expect(record["review_opinion"] == "同意。\n目标任务明确。")
        #expect(record["reviewer"] == "李四")
        #expect(record["reviewed_on"] == "2017-02-07")
    }
}

@Suite struct ValueNormalizerTests {
    @Test(arguments: [
        ("2017年6月30日", "2017-06-30"), ("2017.6.30", "2017-06-30"), ("2017/06/30", "2017-06-30"),
        ("2017-6-30", "2017-06-30"), ("二〇一七年六月三十日", "2017-06-30"), ("２０１７年６月３０日", "2017-06-30"),
        ("2001年7月", "2001-07"), ("2016年2月29日", "2016-02-29"),
    ])
    func readsDateSpellings(_ written: String, _ normalised: String) {
        #expect(ValueNormalizer.date(in: written) == normalised)
    }

    @Test(arguments: ["2017年2月29日", "2017年13月1日", "明年六月", "2017"])
    func refusesImpossibleDates(_ written: String) {
        #expect(ValueNormalizer.date(in: written) == nil)
    }

    @Test(arguments: [("32", 32.0), ("３２", 32.0), ("32学时", 32.0), ("32.5", 32.5), (" 110 ", 110.0)])
    func readsNumbers(_ written: String, _ value: Double) {
        #expect(ValueNormalizer.number(in: written) == value)
    }

    /// Twenty nines would pass as 1e20 and reach the reports' arithmetic; beyond the bound the text is kept,
    /// and the schema's type check makes it a finding.
    @Test(arguments: [String(repeating: "9", count: 20) + "学时", "１" + String(repeating: "０", count: 12), "-2000000000", "1e400"])
    func keepsNumbersBeyondTheBoundAsText(_ written: String) throws {
        #expect(ValueNormalizer.number(in: written) == nil)
        let field = FieldSpec(key: "hours", title: "学时", labels: ["学时"], kind: .integer)
        #expect(ValueNormalizer.normalize(written, as: field)?.stringValue != nil)
        #expect(ValueNormalizer.number(in: "1000000000") == 1e9)
    }

    @Test func twoTicksForOneEnumChooseNothing() {
        #expect(ValueNormalizer.option(in: "☑优秀 ☑合格", options: ["优秀", "合格", "基本合格", "不合格"]) == nil)
        #expect(ValueNormalizer.option(in: "☐合格 ☑基本合格", options: ["优秀", "合格", "基本合格", "不合格"]) == "基本合格")
    }

    /// Official documents number the items of a list; a schema that says so (`x-option-numbering`) has the
    /// option read through the number, and one that does not keeps the text as written.
    @Test(arguments: ["（一）组织是否健全", "(1) 组织是否健全", "1.组织是否健全", "1、组织是否健全", "一、组织是否健全", "①组织是否健全", "第一、组织是否健全", "⑴组织是否健全", "A. 组织是否健全"])
    func optionsReadThroughListNumbers(_ written: String) throws {
        let numbered = FieldSpec(key: "aspect", title: "方面", labels: ["方面"], kind: .enum, options: ["组织是否健全", "制度是否完善"], optionNumbering: true)
        #expect(ValueNormalizer.normalize(written, as: numbered) == "组织是否健全")
        let plain = FieldSpec(key: "aspect", title: "方面", labels: ["方面"], kind: .enum, options: ["组织是否健全", "制度是否完善"])
        #expect(ValueNormalizer.normalize(written, as: plain) == .string(ValueNormalizer.cleanText(written)))
    }

    @Test func aNumberThatIsPartOfTheTextIsNotAListNumber() {
        let field = FieldSpec(key: "grade", title: "等次", labels: ["等次"], kind: .enum, options: ["一等", "二等"], optionNumbering: true)
        #expect(ValueNormalizer.normalize("一等", as: field) == "一等")
        #expect(ValueNormalizer.normalize("12", as: field) == "12", "digits alone are no option")
        #expect(ValueNormalizer.withoutListNumber("一等奖") == nil, "a bare Chinese numeral may be the text itself")
    }

    @Test func optionAliasesFromTheSchema() {
        let field = FieldSpec(
            key: "mode", title: "学习形式", labels: ["学习形式"], kind: .enum, options: ["自学", "在线学习"],
            optionAliases: ["在线学习": ["网络学习", "网上学习"]])
        #expect(ValueNormalizer.normalize("网络学习", as: field) == "在线学习")
        #expect(ValueNormalizer.normalize("网 上 学 习", as: field) == "在线学习")
        #expect(ValueNormalizer.normalize("函授", as: field) == "函授")
    }

    @Test func labelsCompareWithoutBlanksOrColons() {
        #expect(ValueNormalizer.labelKey("姓　名：") == "姓名")
        #expect(ValueNormalizer.labelKey(" 主题发言（次） ") == "主题发言(次)")
    }
}
