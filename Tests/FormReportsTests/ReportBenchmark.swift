import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormReports

/// Not a timed test: fills a store with 10,000 synthetic submissions and prints how long `report` takes,
/// in-process and as the `formpipe report` command. Runs only with FORMPIPE_BENCH=1 (`make bench-report`).
@Suite struct ReportBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["FORMPIPE_BENCH"] == "1"

    @Test(.enabled(if: enabled, "set FORMPIPE_BENCH=1 (make bench-report) to run the report benchmark"))
    func reportOverTenThousandSubmissions() throws {
        let fixture = try ReportFixture("bench")
        defer { fixture.remove() }
        var random = SplitMix(seed: 2017)
        let phrases = [
            "认真学习党章党规", "参加三会一课", "按时足额缴纳党费", "撰写学习体会", "开展谈心谈话", "落实岗位职责",
            "完成年度重点工作", "参加主题党日活动", "带头遵守纪律", "服务师生群众", "推进作风建设", "加强业务学习",
            "深入调查研究", "完善工作制度", "整理支部档案", "发挥先锋模范作用",
        ]
        func sentence(_ count: Int) -> String {
            (0..<count).map { _ in phrases[Int(random.next() % UInt64(phrases.count))] }.joined(separator: "，")
                + "，第\(random.next() % 1000)项。"
        }
        let branches = (1...40).map { "机关第\($0)党支部" }
        let categories = ["普通党员", "党支部书记", "科级干部", "处级及以上干部"]
        var rosterLines = ["所在党支部,姓名,党员类别,职级"]
        var added = 0
        let clock = ContinuousClock()
        let fillStart = clock.now
        // 6,200 target books (some below the hours minimum, so invalid), 300 of them corrected later.
        for index in 0..<6_200 {
            let branch = branches[index % branches.count]
            let name = "党员\(index)"
            let category = categories[index % 7 == 0 ? 3 : Int(random.next() % 3)]
            rosterLines.append("\(branch),\(name),\(category),\(category == "处级及以上干部" ? "副处级" : "")")
            var record = ReportFixture.targetBook(
                branch: branch, name: name, category: category, hours: 20 + Int(random.next() % 110), duties: sentence(4))
            if case .object(var object) = record {
                object["self_assessment"] = .string(sentence(6))
                object["goals"] = .array((1...3).map { ["seq": .number(Double($0)), "content": .string(sentence(3)), "deadline": "2017-12-31"] })
                record = .object(object)
            }
            try fixture.add("books/\(branch)/\(name).docx", form: "annual_target_book", record: record)
            added += 1
            if index < 300 {
                try fixture.add(
                    "books/\(branch)/\(name)-更正.docx", form: "annual_target_book",
                    record: ReportFixture.targetBook(branch: branch, name: name, category: category, hours: 120))
                added += 1
            }
        }
        for index in 0..<40 {
            var measures = (0..<6).map { _ in sentence(3) }
            if index % 10 == 1 { measures[2] = "建立党员请假报备制度，缺席情况纳入年度民主评议，每季度通报一次" }
            try fixture.add(
                "checks/\(index).docx", form: "branch_self_check",
                record: ReportFixture.selfCheck(branch: branches[index], measures: measures))
            added += 1
        }
        while added < 10_000 {
            let branch = branches[added % branches.count]
            let record: JSONValue = [
                "department": "办公室", "branch": .string(branch), "mentor_name": .string("老教工\(added)"),
                "mentee_name": .string("新教工\(added)"), "period": "2017年上半年",
                "activities": [["date": "2017-03-01", "kind": "思想", "content": .string(sentence(3))]],
                "ideology_guidance": .string(sentence(3)), "work_guidance": .string(sentence(3)), "life_care": .string(sentence(3)),
                "summary": .string(sentence(14)), "filled_on": "2017-06-30",
            ]
            try fixture.add("pairs/\(added).docx", form: "mentoring_summary", record: record)
            added += 1
        }
        let roster = fixture.folder.appendingPathComponent("roster.csv")
        try Data(rosterLines.joined(separator: "\n").utf8).write(to: roster)
        let fillTime = clock.now - fillStart

        let settings = ReportSettings(rosterFile: roster, copiedTextSimilarity: 0.85)
        let start = clock.now
        let written = try fixture.write(settings: settings)
        let inProcess = clock.now - start

        let commandStart = clock.now
        let command = try FormpipeBinary.run([
            "report", "--state", fixture.folder.path, "--set", "roster=\(roster.path)",
        ])
        let commandTime = clock.now - commandStart
        #expect(command.status == 0, "\(command.stderr)")

        let workbook = fixture.reports.appendingPathComponent(ReportWriter.workbookName)
        let size = (try FileManager.default.attributesOfItem(atPath: workbook.path)[.size] as? Int) ?? 0
        let book = try XLSXReader(file: workbook)
        #expect(try #require(book.sheet("年度目标任务书")).rowCount == 6_201)
        print(
            """
            report benchmark: \(added) submissions stored (fill \(fillTime)); \(written.count) outputs
              ReportWriter.write in-process: \(inProcess)
              `\(FormpipeBinary.url.path) report` (process, store read included): \(commandTime)
              report.xlsx \(size / 1024) KiB
            """)
    }
}
