import Foundation

/// One field of a form (or one column of a table field), as its schema property describes it.
public struct FieldSpec: Sendable, Hashable {
    /// The canonical key (FORMS.md), used in records, the store and exports.
    public let key: String
    /// The display label in Chinese: the property's `title`, used in messages and reports.
    public let title: String
    /// Every label a form may print for this field (`x-labels`), the title first.
    public let labels: [String]
    public let kind: FieldKind
    /// The allowed values when `kind == .enum`, else empty.
    public let options: [String]
    /// The columns when `kind == .table`, else empty.
    public let columns: [FieldSpec]
    /// Whether the enclosing object's `required` lists the key.
    public let isRequired: Bool
    /// Whether the value may be read from the form's title line (`x-from-title`), as the year often is.
    public let fromTitle: Bool
    /// Other ways people write an option (`x-option-aliases`: option → its synonyms), for enum fields.
    public let optionAliases: [String: [String]]
    /// Whether an option may be written after a list number — （一）, 1., ①, 一、 — as official documents
    /// number the items of a list (`x-option-numbering`), for enum fields.
    public let optionNumbering: Bool
    /// Whether this table column holds the row's printed number (`x-row-number`): a row with nothing else filled
    /// in is an unused row of the form.
    public let isRowNumber: Bool

    public init(
        key: String, title: String, labels: [String], kind: FieldKind, options: [String] = [],
        columns: [FieldSpec] = [], isRequired: Bool = false, fromTitle: Bool = false,
        optionAliases: [String: [String]] = [:], optionNumbering: Bool = false, isRowNumber: Bool = false
    ) {
        self.key = key
        self.title = title
        self.labels = labels
        self.kind = kind
        self.options = options
        self.columns = columns
        self.isRequired = isRequired
        self.fromTitle = fromTitle
        self.optionAliases = optionAliases
        self.optionNumbering = optionNumbering
        self.isRowNumber = isRowNumber
    }

    /// The column with this key, for table fields.
    public func column(_ key: String) -> FieldSpec? {
        columns.first { $0.key == key }
    }
}

extension FieldSpec {
    /// Reads the field description of one schema property; `pointer` locates the property for errors.
    static func read(
        key: String, property: JSONValue, pointer: String, isRequired: Bool, isColumn: Bool, file: String
    ) throws -> FieldSpec {
        func fail(_ at: String, _ reason: String) -> SchemaError {
            SchemaError(file: file, pointer: at, reason: reason)
        }
        guard let object = property.objectValue else {
            throw fail(pointer, "property \"\(key)\" must be an object")
        }
        guard let titleValue = object["title"] else { throw fail(pointer, "property \"\(key)\" has no title") }
        guard let title = titleValue.stringValue, !title.isEmpty else {
            throw fail(JSONPointer.appending(pointer, "title"), "title must be a non-empty string")
        }
        guard let labelsValue = object["x-labels"] else {
            throw fail(pointer, "property \"\(key)\" has no x-labels")
        }
        guard let labelArray = labelsValue.arrayValue, !labelArray.isEmpty else {
            throw fail(JSONPointer.appending(pointer, "x-labels"), "x-labels must be a non-empty array of strings")
        }
        var labels = [title]
        for (index, label) in labelArray.enumerated() {
            guard let text = label.stringValue, !text.isEmpty else {
                throw fail(JSONPointer.appending(pointer, "x-labels", String(index)), "a label must be a non-empty string")
            }
            if !labels.contains(text) { labels.append(text) }
        }
        guard let kindValue = object["x-kind"] else { throw fail(pointer, "property \"\(key)\" has no x-kind") }
        let kindPointer = JSONPointer.appending(pointer, "x-kind")
        guard let kindName = kindValue.stringValue, let kind = FieldKind(rawValue: kindName) else {
            let known = FieldKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(kindPointer, "unknown x-kind \(kindValue.serialized()); expected one of \(known)")
        }
        var isRowNumber = false
        if let flag = object["x-row-number"] {
            guard isColumn, let bool = flag.boolValue else {
                throw fail(JSONPointer.appending(pointer, "x-row-number"), "x-row-number must be true or false, on a table column")
            }
            isRowNumber = bool
        }
        var fromTitle = false
        if let flag = object["x-from-title"] {
            guard let bool = flag.boolValue else {
                throw fail(JSONPointer.appending(pointer, "x-from-title"), "x-from-title must be true or false")
            }
            fromTitle = bool
        }

        var options: [String] = []
        var columns: [FieldSpec] = []
        var optionAliases: [String: [String]] = [:]
        var optionNumbering = false
        switch kind {
        case .enum:
            guard let values = object["enum"]?.arrayValue, !values.isEmpty else {
                throw fail(pointer, "an enum field needs a non-empty \"enum\" list")
            }
            for (index, value) in values.enumerated() {
                guard let text = value.stringValue else {
                    throw fail(JSONPointer.appending(pointer, "enum", String(index)), "enum values must be strings")
                }
                options.append(text)
            }
            if let flag = object["x-option-numbering"] {
                guard let bool = flag.boolValue else {
                    throw fail(JSONPointer.appending(pointer, "x-option-numbering"), "x-option-numbering must be true or false")
                }
                optionNumbering = bool
            }
            if let aliasesValue = object["x-option-aliases"] {
                let aliasesPointer = JSONPointer.appending(pointer, "x-option-aliases")
                guard let aliasObject = aliasesValue.objectValue else {
                    throw fail(aliasesPointer, "x-option-aliases must be an object: option → array of other spellings")
                }
                for (option, spellings) in aliasObject {
                    let at = JSONPointer.appending(aliasesPointer, option)
                    guard options.contains(option) else { throw fail(at, "\"\(option)\" is not one of the enum values") }
                    guard let list = spellings.arrayValue, !list.isEmpty else {
                        throw fail(at, "the other spellings of an option must be a non-empty array of strings")
                    }
                    optionAliases[option] = try list.enumerated().map { index, spelling in
                        guard let text = spelling.stringValue, !text.isEmpty else {
                            throw fail(JSONPointer.appending(at, String(index)), "a spelling must be a non-empty string")
                        }
                        return text
                    }
                }
            }
        case .table:
            if isColumn { throw fail(kindPointer, "a table column cannot itself be a table") }
            let itemsPointer = JSONPointer.appending(pointer, "items")
            guard let items = object["items"]?.objectValue else {
                throw fail(pointer, "a table field needs an \"items\" object schema describing its row")
            }
            guard let rowProperties = items["properties"]?.objectValue, !rowProperties.isEmpty else {
                throw fail(itemsPointer, "a table row needs \"properties\" (its columns)")
            }
            let rowRequired = try requiredKeys(
                items["required"], pointer: JSONPointer.appending(itemsPointer, "required"), file: file)
            let propertiesPointer = JSONPointer.appending(itemsPointer, "properties")
            for (columnKey, columnValue) in rowProperties {
                columns.append(
                    try read(
                        key: columnKey, property: columnValue,
                        pointer: JSONPointer.appending(propertiesPointer, columnKey),
                        isRequired: rowRequired.contains(columnKey), isColumn: true, file: file))
            }
            for (index, requiredKey) in rowRequired.enumerated() where rowProperties[requiredKey] == nil {
                throw fail(
                    JSONPointer.appending(itemsPointer, "required", String(index)),
                    "required column \"\(requiredKey)\" is not among the row's properties")
            }
        case .string, .text, .integer, .number, .date:
            break
        }
        return FieldSpec(
            key: key, title: title, labels: labels, kind: kind, options: options, columns: columns,
            isRequired: isRequired, fromTitle: fromTitle, optionAliases: optionAliases, optionNumbering: optionNumbering,
            isRowNumber: isRowNumber)
    }

    /// The keys of a `required` keyword, checked to be an array of strings.
    static func requiredKeys(_ value: JSONValue?, pointer: String, file: String) throws -> [String] {
        guard let value else { return [] }
        guard let array = value.arrayValue else {
            throw SchemaError(file: file, pointer: pointer, reason: "required must be an array of strings")
        }
        return try array.enumerated().map { index, element in
            guard let key = element.stringValue else {
                throw SchemaError(
                    file: file, pointer: JSONPointer.appending(pointer, String(index)),
                    reason: "required must be an array of strings")
            }
            return key
        }
    }
}
