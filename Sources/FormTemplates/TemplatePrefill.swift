public import FormSchema
import Foundation

/// Which fields of a form a roster line fills: the field whose labels name the roster's column (所在党支部,
/// 姓名, 党员类别, 职级), so a form whose schema labels them differently simply gets nothing filled.
public enum TemplatePrefill {
    /// A roster column and the labels a form prints for it.
    public enum Column: CaseIterable, Sendable {
        case branch, name, category, rank

        var labels: Set<String> {
            switch self {
            case .branch: ["所在党支部", "所在支部", "党支部", "支部", "党支部名称", "支部名称"]
            case .name: ["姓名"]
            case .category: ["党员类别", "人员类别", "类别"]
            case .rank: ["职级"]
            }
        }
    }

    /// Field key → value for one member; an enum gets a value only when it is one of its options, and the
    /// first matching field of each column takes it.
    public static func values(for schema: FormSchema, member: [Column: String]) -> [String: String] {
        var values: [String: String] = [:]
        for column in Column.allCases {
            guard let value = member[column], !value.isEmpty else { continue }
            let match = schema.fields.first { field in
                field.kind != .table && values[field.key] == nil
                    && field.labels.contains { column.labels.contains(TemplateLayout.compact($0)) }
            }
            guard let field = match else { continue }
            if field.kind == .enum, !field.options.contains(value) { continue }
            values[field.key] = value
        }
        return values
    }
}
