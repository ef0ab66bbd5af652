import Foundation
import GRDB
import TestSupport
import Testing

/// Several processes starting on a state folder that has no store yet: one migrates while the others wait.
@Suite struct ConcurrentStartTests {
    @Test func thirtyFirstStartsAtOnceAllSucceedWithOneSetOfTables() throws {
        let root = try TestPaths.temporaryFolder("concurrent-start")
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state")
        let sample = TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx").path
        let processes = try (0..<30).map { _ in
            try FormpipeBinary.start(["batch", sample, "--state", state.path, "--set", "unpack_isolation=in_process"])
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == Array(repeating: 0, count: 30))
        let (tables, migrations, submissions) = try DatabaseQueue(path: state.appendingPathComponent("formpipe.sqlite").path).read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'submissions'"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions") ?? 0
            )
        }
        #expect(tables == ["submissions"])
        #expect(migrations == 10)
        #expect(submissions == 1, "the same file from the same path is one submission, whoever took it in")
    }
}
