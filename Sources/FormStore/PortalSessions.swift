import Foundation
import GRDB

/// A submission as a list of them shows it.
public struct SubmissionListing: Sendable, Equatable {
    public let id: Int64
    /// The path it was taken in from, with the part of the file it is.
    public let sourcePath: String
    public let form: String?
    public let status: SubmissionStatus
    public let intakeAt: String
    /// The branch of the account that handed it in; nil for the office.
    public let branch: String?
}

/// A file handed in through the portal: by which account (whose branch then sees it), from where, under which name.
public struct Upload: Sendable, Equatable {
    public let account: Account
    public let by: AuditActor
    /// The name the sender gave the file.
    public let name: String

    public init(account: Account, by: AuditActor, name: String) {
        self.account = account
        self.by = by
        self.name = name
    }
}

/// A signed-in browser, as the store keeps it.
public struct PortalSession: Sendable, Equatable {
    public let account: Account
    /// The token every state-changing form carries (CSRF).
    public let csrf: String
    /// Seconds since 1970.
    public let createdAt: Double
    public let lastSeenAt: Double
}

extension SubmissionStore {
    public func createSession(tokenHash: String, account name: String, csrf: String, now: Double) throws {
        try write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM accounts WHERE name = ? AND disabled = 0", arguments: [name]) else {
                throw AccountError.noSuchAccount(name)
            }
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, account_id, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [tokenHash, id, csrf, now, now])
        }
    }

    /// The session of this token when it is still valid (its account enabled, neither idle longer than
    /// `idle` seconds nor older than `absolute`), marked as seen; an expired one is removed.
    public func session(tokenHash: String, now: Double, idle: Double, absolute: Double) throws -> PortalSession? {
        let found = try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT s.csrf AS session_csrf, s.created_at AS session_created, s.last_seen_at AS session_seen, a.*
                    FROM sessions s JOIN accounts a ON a.id = s.account_id
                    WHERE s.token_hash = ?
                    """, arguments: [tokenHash])
        }
        guard let row = found else { return nil }
        let created: Double = row["session_created"]
        let seen: Double = row["session_seen"]
        let disabled: Bool = row["disabled"]
        guard !disabled, now - seen <= idle, now - created <= absolute else {
            try deleteSession(tokenHash: tokenHash)
            return nil
        }
        // Use is noted at most once a minute (a fiftieth of the idle limit when that is shorter): a write on every
        // page made each page wait its turn behind the uploads' writes.
        if now - seen >= min(60, idle / 50) {
            try write { db in
                try db.execute(sql: "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", arguments: [now, tokenHash])
            }
        }
        return PortalSession(account: Self.account(row), csrf: row["session_csrf"], createdAt: created, lastSeenAt: now)
    }

    public func deleteSession(tokenHash: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    /// The upload's row (whose branch sees the file) and its audit entry: written by the file's intake, in the
    /// same transaction as its submission, so the two never exist apart and the upload waits for one write, not two.
    static func record(_ upload: Upload, sourcePath: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO uploads (source_path, account, branch, at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [sourcePath, upload.account.name, upload.account.branch, Self.now()])
        try Self.audit(upload.by, action: "upload", detail: upload.name, in: db)
    }

    /// The branch whose account handed in this submission (or the file it is a part of); nil when it did not
    /// come through the portal, or came from the office.
    public func uploadingBranch(of submissionID: Int64) throws -> String? {
        try read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT u.branch FROM submissions s JOIN uploads u ON u.source_path = s.source_path
                    WHERE s.id = ?
                    """, arguments: [submissionID])
        }
    }

    /// The submissions a branch (nil: every branch and the office) handed in through the portal, each part of a
    /// file too, newest first: what a list shows of each, without reading records or findings. Driven from the
    /// uploads (CROSS JOIN keeps SQLite from walking every submission, records and all, newest first).
    public func uploadedSubmissions(branch: String?, limit: Int = 200) throws -> [SubmissionListing] {
        try listings(
            from: """
                uploads u CROSS JOIN submissions s ON s.source_path = u.source_path
                WHERE (? IS NULL OR u.branch = ?) AND s.status != 'pending' ORDER BY s.id DESC LIMIT ?
                """, arguments: [branch, branch, limit])
    }

    /// The current submissions with this status (待核对: `.review`), whatever door they came through, newest first.
    public func listings(status: SubmissionStatus, limit: Int = 500) throws -> [SubmissionListing] {
        try listings(
            from: """
                submissions s LEFT JOIN uploads u ON u.source_path = s.source_path
                WHERE s.status = ? ORDER BY s.id DESC LIMIT ?
                """, arguments: [status.rawValue, limit])
    }

    /// Current submissions (and rejected files) whose name or any value read from them holds `text`, or that
    /// are of one of `forms`; newest first.
    public func search(_ text: String, forms: [String], limit: Int = 200) throws -> [SubmissionListing] {
        let pattern =
            "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let formList = forms.isEmpty ? "NULL" : Array(repeating: "?", count: forms.count).joined(separator: ", ")
        return try listings(
            from: """
                submissions s LEFT JOIN uploads u ON u.source_path = s.source_path
                WHERE s.status IN ('valid', 'invalid', 'review', 'rejected')
                    AND (s.source_path LIKE ? ESCAPE '\\' OR s.record_json LIKE ? ESCAPE '\\' OR s.form IN (\(formList)))
                ORDER BY s.id DESC LIMIT ?
                """, arguments: StatementArguments([pattern, pattern] + forms.map { $0 as (any DatabaseValueConvertible)? } + [limit]))
    }

    /// Listings of the submissions (`s`) and their uploads (`u`) that `from` (joins, conditions, order and limit)
    /// selects: the columns a list shows, as `listing(_:)` reads them.
    private func listings(from: String, arguments: StatementArguments) throws -> [SubmissionListing] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT s.id, s.source_path || COALESCE(s.part, '') AS shown, s.form, s.status, s.intake_at, u.branch FROM " + from,
                arguments: arguments
            ).map(Self.listing)
        }
    }

    static func listing(_ row: Row) -> SubmissionListing {
        SubmissionListing(
            id: row["id"], sourcePath: row["shown"], form: row["form"], status: SubmissionStatus(rawValue: row["status"]) ?? .pending,
            intakeAt: row["intake_at"], branch: row["branch"])
    }

    /// The newest submission taken in under this source path, with its parts after it.
    public func submissions(takenInAs sourcePath: String) throws -> [StoredSubmission] {
        let ids = try read { db in
            guard
                let file = try Int64.fetchOne(
                    db, sql: "SELECT id FROM submissions WHERE source_path = ? AND parent_id IS NULL ORDER BY id DESC LIMIT 1",
                    arguments: [sourcePath])
            else { return [Int64]() }
            return [file] + (try Int64.fetchAll(db, sql: "SELECT id FROM submissions WHERE parent_id = ? ORDER BY id", arguments: [file]))
        }
        return try submissions(ids: ids)
    }

    /// The submissions this one corrected (it superseded them).
    public func submissions(supersededBy laterID: Int64) throws -> [StoredSubmission] {
        let ids = try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM submissions WHERE superseded_by = ? ORDER BY id", arguments: [laterID])
        }
        return try submissions(ids: ids)
    }
}
