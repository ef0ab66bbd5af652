import FormSchema
import Foundation
import GRDB

/// Why the clerk's `supersede` cannot be done, in the clerk's words.
public enum SupersedeError: Error, Sendable, CustomStringConvertible {
    case noSuchSubmission(String)
    case notAForm(Int64)
    case differentIdentity(Int64, Int64)
    case same

    public var description: String {
        switch self {
        case .noSuchSubmission(let name): return "没有这份提交：\(name)（写提交编号，或收取时的文件路径）"
        case .notAForm(let id): return "第 \(id) 号提交不是一份有效的表格（无法识别或重复提交），不能用来更正"
        case .differentIdentity(let a, let b): return "第 \(a) 号和第 \(b) 号提交不是同一人（同一支部）的同一份表格，不能互相更正"
        case .same: return "原提交和更正提交是同一份"
        }
    }
}

extension SubmissionStore {
    /// The submission a clerk names: its number, or the path it was taken in from (its latest submission).
    public func submissionID(named name: String) throws -> Int64? {
        try read { db in
            if let id = Int64(name), try Bool.fetchOne(db, sql: "SELECT 1 FROM submissions WHERE id = ?", arguments: [id]) == true {
                return id
            }
            return try Int64.fetchOne(db, sql: "SELECT id FROM submissions WHERE source_path = ? ORDER BY id DESC LIMIT 1", arguments: [name])
        }
    }

    /// The clerk's word that `later` corrects `earlier` (both of one form and identity), recorded in history
    /// and kept by every later load: `later` becomes current, `earlier` superseded by it.
    public func supersede(_ earlier: Int64, by later: Int64, who: String) throws {
        guard earlier != later else { throw SupersedeError.same }
        let tables = self.tablesForWriting
        try write { db in
            func row(_ id: Int64) throws -> Row {
                guard let row = try Row.fetchOne(db, sql: "SELECT form, identity, status FROM submissions WHERE id = ?", arguments: [id])
                else { throw SupersedeError.noSuchSubmission(String(id)) }
                let status = SubmissionStatus(rawValue: row["status"]) ?? .pending
                guard status.isCurrentForm || status == .superseded, row["form"] as String? != nil, row["identity"] as String? != nil
                else { throw SupersedeError.notAForm(id) }
                return row
            }
            let first = try row(earlier)
            let second = try row(later)
            guard first["form"] as String? == second["form"], first["identity"] as String? == second["identity"],
                let form: String = second["form"], let identity: String = second["identity"]
            else { throw SupersedeError.differentIdentity(earlier, later) }
            try db.execute(
                sql: "INSERT INTO clerk_supersessions (earlier_id, later_id, who, at) VALUES (?, ?, ?, ?)",
                arguments: [earlier, later, who, Self.now()])
            if second["status"] == SubmissionStatus.superseded.rawValue {
                // Back to the outcome its findings give it, then the corrections are worked out again.
                let errors = try Row.fetchAll(
                    db, sql: "SELECT source FROM findings WHERE submission_id = ? AND severity = 'error'", arguments: [later])
                let status: SubmissionStatus =
                    errors.isEmpty ? .valid : (errors.allSatisfy { $0["source"] == FindingSource.reading.rawValue } ? .review : .invalid)
                try db.execute(
                    sql: "UPDATE submissions SET status = ?, superseded_by = NULL WHERE id = ?", arguments: [status.rawValue, later])
            }
            try Self.settleCorrections(of: later, form: form, identity: identity, in: db, tables: tables)
        }
    }

    /// The corrections made by the submissions of one run: each earlier path with the path that superseded it.
    public func supersessions(madeInRun runID: Int64) throws -> [(earlier: String, later: String)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.source_path || COALESCE(e.part, ''), l.source_path || COALESCE(l.part, '')
                    FROM submissions l JOIN submissions e ON e.superseded_by = l.id
                    WHERE l.run_id = ? ORDER BY l.id, e.id
                    """, arguments: [runID]
            ).map { ($0[0], $0[1]) }
        }
    }
}
