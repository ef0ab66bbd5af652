import Foundation

/// What the office's reports need to know about a form beyond its fields, read from `x-form` so that a fifth
/// form added as a schema file gets completeness, deadlines and its chart with no code change
/// (docs/schemas.md lists the keys).
public struct FormRoles: Sendable {
    /// Who owes the form, as the completeness table and the missing lists count it.
    public enum Owed: Sendable, Equatable {
        /// Nobody is counted missing (mentoring pairs are on no roster).
        case nobody
        /// One from every branch (`"owed": "branch"`).
        case eachBranch
        /// One from every roster member (`"owed": "member"`), or from those whose rank is listed, or, when the
        /// roster gives no rank, whose category is listed (`{"by": "member", "ranks": […], "categories": […]}`).
        case members(ranks: [String]?, categories: [String]?)
    }

    /// The figure the overview draws for the form: a number field by the options of an enum field, each with
    /// the minimum the schema's `if`/`then` rules set for that option.
    public struct Chart: Sendable {
        public let field: String
        public let by: String
        public let minimums: [String: Double]
        /// What the numbers count (`学时`), written after them; empty when not given.
        public let unit: String
    }

    /// The field that names the branch (`x-form.branch`, default `branch`).
    public let branchField: String?
    /// The field that names the person, matched against the roster (`x-form.person`, default `name`).
    public let personField: String?
    public let owed: Owed
    /// A day of the year, as a deadline is given.
    public struct MonthDay: Sendable, Equatable {
        public let month: Int
        public let day: Int
    }

    /// The deadline in the form's year (`"due": "07-05"`).
    public let due: MonthDay?
    public let chart: Chart?

    static func read(_ form: JSONObject, document: JSONObject, fields: [FieldSpec], file: String) throws -> FormRoles {
        func fail(_ key: String, _ reason: String) -> SchemaError {
            SchemaError(file: file, pointer: "/x-form/\(key)", reason: reason)
        }
        func field(_ key: String, default fallback: String) throws -> String? {
            guard let value = form[key] else { return fields.contains { $0.key == fallback } ? fallback : nil }
            guard let name = value.stringValue, let spec = fields.first(where: { $0.key == name }), spec.kind != .table else {
                throw fail(key, "x-form.\(key) must name a field of the schema")
            }
            return name
        }
        let branchField = try field("branch", default: "branch")
        let personField = try field("person", default: "name")

        var owed = Owed.nobody
        switch form["owed"] {
        case nil:
            break
        case .string("branch")?:
            owed = .eachBranch
        case .string("member")?:
            owed = .members(ranks: nil, categories: nil)
        case .object(let object)?:
            guard object["by"] == .string("member") else { throw fail("owed", "x-form.owed.by must be \"member\"") }
            func list(_ key: String) throws -> [String]? {
                guard let value = object[key] else { return nil }
                guard let items = value.arrayValue?.compactMap(\.stringValue), items.count == value.arrayValue?.count else {
                    throw fail("owed/\(key)", "must be an array of strings")
                }
                return items
            }
            owed = .members(ranks: try list("ranks"), categories: try list("categories"))
        default:
            throw fail("owed", "x-form.owed must be \"branch\", \"member\" or {\"by\": \"member\", \"ranks\": […], \"categories\": […]}")
        }
        if case .members = owed, personField == nil { throw fail("owed", "a form owed by members needs x-form.person") }

        var due: MonthDay?
        if let value = form["due"] {
            let parts = value.stringValue?.split(separator: "-").compactMap { Int($0) } ?? []
            guard parts.count == 2, (1...12).contains(parts[0]), (1...CalendarDate.daysIn(month: parts[0], year: 2000)).contains(parts[1]) else {
                throw fail("due", "x-form.due must be \"MM-DD\", the deadline in the form's year")
            }
            due = MonthDay(month: parts[0], day: parts[1])
        }

        var chart: Chart?
        if let value = form["chart"] {
            guard let object = value.objectValue, let name = object["field"]?.stringValue, let by = object["by"]?.stringValue,
                let number = fields.first(where: { $0.key == name }), number.kind == .integer || number.kind == .number,
                let category = fields.first(where: { $0.key == by }), category.kind == .enum
            else {
                throw fail("chart", "x-form.chart must be {\"field\": a number field, \"by\": an enum field}")
            }
            guard object["unit"] == nil || object["unit"]?.stringValue != nil else { throw fail("chart/unit", "must be a string") }
            chart = Chart(field: name, by: by, minimums: minimums(of: name, by: by, in: document), unit: object["unit"]?.stringValue ?? "")
        }
        return FormRoles(branchField: branchField, personField: personField, owed: owed, due: due, chart: chart)
    }

    /// The minimum of `field` for each option of `by`, from the `allOf` rules of the form
    /// `if by = option then field minimum = M` — the way the schema already states them for validation.
    static func minimums(of field: String, by: String, in document: JSONObject) -> [String: Double] {
        var result: [String: Double] = [:]
        for rule in document["allOf"]?.arrayValue ?? [] {
            guard let option = rule["if"]?["properties"]?[by]?["const"]?.stringValue,
                let minimum = rule["then"]?["properties"]?[field]?["minimum"]?.numberValue
            else { continue }
            result[option] = minimum
        }
        return result
    }
}
