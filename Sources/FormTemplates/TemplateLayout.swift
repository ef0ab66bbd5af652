public import FormSchema
import Foundation

/// What a blank form shows, worked out from a schema alone: the title, the fields in rows of label/value
/// cells, the repeating tables with their rows, and the instructions. Nothing here knows any particular form;
/// the optional `x-template` keyword (docs/schemas.md) may reorder fields and widen or size them.
public struct TemplateLayout: Sendable {
    /// The title line: the schema's `title`, made to hold the first `x-form.titles` fragment so the classifier
    /// recognises a filled copy.
    public let title: String
    public let blocks: [Block]
    /// The short instruction block under the form (填表说明): required marks and the rules a clerk checks.
    public let instructions: [String]
    /// Whether any field is required (the instructions then explain the asterisk).
    public let hasRequiredFields: Bool

    public enum Block: Sendable {
        /// Rows of label/value cells: one wide field, or two narrow ones side by side.
        case fields([[FieldBox]])
        case table(TableBox)
    }

    /// One scalar field's place on the form.
    public struct FieldBox: Sendable {
        public let field: FieldSpec
        /// Takes a whole row (label, then the value across the rest).
        public let wide: Bool
        /// Lines of room to write (text fields).
        public let lines: Int
        /// The grey hint in the empty value (the minimum length of a text, say); empty for none.
        public let hint: String
    }

    /// A repeating table.
    public struct TableBox: Sendable {
        public let field: FieldSpec
        /// Rows printed: at least the minimum the schema asks for, plus spare ones.
        public let rows: Int
        /// An enum column printed with one option per row (`x-template.rowPerOption`): the rows are its options.
        public let optionColumn: String?
        /// Relative widths of the columns, in column order.
        public let weights: [Double]
        /// Grey hints per column key.
        public let hints: [String: String]
    }

    /// Reads the layout; a malformed `x-template` stops with the file and JSON pointer to fix.
    public init(schema: FormSchema) throws(SchemaError) {
        let file = schema.source.path
        let root = schema.document
        let hints = root["x-template"]
        if let hints, hints.objectValue == nil {
            throw SchemaError(file: file, pointer: "/x-template", reason: "x-template must be an object")
        }
        title = try Self.title(of: schema, hint: hints?["title"], file: file)

        var fields = schema.fields
        if let order = hints?["order"] {
            guard let keys = order.arrayValue?.compactMap(\.stringValue), keys.count == order.arrayValue?.count else {
                throw SchemaError(file: file, pointer: "/x-template/order", reason: "order must be an array of field keys")
            }
            for (index, key) in keys.enumerated() where schema.field(key) == nil {
                throw SchemaError(file: file, pointer: "/x-template/order/\(index)", reason: "\"\(key)\" is not a field of the schema")
            }
            let ordered = keys.compactMap(schema.field)
            fields = ordered + fields.filter { field in !keys.contains(field.key) }
        }

        let properties = root["properties"]
        var blocks: [Block] = []
        var pending: [[FieldBox]] = []
        var half: FieldBox?
        func flushHalf() {
            if let waiting = half { pending.append([waiting]) }
            half = nil
        }
        for field in fields {
            let property = properties?[field.key]
            let pointer = "/properties/\(field.key)/x-template"
            let hint = try Self.hints(property?["x-template"], pointer: pointer, file: file)
            if field.kind == .table {
                flushHalf()
                if !pending.isEmpty { blocks.append(.fields(pending)) }
                pending = []
                blocks.append(.table(try Self.table(field, property: property, schema: schema, hint: hint, pointer: pointer, file: file)))
                continue
            }
            let box = FieldBox(
                field: field, wide: hint.wide ?? Self.isWide(field), lines: hint.lines ?? Self.lines(for: field, property: property),
                hint: Self.placeholder(for: field, property: property))
            if box.wide {
                flushHalf()
                pending.append([box])
            } else if let waiting = half {
                pending.append([waiting, box])
                half = nil
            } else {
                half = box
            }
        }
        flushHalf()
        if !pending.isEmpty { blocks.append(.fields(pending)) }
        self.blocks = blocks
        hasRequiredFields = schema.fields.contains { $0.isRequired || $0.columns.contains(where: \.isRequired) }
        instructions = TemplateInstructions.lines(for: schema, order: fields)
    }

    // MARK: Title

    private static func title(of schema: FormSchema, hint: JSONValue?, file: String) throws(SchemaError) -> String {
        var title = schema.name
        if let hint {
            guard let text = hint.stringValue, !text.isEmpty else {
                throw SchemaError(file: file, pointer: "/x-template/title", reason: "title must be a non-empty string")
            }
            title = text
        }
        // The classifier looks for a title fragment in the text with blanks removed; the printed title must hold it.
        guard let fragment = schema.titles.first, !compact(title).contains(compact(fragment)) else { return title }
        return "\(title)（\(fragment)）"
    }

    static func compact(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    // MARK: Per-field hints and sizes

    struct Hints {
        var wide: Bool?
        var lines: Int?
        var rows: Int?
        var spare: Int?
        var rowPerOption = false
        var width: Double?
    }

    static func hints(_ value: JSONValue?, pointer: String, file: String) throws(SchemaError) -> Hints {
        var hints = Hints()
        guard let value else { return hints }
        guard let object = value.objectValue else {
            throw SchemaError(file: file, pointer: pointer, reason: "x-template must be an object")
        }
        for (key, member) in object {
            let at = "\(pointer)/\(key)"
            switch key {
            case "wide", "rowPerOption":
                guard let flag = member.boolValue else { throw SchemaError(file: file, pointer: at, reason: "\(key) must be true or false") }
                if key == "wide" { hints.wide = flag } else { hints.rowPerOption = flag }
            case "lines", "rows", "spare":
                guard let number = member.numberValue, number >= 0, number <= 60, number == number.rounded() else {
                    throw SchemaError(file: file, pointer: at, reason: "\(key) must be a whole number from 0 to 60")
                }
                switch key {
                case "lines": hints.lines = max(1, Int(number))
                case "rows": hints.rows = Int(number)
                default: hints.spare = Int(number)
                }
            case "width":
                guard let number = member.numberValue, number > 0, number <= 20 else {
                    throw SchemaError(file: file, pointer: at, reason: "width must be a number above 0 and at most 20")
                }
                hints.width = number
            default:
                throw SchemaError(
                    file: file, pointer: at,
                    reason: "unknown x-template hint \"\(key)\"; known: wide, lines, rows, spare, rowPerOption, width")
            }
        }
        return hints
    }

    /// Text needs the width of the page; an enum whose options do not fit half a row does too.
    static func isWide(_ field: FieldSpec) -> Bool {
        switch field.kind {
        case .text: return true
        case .enum: return field.options.reduce(0) { $0 + $1.count + 2 } > 15
        default: return false
        }
    }

    /// Room to write a text: a line per forty characters the schema asks for, and one to spare.
    static func lines(for field: FieldSpec, property: JSONValue?) -> Int {
        guard field.kind == .text else { return 1 }
        let minimum = property?["minLength"]?.numberValue.map { Int($0) } ?? 0
        return min(6, max(3, minimum / 40 + 2))
    }

    static func placeholder(for field: FieldSpec, property: JSONValue?) -> String {
        if field.kind == .text, let minimum = property?["minLength"]?.numberValue, minimum > 1 {
            return "（不少于 \(Int(minimum)) 字）"
        }
        return ""
    }

    // MARK: Repeating tables

    private static func table(
        _ field: FieldSpec, property: JSONValue?, schema: FormSchema, hint: Hints, pointer: String, file: String
    ) throws(SchemaError) -> TableBox {
        var optionColumn: String?
        var weights: [Double] = []
        var hints: [String: String] = [:]
        let columnProperties = property?["items"]?["properties"]
        for column in field.columns {
            let at = "/properties/\(field.key)/items/properties/\(column.key)/x-template"
            let columnHint = try Self.hints(columnProperties?[column.key]?["x-template"], pointer: at, file: file)
            if columnHint.rowPerOption {
                guard column.kind == .enum else {
                    throw SchemaError(file: file, pointer: at + "/rowPerOption", reason: "rowPerOption is for an enum column")
                }
                optionColumn = column.key
            }
            weights.append(columnHint.width ?? Self.weight(of: column, printedOnce: columnHint.rowPerOption))
            hints[column.key] = placeholder(for: column, property: columnProperties?[column.key])
        }
        let minimum = max(1, property?["minItems"]?.numberValue.map { Int($0) } ?? 0, Self.columnSetSize(of: field, in: schema))
        let rows: Int
        if let optionColumn, let column = field.column(optionColumn) {
            rows = column.options.count
        } else {
            rows = max(hint.rows ?? 0, minimum + (hint.spare ?? (minimum >= 5 ? 1 : 2)))
        }
        return TableBox(field: field, rows: rows, optionColumn: optionColumn, weights: weights, hints: hints)
    }

    /// A `columnSet` rule asks for one row per listed value: the table needs at least that many rows.
    static func columnSetSize(of table: FieldSpec, in schema: FormSchema) -> Int {
        let rules = schema.document["x-rules"]?.arrayValue ?? []
        return rules.filter { $0["rule"] == "columnSet" && $0["table"]?.stringValue == table.key }
            .compactMap { $0["values"]?.arrayValue?.count }.max() ?? 0
    }

    /// How wide a column is against the others: text gets the room, numbers little; never narrower than its title.
    static func weight(of column: FieldSpec, printedOnce: Bool) -> Double {
        let content: Double
        switch column.kind {
        case .text: content = 3.2
        case .string: content = 1.4
        case .date: content = 2.0
        case .integer, .number: content = 0.7
        case .enum:
            let longest = Double(column.options.map(\.count).max() ?? 2)
            // Room for two options a line (box, name, blank), so a row stays a few lines high.
            content = printedOnce ? max(1.4, longest * 0.3) : min(3.2, max(1.4, (longest + 2) * 2 * 0.24))
        case .table: content = 1
        }
        return max(content, Double(column.title.count) * 0.28 + 0.2)
    }
}
