import FormSchema
import FormStore
import Foundation
import TestSupport
import Testing

@testable import FormReports

@Suite struct RosterAndCopiedTextTests {
    static let rosterText = """
        \u{FEFF}所在党支部,姓名,党员类别,职级\r
        机关第一党支部,王建国,科级干部,\r
        机关第一党支部,李　梅,普通党员,\r
        机关第一党支部,赵处长,处级及以上干部,副处级\r
        机关第三党支部,"孙,红",普通党员,\r

        """

    @Test func rosterReadsHeaderBOMQuotesAndFullWidthSpaces() throws {
        let roster = try Roster.parse(Self.rosterText, file: "roster.csv")
        #expect(roster.members.count == 4)
        #expect(roster.members[1].name == "李　梅")
        #expect(roster.members[3].name == "孙,红")
        // Who owes a study plan is the schema's word (x-form.owed: ranks, or the category when no rank is given).
        let catalog = try SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))
        let plan = try #require(catalog.form(id: "study_plan"))
        let owesStudyPlan = try #require(ReportModel.memberOwes(plan))
        #expect(owesStudyPlan(roster.members[2]))
        #expect(!owesStudyPlan(roster.members[0]))
        #expect(owesStudyPlan(.init(branch: "b", name: "n", category: "处级及以上干部", rank: "")))
        #expect(!owesStudyPlan(.init(branch: "b", name: "n", category: "处级及以上干部", rank: "正科级")))
        let book = try #require(catalog.form(id: "annual_target_book"))
        let owesBook = try #require(ReportModel.memberOwes(book))
        #expect(owesBook(roster.members[0]), "every member owes a target book")
        let mentoring = try #require(catalog.form(id: "mentoring_summary"))
        #expect(ReportModel.memberOwes(mentoring) == nil, "pairs are on no roster")
        let headerless = try Roster.parse("机关第二党支部,周强,普通党员,正处级\n", file: "r.csv")
        #expect(headerless.members == [.init(branch: "机关第二党支部", name: "周强", category: "普通党员", rank: "正处级")])
    }

    @Test func rosterRowWithoutANameIsAnErrorNamingTheLine() {
        #expect(throws: RosterError(file: "r.csv", line: 3, message: "每行应有所在党支部和姓名")) {
            try Roster.parse("支部,姓名\n机关第一党支部,王建国\n机关第一党支部,\n", file: "r.csv")
        }
    }

    @Test func missingListNamesMembersWithoutBooksSeniorsWithoutPlansAndBranchesWithoutSelfChecks() throws {
        let fixture = try ReportFixture("roster")
        defer { fixture.remove() }
        let rosterFile = fixture.folder.appendingPathComponent("roster.csv")
        try Data(Self.rosterText.utf8).write(to: rosterFile)
        try fixture.add("王建国.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "王建国", category: "科级干部", hours: 96))
        // Typed with a plain space where the roster has a full-width one: still the same person.
        try fixture.add("李梅.docx", form: "annual_target_book", record: ReportFixture.targetBook(name: "李 梅"))
        try fixture.add("self.docx", form: "branch_self_check", record: ReportFixture.selfCheck(branch: "机关第一党支部"))
        try fixture.write(settings: ReportSettings(rosterFile: rosterFile))

        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        let summary = try #require(book.sheet("汇总"))
        let listed = Set(summary.cells.values.map(\.value))
        #expect(listed.isSuperset(of: ["赵处长", "孙,红", "（支部）", "未交名单"]))
        #expect(!listed.contains("王建国") && !listed.contains("李　梅"))

        let model = try ReportModel(
            source: SubmissionList(try fixture.store.allSubmissions()), catalog: fixture.catalog,
            roster: try Roster.load(from: rosterFile), copiedTextSimilarity: 0.85, generatedAt: Date())
        let missing = model.missing.map { "\($0.branch)/\($0.member?.name ?? "支部")/\($0.formID)" }
        #expect(
            Set(missing) == [
                "机关第一党支部/赵处长/annual_target_book", "机关第三党支部/孙,红/annual_target_book",
                "机关第一党支部/赵处长/study_plan", "机关第三党支部/支部/branch_self_check",
            ])
        #expect(model.matrix["机关第一党支部"]?["annual_target_book"] == .init(submitted: 2, valid: 2, invalid: 0, missing: 1))
        #expect(model.matrix["机关第一党支部"]?["mentoring_summary"]?.missing == nil, "nobody is expected to send a mentoring summary")

        let notice = try fixture.text("notices/整改通知-机关第一党支部.html")
        #expect(notice.contains("尚未报送的材料"))
        #expect(notice.contains("赵处长"))
        #expect(notice.contains("党员干部学习计划表"))
        let third = try fixture.text("notices/整改通知-机关第三党支部.html")
        #expect(third.contains("孙,红") && third.contains("本支部"))
    }

    @Test func missingRosterFileStopsTheReportWithTheFileNamed() throws {
        let fixture = try ReportFixture("noroster")
        defer { fixture.remove() }
        let missing = fixture.folder.appendingPathComponent("nope.csv")
        #expect {
            try fixture.write(settings: ReportSettings(rosterFile: missing))
        } throws: { error in
            String(describing: error).contains(missing.path)
        }
    }

    @Test func copiedMeasuresBetweenBranchesAreWarnedAboutInEveryReport() throws {
        let fixture = try ReportFixture("copied")
        defer { fixture.remove() }
        let copied = "建立党员请假报备制度，缺席情况纳入年度民主评议，每季度通报一次组织生活出勤情况。"
        var first = (0..<6).map { "第一支部针对第\($0 + 1)方面制定的整改措施各不相同，内容编号\($0)专门落实" }
        first[1] = copied
        var second = (0..<6).map { "第二支部另行制定的第\($0 + 1)项措施，和其他支部完全不同，编号\($0 * 7)" }
        // Re-punctuated and re-spaced, but the same words.
        second[4] = "建立党员请假报备制度 缺席情况纳入年度民主评议；每季度通报一次组织生活出勤情况"
        try fixture.add("一支部.docx", form: "branch_self_check", record: ReportFixture.selfCheck(branch: "机关第一党支部", measures: first))
        try fixture.add("二支部.docx", form: "branch_self_check", record: ReportFixture.selfCheck(branch: "机关第二党支部", measures: second))
        try fixture.write(settings: ReportSettings(copiedTextSimilarity: 0.85))

        let findings = CSVReader.records(in: try fixture.text("findings.csv")).dropFirst().map(\.fields)
        let copiedRows = findings.filter { $0[7] == ReportModel.copiedTextRule }
        #expect(copiedRows.count == 2, "each side of the copy is told: \(copiedRows)")
        #expect(copiedRows.map(\.[4]).sorted() == ["查摆情况 第2行 整改措施", "查摆情况 第5行 整改措施"])
        #expect(copiedRows.allSatisfy { $0[5] == "提醒" && $0[6].contains("学习体会应为本人所感所悟，不得抄袭") })
        #expect(copiedRows.contains { $0[3] == "一支部.docx" && $0[6].contains("机关第二党支部") && $0[6].contains("二支部.docx") })

        let overview = try fixture.text(ReportWriter.overviewName)
        #expect(overview.contains("不得抄袭"))
        let notice = try fixture.text("notices/整改通知-机关第一党支部.html")
        #expect(notice.contains("请核实") && notice.contains("相似度 100%"))
        let book = try XLSXReader(file: fixture.reports.appendingPathComponent(ReportWriter.workbookName))
        #expect(try #require(book.sheet("问题清单")).cells.values.contains { $0.value == ReportModel.copiedTextRule })
    }

    @Test func thresholdDecidesWhetherAnEditedCopyCounts() {
        let original = "开展党员承诺践诺活动，年底进行评议考核，考核结果在支部党员大会上公布并存档"
        let edited = "开展党员承诺践诺活动，年终进行评议考核，考核结果在支部大会上公布并归档保存"
        let texts = [
            CopiedTextDetector.Text(submissionID: 1, group: "g", path: "a", text: original),
            CopiedTextDetector.Text(submissionID: 2, group: "g", path: "a", text: edited),
        ]
        #expect(CopiedTextDetector(threshold: 0.5).matches(in: texts).count == 2)
        #expect(CopiedTextDetector(threshold: 0.95).matches(in: texts).isEmpty)
    }

    @Test func sameTextWithinOneSubmissionShortTextsAndOtherFieldsAreNotCopies() {
        let long = "认真学习党章党规和系列重要讲话精神，全年参加集中学习不少于规定学时"
        let texts = [
            CopiedTextDetector.Text(submissionID: 1, group: "book/goals.content", path: "goals[0].content", text: long),
            CopiedTextDetector.Text(submissionID: 1, group: "book/goals.content", path: "goals[1].content", text: long),
            CopiedTextDetector.Text(submissionID: 2, group: "book/tasks.content", path: "tasks[0].content", text: long),
            CopiedTextDetector.Text(submissionID: 3, group: "check/measures", path: "m", text: "加强学习"),
            CopiedTextDetector.Text(submissionID: 4, group: "check/measures", path: "m", text: "加强学习"),
        ]
        #expect(CopiedTextDetector(threshold: 0.8).matches(in: texts).isEmpty)
    }

    /// Prefix filtering must find exactly the pairs that comparing every pair finds.
    @Test func prefixFilteringFindsTheSamePairsAsComparingEveryPair() {
        var generator = SplitMix(seed: 42)
        let phrases = [
            "加强理论学习", "落实三会一课", "严肃组织生活", "开展谈心谈话", "规范党费收缴", "完善档案管理", "推进作风建设",
            "发挥先锋作用", "建立台账制度", "定期通报情况", "强化责任落实", "深入调查研究",
        ]
        var texts: [CopiedTextDetector.Text] = []
        for id in 0..<120 {
            let count = 4 + Int(generator.next() % 4)
            let text = (0..<count).map { _ in phrases[Int(generator.next() % UInt64(phrases.count))] }.joined(separator: "，")
            texts.append(.init(submissionID: Int64(id / 2), group: "g", path: "p\(id)", text: text))
        }
        for threshold in [0.6, 0.75, 0.9] {
            let found = CopiedTextDetector(threshold: threshold).matches(in: texts)
            var expected: [String: (best: Double, count: Int)] = [:]
            let grams = texts.map { text -> Set<String> in
                let scalars = CopiedTextDetector.normalised(text.text).map(String.init)
                return Set((0...(scalars.count - 3)).map { scalars[$0..<$0 + 3].joined() })
            }
            for i in texts.indices {
                guard CopiedTextDetector.normalised(texts[i].text).count >= CopiedTextDetector.minimumLength else { continue }
                for j in texts.indices where texts[j].submissionID != texts[i].submissionID {
                    guard CopiedTextDetector.normalised(texts[j].text).count >= CopiedTextDetector.minimumLength else { continue }
                    let similarity = Double(grams[i].intersection(grams[j]).count) / Double(grams[i].union(grams[j]).count)
                    if similarity >= threshold {
                        let key = texts[i].path
                        expected[key] = (max(expected[key]?.best ?? 0, similarity), (expected[key]?.count ?? 0) + 1)
                    }
                }
            }
            #expect(found.count == expected.count, "threshold \(threshold)")
            for match in found {
                #expect(expected[match.path]?.count == match.matches, "\(match.path) at \(threshold)")
                #expect(abs((expected[match.path]?.best ?? -1) - match.similarity) < 1e-9, "\(match.path) at \(threshold)")
            }
        }
    }
}

/// A seeded generator, so the comparison runs on the same texts every time.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
