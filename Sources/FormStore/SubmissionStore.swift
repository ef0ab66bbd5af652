import FormSchema
import Foundation
import GRDB

/// The SQLite store: one writer at a time, many readers, WAL so readers never wait for the writer.
///
/// Statement arguments stay out of error messages and logs (GRDB's default), so personal data does too.
public final class SubmissionStore: Sendable {
    private let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) and migrates the store. Throws a `StoreError` a person can act on.
    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try StoreMigrations.migrator.migrate(pool)
        } catch {
            throw StoreError(path: path, underlying: String(describing: error))
        }
    }

    // MARK: Runs

    public func beginRun(command: String) throws -> Int64 {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO runs (command, started_at) VALUES (?, ?)", arguments: [command, Self.now()])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ runID: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE runs SET finished_at = ? WHERE id = ?", arguments: [Self.now(), runID])
        }
    }

    // MARK: Intake and load

    /// Records a file before any work is done on it, and says whether it still needs processing.
    public func intake(_ file: IntakeFile, runID: Int64) throws -> IntakeDecision {
        try pool.write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT id, status FROM submissions WHERE sha256 = ? AND source_path = ? ORDER BY id LIMIT 1",
                arguments: [file.sha256, file.sourcePath])
            {
                let id: Int64 = row["id"]
                let status: String = row["status"]
                return status == SubmissionStatus.pending.rawValue ? .process(submissionID: id) : .alreadyDone(submissionID: id)
            }
            let first = try Int64.fetchOne(
                db, sql: "SELECT id FROM submissions WHERE sha256 = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1",
                arguments: [file.sha256])
            try db.execute(
                sql: """
                    INSERT INTO submissions (run_id, source_path, sha256, size, intake_at, status, duplicate_of, processed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    runID, file.sourcePath, file.sha256, file.size, Self.now(),
                    first == nil ? SubmissionStatus.pending.rawValue : SubmissionStatus.duplicate.rawValue,
                    first, first == nil ? nil : Self.now(),
                ])
            let id = db.lastInsertedRowID
            if let first { return .duplicate(submissionID: id, of: first) }
            return .process(submissionID: id)
        }
    }

    /// Writes outcomes, each atomically with its findings; a later submission with the same identity
    /// supersedes the current one (intake order decides which is later).
    public func load(_ outcomes: [Outcome]) throws {
        guard !outcomes.isEmpty else { return }
        try pool.write { db in
            for outcome in outcomes {
                try db.inSavepoint {
                    try Self.write(outcome, in: db)
                    return .commit
                }
            }
        }
    }

    private static func write(_ outcome: Outcome, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE submissions SET status = ?, form = ?, identity = ?, reason = ?, record_json = ?, processed_at = ?
                WHERE id = ?
                """,
            arguments: [
                outcome.status.rawValue, outcome.form, outcome.identity, outcome.reason,
                outcome.record?.serialized(), now(), outcome.submissionID,
            ])
        try db.execute(sql: "DELETE FROM findings WHERE submission_id = ?", arguments: [outcome.submissionID])
        for (position, finding) in outcome.findings.enumerated() {
            try db.execute(
                sql: "INSERT INTO findings (submission_id, position, path, severity, rule, message) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    outcome.submissionID, position, finding.path, finding.severity.rawValue, finding.rule, finding.message,
                ])
        }
        guard let form = outcome.form, let identity = outcome.identity else { return }
        let current = try Int64.fetchAll(
            db,
            sql: """
                SELECT id FROM submissions WHERE form = ? AND identity = ? AND id <> ? AND status IN ('valid', 'invalid')
                """,
            arguments: [form, identity, outcome.submissionID])
        for other in current {
            let (older, newer) = other < outcome.submissionID ? (other, outcome.submissionID) : (outcome.submissionID, other)
            try db.execute(
                sql: "UPDATE submissions SET status = 'superseded', superseded_by = ? WHERE id = ?", arguments: [newer, older])
        }
    }

    // MARK: Reading

    /// Every submission with its findings, in intake order.
    public func allSubmissions() throws -> [StoredSubmission] {
        try pool.read { db in
            var findings: [Int64: [Finding]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT submission_id, path, severity, rule, message FROM findings ORDER BY submission_id, position")
            {
                let severity = Severity(rawValue: row["severity"]) ?? .error
                findings[row["submission_id"], default: []].append(
                    Finding(path: row["path"], severity: severity, rule: row["rule"], message: row["message"]))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM submissions ORDER BY id").map { row in
                let id: Int64 = row["id"]
                let recordText: String? = row["record_json"]
                return StoredSubmission(
                    id: id, sourcePath: row["source_path"], sha256: row["sha256"], intakeAt: row["intake_at"],
                    status: SubmissionStatus(rawValue: row["status"]) ?? .pending, form: row["form"],
                    reason: row["reason"], record: recordText.flatMap { try? JSONValue.parse($0) },
                    findings: findings[id] ?? [], duplicateOf: row["duplicate_of"], supersededBy: row["superseded_by"])
            }
        }
    }

    /// Submissions per form and status (form nil for those never recognised).
    public func countsByFormAndStatus() throws -> [(form: String?, status: SubmissionStatus, count: Int)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT form, status, COUNT(*) AS n FROM submissions GROUP BY form, status ORDER BY form, status"
            ).map { row in
                (row["form"], SubmissionStatus(rawValue: row["status"]) ?? .pending, row["n"])
            }
        }
    }

    static func now() -> String {
        Date().formatted(.iso8601)
    }
}

/// The store could not be opened or written: an operational failure (exit code 1), not a problem of a form.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let underlying: String

    public var description: String { "无法打开数据库 \(path)：\(underlying)" }
}
