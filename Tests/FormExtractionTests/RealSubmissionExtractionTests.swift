import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// Extraction from what real submissions contain (FORMS.md, "What real submissions look like").
@Suite struct RealSubmissionExtractionTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    func extractor(for data: Data) throws -> (FormExtractor, Document) {
        let catalog = try #require(Self.catalog)
        let document = try DocxReader().read(data)
        return (try FormClassifier(catalog: catalog).classify(document), document)
    }

    @Test func aLabelValueTableNestedInALayoutTableIsRead() throws {
        let inner = DocxFixture.table([["姓名", "李四"], ["所在支部", "机关第二党支部"], ["职级", "☐副处级 ☑正处级"]])
        let body = DocxFixture.table([
            [
                "<w:tc>\(DocxFixture.paragraph("机关党委党员干部学习计划表"))\(inner)<w:p/></w:tc>",
                "<w:tc>\(DocxFixture.paragraph("（照片）"))</w:tc>",
            ]
        ])
        let (extractor, document) = try extractor(for: DocxFixture.package(body: body))
        #expect(extractor.form.id == "study_plan")
        let record = extractor.extract(document)
        #expect(record["name"] == "李四")
        #expect(record["branch"] == "机关第二党支部")
        #expect(record["rank"] == "正处级")
    }

    @Test func aTitleOnlyInThePageHeaderClassifiesTheFormAndGivesItsYear() throws {
        let data = DocxFixture.package(
            documentXML: DocxFixture.document(body: DocxFixture.table([["姓名", "张三"], ["党员类别", "普通党员"]])),
            headers: ["header1.xml": DocxFixture.header(body: DocxFixture.paragraph("机关党员 2018 年度目标任务书"))])
        let (extractor, document) = try extractor(for: data)
        #expect(extractor.form.id == "annual_target_book")
        #expect(extractor.extract(document)["year"] == 2018)
    }

    @Test func aTitleInTheBodyWinsOverAHeaderThatNamesAnotherForm() throws {
        let data = DocxFixture.package(
            documentXML: DocxFixture.document(body: DocxFixture.paragraph("传承红色基因新老教工结对活动阶段总结表")),
            headers: ["header1.xml": DocxFixture.header(body: DocxFixture.paragraph("机关党委党员干部学习计划表"))])
        #expect(try extractor(for: data).0.form.id == "mentoring_summary")
    }

    @Test func headerTextIsNeverTakenForAFieldValue() throws {
        let data = DocxFixture.package(
            documentXML: DocxFixture.document(body: DocxFixture.paragraph("机关党委党员干部学习计划表") + DocxFixture.table([["姓名", "李四"]])),
            headers: ["header1.xml": DocxFixture.header(body: DocxFixture.paragraph("职务：页眉里的字"))])
        let (extractor, document) = try extractor(for: data)
        #expect(extractor.extract(document)["position"] == nil)
    }

    @Test func twoTicksForOneEnumKeepTheTextAndSayTwoOptionsWereTicked() throws {
        let body =
            DocxFixture.paragraph("机关党员 2017 年度目标任务书")
            + DocxFixture.table([
                ["姓名", "张三", "党员类别", "☑普通党员 ☐党支部书记 ☑科级干部 ☐处级及以上干部"]
            ])
        let (extractor, document) = try extractor(for: DocxFixture.package(body: body))
        let (record, findings) = extractor.extractAndValidate(document)
        #expect(record["member_category"] == "☑普通党员 ☐党支部书记 ☑科级干部 ☐处级及以上干部")
        let finding = try #require(findings.first { $0.path == "member_category" })
        #expect(finding.rule == "enum")
        #expect(finding.severity == .error)
        #expect(finding.message == "党员类别勾选了 2 项（普通党员、科级干部），只能勾选一项")
        #expect(findings.filter { $0.path == "member_category" }.count == 1, "one finding, not the generic enum one beside it")
    }

    @Test func twoTicksInATableCellAreReportedByRowAndColumn() throws {
        let body =
            DocxFixture.paragraph("传承红色基因新老教工结对活动阶段总结表")
            + DocxFixture.table([
                ["活动记录"], ["日期", "类别", "活动内容"], ["2017-3-1", "☑思想 ☑工作 ☐生活", "谈心谈话"],
            ])
        let (extractor, document) = try extractor(for: DocxFixture.package(body: body))
        let (_, findings) = extractor.extractAndValidate(document)
        #expect(findings.contains { $0.path == "activities[0].kind" && $0.message == "第1行 类别勾选了 2 项（思想、工作），只能勾选一项" })
    }

    @Test func labelsMatchWithInnerBlanksFullWidthFormsAndTrailingColons() throws {
        let body =
            DocxFixture.paragraph("机关党委党员干部学习计划表")
            + DocxFixture.table([
                ["姓　名：", "李四", "职 务:", "处长"], ["所在支部：", "机关第一党支部", "填表日期", "２０１７年６月３０日"],
                ["学时合计：", "１１２学时"],
            ])
        let (extractor, document) = try extractor(for: DocxFixture.package(body: body))
        let record = extractor.extract(document)
        #expect(record["name"] == "李四")
        #expect(record["position"] == "处长")
        #expect(record["branch"] == "机关第一党支部")
        #expect(record["filled_on"] == "2017-06-30")
        #expect(record["total_hours"] == 112)
    }

    @Test func colonValuesKeepFullWidthPunctuation() throws {
        let body = DocxFixture.paragraph("机关党员 2017 年度目标任务书") + DocxFixture.paragraph("支部审核意见：同意，报机关党委。")
        let (extractor, document) = try extractor(for: DocxFixture.package(body: body))
        #expect(extractor.extract(document)["review_opinion"] == "同意，报机关党委。")
    }
}

@Suite struct ValueSpellingTests {
    @Test(arguments: [
        ("２０１７．６．３０", "2017-06-30"), ("2017 年 6 月 30 日", "2017-06-30"), ("二〇一七年十二月一日", "2017-12-01"),
        ("二〇〇一年七月", "2001-07"), ("2001.7", "2001-07"), ("2017年6月30号", "2017-06-30"),
    ])
    func readsMoreDateSpellings(_ written: String, _ normalised: String) {
        #expect(ValueNormalizer.date(in: written) == normalised)
    }

    @Test(arguments: [("３２学时", 32.0), ("110.5学时", 110.5), ("１２次", 12.0), ("3 篇", 3.0), ("1,200", 1200.0)])
    func readsNumbersWithUnitsAndFullWidthDigits(_ written: String, _ value: Double) {
        #expect(ValueNormalizer.number(in: written) == value)
    }

    @Test func textIsTrimmedAndKeepsItsInnerLineBreaks() {
        #expect(ValueNormalizer.cleanText("  负责宣传工作 \n  兼任组织员\n\n ") == "负责宣传工作\n兼任组织员")
    }

    @Test func aPrePrintedBlankDateIsEmptyNotWrong() throws {
        let field = FieldSpec(key: "filled_on", title: "填表日期", labels: ["填表日期"], kind: .date)
        #expect(ValueNormalizer.normalize("　　年　　月　　日", as: field) == nil)
        #expect(ValueNormalizer.normalize("2017年 月 日", as: field) == "2017年 月 日", "a half-filled date stays for the clerk to see")
    }

    @Test(arguments: [
        ("普通党员（ ） 科级干部（√）", "科级干部"), ("普通党员√ 科级干部", "普通党员"), ("☐普通党员\n☑科级干部", "科级干部"),
        ("□普通党员 ■科级干部", "科级干部"), ("✔处级及以上干部 ☐科级干部", "处级及以上干部"),
    ])
    func readsTheTickedOptionInEveryBoxStyle(_ written: String, _ option: String) {
        #expect(ValueNormalizer.option(in: written, options: ["普通党员", "党支部书记", "科级干部", "处级及以上干部"]) == option)
    }

    @Test func aLongerOptionIsNotAlsoReadAsTheShorterOneInsideIt() {
        let options = ["优秀", "合格", "基本合格", "不合格"]
        #expect(ValueNormalizer.tickedOptions(in: "☐优秀 ☐合格 ☑基本合格 ☐不合格", options: options) == ["基本合格"])
        #expect(ValueNormalizer.tickedOptions(in: "☑优秀 ☐合格 ☐基本合格 ☑不合格", options: options) == ["优秀", "不合格"])
    }
}
