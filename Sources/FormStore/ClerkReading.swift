public import FormSchema
import Foundation
import GRDB

/// What the clerk decided about a submission formpipe could not read well (`formpipe review`): a value read
/// on the original for one field, or that its reading findings are the branch's to fix after all.
public struct ClerkReading: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case value
        case toBranch = "to_branch"
    }

    public let kind: Kind
    /// The field (`name`, `items[2].measures`) a value is for; nil for `toBranch`.
    public let path: String?
    public let value: JSONValue?
    /// What formpipe had read there before.
    public let previous: JSONValue?
    public let who: String
    /// ISO 8601 time of the decision.
    public let at: String

    public init(kind: Kind, path: String?, value: JSONValue?, previous: JSONValue?, who: String, at: String) {
        self.kind = kind
        self.path = path
        self.value = value
        self.previous = previous
        self.who = who
        self.at = at
    }
}

extension SubmissionStore {
    /// Records the clerk's decisions about a submission, in the order given.
    public func record(_ readings: [ClerkReading], for submissionID: Int64) throws {
        try write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO clerk_readings (submission_id, kind, path, value_json, previous_json, who, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for reading in readings {
                try statement.execute(arguments: [
                    submissionID, reading.kind.rawValue, reading.path, reading.value?.serialized(), reading.previous?.serialized(),
                    reading.who, reading.at,
                ])
            }
        }
    }

    /// The clerk's decisions for these submissions, each submission's in the order they were made.
    public func clerkReadings(for ids: [Int64]) throws -> [Int64: [ClerkReading]] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var readings: [Int64: [ClerkReading]] = [:]
            // Few submissions have any: one look at the small table, then only those are read.
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT submission_id, kind, path, value_json, previous_json, who, at FROM clerk_readings
                    WHERE submission_id IN (\(marks)) ORDER BY id
                    """, arguments: StatementArguments(ids))
            while let row = try rows.next() {
                guard let kind = ClerkReading.Kind(rawValue: row[1]) else { continue }
                let value: String? = row[3]
                let previous: String? = row[4]
                readings[row[0], default: []].append(
                    ClerkReading(
                        kind: kind, path: row[2], value: value.flatMap { try? JSONValue.parse($0) },
                        previous: previous.flatMap { try? JSONValue.parse($0) }, who: row[5], at: row[6]))
            }
            return readings
        }
    }

    /// The current submissions waiting for the clerk's review, in intake order.
    public func submissionsNeedingReview() throws -> [StoredSubmission] {
        let ids = try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM submissions WHERE status = 'review' ORDER BY id") }
        return try submissions(ids: ids)
    }
}
