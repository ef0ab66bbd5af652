import FormSchema
import Foundation
import GRDB
import TestSupport
import Testing

/// Corrections, duplicates, re-validation and crashes, run through the built command as an office would.
@Suite(.serialized) struct HistoryTests {
    struct Workspace {
        let root: URL
        var state: URL { root.appendingPathComponent("state") }
        var database: URL { state.appendingPathComponent("formpipe.sqlite") }

        init(_ label: String) throws {
            root = try TestPaths.temporaryFolder(label)
        }

        func folder(_ name: String) throws -> URL {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }

        func batch(_ paths: [String], extra: [String] = []) throws -> CommandResult {
            try FormpipeBinary.run(["batch", "--state", state.path] + extra + paths)
        }

        func export() throws -> [JSONValue] {
            let result = try FormpipeBinary.run(["export", "--format", "jsonl", "--state", state.path])
            return try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        }

        func query<T>(_ body: (Database) throws -> T) throws -> T {
            try DatabaseQueue(path: database.path).read(body)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func aCorrectionSupersedesTheFormItCorrects() throws {
        let space = try Workspace("history-correction")
        defer { space.remove() }
        let first = try space.folder("first")
        let second = try space.folder("second")
        try SyntheticForms.studyPlan(name: "钱七", totalHours: 80).write(to: first.appendingPathComponent("学习计划-钱七.docx"))
        try SyntheticForms.studyPlan(name: "钱七", totalHours: 112).write(to: second.appendingPathComponent("学习计划-钱七（修改）.docx"))

        #expect(try space.batch([first.path]).status == 0)
        #expect(try space.export().map { $0["status"] } == ["invalid"])
        #expect(try space.batch([second.path]).status == 0)

        let lines = try space.export()
        #expect(lines.map { $0["status"] } == ["superseded", "valid"])
        let (rows, linked) = try space.query { db in
            (
                try Row.fetchAll(db, sql: "SELECT submission_id, status, total_hours FROM study_plan"),
                try Int64.fetchOne(db, sql: "SELECT superseded_by FROM submissions WHERE id = 1")
            )
        }
        #expect(rows.count == 1, "the typed table holds only the current record of the identity")
        #expect(rows.first?["submission_id"] == 2)
        #expect(rows.first?["total_hours"] == 112.0)
        #expect(linked == 2, "the superseded submission points at its correction")
    }

    @Test func withinOneRunTheLaterFormDateIsTheCorrection() throws {
        let space = try Workspace("history-same-run")
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        // Sorted by name, "a" comes first, but it is the later form.
        try SyntheticForms.studyPlan(name: "孙八", totalHours: 112, filledOn: "2017年6月30日").write(to: inbox.appendingPathComponent("a.docx"))
        try SyntheticForms.studyPlan(name: "孙八", totalHours: 80, filledOn: "2017年6月1日").write(to: inbox.appendingPathComponent("b.docx"))
        #expect(try space.batch([inbox.path]).status == 0)
        let byFile = Dictionary(uniqueKeysWithValues: try space.export().map { ($0["file"]?.stringValue ?? "", $0["status"]) })
        #expect(byFile[inbox.appendingPathComponent("a.docx").path] == "valid")
        #expect(byFile[inbox.appendingPathComponent("b.docx").path] == "superseded")
    }

    @Test func identicalBytesUnderOtherNamesAreDuplicatesOfTheFirst() throws {
        let space = try Workspace("history-duplicates")
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        let bytes = SyntheticForms.studyPlan(name: "周九")
        try bytes.write(to: inbox.appendingPathComponent("1.docx"))
        try bytes.write(to: inbox.appendingPathComponent("2-副本.docx"))
        #expect(try space.batch([inbox.path]).status == 0)
        let later = try space.folder("later")
        try bytes.write(to: later.appendingPathComponent("再次提交.docx"))
        #expect(try space.batch([later.path]).status == 0)
        #expect(try space.export().map { $0["status"] } == ["valid", "duplicate", "duplicate"])
        let pointers = try space.query { db in try Int64?.fetchAll(db, sql: "SELECT duplicate_of FROM submissions ORDER BY id") }
        #expect(pointers == [nil, 1, 1])
    }

    @Test func aFormWithoutItsIdentityIsStillStoredAsInvalid() throws {
        let space = try Workspace("history-no-identity")
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        try SyntheticForms.studyPlan(name: "").write(to: inbox.appendingPathComponent("无名.docx"))
        #expect(try space.batch([inbox.path]).status == 0)
        let line = try #require(try space.export().first)
        #expect(line["status"] == "invalid")
        #expect(line["findings"]?.arrayValue?.contains { $0["path"] == "name" && $0["rule"] == "required" } == true)
    }

    @Test func revalidateAfterASchemaChangeReportsWhatChanged() throws {
        let space = try Workspace("history-revalidate")
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        try SyntheticForms.studyPlan(name: "吴十", totalHours: 112).write(to: inbox.appendingPathComponent("吴十.docx"))
        try SyntheticForms.studyPlan(name: "郑一", totalHours: 130).write(to: inbox.appendingPathComponent("郑一.docx"))
        #expect(try space.batch([inbox.path]).status == 0)

        // The office tightens the rule mid-year: 120 hours instead of 110.
        let schemas = try space.folder("Schemas")
        for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.repositoryRoot.appendingPathComponent("Schemas").path) {
            var text = try String(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Schemas/\(name)"), encoding: .utf8)
            if name.hasPrefix("study_plan") {
                text = text.replacingOccurrences(of: "\"type\": \"number\", \"minimum\": 110", with: "\"type\": \"number\", \"minimum\": 120")
            }
            try text.write(to: schemas.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let result = try FormpipeBinary.run(
            ["revalidate", "--form", "study_plan", "--state", space.state.path, "--set", "schemas_dir=\(schemas.path)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("重新校验 2 份提交"))
        #expect(result.stdout.contains("变为需整改 1"))
        #expect(result.stdout.contains("吴十.docx"))
        #expect(!result.stdout.contains("郑一.docx"))
        let recorded = try space.query { db in
            (
                try String.fetchAll(db, sql: "SELECT command FROM runs ORDER BY id"),
                try Row.fetchAll(db, sql: "SELECT status_before, status_after, findings_added FROM revalidation_changes")
            )
        }
        #expect(recorded.0 == ["batch", "revalidate --form study_plan"])
        #expect(recorded.1.count == 1)
        #expect(recorded.1.first?["status_after"] == "invalid")
        #expect((recorded.1.first?["findings_added"] as String?)?.contains("total_hours") == true)
    }

    @Test func killedBatchesResumeWithExactlyOneOutcomePerFile() throws {
        let space = try Workspace("history-crash")
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        let count = 600
        for index in 0..<count {
            let name = "党员\(index)"
            let bytes = index % 10 == 3 ? Data("不是表格 \(index)".utf8) : SyntheticForms.studyPlan(name: name, totalHours: 100 + index % 30)
            try bytes.write(to: inbox.appendingPathComponent(String(format: "%04d.docx", index)))
        }
        // Kill moments spread over the time one whole batch takes on this machine, measured first. Each round
        // kills three runs early enough that work always remains (three kills add up to at most 60% of a
        // whole run, which also spends its last part on the reports), then lets a last run finish and checks.
        let started = Date()
        #expect(try FormpipeBinary.run(["batch", "--state", space.root.appendingPathComponent("timing").path, inbox.path]).status == 0)
        let wholeRun = Date().timeIntervalSince(started)
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for round in 0..<4 {
            let state = space.root.appendingPathComponent("state-\(round)")
            for _ in 0..<3 {
                let process = try FormpipeBinary.start(["batch", "--state", state.path, inbox.path])
                usleep(UInt32(wholeRun * Double.random(in: 0.03...0.2, using: &generator) * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                if process.terminationReason == .uncaughtSignal { kills += 1 }
            }
            let database = state.appendingPathComponent("formpipe.sqlite").path
            // A run killed while it created the store leaves a file without its tables (yet): nothing done.
            let doneBeforeFinal =
                FileManager.default.fileExists(atPath: database)
                ? try DatabaseQueue(path: database).read { db in
                    try db.tableExists("submissions")
                        ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions WHERE status <> 'pending'") ?? 0 : 0
                }
                : 0
            #expect(doneBeforeFinal < count, "the kills must leave work to resume")
            let final = try FormpipeBinary.run(["batch", "--state", state.path, inbox.path])
            #expect(final.status == 0, "\(final.stderr)")
            let (paths, pending, integrity) = try DatabaseQueue(path: database).read { db in
                (
                    try String.fetchAll(db, sql: "SELECT source_path FROM submissions"),
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions WHERE status = 'pending'"),
                    try String.fetchOne(db, sql: "PRAGMA integrity_check")
                )
            }
            #expect(paths.count == count, "every file exactly once, none twice, none lost (round \(round))")
            #expect(Set(paths).count == count)
            #expect(pending == 0)
            #expect(integrity == "ok")
        }
        #expect(kills >= 10, "at least ten runs were killed while working")
    }

    @Test func twoProcessesOnOneStoreTakeEachFileOnce() async throws {
        let space = try Workspace("history-concurrent")
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        for index in 0..<120 {
            try SyntheticForms.studyPlan(name: "并发\(index)").write(to: inbox.appendingPathComponent(String(format: "%03d.docx", index)))
        }
        async let first = Task.detached { try space.batch([inbox.path]) }.value
        async let second = Task.detached { try space.batch([inbox.path]) }.value
        let results = try await [first, second]
        for result in results {
            #expect(result.status == 0)
            #expect(!result.stderr.contains("locked"), "\(result.stderr)")
        }
        let (rows, distinct, pending) = try space.query { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions"),
                try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT source_path) FROM submissions"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions WHERE status = 'pending'")
            )
        }
        #expect(rows == 120)
        #expect(distinct == 120)
        #expect(pending == 0)
        let processedTwice = results.map { $0.stdout }.filter { $0.contains("本次处理 120 个文件") }
        #expect(processedTwice.count <= 1, "no file is processed by both processes")
    }

    /// An original and its corrected copy in one batch, with the same form date: the version mark in the name
    /// decides (马振华.docx sorts after 马振华-v2.docx), the summary says which superseded which, and the clerk
    /// can set a wrong choice right with `supersede`.
    @Test func aVersionMarkInTheNameDecidesWithinOneBatchAndTheClerkCanOverrule() throws {
        let space = try Workspace("history-version")
        defer { space.remove() }
        let inbox = try space.folder("inbox")
        try SyntheticForms.studyPlan(name: "马振华", totalHours: 80).write(to: inbox.appendingPathComponent("马振华.docx"))
        try SyntheticForms.studyPlan(name: "马振华", totalHours: 112).write(to: inbox.appendingPathComponent("马振华-v2.docx"))
        let batch = try space.batch([inbox.path])
        #expect(batch.status == 0)
        #expect(batch.stdout.contains("已更正：\(inbox.path)/马振华.docx → \(inbox.path)/马振华-v2.docx"), "\(batch.stdout)")
        // Taken in by path order: 马振华-v2.docx (1) sorts before 马振华.docx (2).
        var lines = try space.export()
        #expect(lines.map { $0["status"] } == ["valid", "superseded"], "the v2 copy is the correction")

        let overrule = try FormpipeBinary.run(["supersede", "1", "2", "--by", "王文书", "--state", space.state.path])
        #expect(overrule.status == 0, "\(overrule.stderr)")
        lines = try space.export()
        #expect(lines.map { $0["status"] } == ["superseded", "invalid"])
        let (history, typed) = try space.query { db in
            (
                try Row.fetchOne(db, sql: "SELECT earlier_id, later_id, who FROM clerk_supersessions"),
                try Row.fetchAll(db, sql: "SELECT submission_id, total_hours FROM study_plan")
            )
        }
        #expect(history?["earlier_id"] == 1)
        #expect(history?["later_id"] == 2)
        #expect(history?["who"] == "王文书")
        #expect(typed.count == 1)
        #expect(typed.first?["submission_id"] == 2, "the typed table follows the clerk's choice")

        // A later revalidation reloads both and keeps the clerk's choice.
        #expect(try FormpipeBinary.run(["revalidate", "--state", space.state.path]).status == 0)
        #expect(try space.export().map { $0["status"] } == ["superseded", "invalid"])
        let wrong = try FormpipeBinary.run(["supersede", "1", "99", "--state", space.state.path])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("没有这份提交"))
    }
}
