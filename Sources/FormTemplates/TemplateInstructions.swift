import FormSchema
import Foundation

/// The instruction lines under a blank form, from the schema's rules: its own messages (`x-message`) where it
/// has them, with `{expected}` filled in and the parts about a submitted value left out, else a sentence made
/// from the keyword (minimums, lengths, rows), and the cross-field rules of `x-rules`.
///
/// The lines never hold a colon: a `标签：值` pair in a paragraph outside the tables is read as a value, and an
/// instruction must never be mistaken for what the branch wrote.
enum TemplateInstructions {
    static func lines(for schema: FormSchema, order fields: [FieldSpec]) -> [String] {
        var lines: [String] = []
        let properties = schema.document["properties"]
        let conditional = conditionalPhrases(in: schema.document)
        for field in fields {
            guard let property = properties?[field.key] else { continue }
            var phrases = phrases(for: property, field: field, alsoUnmessaged: true)
            phrases += conditional[field.key] ?? []
            if !phrases.isEmpty { lines.append(sentence(field.title, phrases)) }
            for column in field.columns {
                guard let columnProperty = property["items"]?["properties"]?[column.key] else { continue }
                let columnPhrases = Self.phrases(for: columnProperty, field: column, alsoUnmessaged: true)
                if !columnPhrases.isEmpty { lines.append(sentence("\(field.title)的“\(column.title)”", columnPhrases)) }
            }
        }
        for rule in schema.document["x-rules"]?.arrayValue ?? [] {
            if let line = ruleLine(rule, schema: schema) { lines.append(line) }
        }
        return lines.map(withoutColons)
    }

    /// "主题发言次数" + ["每年应不少于 2 次"] → "主题发言次数每年应不少于 2 次"; several phrases share the subject
    /// ("计划集中学习学时，普通党员每年不少于 32 学时；党支部书记…"); a phrase that already names it stands alone.
    static func sentence(_ subject: String, _ phrases: [String]) -> String {
        let bare = subject.replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "")
        var named: [String] = []
        var unnamed: [String] = []
        for phrase in phrases {
            if phrase.contains(bare) {
                if !named.contains(phrase) { named.append(phrase) }
            } else if !unnamed.contains(phrase) {
                unnamed.append(phrase)
            }
        }
        var parts = named
        switch unnamed.count {
        case 0: break
        case 1: parts.append(subject + unnamed[0])
        default: parts.append(subject + "，" + unnamed.joined(separator: "；"))
        }
        return parts.joined(separator: "；") + "。"
    }

    /// The rules one property states that a person filling the form should know.
    static func phrases(for property: JSONValue, field: FieldSpec, alsoUnmessaged: Bool) -> [String] {
        var phrases: [String] = []
        let hasRange = property["minimum"] != nil && property["maximum"] != nil
        for keyword in ["minimum", "minLength", "minItems", "pattern"] {
            guard let expected = property[keyword] else { continue }
            let expectedText = expected.numberValue.map(number) ?? expected.stringValue ?? ""
            if let template = message(property, keyword: keyword), let phrase = fromMessage(template, expected: expectedText) {
                phrases.append(phrase)
                continue
            }
            guard alsoUnmessaged, let value = expected.numberValue else { continue }
            switch keyword {
            // A bare range (年度 2000–2100) is a plausibility check, not a rule worth printing.
            // Nor is a minimum of 0 (no negative hours): nobody writes that.
            case "minimum" where !hasRange && value > 0: phrases.append("不少于 \(number(value))")
            case "minLength" where value > 1: phrases.append("不少于 \(number(value)) 字")
            case "minItems" where value >= 1: phrases.append("至少填写 \(number(value)) 项")
            default: break
            }
        }
        return phrases
    }

    /// The property's message for a keyword: `x-message` as a string (every keyword) or an object per keyword.
    static func message(_ property: JSONValue, keyword: String) -> String? {
        guard let message = property["x-message"] else { return nil }
        return message.stringValue ?? message[keyword]?.stringValue
    }

    /// A clerk's message as an instruction: its clauses about the submitted value (`{value}`, `{length}`,
    /// `{row}`) dropped, `{expected}` filled in; nil when nothing is left.
    static func fromMessage(_ template: String, expected: String) -> String? {
        let clauses = template.split(whereSeparator: { $0 == "，" || $0 == "," }).map(String.init)
        let kept = clauses.filter { clause in
            !clause.contains("{value}") && !clause.contains("{length}") && !clause.contains("{row}")
        }
        let text = kept.joined(separator: "，").replacingOccurrences(of: "{expected}", with: expected)
            .trimmingCharacters(in: .whitespaces)
        return text.isEmpty || text.contains("{") ? nil : text
    }

    /// Minimums that depend on another field (`allOf: [{if: …, then: {properties: {x: {minimum, x-message}}}}]`),
    /// by the field they constrain.
    static func conditionalPhrases(in document: JSONValue) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for branch in document["allOf"]?.arrayValue ?? [] {
            guard let then = branch["then"]?["properties"]?.objectValue else { continue }
            for (key, property) in then {
                for phrase in phrases(for: property, field: FieldSpec(key: key, title: key, labels: [key], kind: .string), alsoUnmessaged: false) {
                    result[key, default: []].append(phrase)
                }
            }
        }
        return result
    }

    /// A line for a cross-field rule: its message when it reads as an instruction, else a sentence of its own.
    static func ruleLine(_ rule: JSONValue, schema: FormSchema) -> String? {
        func title(_ key: String?) -> String? { key.flatMap { schema.field($0)?.title } }
        func columnTitle() -> String? {
            guard let table = rule["table"]?.stringValue, let column = rule["column"]?.stringValue else { return nil }
            return schema.field(table)?.column(column)?.title
        }
        let tableTitle = title(rule["table"]?.stringValue)
        switch rule["rule"]?.stringValue {
        case "columnSet":
            guard let tableTitle, let columnTitle = columnTitle() else { return nil }
            let values = (rule["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            return "\(tableTitle)按“\(columnTitle)”逐项填写，\(values.joined(separator: "、"))各一行。"
        case "sum":
            guard let tableTitle, let columnTitle = columnTitle(), let total = title(rule["equals"]?.stringValue) else { return nil }
            let excluded = (rule["where"]?["notIn"]?.arrayValue ?? []).compactMap(\.stringValue)
            let scope = excluded.isEmpty ? "" : "（\(excluded.joined(separator: "、"))除外）"
            return "\(total)应等于\(tableTitle)中各行“\(columnTitle)”之和\(scope)。"
        case "dateNotAfter":
            let subject =
                rule["field"]?.stringValue.flatMap { title($0) }
                ?? tableTitle.flatMap { table in columnTitle().map { "\(table)的“\($0)”" } }
            guard let subject, let limit = rule["limit"], let month = limit["month"]?.numberValue, let day = limit["day"]?.numberValue,
                let baseKey = limit["yearOf"]?.stringValue, let base = schema.field(baseKey)
            else { return nil }
            // The year of a date (填报日期当年), or the year a field gives (年度所填年份).
            let year = base.kind == .date ? "\(base.title)当年" : "\(base.title)所填年份的"
            return "\(subject)不晚于\(year) \(number(month)) 月 \(number(day)) 日。"
        case "differ":
            let names = (rule["fields"]?.arrayValue ?? []).compactMap { title($0.stringValue) }
            guard names.count >= 2 else { return nil }
            return "\(names.joined(separator: "与"))不能相同。"
        default:
            return nil
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func withoutColons(_ line: String) -> String {
        line.replacingOccurrences(of: "：", with: "，").replacingOccurrences(of: ":", with: "，")
    }
}
