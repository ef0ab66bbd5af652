import Foundation
import GRDB

extension SubmissionStore {
    /// A value that changes whenever what the reports show may have changed: a run, a load, a clerk's reading or
    /// supersession. Outputs made from the store are kept until it changes (the portal's downloads).
    public func changeMark() throws -> String {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COALESCE(MAX(id), 0) FROM runs), (SELECT COUNT(*) FROM submissions),
                        (SELECT COALESCE(MAX(processed_at), '') FROM submissions), (SELECT COUNT(*) FROM clerk_readings),
                        (SELECT COUNT(*) FROM clerk_supersessions)
                    """)
            guard let row else { return "" }
            return (0..<5).map { String(describing: row[$0] as DatabaseValue) }.joined(separator: "|")
        }
    }
}
