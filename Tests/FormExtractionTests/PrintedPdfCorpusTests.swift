import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// PDFs of the dev set (`../shared/corpus/dev/corpus`) printed by LibreOffice and by Word, read in place: each
/// test is one kind of printing that was misread, checked by the fields the answer key gives for that file.
@Suite(.enabled(if: DevCorpus.folder != nil, "the dev corpus (../shared/corpus/dev or FORMPIPE_CORPUS/dev) is not on this machine"))
struct PrintedPdfCorpusTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    /// The record of a dev-set file, with the form it was recognised as.
    static func record(_ relativePath: String) throws -> (form: String, record: JSONValue) {
        let folder = try #require(DevCorpus.folder)
        let catalog = try #require(Self.catalog)
        let bytes = try Data(contentsOf: folder.appendingPathComponent(relativePath))
        let document = try DocumentReader().read(bytes)
        let extractor = try FormClassifier(catalog: catalog).classify(document)
        return (extractor.form.id, extractor.extract(document))
    }

    static func rows(_ record: JSONValue, _ key: String) -> [JSONValue] {
        if case .array(let rows)? = record[key] { return rows }
        return []
    }

    @Test func aShadedHeaderRowKeepsTheColumnsOfItsTable() throws {
        // LibreOffice fills the header row of 学习安排 grey; the fill once buried the table's top border, so
        // the columns came from another table and every value moved one column over.
        let (form, record) = try Self.record("2017-06/sub_0117.pdf")
        #expect(form == "study_plan")
        let items = Self.rows(record, "items")
        #expect(items.count == 4)
        #expect(items.first?["seq"] == 1)
        #expect(items.first?["topic"] == "“学习强校”在线课程")
        #expect(items.first?["mode"] == "在线学习")
        #expect(items.first?["schedule"] == "3月、9月")
        #expect(items.first?["hours"] == 46)
        #expect(items.last?["hours"] == 40)
    }

    @Test func shadedHeadersOfAVerticalLayoutLeaveLabelsAndRowsReadable() throws {
        let (form, record) = try Self.record("收件箱/sub_0153.pdf")
        #expect(form == "mentoring_summary")
        #expect(record["paired_on"] == "2018-04-24")
        let activities = Self.rows(record, "activities")
        #expect(activities.count == 6)
        #expect(activities.first?["content"] == "指导撰写工作总结和调研报告")
        #expect(activities.dropFirst().first?["content"] == "指导新教工熟悉部门业务流程和规章制度")
        #expect(record["ideology_guidance"] != nil)
        #expect(record["work_guidance"] == "指导新教工熟悉部门职能和业务流程，手把手传授工作经验。在重点工作中安排新教工承担具体任务，及时点评并提出改进意见。带领新教工参与学校重点项目，提升其统筹协调能力。指导新教工规范公文写作，修改材料十余份。")
    }

    @Test func shadedHeadersOfSeparateTablesKeepTheirRows() throws {
        let (_, mentoring) = try Self.record("2017-07/sub_0116.pdf")
        let activities = Self.rows(mentoring, "activities")
        #expect(activities.first?["content"] == "共同完成年度招生宣传材料的编写")
        #expect(activities.dropFirst().first?["content"] == "共同完成年度招生宣传材料的编写")

        let (form, target) = try Self.record("2017-07/sub_0082.pdf")
        #expect(form == "annual_target_book")
        let goals = Self.rows(target, "goals")
        #expect(goals.count == 2)
        #expect(goals.first?["content"] == "扎实推进“两学一做”学习教育常态化制度化，按时参加支部组织生活")
        let tasks = Self.rows(target, "tasks")
        #expect(tasks.count == 5)
        #expect(tasks.first?["seq"] == 1 && tasks.last?["seq"] == 5)
    }

    @Test func aShadedLayoutBLeavesItsTextFieldsAndActivitiesReadable() throws {
        let (form, record) = try Self.record("batch_b/sub_0110.pdf")
        #expect(form == "mentoring_summary")
        #expect(record["period"] == "2018年上半年")
        #expect(Self.rows(record, "activities").count == 5)
        #expect(record["work_guidance"] == "指导新教工熟悉部门职能和业务流程，手把手传授工作经验。")
        #expect(record["life_care"] == nil)
    }

    @Test func aFullWidthRowOnTheNextPageContinuesTheTableItsLabelEndedOn() throws {
        // 填表日期 is the last row on page 1 and its date the first row on page 2, where only the table's outer
        // borders are drawn, so that page's grid has one column where page 1's has six.
        let (form, record) = try Self.record("收件箱/sub_0050.pdf")
        #expect(form == "annual_target_book")
        #expect(record["signed_on"] == "2017-01-01")
        #expect(record["evaluation"] == "基本合格")
    }

    @Test func aSentenceEndingAtTheEdgeOfAFullLineRunsOnIntoTheNextLine() throws {
        // Word justifies the cell's lines; the second ends with 。 exactly at the edge, the third goes on with the
        // same paragraph.
        let (_, record) = try Self.record("2017-06/sub_0109.pdf")
        #expect(record["life_care"] == "了解新教工家庭情况，在其生病住院期间多次看望。节假日主动问候，组织参加工会文体活动，增进感情。关心新教工的生活状况，帮助其尽快适应学校环境。在新教工住房、子女入学等方面积极协调，解决实际困难。")
    }

    @Test func aLabelledParagraphWrappedOverSeveralLinesBetweenTablesIsReadWhole() throws {
        // Layout c writes 思想上：…, 生活上：…, 收获体会：… as paragraphs; each wraps over several lines of the page.
        let (_, record) = try Self.record("batch_b/sub_0035.pdf")
        #expect(
            record["ideology_guidance"]
                == "结合自身经历讲述学校发展历程，激发新教工爱校荣校的情怀。鼓励新教工积极向党组织靠拢，指导其认真撰写思想汇报。老教工坚持每月与新教工谈心一次，及时了解其思想动态，引导其坚定理想信念。引导新教工把个人发展融入学校发展，增强责任感和使命感。")
        #expect(record["work_guidance"] == "在重点工作中安排新教工承担具体任务，及时点评并提出改进意见。")
        #expect(record["life_care"] == "关心新教工的生活状况，帮助其尽快适应学校环境。在新教工住房、子女入学等方面积极协调，解决实际困难。节假日主动问候，组织参加工会文体活动，增进感情。帮助新教工办理各类生活手续，减少其后顾之忧。")
        if case .string(let summary)? = record["summary"] {
            #expect(summary.hasPrefix("本阶段结对活动按计划有序开展，双方共开展各类活动多次，形成了良好的互动机制。结对活动也促进了"))
            #expect(summary.hasSuffix("活动中也存在时间安排不够灵活、活动形式较为单一等不足，需要在下阶段加以改进。"))
        } else {
            Issue.record("summary missing")
        }
        #expect(record["filled_on"] == "2017-06-25")
    }
}

/// The dev set's files, beside the repository or under `FORMPIPE_CORPUS`.
enum DevCorpus {
    static var folder: URL? {
        guard let url = TestPaths.corpus?.appendingPathComponent("dev/corpus"), FileManager.default.fileExists(atPath: url.path)
        else { return nil }
        return url
    }
}
