import Foundation

/// Words validation errors as findings: the record path, the severity the schema asks for, and a Chinese
/// message naming the field by its title.
struct FindingBuilder: Sendable {
    let fields: [FieldSpec]

    /// Where a path points in the form, as a clerk names it.
    struct Place {
        var path: String
        var label: String
        /// 1-based row of a table, when the path is in one.
        var row: Int?
    }

    func place(of components: [JSONPathComponent]) -> Place {
        var path = ""
        for component in components {
            switch component {
            case .key(let key): path += path.isEmpty ? key : "." + key
            case .index(let index): path += "[\(index)]"
            }
        }
        var label = "记录"
        var row: Int?
        if case .key(let key)? = components.first {
            let field = fields.first { $0.key == key }
            label = field?.title ?? key
            if components.count >= 2, case .index(let index) = components[1] {
                row = index + 1
                if components.count >= 3, case .key(let columnKey) = components[2] {
                    label = field?.column(columnKey)?.title ?? columnKey
                }
            }
            if components.count > 3 {
                // Deeper than a cell: no form field is there, so the member's own key is the best name.
                for case .key(let key) in components.reversed() {
                    label = key
                    break
                }
            }
        }
        return Place(path: path, label: label, row: row)
    }

    func finding(from error: ValidationError) -> Finding {
        var components = error.instancePath
        if let property = error.property, error.keyword == "required" || error.keyword == "dependentRequired" {
            components.append(.key(property))
        }
        let place = place(of: components)
        var values = MessageTemplate.Values(label: place.label)
        values.row = place.row.map(String.init) ?? ""
        if error.keyword == "propertyNames", let property = error.property {
            values.value = property
        } else if error.property == nil {
            values.value = MessageTemplate.show(error.value)
            values.length = MessageTemplate.length(of: error.value)
        }
        if let expected = error.expected { values.expected = MessageTemplate.show(expected) }
        if error.keyword == "type", let names = error.expected?.arrayValue {
            values.expected = names.compactMap(\.stringValue).map(Self.typeName).joined(separator: "或")
        }

        let message: String
        if let template = Self.template(for: error.keyword, in: error.schemaExtensions) {
            message = MessageTemplate(text: template).render(values)
        } else {
            message = Self.defaultMessage(error.keyword, values, minimum: error.expected?.numberValue)
        }
        return Finding(path: place.path, severity: Self.severity(of: error), rule: error.keyword, message: message)
    }

    /// The innermost `x-severity` decides; a finding is an error unless the schema says otherwise.
    static func severity(of error: ValidationError) -> Severity {
        for extensions in [error.schemaExtensions] + error.enclosingExtensions.reversed() {
            if let text = extensions["x-severity"]?.stringValue, let severity = Severity(rawValue: text) { return severity }
        }
        return .error
    }

    /// The subschema's own `x-message`: one template for all its keywords, or one per keyword.
    static func template(for keyword: String, in extensions: JSONObject) -> String? {
        switch extensions["x-message"] {
        case .string(let text)?: return text
        case .object(let perKeyword)?: return perKeyword[keyword]?.stringValue
        default: return nil
        }
    }

    static func typeName(_ name: String) -> String {
        switch name {
        case "integer": return "整数"
        case "number": return "数字"
        case "string": return "文字"
        case "array": return "表格（多行）"
        case "object": return "一组字段"
        case "boolean": return "是或否"
        case "null": return "空"
        default: return name
        }
    }

    static func defaultMessage(_ keyword: String, _ values: MessageTemplate.Values, minimum: Double?) -> String {
        let at = values.location
        let rowPrefix = values.row.isEmpty ? "" : "第\(values.row)行 "
        switch keyword {
        case "required", "dependentRequired":
            return "\(rowPrefix)缺少必填项：\(values.label)"
        case "type":
            return "\(at)应为\(values.expected)，实际为 \(values.value)"
        case "enum":
            return "\(at)应为 \(values.expected) 之一，实际为 \(values.value)"
        case "const":
            return "\(at)应为 \(values.expected)，实际为 \(values.value)"
        case "format":
            return "\(at)应为有效日期（如 2017-06-30），实际为 \(values.value)"
        case "pattern":
            return "\(at)的填写格式不符合要求，实际为 \(values.value)"
        case "minimum":
            return "\(at)为 \(values.value)，应不少于 \(values.expected)"
        case "maximum":
            return "\(at)为 \(values.value)，应不超过 \(values.expected)"
        case "exclusiveMinimum":
            return "\(at)为 \(values.value)，应大于 \(values.expected)"
        case "exclusiveMaximum":
            return "\(at)为 \(values.value)，应小于 \(values.expected)"
        case "multipleOf":
            return "\(at)为 \(values.value)，应为 \(values.expected) 的整数倍"
        case "minLength":
            if minimum == 1 { return "\(at)不能为空" }
            return "\(at) 只有 \(values.length) 个字，应不少于 \(values.expected) 个字"
        case "maxLength":
            return "\(at) 有 \(values.length) 个字，应不超过 \(values.expected) 个字"
        case "minItems":
            return "\(at)至少应填写 \(values.expected) 行，实际 \(values.length) 行"
        case "maxItems":
            return "\(at)至多填写 \(values.expected) 行，实际 \(values.length) 行"
        case "uniqueItems":
            return "\(at)有重复的行"
        case "contains", "minContains", "maxContains":
            return "\(at)中符合要求的行数不对（应为 \(values.expected)）"
        case "minProperties", "maxProperties":
            return "\(at)填写的项数不对（应为 \(values.expected)）"
        case "propertyNames":
            return "\(at)中有不认识的项：\(values.value)"
        case "anyOf", "oneOf":
            return "\(at)不符合任何一种允许的填写方式，实际为 \(values.value)"
        case "not":
            return "\(at)不允许填写 \(values.value)"
        case "false":
            return "\(at)不应填写"
        default:
            return "\(at)不符合要求（\(keyword)）"
        }
    }
}
