import Foundation

/// The placeholders of `x-message` templates and x-rule `message`s, and their substitution.
///
/// Unknown placeholders are refused when the schema loads, so a typo never reaches a clerk as "{lable}".
package struct MessageTemplate: Sendable, Hashable {
    /// What a template can say. `where` is how a clerk finds the field: "姓名", or "第3行 整改措施" for a cell.
    struct Values: Sendable {
        var label: String
        var value: String = ""
        var expected: String = ""
        var row: String = ""
        var length: String = ""

        var location: String { row.isEmpty ? label : "第\(row)行 \(label)" }
    }

    static let placeholders = ["label", "value", "expected", "row", "length", "where"]

    let text: String

    /// The names inside braces that are not placeholders; a template is usable when this is empty.
    static func unknownPlaceholders(in text: String) -> [String] {
        var unknown: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = String(after[..<close])
            if !placeholders.contains(name) { unknown.append(name) }
            rest = after[after.index(after: close)...]
        }
        return unknown
    }

    func render(_ values: Values) -> String {
        let substitutions: [(name: String, value: String)] = [
            ("label", values.label), ("value", values.value), ("expected", values.expected), ("row", values.row),
            ("length", values.length), ("where", values.location),
        ]
        if let rendered = renderInOnePass(substitutions) { return rendered }
        var out = text
        for (name, value) in substitutions {
            out = out.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return out
    }

    /// The placeholders substituted in one pass over the template, instead of Foundation replacing each name in
    /// turn; nil where that could differ. It gives the same text when every `{` of the template opens a known
    /// placeholder, and the template and every value are plain text (`PlainText`) and the values hold no brace:
    /// then each replacement step finds exactly the template's placeholders of its name (a value can neither
    /// form nor break one), and no Character straddles a placeholder's edge.
    private func renderInOnePass(_ substitutions: [(name: String, value: String)]) -> String? {
        let braces: Set<UInt8> = [UInt8(ascii: "{"), UInt8(ascii: "}")]
        guard PlainText.isPlain(text),
            substitutions.allSatisfy({ !$0.value.utf8.contains(where: braces.contains) && PlainText.isPlain($0.value) })
        else { return nil }
        var out = ""
        var rest = Substring(text)
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")) {
            out += rest[..<open]
            let name = rest[rest.utf8.index(after: open)...]
            guard let close = name.utf8.firstIndex(of: UInt8(ascii: "}")),
                let value = substitutions.first(where: { $0.name == name[..<close] })?.value
            else { return nil }
            out += value
            rest = name[name.utf8.index(after: close)...]
        }
        return out + rest
    }

    /// A value as a clerk reads it: text as written, numbers without a trailing ".0", lists joined by "、".
    package static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .number(let number): return JSONValue.format(number: number)
        case .bool(let flag): return flag ? "是" : "否"
        case .null: return "空"
        case .array(let values) where values.allSatisfy({ $0.stringValue != nil || $0.numberValue != nil }):
            return values.map(show).joined(separator: "、")
        case .array, .object: return value.serialized()
        }
    }

    /// The size a clerk would count: characters of text, rows of a table, members of an object.
    static func length(of value: JSONValue) -> String {
        switch value {
        case .string(let text): return String(text.unicodeScalars.count)
        case .array(let values): return String(values.count)
        case .object(let object): return String(object.count)
        default: return ""
        }
    }
}
