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
        let reader = PropertyReader(key: key, pointer: pointer, file: file)
        guard let object = property.objectValue else {
            throw reader.fail(pointer, "property \"\(key)\" must be an object")
        }
        let (title, labels) = try reader.titleAndLabels(object)
        guard let kindValue = object["x-kind"] else { throw reader.fail(pointer, "property \"\(key)\" has no x-kind") }
        guard let kindName = kindValue.stringValue, let kind = FieldKind(rawValue: kindName) else {
            let known = FieldKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.fail(reader.at("x-kind"), "unknown x-kind \(kindValue.serialized()); expected one of \(known)")
        }
        if object["x-row-number"] != nil, !isColumn {
            throw reader.fail(reader.at("x-row-number"), "x-row-number must be true or false, on a table column")
        }
        let isRowNumber = try reader.flag("x-row-number", in: object, expected: "x-row-number must be true or false, on a table column")
        let fromTitle = try reader.flag("x-from-title", in: object, expected: "x-from-title must be true or false")

        var options: [String] = []
        var columns: [FieldSpec] = []
        var optionAliases: [String: [String]] = [:]
        var optionNumbering = false
        switch kind {
        case .enum:
            options = try reader.enumOptions(object)
            optionNumbering = try reader.flag("x-option-numbering", in: object, expected: "x-option-numbering must be true or false")
            optionAliases = try reader.optionAliases(object, options: options)
        case .table:
            if isColumn { throw reader.fail(reader.at("x-kind"), "a table column cannot itself be a table") }
            columns = try reader.tableColumns(object)
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

/// One schema property being read as a field, with errors that say where.
private struct PropertyReader {
    let key: String
    let pointer: String
    let file: String

    func fail(_ at: String, _ reason: String) -> SchemaError { SchemaError(file: file, pointer: at, reason: reason) }
    func at(_ keys: String...) -> String { keys.reduce(pointer) { JSONPointer.appending($0, $1) } }

    /// The title, and the labels a form may print for the field: the title first, then `x-labels`.
    func titleAndLabels(_ object: JSONObject) throws -> (String, [String]) {
        guard let titleValue = object["title"] else { throw fail(pointer, "property \"\(key)\" has no title") }
        guard let title = titleValue.stringValue, !title.isEmpty else {
            throw fail(at("title"), "title must be a non-empty string")
        }
        guard let labelsValue = object["x-labels"] else {
            throw fail(pointer, "property \"\(key)\" has no x-labels")
        }
        guard let labelArray = labelsValue.arrayValue, !labelArray.isEmpty else {
            throw fail(at("x-labels"), "x-labels must be a non-empty array of strings")
        }
        var labels = [title]
        for (index, label) in labelArray.enumerated() {
            guard let text = label.stringValue, !text.isEmpty else {
                throw fail(at("x-labels", String(index)), "a label must be a non-empty string")
            }
            if !labels.contains(text) { labels.append(text) }
        }
        return (title, labels)
    }

    /// A true/false keyword; false where it is absent.
    func flag(_ name: String, in object: JSONObject, expected: String) throws -> Bool {
        guard let value = object[name] else { return false }
        guard let flag = value.boolValue else { throw fail(at(name), expected) }
        return flag
    }

    func enumOptions(_ object: JSONObject) throws -> [String] {
        guard let values = object["enum"]?.arrayValue, !values.isEmpty else {
            throw fail(pointer, "an enum field needs a non-empty \"enum\" list")
        }
        return try values.enumerated().map { index, value in
            guard let text = value.stringValue else { throw fail(at("enum", String(index)), "enum values must be strings") }
            return text
        }
    }

    /// `x-option-aliases`: other spellings of some options.
    func optionAliases(_ object: JSONObject, options: [String]) throws -> [String: [String]] {
        guard let aliasesValue = object["x-option-aliases"] else { return [:] }
        let aliasesPointer = at("x-option-aliases")
        guard let aliasObject = aliasesValue.objectValue else {
            throw fail(aliasesPointer, "x-option-aliases must be an object: option → array of other spellings")
        }
        var aliases: [String: [String]] = [:]
        for (option, spellings) in aliasObject {
            let optionPointer = JSONPointer.appending(aliasesPointer, option)
            guard options.contains(option) else { throw fail(optionPointer, "\"\(option)\" is not one of the enum values") }
            guard let list = spellings.arrayValue, !list.isEmpty else {
                throw fail(optionPointer, "the other spellings of an option must be a non-empty array of strings")
            }
            aliases[option] = try list.enumerated().map { index, spelling in
                guard let text = spelling.stringValue, !text.isEmpty else {
                    throw fail(JSONPointer.appending(optionPointer, String(index)), "a spelling must be a non-empty string")
                }
                return text
            }
        }
        return aliases
    }

    /// A table's columns, from the schema of its row (`items`).
    func tableColumns(_ object: JSONObject) throws -> [FieldSpec] {
        let itemsPointer = at("items")
        guard let items = object["items"]?.objectValue else {
            throw fail(pointer, "a table field needs an \"items\" object schema describing its row")
        }
        guard let rowProperties = items["properties"]?.objectValue, !rowProperties.isEmpty else {
            throw fail(itemsPointer, "a table row needs \"properties\" (its columns)")
        }
        let rowRequired = try FieldSpec.requiredKeys(items["required"], pointer: JSONPointer.appending(itemsPointer, "required"), file: file)
        let propertiesPointer = JSONPointer.appending(itemsPointer, "properties")
        var columns: [FieldSpec] = []
        for (columnKey, columnValue) in rowProperties {
            columns.append(
                try FieldSpec.read(
                    key: columnKey, property: columnValue, pointer: JSONPointer.appending(propertiesPointer, columnKey),
                    isRequired: rowRequired.contains(columnKey), isColumn: true, file: file))
        }
        for (index, requiredKey) in rowRequired.enumerated() where rowProperties[requiredKey] == nil {
            throw fail(
                JSONPointer.appending(itemsPointer, "required", String(index)),
                "required column \"\(requiredKey)\" is not among the row's properties")
        }
        return columns
    }
}
