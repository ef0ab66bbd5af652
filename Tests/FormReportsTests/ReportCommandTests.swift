import Foundation
import TestSupport
import Testing

@testable import FormReports

/// The built `formpipe` on the checked-in samples: what `batch` and `report` leave in the reports folder.
@Suite struct ReportCommandTests {
    @Test func batchOnSamplesWritesWorkbookWithEverySubmissionOfEachForm() throws {
        let state = try TestPaths.temporaryFolder("report-e2e")
        defer { try? FileManager.default.removeItem(at: state) }
        let batch = try FormpipeBinary.run(["batch", "Samples", "--state", state.path])
        #expect(batch.status == 0, "\(batch.stderr)")
        let reports = state.appendingPathComponent("reports")
        let book = try XLSXReader(file: reports.appendingPathComponent(ReportWriter.workbookName))
        for form in ["年度目标任务书", "党员干部学习计划表", "基层党支部规范化建设问题查摆及整改措施", "新老教工结对活动阶段总结表"] {
            #expect(try #require(book.sheet(form)).rowCount == 4, "\(form): header plus two valid and one invalid sample")
        }
        let rejected = try #require(book.sheet("问题清单")).cells.values.filter { $0.value == "无法识别" }
        #expect(rejected.count == 2)
        for name in ["overview.html", "submissions.csv", "findings.csv", "study_plan.csv", "branch_self_check.items.csv"] {
            #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent(name).path), "\(name)")
        }
        let notices = try FileManager.default.contentsOfDirectory(atPath: reports.appendingPathComponent("notices").path)
        #expect(notices.sorted() == ["整改通知-机关第一党支部.html", "整改通知-机关第三党支部.html", "整改通知-机关第二党支部.html"].sorted())
    }

    @Test func reportCommandTakesTheRosterFromPipelineConfKeys() throws {
        let state = try TestPaths.temporaryFolder("report-roster")
        defer { try? FileManager.default.removeItem(at: state) }
        _ = try FormpipeBinary.run(["batch", "Samples", "--state", state.path])
        let roster = state.appendingPathComponent("roster.csv")
        try Data("所在党支部,姓名,党员类别,职级\n机关第一党支部,王建国,科级干部,\n机关第四党支部,钱未交,普通党员,\n".utf8).write(to: roster)
        let report = try FormpipeBinary.run([
            "report", "--state", state.path, "--set", "roster=\(roster.path)", "--set", "copied_text_similarity=0.9",
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let overview = String(decoding: try Data(contentsOf: state.appendingPathComponent("reports/overview.html")), as: UTF8.self)
        #expect(overview.contains("钱未交"))
        #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("reports/notices/整改通知-机关第四党支部.html").path))

        let bad = try FormpipeBinary.run(["report", "--state", state.path, "--set", "copied_text_similarity=2"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("copied_text_similarity"))
    }

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Renders the overview of the samples in a real headless Chromium at a laptop's width. Skipped, with
    /// this reason shown, on machines without Chromium (`apt-get install chromium fonts-noto-cjk`).
    @Test(.enabled(if: chromium != nil, "Chromium is not installed: the overview screenshot check is skipped"))
    func overviewRendersInHeadlessChromium() throws {
        let state = try TestPaths.temporaryFolder("report-screenshot")
        defer { try? FileManager.default.removeItem(at: state) }
        _ = try FormpipeBinary.run(["batch", "Samples", "--state", state.path])
        let screenshot = state.appendingPathComponent("overview.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1366,2200",
            "--screenshot=\(screenshot.path)", state.appendingPathComponent("reports/overview.html").absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // A blank white page compresses to a few kilobytes; tables, text and the chart do not.
        #expect(png.count > 60_000, "screenshot is \(png.count) bytes: the page looks empty")
    }
}
