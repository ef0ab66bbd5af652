import FormSchema
import Foundation
import TestSupport
import Testing

/// The exit codes and one-line errors DESIGN.md promises to scripts and to the office's IT person.
@Suite struct CommandLineContractTests {
    @Test func unknownConfigKeyStopsWithKeyAndLine() throws {
        let folder = try TestPaths.temporaryFolder("e2e-config")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("pipeline.conf")
        try "state_dir = var\nworkerz = 2\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try FormpipeBinary.run(["batch", "--config", config.path, "Samples"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("第 2 行"))
        #expect(result.stderr.contains("workerz"))
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test func badValueNamesTheKeyAndWhatIsExpected() throws {
        let result = try FormpipeBinary.run(["status", "--set", "workers=many", "--state", "/tmp/formpipe-never-created"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("workers"))
        #expect(result.stderr.contains("many"))
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let folder = try TestPaths.temporaryFolder("e2e-relative")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schemas = TestPaths.repositoryRoot.appendingPathComponent("Schemas").path
        try "state_dir = mystate\nschemas_dir = \(schemas)\n".write(
            to: folder.appendingPathComponent("pipeline.conf"), atomically: true, encoding: .utf8)
        let sample = TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx").path
        let result = try FormpipeBinary.run(["batch", "--config", folder.appendingPathComponent("pipeline.conf").path, sample])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("mystate/formpipe.sqlite").path))
    }

    @Test func missingSchemaFolderIsOperationalFailure() throws {
        let result = try FormpipeBinary.run(["batch", "--set", "schemas_dir=/nonexistent/schemas", "Samples"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/schemas"))
    }

    @Test func unwritableStateFolderIsOperationalFailure() throws {
        let result = try FormpipeBinary.run(["batch", "--state", "/proc/formpipe-state", "Samples"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/proc/formpipe-state"))
    }

    @Test func helpIsPrintedAndExitsZero() throws {
        for arguments in [["--help"], ["batch", "--help"], ["help", "revalidate"]] {
            let result = try FormpipeBinary.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.contains("USAGE: formpipe"), "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(!result.stderr.contains("CommandError"), "\(arguments)")
        }
        #expect(try FormpipeBinary.run(["batch", "--help"]).stdout.contains("--timings"))
    }

    @Test func usageErrorExitsTwo() throws {
        #expect(try FormpipeBinary.run(["batch", "--no-such-flag", "Samples"]).status == 2)
        #expect(try FormpipeBinary.run(["frobnicate"]).status == 2)
    }

    @Test func checkPrintsTheRecordAndWritesNothing() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-check-\(UUID().uuidString)")
        let result = try FormpipeBinary.run(["check", "Samples/annual_target_book_invalid.docx", "--json", "--state", state.path])
        #expect(result.status == 0)
        let object = try JSONValue.parse(result.stdout)
        #expect(object["status"] == "invalid")
        #expect(object["fields"]?["name"] == "马振华")
        #expect(object["findings"]?.arrayValue?.contains { $0["path"] == "planned_study_hours" } == true)
        #expect(!FileManager.default.fileExists(atPath: state.path))
        let text = try FormpipeBinary.run(["check", "Samples/annual_target_book_invalid.docx"])
        #expect(text.stdout.contains("计划集中学习学时为 40，处级及以上干部每年不少于 110 学时"))
    }

    @Test func schemasCheckListsEveryForm() throws {
        let result = try FormpipeBinary.run(["schemas", "check"])
        #expect(result.status == 0)
        for id in ["annual_target_book", "study_plan", "branch_self_check", "mentoring_summary"] {
            #expect(result.stdout.contains(id))
        }
    }

    /// Only the commands that take submissions in create a store; on a mistyped state folder the others say
    /// there is none, and a batch with a mistyped path creates nothing.
    @Test func aMistypedStateFolderIsNotAnEmptyStore() throws {
        let folder = try TestPaths.temporaryFolder("e2e-typo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let typo = folder.appendingPathComponent("var-typo")
        for arguments in [["status"], ["export", "--format", "jsonl"], ["report"], ["revalidate"], ["review"]] {
            let result = try FormpipeBinary.run(arguments + ["--state", typo.path])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("没有找到数据库") && result.stderr.contains("formpipe batch"), "\(arguments): \(result.stderr)")
        }
        let batch = try FormpipeBinary.run(["batch", "/nope-\(UUID().uuidString)", "--state", typo.path])
        #expect(batch.status == 2)
        #expect(!FileManager.default.fileExists(atPath: typo.path), "nothing created for a batch whose path is missing")
    }

    @Test func askingForWhatIsNotThereIsAUsageError() throws {
        let folder = try TestPaths.temporaryFolder("e2e-usage")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        #expect(try FormpipeBinary.run(["check", "/nope.docx"]).status == 2)
        #expect(try FormpipeBinary.run(["revalidate", "--form", "nosuch", "--state", state]).status == 2)
        let sample = TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx").path
        #expect(try FormpipeBinary.run(["batch", sample, "--state", state]).status == 0)
        let branch = try FormpipeBinary.run(["revalidate", "--branch", "不存在的支部", "--state", state])
        #expect(branch.status == 2)
        #expect(branch.stderr.contains("没有“不存在的支部”这个支部") && branch.stderr.contains("机关第"), "\(branch.stderr)")
        #expect(try FormpipeBinary.run(["review", "99", "--state", state]).status == 2)
    }

    @Test func checkTakesAFolderAndChecksEachFile() throws {
        let result = try FormpipeBinary.run(["check", "Samples"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Samples/study_plan_valid_a.docx："))
        #expect(result.stdout.contains("Samples/study_plan_invalid.docx："))
        #expect(result.stdout.contains("无法识别"), "the damaged sample is listed with its reason")
        #expect(!result.stdout.contains("expected/"), "the folder's .formpipeignore is honoured")
    }

    @Test func statusListsBranchesInTheOrderPeopleCountThem() throws {
        let folder = try TestPaths.temporaryFolder("e2e-order")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for (index, branch) in ["机关第十一党支部", "机关第二党支部", "机关第三党支部", "机关第一党支部"].enumerated() {
            try SyntheticForms.studyPlan(name: "人\(index)", branch: branch).write(to: inbox.appendingPathComponent("\(index).docx"))
        }
        let state = folder.appendingPathComponent("state").path
        #expect(try FormpipeBinary.run(["batch", inbox.path, "--state", state]).status == 0)
        let status = try FormpipeBinary.run(["status", "--state", state]).stdout
        let positions = ["第一", "第二", "第三", "第十一"].compactMap { status.range(of: "机关\($0)党支部：")?.lowerBound }
        #expect(positions.count == 4 && positions == positions.sorted(), "\(status)")
        #expect(status.contains("旧版 Word（.doc）/WPS 文件："), "status says whether .doc files are read")
    }

    @Test func aDamagedPdfIsCalledADamagedPdf() throws {
        let folder = try TestPaths.temporaryFolder("e2e-damaged")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("学习计划.pdf")
        try Data(repeating: 0, count: 2048).write(to: file)
        let check = try FormpipeBinary.run(["check", file.path])
        #expect(check.stdout.contains("PDF 文件已损坏"), "\(check.stdout)")
        let batch = try FormpipeBinary.run(["batch", folder.path, "--state", folder.appendingPathComponent("state").path])
        #expect(batch.stdout.contains("学习计划.pdf PDF 文件已损坏"), "\(batch.stdout)")
    }

    @Test func infoLogsOneLinePerFileAsPipelineConfSays() throws {
        let folder = try TestPaths.temporaryFolder("e2e-log")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        let samples = ["study_plan_valid_a.docx", "study_plan_invalid.docx"].map {
            TestPaths.repositoryRoot.appendingPathComponent("Samples/\($0)").path
        }
        let info = try FormpipeBinary.run(["batch", "--set", "log_level=info", "--state", state] + samples)
        let lines = info.stderr.split(separator: "\n").filter { $0.contains(" info ") && $0.contains("processed") }
        #expect(lines.count == 2, "\(info.stderr)")
        #expect(lines.contains { $0.contains("study_plan_invalid.docx") && $0.contains("outcome=invalid") })
    }

    @Test func theSummaryListsFilesInPathOrderWhateverOrderTheWorkersFinishIn() throws {
        let folder = try TestPaths.temporaryFolder("e2e-summary-order")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for index in 0..<24 {
            try SyntheticForms.studyPlan(name: "人\(index)", totalHours: 80 + index).write(to: inbox.appendingPathComponent("f\(100 + index).docx"))
        }
        let batch = try FormpipeBinary.run(["batch", inbox.path, "--state", folder.appendingPathComponent("state").path])
        let listed = batch.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains("/f1") }.map(String.init)
        #expect(listed.count == 24, "\(batch.stdout)")
        #expect(listed == listed.sorted(), "\(listed)")
    }

    @Test func sharedOptionsGoBeforeOrAfterTheSubcommandAndHelpNamesThemWithTheExitCodes() throws {
        let folder = try TestPaths.temporaryFolder("e2e-global")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        let sample = TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx").path
        #expect(try FormpipeBinary.run(["--state", state, "batch", sample]).status == 0)
        let before = try FormpipeBinary.run(["--state", state, "status"])
        let after = try FormpipeBinary.run(["status", "--state", state])
        #expect(before.status == 0 && after.status == 0)
        #expect(before.stdout == after.stdout)
        #expect(before.stdout.contains("共 1 份提交"))
        // Given on both sides, the one after the subcommand wins; --set of both apply.
        let both = try FormpipeBinary.run(["--state", "/nonexistent-\(UUID().uuidString)", "status", "--state", state])
        #expect(both.status == 0, "\(both.stderr)")
        let sets = try FormpipeBinary.run(["--set", "workers=2", "status", "--set", "workers=many", "--state", state])
        #expect(sets.status == 1 && sets.stderr.contains("many"))

        let help = try FormpipeBinary.run(["--help"]).stdout
        for text in ["--state", "--config", "--db", "--set", "Exit codes", "2 usage error", "review", "supersede"] {
            #expect(help.contains(text), "\(text)")
        }
        let version = try FormpipeBinary.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("formpipe "))
    }
}
