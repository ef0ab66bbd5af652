import FormSchema
import FormTemplates
import Foundation

/// What one programmatic filling of a blank form writes, made from the schema alone, and the record the reader
/// must give back for it. Fill `number` picks other options than fill `number - 1`, so a few fills tick every
/// option of every enum at least once.
struct FillPlan {
    var texts: [String: String] = [:]
    var dates: [String: String] = [:]
    var ticked: Set<String> = []
    /// The tags the plan writes, to check the template has a control for each.
    var tags: Set<String> = []
    var expected = JSONObject()
    /// The options ticked, by field (`kind`, `items.mode`), to check coverage across fills.
    var options: [String: Set<String>] = [:]

    /// How many fills tick every option once: the most options of any enum (a column's spread over its rows).
    static func fills(for layout: TemplateLayout) -> Int {
        var count = 2
        for block in layout.blocks {
            switch block {
            case .fields(let rows):
                for box in rows.joined() where box.field.kind == .enum { count = max(count, box.field.options.count) }
            case .table(let table):
                let rows = filledRows(table)
                for column in table.field.columns where column.kind == .enum && column.key != table.optionColumn {
                    count = max(count, (column.options.count + rows - 1) / rows)
                }
            }
        }
        return count
    }

    /// Every row but the last spare one, which stays blank (the reader drops empty rows); all rows of a table
    /// with a row per option.
    static func filledRows(_ table: TemplateLayout.TableBox) -> Int {
        table.optionColumn != nil ? table.rows : max(1, table.rows - 1)
    }

    init(layout: TemplateLayout, number: Int, schema: FormSchema) {
        var fieldIndex = 0
        for block in layout.blocks {
            switch block {
            case .fields(let rows):
                for box in rows.joined() {
                    fieldIndex += 1
                    let property = schema.document["properties"]?[box.field.key]
                    if let value = write(box.field, tag: box.field.key, property: property, seed: number + fieldIndex * 11, path: box.field.key) {
                        expected[box.field.key] = value
                    }
                }
            case .table(let table):
                fieldIndex += 1
                var rows: [JSONValue] = []
                let columnProperties = schema.document["properties"]?[table.field.key]?["items"]?["properties"]
                for row in 0..<Self.filledRows(table) {
                    var object = JSONObject()
                    for column in table.field.columns {
                        let tag = "\(table.field.key)[\(row)].\(column.key)"
                        if column.key == table.optionColumn {
                            // Printed on the form, one option a row.
                            object[column.key] = .string(column.options[row])
                            options["\(table.field.key).\(column.key)", default: []].insert(column.options[row])
                            continue
                        }
                        // Consecutive across fills, so a column's options all come round.
                        let seed = number * Self.filledRows(table) + row
                        let path = "\(table.field.key).\(column.key)"
                        if let value = write(column, tag: tag, property: columnProperties?[column.key], seed: seed, path: path) {
                            object[column.key] = value
                        }
                    }
                    rows.append(.object(object))
                }
                expected[table.field.key] = .array(rows)
            }
        }
    }

    private mutating func writeNumber(tag: String, value: Double) -> JSONValue {
        texts[tag] = value == value.rounded() ? String(Int(value)) : String(value)
        tags.insert(tag)
        return .number(value)
    }

    /// Writes one value through the control with `tag`; returns what the record holds for it.
    private mutating func write(_ field: FieldSpec, tag: String, property: JSONValue?, seed: Int, path: String) -> JSONValue? {
        switch field.kind {
        case .string:
            let text = "填写\(seed)号\(field.key.count)"
            texts[tag] = text
            tags.insert(tag)
            return .string(text)
        case .text:
            let minimum = property?["minLength"]?.numberValue.map { Int($0) } ?? 0
            var text = "第\(seed)份\(field.title)的内容"
            while text.count < max(minimum, 12) { text += "，按计划认真落实" }
            text += "。"
            texts[tag] = text
            tags.insert(tag)
            return .string(text)
        case .integer:
            var value = (property?["minimum"]?.numberValue ?? 10) + Double(seed % 50)
            if let maximum = property?["maximum"]?.numberValue { value = min(value, maximum) }
            return writeNumber(tag: tag, value: value)
        case .number:
            let minimum = property?["minimum"]?.numberValue ?? 1
            return writeNumber(tag: tag, value: minimum + Double(seed % 40) + 0.5)
        case .date:
            let iso = String(format: "2017-%02d-%02d", seed % 12 + 1, seed % 28 + 1)
            dates[tag] = iso
            tags.insert(tag)
            return .string(iso)
        case .enum:
            let option = field.options[seed % field.options.count]
            ticked.insert("\(tag)=\(option)")
            for other in field.options { tags.insert("\(tag)=\(other)") }
            options[path, default: []].insert(option)
            return .string(option)
        case .table:
            return nil
        }
    }
}
