import FormSchema
import Foundation
import GRDB

/// The store as it stood when a read began, for reading it whole without holding it in memory: the report
/// walks it several times, and every walk sees the same submissions even while another process loads more.
/// Valid only inside the `SubmissionStore.withSnapshot` call that handed it out.
public struct StoreSnapshot {
    let db: Database

    /// Submissions per query when reading by id, so the SQL stays small whatever the number asked for.
    static let pageSize = 500

    /// Every submission in id (intake) order with its findings, one at a time. With `records: false` the
    /// record is not read (`record` is nil), for walks that need only the path, status and findings.
    public func forEachSubmission(records: Bool = true, _ body: (StoredSubmission) throws -> Void) throws {
        let submissions = try Row.fetchCursor(db, sql: "\(Self.columns(records: records)) ORDER BY id")
        // Both cursors run in id order, so each submission's findings are the next run of the second one.
        let findings = try Row.fetchCursor(
            db, sql: "SELECT submission_id, path, severity, rule, message, source FROM findings ORDER BY submission_id, position")
        var pending = try findings.next().map(Self.finding)
        // Read a page of rows, then parse the page's records on both cores (most of reading a submission is
        // its record's JSON, and the report's first walk waits for it alone).
        var page: [(row: Row, findings: [Finding])] = []
        func flush() throws {
            for submission in Self.submissions(page, records: records) { try body(submission) }
            page.removeAll(keepingCapacity: true)
        }
        while let row = try submissions.next() {
            let id: Int64 = row[0]
            var own: [Finding] = []
            while let next = pending, next.owner <= id {
                if next.owner == id { own.append(next.finding) }
                pending = try findings.next().map(Self.finding)
            }
            page.append((row.copy(), own))
            if page.count == Self.parsePage { try flush() }
        }
        try flush()
    }

    /// The submissions with these ids, in id order, with their findings; ids not in the store are left out.
    public func submissions(ids: [Int64], records: Bool = true) throws -> [StoredSubmission] {
        var result: [StoredSubmission] = []
        result.reserveCapacity(ids.count)
        let sorted = ids.sorted()
        var start = 0
        while start < sorted.count {
            let page = Array(sorted[start..<min(sorted.count, start + Self.pageSize)])
            start += page.count
            let marks = Array(repeating: "?", count: page.count).joined(separator: ",")
            let arguments = StatementArguments(page)
            var findings: [Int64: [Finding]] = [:]
            let findingRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT submission_id, path, severity, rule, message, source FROM findings
                    WHERE submission_id IN (\(marks)) ORDER BY submission_id, position
                    """, arguments: arguments)
            while let row = try findingRows.next() {
                let next = Self.finding(row)
                findings[next.owner, default: []].append(next.finding)
            }
            let rows = try Row.fetchAll(
                db, sql: "\(Self.columns(records: records)) WHERE id IN (\(marks)) ORDER BY id", arguments: arguments)
            result += Self.submissions(rows.map { ($0, findings[$0[0]] ?? []) }, records: records)
        }
        return result
    }

    /// The submissions that have at least one byte duplicate.
    public func duplicatedSubmissionIDs() throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT duplicate_of FROM submissions WHERE duplicate_of IS NOT NULL"))
    }

    /// Every supersession (an earlier submission replaced by a later one with the same identity), in the
    /// order the later ones came in, then by the earlier one's id.
    public func forEachSupersession(_ body: (Supersession) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, l.id, l.intake_at, l.status,
                       (SELECT COUNT(*) FROM findings f WHERE f.submission_id = e.id AND f.severity = 'error'),
                       e.form, e.source_path || COALESCE(e.part, ''), l.source_path || COALESCE(l.part, '')
                FROM submissions e JOIN submissions l ON l.id = e.superseded_by
                ORDER BY l.intake_at, l.id, e.id
                """)
        while let row = try rows.next() {
            try body(
                Supersession(
                    earlierID: row[0], laterID: row[1], laterIntakeAt: row[2],
                    laterStatus: SubmissionStatus(rawValue: row[3]) ?? .pending, earlierErrors: row[4], earlierForm: row[5],
                    earlierPath: row[6], laterPath: row[7]))
        }
    }

    // MARK: Rows

    private static func columns(records: Bool) -> String {
        """
        SELECT id, source_path || COALESCE(part, ''), sha256, intake_at, status, form, reason, duplicate_of, superseded_by\
        \(records ? ", record_json" : ", NULL"), parent_id, part, reason_code FROM submissions
        """
    }

    /// Rows read before their records are parsed together.
    static let parsePage = 256

    /// The submissions of these rows, in order, their records (when read) parsed on two threads.
    private static func submissions(_ rows: [(row: Row, findings: [Finding])], records: Bool) -> [StoredSubmission] {
        var parsed = [JSONValue?](repeating: nil, count: rows.count)
        if records {
            let texts: [String?] = rows.map { $0.row[9] }
            parsed.withUnsafeMutableBufferPointer { buffer in
                // Each lane writes only its own indexes of the buffer, which outlives both.
                nonisolated(unsafe) let out = buffer
                DispatchQueue.concurrentPerform(iterations: 2) { lane in
                    for index in stride(from: lane, to: texts.count, by: 2) {
                        out[index] = texts[index].flatMap { try? JSONValue.parse($0) }
                    }
                }
            }
        }
        return zip(rows, parsed).map { entry, record in
            let row = entry.row
            var submission = StoredSubmission(
                id: row[0], sourcePath: row[1], sha256: row[2], intakeAt: row[3],
                status: SubmissionStatus(rawValue: row[4]) ?? .pending, form: row[5], reason: row[6],
                record: record, findings: entry.findings, duplicateOf: row[7], supersededBy: row[8], parentID: row[10],
                part: row[11])
            submission.reasonCode = row[12]
            return submission
        }
    }

    private static func finding(_ row: Row) -> (owner: Int64, finding: Finding) {
        let severity = Severity(rawValue: row[2]) ?? .error
        let source = FindingSource(rawValue: row[5]) ?? .content
        return (row[0], Finding(path: row[1], severity: severity, rule: row[3], message: row[4], source: source))
    }
}

/// An earlier submission replaced by a later one with the same identity (a correction sent in), with what
/// the report counts about it without reading either record.
public struct Supersession: Sendable, Equatable {
    public let earlierID: Int64
    public let laterID: Int64
    /// ISO 8601 time the later submission was taken in.
    public let laterIntakeAt: String
    public let laterStatus: SubmissionStatus
    /// Error findings of the earlier submission.
    public let earlierErrors: Int
    /// The form the earlier submission was read as (a correction has the same identity, so the same form).
    public let earlierForm: String?
    /// The paths the two files were taken in from, as the corrections list shows them.
    public let earlierPath: String
    public let laterPath: String

    public init(
        earlierID: Int64, laterID: Int64, laterIntakeAt: String, laterStatus: SubmissionStatus, earlierErrors: Int,
        earlierForm: String?, earlierPath: String, laterPath: String
    ) {
        self.earlierID = earlierID
        self.laterID = laterID
        self.laterIntakeAt = laterIntakeAt
        self.laterStatus = laterStatus
        self.earlierErrors = earlierErrors
        self.earlierForm = earlierForm
        self.earlierPath = earlierPath
        self.laterPath = laterPath
    }
}
