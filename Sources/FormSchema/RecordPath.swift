import Foundation

/// The paths findings use to point into a record: a field (`planned_study_hours`), a table (`items`), a row
/// (`items[2]`) or a cell (`items[2].measures`).
public enum RecordPath {
    /// The value a path points at in a record, or nil.
    public static func value(at path: String, in record: JSONValue) -> JSONValue? {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard let head = parts.first else { return nil }
        if let (table, row) = row(of: head) {
            guard let rows = record[table]?.arrayValue, rows.indices.contains(row) else { return nil }
            return parts.count > 1 ? rows[row][parts[1]] : rows[row]
        }
        return record[head]
    }

    /// The 0-based table row a path points into (`items[2].measures` → ("items", 2)).
    public static func row(of path: String) -> (table: String, row: Int)? {
        guard let bracket = path.firstIndex(of: "["), let close = path.firstIndex(of: "]"), bracket < close,
            let row = Int(path[path.index(after: bracket)..<close])
        else { return nil }
        return (String(path[..<bracket]), row)
    }
}
