import FormSchema
import Foundation
import GRDB
import TestSupport
import Testing

@testable import FormStore

@Suite struct SubmissionStoreTests {
    func makeStore() throws -> (SubmissionStore, URL) {
        let folder = try TestPaths.temporaryFolder("store")
        return (try SubmissionStore(path: folder.appendingPathComponent("formpipe.sqlite").path), folder)
    }

    func valid(_ id: Int64, identity: String?, name: String) -> Outcome {
        Outcome(
            submissionID: id, form: "study_plan", status: .valid, reason: nil, record: ["name": .string(name)],
            identity: identity, findings: [])
    }

    @Test func onlyAStoreOpenedMappedReadsThroughAMapping() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try store.read { try Int.fetchOne($0, sql: "PRAGMA mmap_size") } == 0, "a batch's resident size holds no mapped store")
        let mapped = try SubmissionStore(path: store.path, mapped: true)
        #expect(try mapped.read { try Int.fetchOne($0, sql: "PRAGMA mmap_size") } == 256 << 20)
    }

    @Test func intakeRecognisesRepeatsAndDuplicates() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try store.beginRun(command: "test")
        let file = IntakeFile(sourcePath: "a.docx", sha256: "abc", size: 10)
        guard case .process(let id) = try store.intake(file, runID: run) else {
            Issue.record("a new file must be processed")
            return
        }
        let database = try DatabaseQueue(path: store.path)
        // Pending and claimed by a live process (pid 1 always lives): left to it.
        try database.write { try $0.execute(sql: "UPDATE submissions SET claim_pid = 1") }
        #expect(try store.intake(file, runID: run) == .inProgressElsewhere(submissionID: id))
        #expect(try store.claimResumable().isEmpty)
        // Pending after its process died: resumed, not taken in twice.
        try database.write { try $0.execute(sql: "UPDATE submissions SET claim_pid = 2147483000") }
        #expect(try store.intake(file, runID: run) == .process(submissionID: id))
        try store.load([valid(id, identity: nil, name: "甲")])
        #expect(try store.intake(file, runID: run) == .alreadyDone(submissionID: id))
        let copy = try store.intake(IntakeFile(sourcePath: "copy of a.docx", sha256: "abc", size: 10), runID: run)
        guard case .duplicate(let copyID, let first, _) = copy else {
            Issue.record("the same bytes under another name must be a duplicate, got \(copy)")
            return
        }
        #expect(first == id)
        let stored = try store.allSubmissions()
        #expect(stored.map(\.status) == [.valid, .duplicate])
        #expect(stored.last?.id == copyID)
        #expect(stored.last?.duplicateOf == id)
    }

    @Test func loadWritesRecordAndFindingsTogether() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try store.beginRun(command: "test")
        guard case .process(let id) = try store.intake(IntakeFile(sourcePath: "b.docx", sha256: "b", size: 1), runID: run) else {
            Issue.record("not processed")
            return
        }
        let finding = Finding(path: "total_hours", severity: .error, rule: "minimum", message: "学时合计为 80，每年应不少于 110 学时")
        try store.load([
            Outcome(
                submissionID: id, form: "study_plan", status: .invalid, reason: nil, record: ["total_hours": 80],
                identity: nil, findings: [finding])
        ])
        let stored = try #require(try store.allSubmissions().first)
        #expect(stored.status == .invalid)
        #expect(stored.record?["total_hours"] == 80)
        #expect(stored.findings == [finding])
    }

    @Test func laterSubmissionWithSameIdentitySupersedesEarlier() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try store.beginRun(command: "test")
        var ids: [Int64] = []
        for (index, name) in ["v1.docx", "v2.docx", "other.docx"].enumerated() {
            if case .process(let id) = try store.intake(IntakeFile(sourcePath: name, sha256: "h\(index)", size: 1), runID: run) {
                ids.append(id)
            }
        }
        try store.load([valid(ids[0], identity: "[2017,\"甲\"]", name: "甲")])
        try store.load([valid(ids[1], identity: "[2017,\"甲\"]", name: "甲")])
        try store.load([valid(ids[2], identity: "[2017,\"乙\"]", name: "乙")])
        let stored = try store.allSubmissions()
        #expect(stored.map(\.status) == [.superseded, .valid, .valid])
        #expect(stored.first?.supersededBy == ids[1])
    }

    @Test func manyCorrectionsOfOneIdentityLeaveOnlyTheLatestCurrentAndTheLookupSkipsSupersededRows() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try store.beginRun(command: "test")
        var ids: [Int64] = []
        for index in 0..<6 {
            guard case .process(let id) = try store.intake(IntakeFile(sourcePath: "v\(index).docx", sha256: "c\(index)", size: 1), runID: run)
            else { continue }
            ids.append(id)
            try store.load([valid(id, identity: "[2017,\"甲\"]", name: "甲")])
        }
        let stored = try store.allSubmissions()
        #expect(stored.map(\.status) == [.superseded, .superseded, .superseded, .superseded, .superseded, .valid])
        // Each version was superseded by the correction that came after it.
        #expect(stored.dropLast().map(\.supersededBy) == ids.dropFirst().map { Optional($0) })
        // The lookup goes through the partial index of current submissions, not every version of the identity.
        let queue = try DatabaseQueue(path: store.path)
        let plan = try queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SubmissionStore.correctionCandidatesSQL, arguments: ["f", "i", 1])
                .map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("submissions_current_identity") }, "\(plan)")
    }

    /// Loading updates a submission's row, and with it every index on a changed column: only the indexes a reader
    /// uses are kept, and resuming finds pending submissions through the small partial index of pending ones.
    @Test func submissionsCarryOnlyTheIndexesThatAreReadAndPendingOnesAreFoundByTheirOwn() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let queue = try DatabaseQueue(path: store.path)
        let (indexes, plan) = try queue.read { db in
            (
                try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'submissions' AND sql IS NOT NULL ORDER BY name"),
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SubmissionStore.pendingSQL).map { $0["detail"] as String? ?? "" }
            )
        }
        // submissions_duplicates: a loaded outcome is copied to the duplicates of its submission; submissions_parts:
        // the other forms of a file are loaded into the submissions made for them.
        #expect(
            indexes == [
                "submissions_current_identity", "submissions_duplicates", "submissions_parts", "submissions_path", "submissions_pending",
                "submissions_sha256",
            ])
        #expect(plan.contains { $0.contains("submissions_pending") }, "\(plan)")
    }

    @Test func anInterruptedSubmissionIsStillFoundToResumeAfterTheIndexChange() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try store.beginRun(command: "test")
        guard case .process(let pending) = try store.intake(IntakeFile(sourcePath: "p.docx", sha256: "p1", size: 1), runID: run),
            case .process(let loaded) = try store.intake(IntakeFile(sourcePath: "l.docx", sha256: "l1", size: 1), runID: run)
        else {
            Issue.record("both files should be taken in")
            return
        }
        try store.load([valid(loaded, identity: "[2024,\"乙\"]", name: "乙")])
        // Claimed by a process that is gone (a pid above any pid_max), so it is stale and resumable.
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in try db.execute(sql: "UPDATE submissions SET claim_pid = 2147483646 WHERE id = ?", arguments: [pending]) }
        #expect(try store.claimResumable().map(\.id) == [pending])
    }

    @Test func unusableDatabasePathIsAStoreError() {
        #expect(throws: StoreError.self) { try SubmissionStore(path: "/proc/no/such/formpipe.sqlite") }
    }

    @Test func timestampsAreWhatFoundationsISO8601FormatWrites() {
        // Taken twice around the formatter so a second ticking over between them cannot fail the test.
        for _ in 0..<3 {
            let before = SubmissionStore.now()
            let reference = Date().formatted(.iso8601)
            if before == SubmissionStore.now() {
                #expect(before == reference)
                #expect(before.count == 20 && before.hasSuffix("Z"))
                return
            }
        }
        Issue.record("the clock ticked over three times in a row")
    }

    /// A store from before rejection codes keeps its rejections (their code unknown, not guessed); a rejection
    /// loaded after the upgrade keeps its code, in the full listing and in the report snapshot alike.
    @Test func aStoreFromBeforeRejectionCodesUpgradesAndKeepsTheCodeOfEachNewRejection() throws {
        let folder = try TestPaths.temporaryFolder("store-v7")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("formpipe.sqlite").path
        let old = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v7: the forms of a file that holds several")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, command, started_at) VALUES (1, 'batch', '2026-11-01T08:00:00Z');
                    INSERT INTO submissions (run_id, source_path, sha256, size, intake_at, status, reason)
                    VALUES (1, 'old.docx', 'aaa', 3, '2026-11-01T08:00:00Z', 'rejected', '文件已加密，请提交未加密版本')
                    """)
        }
        try old.close()
        let store = try SubmissionStore(path: path)
        let run = try store.beginRun(command: "test")
        guard case .process(let id) = try store.intake(IntakeFile(sourcePath: "new.pdf", sha256: "bbb", size: 3), runID: run) else {
            Issue.record("a new file must be processed")
            return
        }
        try store.load([.rejected(id, reason: "PDF 文件已损坏，无法打开", code: "damaged")])
        let listed = try store.allSubmissions()
        #expect(listed.map(\.reasonCode) == [nil, "damaged"])
        #expect(listed.first?.reason == "文件已加密，请提交未加密版本")
        var walked: [String?] = []
        try store.withSnapshot { snapshot in try snapshot.forEachSubmission(records: false) { walked.append($0.reasonCode) } }
        #expect(walked == [nil, "damaged"])
    }
}
