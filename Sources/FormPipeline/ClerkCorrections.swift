import FormExtraction
public import FormSchema
public import FormStore
import Foundation

/// The clerk's readings applied to what formpipe read: the values set, the record validated again. A finding at
/// a field the clerk has read is about the content (the clerk saw what is there); another finding keeps the
/// source it had when formpipe read the file, unless the clerk passed the reading findings to the branch.
public enum ClerkCorrections {
    public static func apply(_ readings: [ClerkReading], to result: SubmissionProcessor.Result) -> SubmissionProcessor.Result {
        guard !readings.isEmpty, case .form(let form, var record, let findings) = result else { return result }
        var readPaths: Set<String> = []
        var toBranch = false
        for reading in readings {
            switch reading.kind {
            case .toBranch:
                toBranch = true
            case .value:
                guard let path = reading.path else { continue }
                record = setting(reading.value ?? .null, at: path, in: record)
                readPaths.insert(path)
            }
        }
        var earlier: [String: Finding] = [:]
        for finding in findings { earlier[key(finding)] = earlier[key(finding)] ?? finding }
        let validated = form.validate(record).map { finding -> Finding in
            if readPaths.contains(finding.path) || toBranch { return finding.attributed(to: .content) }
            guard let before = earlier[key(finding)] else { return finding }
            return finding.attributed(to: before.source, message: before.message)
        }
        return .form(form, record: record, findings: validated)
    }

    private static func key(_ finding: Finding) -> String { "\(finding.path) \(finding.rule)" }

    /// The record with `value` at `path` (`name`, or a table cell `items[2].measures`; a row one past the last
    /// is added). A null value removes the field.
    static func setting(_ value: JSONValue, at path: String, in record: JSONValue) -> JSONValue {
        guard case .object(var object) = record else { return record }
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard let head = parts.first else { return record }
        guard let bracket = head.firstIndex(of: "["), head.hasSuffix("]"), parts.count == 2,
            let row = Int(head[head.index(after: bracket)..<head.index(before: head.endIndex)]), row >= 0
        else {
            object[head] = value == .null ? nil : value
            return .object(object)
        }
        let table = String(head[..<bracket])
        var rows = object[table]?.arrayValue ?? []
        guard row <= rows.count else { return record }
        if row == rows.count { rows.append(.object(JSONObject())) }
        guard case .object(var cells) = rows[row] else { return record }
        cells[parts[1]] = value == .null ? nil : value
        rows[row] = .object(cells)
        object[table] = .array(rows)
        return .object(object)
    }

    /// A field as the clerk names it — its key (`planned_study_hours`), its label (`计划集中学习学时`), a table cell
    /// as a path (`items[2].measures`, rows from 0 as in the export) or as the notice writes it (`查摆情况 第3行
    /// 整改措施`, rows from 1) — as a path and the field or column it is; nil when the form has no such field.
    public static func path(named name: String, in form: FormSchema) -> (path: String, field: FieldSpec)? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let field = form.field(trimmed), field.kind != .table { return (trimmed, field) }
        if let cell = cellPath(trimmed) { return cell }
        let key = ValueNormalizer.labelKey(trimmed)
        for field in form.fields where field.kind != .table {
            if field.labels.contains(where: { ValueNormalizer.labelKey($0) == key }) { return (field.key, field) }
        }
        // "查摆情况 第3行 整改措施" / "查摆情况第3行整改措施"
        for field in form.fields where field.kind == .table {
            for label in field.labels {
                let prefix = ValueNormalizer.labelKey(label) + "第"
                guard key.hasPrefix(prefix) else { continue }
                let rest = key.dropFirst(prefix.count)
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard let number = Int(digits), number >= 1, rest.dropFirst(digits.count).first == "行" else { continue }
                let columnName = String(rest.dropFirst(digits.count + 1))
                for column in field.columns
                where column.labels.contains(where: { ValueNormalizer.labelKey($0) == columnName }) || column.key == columnName {
                    return ("\(field.key)[\(number - 1)].\(column.key)", column)
                }
            }
        }
        return nil

        /// `items[2].measures` → the path and the column, when the form's table has that column.
        func cellPath(_ text: String) -> (path: String, field: FieldSpec)? {
            guard let bracket = text.firstIndex(of: "["), let close = text.firstIndex(of: "]"), bracket < close,
                let row = Int(text[text.index(after: bracket)..<close]), row >= 0
            else { return nil }
            let tableKey = String(text[..<bracket])
            let after = text[text.index(after: close)...]
            guard after.first == ".", let column = form.field(tableKey)?.column(String(after.dropFirst())) else { return nil }
            return ("\(tableKey)[\(row)].\(column.key)", column)
        }
    }
}
