import Foundation
import Testing

@testable import FormSchema

@Suite struct SchemaCatalogTests {
    @Test func loadsTheFourFormsSortedById() throws {
        let catalog = try TestSupport.catalog()
        #expect(catalog.forms.map(\.id) == ["annual_target_book", "branch_self_check", "mentoring_summary", "study_plan"])
        #expect(catalog.form(id: "study_plan")?.name == "党员干部学习计划表")
        #expect(catalog.form(id: "nope") == nil)
    }

    @Test func annualTargetBookFieldsFollowFormsMD() throws {
        let form = try TestSupport.form("annual_target_book")
        #expect(
            form.fields.map(\.key) == [
                "year", "branch", "name", "position", "member_category", "joined_party_on", "duties", "goals", "tasks",
                "planned_study_hours", "planned_speeches", "planned_reflections", "review_opinion", "reviewer",
                "reviewed_on", "signed_on", "self_assessment", "evaluation",
            ])
        #expect(form.titles == ["年度目标任务书"])
        #expect(form.identity == ["year", "branch", "name"])
        let year = try #require(form.field("year"))
        #expect(year.kind == .integer && year.isRequired && year.fromTitle)
        #expect(form.field("branch")?.labels == ["所在党支部", "所在支部", "党支部"])
        let category = try #require(form.field("member_category"))
        #expect(category.kind == .enum && category.isRequired)
        #expect(category.options == ["普通党员", "党支部书记", "科级干部", "处级及以上干部"])
        #expect(form.field("joined_party_on")?.kind == .date)
        #expect(form.field("duties")?.kind == .text)
        let goals = try #require(form.field("goals"))
        #expect(goals.kind == .table)
        #expect(goals.columns.map(\.key) == ["seq", "content", "deadline"])
        #expect(goals.columns.map(\.kind) == [.integer, .text, .date])
        #expect(goals.columns.map(\.isRequired) == [false, true, false])
        #expect(form.field("tasks")?.column("content")?.title == "任务内容")
        #expect(form.field("planned_study_hours")?.labels == ["计划集中学习学时", "集中学习学时"])
        #expect(form.field("planned_speeches")?.labels == ["主题发言次数", "主题发言（次）"])
        #expect(form.field("review_opinion")?.isRequired == true)
        #expect(form.field("position")?.isRequired == false)
        #expect(form.field("signed_on")?.labels == ["填表日期", "日期"])
        #expect(form.field("evaluation")?.options == ["优秀", "合格", "基本合格", "不合格"])
    }

    @Test func studyPlanFieldsFollowFormsMD() throws {
        let form = try TestSupport.form("study_plan")
        #expect(
            form.fields.map(\.key) == [
                "year", "branch", "name", "position", "rank", "items", "total_hours", "warning_education_hours",
                "center_group", "filled_on", "secretary_review",
            ])
        #expect(form.identity == ["year", "name"])
        #expect(form.field("year")?.fromTitle == true)
        #expect(form.field("rank")?.options == ["副处级", "正处级"])
        let items = try #require(form.field("items"))
        #expect(items.labels == ["学习安排", "学习计划"])
        #expect(items.columns.map(\.key) == ["seq", "topic", "mode", "schedule", "hours"])
        #expect(items.columns.map(\.kind) == [.integer, .text, .enum, .string, .number])
        #expect(items.column("mode")?.options == ["自学", "集中学习", "研讨", "调研", "在线学习", "其他"])
        #expect(form.field("total_hours")?.kind == .number)
        #expect(form.field("total_hours")?.labels == ["集中学习培训学时合计", "学时合计"])
        #expect(form.field("filled_on")?.isRequired == true)
    }

    @Test func branchSelfCheckFieldsFollowFormsMD() throws {
        let form = try TestSupport.form("branch_self_check")
        #expect(
            form.fields.map(\.key) == [
                "branch", "secretary", "member_count", "filled_on", "items", "overall", "committee_opinion",
            ])
        #expect(form.titles == ["规范化建设问题查摆", "问题查摆及整改措施"])
        #expect(form.identity == ["branch", "filled_on"])
        #expect(form.field("filled_on")?.labels == ["填报日期", "填表日期"])
        let items = try #require(form.field("items"))
        #expect(items.columns.map(\.key) == ["aspect", "problems", "measures", "deadline", "owner"])
        #expect(items.columns.map(\.title) == ["方面", "存在问题", "整改措施", "整改时限", "责任人"])
        #expect(items.columns.map(\.isRequired) == [false, true, true, false, true])
        #expect(items.column("aspect")?.options.count == 6)
    }

    @Test func mentoringSummaryFieldsFollowFormsMD() throws {
        let form = try TestSupport.form("mentoring_summary")
        #expect(
            form.fields.map(\.key) == [
                "department", "branch", "mentor_name", "mentee_name", "paired_on", "period", "activities",
                "ideology_guidance", "work_guidance", "life_care", "summary", "next_plan", "filled_on", "branch_opinion",
            ])
        #expect(form.identity == ["mentor_name", "mentee_name", "period"])
        #expect(form.field("mentee_name")?.labels == ["新教工姓名", "新教工"])
        #expect(form.field("summary")?.labels == ["阶段总结", "收获体会"])
        let activities = try #require(form.field("activities"))
        #expect(activities.columns.map(\.key) == ["date", "kind", "content"])
        #expect(activities.column("kind")?.options == ["思想", "工作", "生活"])
        #expect(
            form.fields.filter(\.isRequired).map(\.key) == [
                "department", "branch", "mentor_name", "mentee_name", "period", "activities",
                "ideology_guidance", "work_guidance", "life_care", "summary",
            ])
    }

    @Test func identityTakesTheYearOfADateField() throws {
        let form = try TestSupport.form("branch_self_check")
        let record: JSONValue = ["branch": "第一党支部", "filled_on": "2017-06-30"]
        #expect(form.identity(of: record) == ["第一党支部", 2017])
        #expect(form.identity(of: ["branch": "第一党支部"]) == nil)
    }
}
