import Foundation

/// A rule from a schema's `x-rules`: what plain JSON Schema cannot say about a record.
///
/// Parsed and checked against the form's fields when the schema loads, so a typo in a rule is a load error
/// rather than a rule that silently never fires.
struct CrossFieldRule: Sendable, Hashable {
    /// Which rows of a table take part in a `sum`.
    struct RowFilter: Sendable, Hashable {
        let column: String
        let values: [String]
        /// True for `notIn` (rows whose value is not listed), false for `in`.
        let excludes: Bool
    }

    /// A date field, or a date column of every row of a table.
    enum DateTarget: Sendable, Hashable {
        case field(String)
        case column(table: String, column: String)
    }

    /// A day in the year taken from another field (`yearOf`): an integer field's value or a date field's year.
    struct DateLimit: Sendable, Hashable {
        let yearOf: String
        let month: Int
        let day: Int
    }

    enum Check: Sendable, Hashable {
        case sum(table: String, column: String, filter: RowFilter?, equals: String)
        case dateNotAfter(target: DateTarget, limit: DateLimit)
        case columnSet(table: String, column: String, values: [String])
        case differ(fields: [String])
    }

    static let names = ["sum", "dateNotAfter", "columnSet", "differ"]

    let name: String
    let check: Check
    let severity: Severity
    /// A message template overriding the default one (same placeholders as `x-message`).
    let message: String?
}

extension CrossFieldRule {
    /// Reads one `x-rules` entry and checks that every field and column it names exists with a fitting kind.
    static func read(_ value: JSONValue, pointer: String, fields: [FieldSpec], file: String) throws -> CrossFieldRule {
        let fail = { (at: String, reason: String) in SchemaError(file: file, pointer: at, reason: reason) }
        guard let object = value.objectValue else { throw fail(pointer, "an x-rule must be an object") }
        guard let name = object["rule"]?.stringValue else { throw fail(pointer, "an x-rule needs a \"rule\" name") }
        guard names.contains(name) else {
            throw fail(JSONPointer.appending(pointer, "rule"), "unknown x-rule \"\(name)\"; expected one of \(names.joined(separator: ", "))")
        }
        let reader = RuleReader(name: name, object: object, pointer: pointer, fields: fields, file: file)
        let check: Check
        switch name {
        case "sum": check = try reader.sum()
        case "dateNotAfter": check = try reader.dateNotAfter()
        case "columnSet": check = try reader.columnSet()
        default: check = try reader.differ()
        }
        var severity = Severity.error
        if let severityValue = object["severity"] {
            guard let text = severityValue.stringValue, let parsed = Severity(rawValue: text) else {
                throw fail(reader.at("severity"), "severity must be \"error\" or \"warning\"")
            }
            severity = parsed
        }
        var message: String?
        if let messageValue = object["message"] {
            guard let text = messageValue.stringValue else { throw fail(reader.at("message"), "message must be a string") }
            message = text
        }
        return CrossFieldRule(name: name, check: check, severity: severity, message: message)
    }
}

/// One `x-rules` entry being read: its parts, each checked against the schema's fields, with errors that say where.
private struct RuleReader {
    let name: String
    let object: JSONObject
    let pointer: String
    let fields: [FieldSpec]
    let file: String

    static let numeric: Set<FieldKind> = [.integer, .number]

    func fail(_ at: String, _ reason: String) -> SchemaError { SchemaError(file: file, pointer: at, reason: reason) }
    func at(_ key: String) -> String { JSONPointer.appending(pointer, key) }

    func sum() throws -> CrossFieldRule.Check {
        let table = try field(try string("table", in: object, at: pointer), at: at("table"), kinds: [.table])
        let columnKey = try string("column", in: object, at: pointer)
        _ = try column(of: table, columnKey, at: at("column"), kinds: Self.numeric)
        let equals = try string("equals", in: object, at: pointer)
        _ = try field(equals, at: at("equals"), kinds: Self.numeric)
        var filter: CrossFieldRule.RowFilter?
        if let whereValue = object["where"] {
            let wherePointer = at("where")
            guard let whereObject = whereValue.objectValue else { throw fail(wherePointer, "\"where\" must be an object") }
            let filterColumn = try string("column", in: whereObject, at: wherePointer)
            _ = try column(of: table, filterColumn, at: JSONPointer.appending(wherePointer, "column"))
            let hasIn = whereObject["in"] != nil
            let hasNotIn = whereObject["notIn"] != nil
            guard hasIn != hasNotIn else { throw fail(wherePointer, "\"where\" needs exactly one of \"in\" or \"notIn\"") }
            let listKey = hasIn ? "in" : "notIn"
            let values = try strings(listKey, in: whereObject, at: JSONPointer.appending(wherePointer, listKey))
            filter = CrossFieldRule.RowFilter(column: filterColumn, values: values, excludes: hasNotIn)
        }
        return .sum(table: table.key, column: columnKey, filter: filter, equals: equals)
    }

    func dateNotAfter() throws -> CrossFieldRule.Check {
        let target: CrossFieldRule.DateTarget
        if let tableKey = object["table"] {
            guard let tableName = tableKey.stringValue else { throw fail(at("table"), "\"table\" must be a string") }
            let table = try field(tableName, at: at("table"), kinds: [.table])
            let columnKey = try string("column", in: object, at: pointer)
            _ = try column(of: table, columnKey, at: at("column"), kinds: [.date])
            target = .column(table: tableName, column: columnKey)
        } else {
            let fieldKey = try string("field", in: object, at: pointer)
            _ = try field(fieldKey, at: at("field"), kinds: [.date])
            target = .field(fieldKey)
        }
        let limitPointer = at("limit")
        guard let limit = object["limit"]?.objectValue else {
            throw fail(pointer, "dateNotAfter needs a \"limit\" object {yearOf, month, day}")
        }
        let yearOf = try string("yearOf", in: limit, at: limitPointer)
        _ = try field(yearOf, at: JSONPointer.appending(limitPointer, "yearOf"), kinds: [.integer, .date])
        guard let month = limit["month"], month.isInteger, let monthNumber = month.numberValue, (1...12).contains(monthNumber)
        else { throw fail(JSONPointer.appending(limitPointer, "month"), "month must be an integer 1–12") }
        guard let day = limit["day"], day.isInteger, let dayNumber = day.numberValue, (1...31).contains(dayNumber)
        else { throw fail(JSONPointer.appending(limitPointer, "day"), "day must be an integer 1–31") }
        return .dateNotAfter(target: target, limit: CrossFieldRule.DateLimit(yearOf: yearOf, month: Int(monthNumber), day: Int(dayNumber)))
    }

    func columnSet() throws -> CrossFieldRule.Check {
        let table = try field(try string("table", in: object, at: pointer), at: at("table"), kinds: [.table])
        let columnKey = try string("column", in: object, at: pointer)
        _ = try column(of: table, columnKey, at: at("column"))
        return .columnSet(table: table.key, column: columnKey, values: try strings("values", in: object, at: at("values")))
    }

    func differ() throws -> CrossFieldRule.Check {
        let keys = try strings("fields", in: object, at: at("fields"))
        guard keys.count >= 2 else { throw fail(at("fields"), "differ needs at least two fields") }
        for (index, key) in keys.enumerated() {
            _ = try field(key, at: JSONPointer.appending(at("fields"), String(index)))
        }
        return .differ(fields: keys)
    }

    func string(_ key: String, in object: JSONObject, at pointer: String) throws -> String {
        guard let text = object[key]?.stringValue, !text.isEmpty else {
            throw fail(pointer, "\(name) needs a \"\(key)\" string")
        }
        return text
    }

    func field(_ key: String, at pointer: String, kinds: Set<FieldKind>? = nil) throws -> FieldSpec {
        guard let spec = fields.first(where: { $0.key == key }) else {
            throw fail(pointer, "\(name) names field \"\(key)\", which the schema does not have")
        }
        if let kinds, !kinds.contains(spec.kind) {
            throw fail(
                pointer,
                "\(name) needs \"\(key)\" to be of kind \(kinds.map(\.rawValue).sorted().joined(separator: " or ")), not \(spec.kind.rawValue)")
        }
        return spec
    }

    func column(of table: FieldSpec, _ key: String, at pointer: String, kinds: Set<FieldKind>? = nil) throws -> FieldSpec {
        guard let spec = table.column(key) else {
            throw fail(pointer, "\(name) names column \"\(key)\", which table \"\(table.key)\" does not have")
        }
        if let kinds, !kinds.contains(spec.kind) {
            throw fail(
                pointer,
                "\(name) needs column \"\(key)\" to be of kind \(kinds.map(\.rawValue).sorted().joined(separator: " or ")), not \(spec.kind.rawValue)"
            )
        }
        return spec
    }

    func strings(_ key: String, in object: JSONObject, at pointer: String) throws -> [String] {
        guard let array = object[key]?.arrayValue, !array.isEmpty else {
            throw fail(pointer, "\(name) needs a non-empty \"\(key)\" array of strings")
        }
        return try array.enumerated().map { index, element in
            guard let text = element.stringValue else {
                throw fail(JSONPointer.appending(pointer, String(index)), "\"\(key)\" must hold strings")
            }
            return text
        }
    }
}
