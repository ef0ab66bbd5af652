public import FormSchema
import Foundation
import GRDB

/// The SQLite store: one writer at a time, many readers, WAL so readers never wait for the writer.
///
/// Several formpipe processes may share it (a watch running while a clerk runs batch): writes are
/// transactions GRDB opens IMMEDIATE, behind a busy timeout, and a pending submission is claimed by the process working
/// on it, so no two processes work on one file. Statement arguments stay out of error messages and logs
/// (GRDB's default), so personal data does too.
public final class SubmissionStore: Sendable {
    private let pool: DatabasePool
    private let tables: FormTables
    public let path: String

    /// Opens (creating if needed) and migrates the store; with a catalog, also the per-form tables.
    ///
    /// `mapped` reads the file through a memory mapping instead of a copy per page: for a long-running server whose
    /// pages walk the whole store again and again (under the portal's load a quarter of the process's time was the
    /// kernel copying pages its 2 MB cache had let go). Not for a batch: the mapped pages count in its resident
    /// size (+55 MiB over 10,000 files) and it reads each page about once.
    public init(path: String, catalog: SchemaCatalog? = nil, mapped: Bool = false) throws(StoreError) {
        self.path = path
        tables = FormTables(forms: catalog?.forms ?? [])
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Temporary tables and sort spills in memory: on disk each was a file created and removed in /var/tmp.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            if mapped { try db.execute(sql: "PRAGMA mmap_size = 268435456") }
        }
        do {
            // Two processes starting on a new store at once would both see no migrations applied and both run
            // them ("table runs already exists"): one migrates under an exclusive lock while the other waits,
            // then finds everything applied.
            let lock: FileLock
            do {
                lock = try FileLock(path: path + ".lock")
            } catch {
                throw StoreError(path: path, underlying: error.description)
            }
            defer { lock.release() }
            pool = try Self.openPool(path: path, configuration: configuration)
            try StoreMigrations.migrator.migrate(pool)
            let tables = self.tables
            try pool.write { db in try tables.migrate(db) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, underlying: String(describing: error))
        }
    }

    /// Two processes opening a new store at the same moment: the one that did not create it can get SQLITE_BUSY from
    /// `PRAGMA journal_mode = WAL` without SQLite ever calling the busy handler (waiting there could deadlock), so
    /// opening is tried again for a few seconds. Seen under ASan (`make test-asan`), whose slower start-up lines the
    /// two up: HistoryTests.twoProcessesOnOneStoreTakeEachFileOnce failed one run in three.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline {
                usleep(50_000)
            }
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T { try pool.write(body) }
    var tablesForWriting: FormTables { tables }

    /// Works the corrections of an identity out again and writes the typed row of the one left current.
    static func settleCorrections(of id: Int64, form: String, identity: String, in db: Database, tables: FormTables) throws {
        guard try resolveCorrections(of: id, form: form, identity: identity, in: db, tables: tables) else { return }
        let row = try Row.fetchOne(db, sql: "SELECT status, record_json FROM submissions WHERE id = ?", arguments: [id])
        let text: String? = row?["record_json"]
        guard let row, let text, let record = try? JSONValue.parse(text) else { return }
        try tables.remove(submission: id, form: form, in: db)
        try tables.write(submission: id, form: form, status: SubmissionStatus(rawValue: row["status"]) ?? .valid, record: record, in: db)
    }
    func read<T>(_ body: (Database) throws -> T) throws -> T { try pool.read(body) }

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

    // MARK: Intake

    static let processID = Int64(getpid())

    /// True when the claim belongs to a process that is gone (killed, crashed, finished), so its work is free.
    static func isStale(claimPID: Int64?) -> Bool {
        guard let claimPID, claimPID > 0 else { return true }
        if claimPID == processID { return false }
        return kill(pid_t(claimPID), 0) != 0 && errno == ESRCH
    }

    /// Records a file before any work is done on it, and says whether this process should process it.
    public func intake(_ file: IntakeFile, runID: Int64) throws -> IntakeDecision {
        try intake([file], runID: runID)[0]
    }

    /// Records files in one transaction (each still its own row, decided in order), before any work on them.
    public func intake(_ files: [IntakeFile], runID: Int64) throws -> [IntakeDecision] {
        guard !files.isEmpty else { return [] }
        return try pool.write { db in try files.map { try Self.intake($0, runID: runID, in: db) } }
    }

    private static func intake(_ file: IntakeFile, runID: Int64, in db: Database) throws -> IntakeDecision {
        if let upload = file.upload { try record(upload, sourcePath: file.sourcePath, in: db) }
        if let archived = file.archived {
            // The first copy archived wins; a second copy of the same bytes (another process, same moment) is
            // left unreferenced in its pack.
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO archive_entries (sha256, pack, offset, length) VALUES (?, ?, ?, ?)")
                .execute(arguments: [file.sha256, archived.pack, archived.offset, archived.length])
        }
        if let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT id, status, claim_pid FROM submissions WHERE source_path = ? AND sha256 = ? ORDER BY id LIMIT 1"),
            arguments: [file.sourcePath, file.sha256])
        {
            let id: Int64 = row["id"]
            guard row["status"] == SubmissionStatus.pending.rawValue else { return .alreadyDone(submissionID: id) }
            guard isStale(claimPID: row["claim_pid"]) else { return .inProgressElsewhere(submissionID: id) }
            try claim(id, in: db)
            return .process(submissionID: id)
        }
        // A duplicate shows its first submission's form, identity and record (none yet while that is pending;
        // loading its outcome copies them then).
        let firstRow = try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT id, form, identity, record_json, source_path FROM submissions WHERE sha256 = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1"
            ),
            arguments: [file.sha256])
        let first: Int64? = firstRow?[0]
        let now = now()
        try db.cachedStatement(
            sql: """
                INSERT INTO submissions (run_id, source_path, sha256, size, intake_at, status, duplicate_of,
                                         processed_at, claim_pid, claim_at, form, identity, record_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            runID, file.sourcePath, file.sha256, file.size, now,
            first == nil ? SubmissionStatus.pending.rawValue : SubmissionStatus.duplicate.rawValue,
            first, first == nil ? nil : now, first == nil ? processID : nil, first == nil ? now : nil,
            firstRow?[1] as String?, firstRow?[2] as String?, firstRow?[3] as String?,
        ])
        let id = db.lastInsertedRowID
        if let first, let firstRow { return .duplicate(submissionID: id, of: first, firstPath: firstRow[4]) }
        return .process(submissionID: id)
    }

    private static func claim(_ id: Int64, in db: Database) throws {
        try db.execute(
            sql: "UPDATE submissions SET claim_pid = ?, claim_at = ? WHERE id = ?", arguments: [processID, now(), id])
    }

    /// Where the original with this hash lies in the archive packs; nil when it is not in a pack (archived
    /// before packs, as a file named by its hash, or never archived).
    public func archiveLocation(of sha256: String) throws -> ArchiveLocation? {
        try pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT pack, offset, length FROM archive_entries WHERE sha256 = ?"), arguments: [sha256]
            ).map { ArchiveLocation(pack: $0["pack"], offset: $0["offset"], length: $0["length"]) }
        }
    }

    /// Which of these hashes have an original in an archive pack: one read for a whole intake group, since a
    /// read per file began a transaction and re-read index pages the writer had just changed.
    public func archivedHashes(among hashes: [String]) throws -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try pool.read { db in
            var found = Set<String>()
            // SQLite allows a limited number of arguments per statement.
            for start in stride(from: 0, to: hashes.count, by: 500) {
                let slice = Array(hashes[start..<min(hashes.count, start + 500)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                found.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT sha256 FROM archive_entries WHERE sha256 IN (\(marks))", arguments: StatementArguments(slice)))
            }
            return found
        }
    }

    /// Pending submissions, through the partial index of pending ones (migration v4).
    static let pendingSQL = "SELECT id, source_path, sha256, claim_pid FROM submissions WHERE status = 'pending' ORDER BY id"

    /// Claims every submission an interrupted run left pending, to process again from the archive.
    public func claimResumable() throws -> [ResumableSubmission] {
        try pool.write { db in try Self.claimResumable(in: db) }
    }

    /// Begins a run and claims what interrupted runs left pending, in one transaction: a portal begins a run per
    /// upload, twenty at a time, and each transaction waits its turn for the writer.
    public func beginRunClaimingResumable(command: String) throws -> (runID: Int64, resumable: [ResumableSubmission]) {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO runs (command, started_at) VALUES (?, ?)", arguments: [command, Self.now()])
            let runID = db.lastInsertedRowID
            return (runID, try Self.claimResumable(in: db))
        }
    }

    private static func claimResumable(in db: Database) throws -> [ResumableSubmission] {
        var resumable: [ResumableSubmission] = []
        for row in try Row.fetchAll(db, sql: Self.pendingSQL) where Self.isStale(claimPID: row["claim_pid"]) {
            let id: Int64 = row["id"]
            try Self.claim(id, in: db)
            resumable.append(ResumableSubmission(id: id, sourcePath: row["source_path"], sha256: row["sha256"]))
        }
        return resumable
    }

    // MARK: Load

    /// Writes outcomes in one transaction, each with its findings, its place in history and the form's typed
    /// tables: all of them or, on any error, none (no savepoint per outcome: an error rolls the whole
    /// transaction back anyway, and each savepoint's journal spilled to a temporary file).
    public func load(_ outcomes: [Outcome]) throws {
        guard !outcomes.isEmpty else { return }
        let tables = self.tables
        try pool.write { db in
            // The clerk's choices between versions are looked up only in a store where the clerk has made some.
            let clerkHasChosen = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM clerk_supersessions)") ?? true
            // Likewise the byte duplicates, which take their first submission's reading (intake, which makes
            // them, cannot run inside this transaction).
            let storeHasDuplicates = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM submissions WHERE duplicate_of IS NOT NULL)") ?? true
            for outcome in outcomes {
                try Self.write(outcome, in: db, tables: tables, clerkHasChosen: clerkHasChosen, storeHasDuplicates: storeHasDuplicates)
            }
            // A file read whole again (revalidate, review) may hold fewer forms than before: the parts it no
            // longer has are not silently kept current. (Most stores hold no file of several forms at all.)
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM submissions WHERE parent_id IS NOT NULL)") ?? true else { return }
            for (file, parts) in Dictionary(grouping: outcomes, by: \.submissionID) where parts.contains(where: { $0.partIndex == 0 }) {
                try Self.retireParts(of: file, keeping: parts.compactMap(\.part), in: db, tables: tables)
            }
        }
    }

    private static func retireParts(of file: Int64, keeping names: [String], in db: Database, tables: FormTables) throws {
        let stale = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, form, part FROM submissions WHERE parent_id = ? AND status != 'rejected'"), arguments: [file]
        ).filter { !names.contains($0["part"] as String? ?? "") }
        for row in stale {
            let id: Int64 = row["id"]
            try tables.remove(submission: id, form: row["form"], in: db)
            try db.execute(sql: "DELETE FROM findings WHERE submission_id = ?", arguments: [id])
            try db.execute(
                sql: """
                    UPDATE submissions SET status = 'rejected', reason = ?, reason_code = 'part-gone', record_json = NULL,
                        identity = NULL, superseded_by = NULL WHERE id = ?
                    """,
                arguments: ["重新读取文件时，文件中已没有这一份表格", id])
        }
    }

    private static func write(
        _ outcome: Outcome, in db: Database, tables: FormTables, clerkHasChosen: Bool, storeHasDuplicates: Bool
    ) throws {
        let id = try rowID(for: outcome, in: db)
        let recordJSON = outcome.record?.serialized()
        let previousForm = try String.fetchOne(
            db.cachedStatement(sql: "SELECT form FROM submissions WHERE id = ?"), arguments: [id])
        try tables.remove(submission: id, form: previousForm, in: db)
        try db.cachedStatement(
            sql: """
                UPDATE submissions SET status = ?, form = ?, identity = ?, form_date = ?, reason = ?, reason_code = ?,
                    record_json = ?, processed_at = ?, superseded_by = NULL, claim_pid = NULL, claim_at = NULL, part = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            outcome.status.rawValue, outcome.form, outcome.identity, outcome.formDate, outcome.reason, outcome.reasonCode,
            recordJSON, now(), outcome.part, id,
        ])
        try db.cachedStatement(sql: "DELETE FROM findings WHERE submission_id = ?").execute(arguments: [id])
        let insertFinding = try db.cachedStatement(
            sql: "INSERT INTO findings (submission_id, position, path, severity, rule, message, source) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (position, finding) in outcome.findings.enumerated() {
            try insertFinding.execute(arguments: [
                id, position, finding.path, finding.severity.rawValue, finding.rule, finding.message, finding.source.rawValue,
            ])
        }
        // A byte duplicate is the same form: it shows the form, identity and record of its first submission.
        if storeHasDuplicates {
            try db.cachedStatement(
                sql: "UPDATE submissions SET form = ?, identity = ?, record_json = ? WHERE duplicate_of = ? AND status = 'duplicate'"
            ).execute(arguments: [outcome.form, outcome.identity, recordJSON, id])
        }
        var current = outcome.status.isCurrentForm
        if current, let form = outcome.form, let identity = outcome.identity {
            current = try resolveCorrections(of: id, form: form, identity: identity, in: db, tables: tables, clerkHasChosen: clerkHasChosen)
        }
        if current, let record = outcome.record {
            try tables.write(submission: id, form: outcome.form, status: outcome.status, record: record, in: db)
        }
    }

    /// The submission an outcome is loaded into: the file's own for its first part, else the one made for that
    /// part of the file (by its name), made now when the file is read for the first time.
    private static func rowID(for outcome: Outcome, in db: Database) throws -> Int64 {
        guard outcome.partIndex > 0, let part = outcome.part else { return outcome.submissionID }
        if let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM submissions WHERE parent_id = ? AND part = ?"), arguments: [outcome.submissionID, part])
        {
            return existing
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO submissions (run_id, source_path, sha256, size, intake_at, status, parent_id, part)
                SELECT run_id, source_path, sha256, size, intake_at, 'pending', id, ? FROM submissions WHERE id = ?
                """
        ).execute(arguments: [part, outcome.submissionID])
        return db.lastInsertedRowID
    }

    /// The current submissions of one identity (form, identity: through the partial index of current ones, so
    /// superseded versions are not read) and the one being loaded (id), which is among the first when current:
    /// UNION ALL, as UNION's removal of that duplicate built a temporary b-tree per outcome.
    static let correctionCandidatesSQL = """
        SELECT id, run_id, COALESCE(form_date, ''), source_path FROM submissions
        WHERE form = ? AND identity = ? AND status IN ('valid', 'invalid', 'review')
        UNION ALL
        SELECT id, run_id, COALESCE(form_date, ''), source_path FROM submissions WHERE id = ?
        """

    /// Among current submissions with one identity, the latest stays current and the others become superseded.
    /// Later means: the one the clerk named as the correction (`supersede`); taken in by a later run; within a
    /// run, the later form date; then the higher version mark in the file name (`VersionMark`); then the later
    /// file name.
    /// Returns whether `id` is still current.
    private static func resolveCorrections(
        of id: Int64, form: String, identity: String, in db: Database, tables: FormTables, clerkHasChosen: Bool = true
    ) throws -> Bool {
        struct Candidate: Comparable {
            let id: Int64
            /// +1 for a submission the clerk named as a correction, -1 for one the clerk named as corrected.
            let clerk: Int
            let run: Int64
            let date: String
            let path: String
            /// The file names' version marks are read only when all before them tie: most rivals differ by run.
            static func < (a: Candidate, b: Candidate) -> Bool {
                let (first, second) = ((a.clerk, a.run, a.date), (b.clerk, b.run, b.date))
                if first != second { return first < second }
                let (rankA, rankB) = (VersionMark.rank(ofPath: a.path), VersionMark.rank(ofPath: b.path))
                return (rankA, a.path, a.id) < (rankB, b.path, b.id)
            }
        }
        var seen = Set<Int64>()
        let rows = try Row.fetchAll(db.cachedStatement(sql: correctionCandidatesSQL), arguments: [form, identity, id])
            .filter { seen.insert($0[0]).inserted }
        // Most identities have one submission: the clerk's choices are looked up only where there is a choice.
        var clerk: [Int64: Int] = [:]
        if rows.count > 1 && clerkHasChosen {
            let ids = rows.map { $0[0] as Int64 }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            for pair in try Row.fetchAll(
                db, sql: "SELECT earlier_id, later_id FROM clerk_supersessions WHERE earlier_id IN (\(marks)) OR later_id IN (\(marks)) ORDER BY id",
                arguments: StatementArguments(ids + ids))
            {
                clerk[pair[0]] = -1
                clerk[pair[1]] = 1
            }
        }
        let candidates = rows.map { row in
            Candidate(
                id: row[0], clerk: clerk[row[0]] ?? 0, run: row[1], date: row[2], path: row[3])
        }
        guard let latest = candidates.max() else { return true }
        for candidate in candidates where candidate.id != latest.id {
            try db.cachedStatement(sql: "UPDATE submissions SET status = 'superseded', superseded_by = ? WHERE id = ?")
                .execute(arguments: [latest.id, candidate.id])
            try tables.remove(submission: candidate.id, form: form, in: db)
        }
        return latest.id == id
    }

    // MARK: Revalidation

    /// One submission's change in a revalidation run.
    public struct RevalidationChange: Sendable {
        public let submissionID: Int64
        public let statusBefore: SubmissionStatus
        public let statusAfter: SubmissionStatus
        public let findingsAdded: [String]
        public let findingsCleared: [String]

        public init(
            submissionID: Int64, statusBefore: SubmissionStatus, statusAfter: SubmissionStatus, findingsAdded: [String],
            findingsCleared: [String]
        ) {
            self.submissionID = submissionID
            self.statusBefore = statusBefore
            self.statusAfter = statusAfter
            self.findingsAdded = findingsAdded
            self.findingsCleared = findingsCleared
        }
    }

    public func recordRevalidation(runID: Int64, changes: [RevalidationChange]) throws {
        try pool.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO revalidation_changes
                        (run_id, submission_id, status_before, status_after, findings_added, findings_cleared)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for change in changes {
                try statement.execute(arguments: [
                    runID, change.submissionID, change.statusBefore.rawValue, change.statusAfter.rawValue,
                    JSONValue.array(change.findingsAdded.map(JSONValue.string)).serialized(),
                    JSONValue.array(change.findingsCleared.map(JSONValue.string)).serialized(),
                ])
            }
        }
    }

    // MARK: Reading

    /// Every submission with its findings, in intake order.
    public func allSubmissions() throws -> [StoredSubmission] {
        try submissions(where: nil, arguments: [])
    }

    /// Ids of current submissions (valid, invalid, rejected), optionally of one form and one branch; a
    /// rejected one has no form or branch, so it is included only when neither is asked for.
    public func currentSubmissionIDs(form: String? = nil, branch: String? = nil) throws -> [Int64] {
        var conditions = [
            form == nil && branch == nil ? "status IN ('valid', 'invalid', 'review', 'rejected')" : "status IN ('valid', 'invalid', 'review')"
        ]
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let form {
            conditions.append("form = ?")
            arguments.append(form)
        }
        if let branch {
            conditions.append("\(tables.branchExpression) = ?")
            arguments.append(branch)
        }
        let sql = "SELECT id FROM submissions WHERE \(conditions.joined(separator: " AND ")) ORDER BY id"
        return try pool.read { db in try Int64.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
    }

    /// The branches of the current submissions, as written in them.
    public func currentBranches() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT \(tables.branchExpression) AS branch FROM submissions
                    WHERE status IN ('valid', 'invalid', 'review') AND branch IS NOT NULL
                    """)
        }
    }

    /// The files these submissions are parts of (a submission that is a whole file is its own), each once.
    public func fileIDs(of ids: [Int64]) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try pool.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT DISTINCT COALESCE(parent_id, id) AS file FROM submissions WHERE id IN (\(marks)) ORDER BY file",
                arguments: StatementArguments(ids))
        }
    }

    /// Every submission of these files: the file's own, then those of its other parts.
    public func parts(ofFiles ids: [Int64]) throws -> [Int64: [StoredSubmission]] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let all = try submissions(where: "id IN (\(marks)) OR parent_id IN (\(marks))", arguments: ids + ids)
        return Dictionary(grouping: all) { $0.parentID ?? $0.id }
    }

    /// The submissions with these ids, with their findings, in id order.
    public func submissions(ids: [Int64]) throws -> [StoredSubmission] {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try submissions(where: "id IN (\(marks))", arguments: ids)
    }

    private func submissions(where condition: String?, arguments: [(any DatabaseValueConvertible)?]) throws -> [StoredSubmission] {
        try pool.read { db in
            let filter = condition.map { "WHERE \($0)" } ?? ""
            var findings: [Int64: [Finding]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT submission_id, path, severity, rule, message, source FROM findings
                    WHERE submission_id IN (SELECT id FROM submissions \(filter)) ORDER BY submission_id, position
                    """, arguments: StatementArguments(arguments))
            {
                let severity = Severity(rawValue: row["severity"]) ?? .error
                findings[row["submission_id"], default: []].append(
                    Finding(
                        path: row["path"], severity: severity, rule: row["rule"], message: row["message"],
                        source: FindingSource(rawValue: row["source"]) ?? .content))
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM submissions \(filter) ORDER BY id", arguments: StatementArguments(arguments)
            ).map { row in
                let id: Int64 = row["id"]
                let recordText: String? = row["record_json"]
                let part: String? = row["part"]
                var submission = StoredSubmission(
                    id: id, sourcePath: (row["source_path"] as String) + (part ?? ""), sha256: row["sha256"], intakeAt: row["intake_at"],
                    status: SubmissionStatus(rawValue: row["status"]) ?? .pending, form: row["form"],
                    reason: row["reason"], record: recordText.flatMap { try? JSONValue.parse($0) },
                    findings: findings[id] ?? [], duplicateOf: row["duplicate_of"], supersededBy: row["superseded_by"],
                    parentID: row["parent_id"], part: part)
                submission.reasonCode = row["reason_code"]
                return submission
            }
        }
    }

    /// Runs `body` in one read transaction: every query of the snapshot sees the store as it was when the
    /// first one ran, whatever other processes write meanwhile.
    public func withSnapshot<T>(_ body: (StoreSnapshot) throws -> T) throws -> T {
        try pool.read { db in try body(StoreSnapshot(db: db)) }
    }

    /// Where the latest submission from a path stands, or nil when nothing came from there.
    public func latestState(
        ofPath sourcePath: String
    ) throws -> (status: SubmissionStatus, form: String?, reason: String?, reasonCode: String?)? {
        try pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT status, form, reason, reason_code FROM submissions WHERE source_path = ? ORDER BY id DESC LIMIT 1",
                    arguments: [sourcePath])
            else { return nil }
            return (SubmissionStatus(rawValue: row["status"]) ?? .pending, row["form"], row["reason"], row["reason_code"])
        }
    }

    /// The current time in UTC as ISO 8601 ("2026-11-29T15:19:13Z"), as `Date().formatted(.iso8601)` writes
    /// it, without a formatter: that one looked up the local time zone (a stat of /etc/localtime) on every call,
    /// and the store asks for the time several times per submission.
    public static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return Date().formatted(.iso8601) }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// The store could not be opened or written: an operational failure (exit code 1), not a problem of a form.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let underlying: String

    public var description: String { "无法打开数据库 \(path)：\(underlying)" }
}
