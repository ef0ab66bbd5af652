import FormSchema
import Foundation
import GRDB

/// The typed tables of each form, generated from its schema so a person can query the data with any SQLite
/// tool: a table named by the form's id (one row per current submission) and one per repeating table,
/// `<form>_<table>` (one row per table row). They always hold the current record of each identity; history stays in `submissions`.
struct FormTables: Sendable {
    let forms: [FormSchema]
    /// Each form's statements, built once: building them for every submission loaded was a hot path.
    private let statements: [String: Statements]

    private struct Statements: Sendable {
        let scalars: [FieldSpec]
        let insert: String
        let remove: [String]
        let tables: [(field: FieldSpec, insert: String)]
    }

    init(forms: [FormSchema]) {
        self.forms = forms
        var statements: [String: Statements] = [:]
        for form in forms {
            let scalars = form.fields.filter { $0.kind != .table }
            let tables = form.fields.filter { $0.kind == .table }
            statements[form.id] = Statements(
                scalars: scalars,
                insert: Self.insert(into: form.id, columns: ["submission_id", "status"] + scalars.map(\.key)),
                remove: ([form.id] + tables.map { Self.childTable(form, $0) }).map { "DELETE FROM \"\($0)\" WHERE submission_id = ?" },
                tables: tables.map { ($0, Self.insert(into: Self.childTable(form, $0), columns: ["submission_id", "row"] + $0.columns.map(\.key))) })
        }
        self.statements = statements
    }

    /// SQL for the branch a submission's record names, in the field its form says names it (`x-form.branch`).
    var branchExpression: String {
        let cases = forms.compactMap { form in
            form.roles.branchField.map { "WHEN '\(form.id.replacingOccurrences(of: "'", with: "''"))' THEN json_extract(record_json, '$.\($0)')" }
        }
        return cases.isEmpty ? "NULL" : "CASE form " + cases.joined(separator: " ") + " END"
    }

    private static func insert(into table: String, columns: [String]) -> String {
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \"\(table)\" (\(names)) VALUES (\(marks))"
    }

    static func sqlType(_ kind: FieldKind) -> String {
        switch kind {
        case .integer: return "INTEGER"
        case .number: return "REAL"
        case .string, .text, .date, .enum, .table: return "TEXT"
        }
    }

    static func childTable(_ form: FormSchema, _ table: FieldSpec) -> String { "\(form.id)_\(table.key)" }

    /// Identifiers come from schema files; only plain snake_case names reach SQL.
    static func checkIdentifier(_ name: String) throws {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
            name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else {
            throw StoreError(path: "Schemas", underlying: "名称 “\(name)” 不能用作表名或列名（只允许小写字母、数字和下划线）")
        }
    }

    /// Creates missing tables and adds columns a schema gained; a column a schema lost is kept (it holds history).
    func migrate(_ db: Database) throws {
        for form in forms {
            try Self.checkIdentifier(form.id)
            let scalars = form.fields.filter { $0.kind != .table }
            try ensureTable(
                db, name: form.id, fixed: "submission_id INTEGER PRIMARY KEY REFERENCES submissions(id) ON DELETE CASCADE, status TEXT NOT NULL",
                columns: scalars, tableLabel: form.name)
            for table in form.fields where table.kind == .table {
                try ensureTable(
                    db, name: Self.childTable(form, table),
                    fixed: "submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE, row INTEGER NOT NULL",
                    columns: table.columns, tableLabel: "\(form.name)·\(table.title)", primaryKey: "submission_id, row")
            }
        }
    }

    private func ensureTable(
        _ db: Database, name: String, fixed: String, columns: [FieldSpec], tableLabel: String, primaryKey: String? = nil
    ) throws {
        for column in columns { try Self.checkIdentifier(column.key) }
        if try !db.tableExists(name) {
            // Labels go into the CREATE statement as comments too: sqlite3's `.schema` then shows them.
            var definitions: [(sql: String, label: String?)] = [(fixed, nil)]
            definitions += columns.map { ("\"\($0.key)\" \(Self.sqlType($0.kind))", $0.title.replacingOccurrences(of: "\n", with: " ")) }
            if let primaryKey { definitions.append(("PRIMARY KEY (\(primaryKey))", nil)) }
            let lines = definitions.enumerated().map { index, definition in
                "    " + definition.sql + (index < definitions.count - 1 ? "," : "") + (definition.label.map { " -- \($0)" } ?? "")
            }
            try db.execute(sql: "CREATE TABLE \"\(name)\" (\n\(lines.joined(separator: "\n"))\n)")
            try db.execute(
                sql: "INSERT INTO schema_changes (at, table_name, change) VALUES (?, ?, ?)",
                arguments: [SubmissionStore.now(), name, "created"])
        } else {
            let existing = Set(try db.columns(in: name).map(\.name))
            for column in columns where !existing.contains(column.key) {
                try db.execute(sql: "ALTER TABLE \"\(name)\" ADD COLUMN \"\(column.key)\" \(Self.sqlType(column.kind))")
                try db.execute(
                    sql: "INSERT INTO schema_changes (at, table_name, change) VALUES (?, ?, ?)",
                    arguments: [SubmissionStore.now(), name, "added column \(column.key)"])
            }
        }
        try db.execute(
            sql: "INSERT OR REPLACE INTO field_labels (table_name, column_name, label) VALUES (?, '', ?)",
            arguments: [name, tableLabel])
        for column in columns {
            try db.execute(
                sql: "INSERT OR REPLACE INTO field_labels (table_name, column_name, label) VALUES (?, ?, ?)",
                arguments: [name, column.key, column.title])
        }
    }

    /// Removes a submission from its form's tables (it was superseded, rejected, or is about to be rewritten).
    func remove(submission id: Int64, form formID: String?, in db: Database) throws {
        guard let formID, let statements = statements[formID] else { return }
        for sql in statements.remove { try db.cachedStatement(sql: sql).execute(arguments: [id]) }
    }

    /// Writes a current submission's record into its form's tables; the caller has removed any rows it had.
    func write(submission id: Int64, form formID: String?, status: SubmissionStatus, record: JSONValue, in db: Database) throws {
        guard let formID, let statements = statements[formID] else { return }
        var values: [(any DatabaseValueConvertible)?] = [id, status.rawValue]
        values += statements.scalars.map { Self.databaseValue(record[$0.key]) }
        try db.cachedStatement(sql: statements.insert).execute(arguments: StatementArguments(values))
        for (table, insert) in statements.tables {
            guard let rows = record[table.key]?.arrayValue else { continue }
            let statement = try db.cachedStatement(sql: insert)
            for (index, row) in rows.enumerated() {
                var rowValues: [(any DatabaseValueConvertible)?] = [id, index + 1]
                rowValues += table.columns.map { Self.databaseValue(row[$0.key]) }
                try statement.execute(arguments: StatementArguments(rowValues))
            }
        }
    }

    /// A record value as SQLite stores it; text that could not be normalised stays text, so nothing is lost.
    static func databaseValue(_ value: JSONValue?) -> (any DatabaseValueConvertible)? {
        switch value {
        case .none, .null: return nil
        case .bool(let flag): return flag ? 1 : 0
        case .number(let number):
            if number.rounded(.towardZero) == number, abs(number) < 9e15 { return Int64(number) }
            return number
        case .string(let text): return text
        case .array, .object: return value?.serialized()
        }
    }
}
