public import Foundation

/// One form's schema: its fields for extraction and storage, and the rules its records are validated against.
///
/// Loading checks everything that can be checked without a record (field descriptions, rule references,
/// the JSON Schema itself), so that a broken schema file stops `formpipe` at start-up with the place to fix
/// instead of producing wrong findings later.
public struct FormSchema: Sendable {
    /// The form id (`x-form.id`), equal to the file name without `.schema.json`.
    public let id: String
    /// The form's Chinese name (the top-level `title`).
    public let name: String
    /// Normalised fragments of the title line (no spaces, no year) that recognise this form.
    public let titles: [String]
    /// The field keys that identify a submission; for a date field only its year counts (see `identity(of:)`).
    public let identity: [String]
    /// The date field that dates a filled form (`x-form.date`): of two submissions with the same identity taken
    /// in by the same run, the one with the later date is the correction.
    public let dateField: String?
    /// The fields in `properties` order.
    public let fields: [FieldSpec]
    /// Who owes the form, which fields name the branch and the person, its deadline and its chart (`x-form`).
    public let roles: FormRoles
    /// The whole schema file.
    public let document: JSONValue
    public let source: URL

    let rules: [CrossFieldRule]
    /// The record's JSON Schema, compiled once when the schema loads.
    public let validator: JSONSchemaValidator

    /// The file name suffix of schema files.
    public static let fileSuffix = ".schema.json"

    /// Reads a schema from its parsed document; `source` names it in errors.
    public init(document: JSONValue, source: URL) throws {
        let file = source.path
        func fail(_ pointer: String, _ reason: String) -> SchemaError {
            SchemaError(file: file, pointer: pointer, reason: reason)
        }
        guard let root = document.objectValue else { throw fail("", "a schema must be a JSON object") }
        guard let form = root["x-form"] else { throw fail("", "x-form is missing") }
        guard let formObject = form.objectValue else { throw fail("/x-form", "x-form must be an object") }
        guard let idValue = formObject["id"] else { throw fail("/x-form", "x-form.id is missing") }
        guard let id = idValue.stringValue, !id.isEmpty else { throw fail("/x-form/id", "x-form.id must be a non-empty string") }
        guard let titlesValue = formObject["titles"] else { throw fail("/x-form", "x-form.titles is missing") }
        guard let titleArray = titlesValue.arrayValue, !titleArray.isEmpty else {
            throw fail("/x-form/titles", "x-form.titles must be a non-empty array of strings")
        }
        let titles = try titleArray.enumerated().map { index, value in
            guard let text = value.stringValue, !text.isEmpty else {
                throw fail("/x-form/titles/\(index)", "a title fragment must be a non-empty string")
            }
            return text
        }
        guard let identityValue = formObject["identity"] else { throw fail("/x-form", "x-form.identity is missing") }
        guard let identityArray = identityValue.arrayValue, !identityArray.isEmpty else {
            throw fail("/x-form/identity", "x-form.identity must be a non-empty array of field keys")
        }
        guard let name = root["title"]?.stringValue, !name.isEmpty else {
            throw fail(root["title"] == nil ? "" : "/title", "the schema needs a non-empty top-level title")
        }
        guard let properties = root["properties"]?.objectValue, !properties.isEmpty else {
            throw fail(root["properties"] == nil ? "" : "/properties", "the schema needs a non-empty properties object")
        }
        let required = try FieldSpec.requiredKeys(root["required"], pointer: "/required", file: file)
        var fields: [FieldSpec] = []
        for (key, property) in properties {
            fields.append(
                try FieldSpec.read(
                    key: key, property: property, pointer: JSONPointer.appending("/properties", key),
                    isRequired: required.contains(key), isColumn: false, file: file))
        }
        for (index, key) in required.enumerated() where properties[key] == nil {
            throw fail("/required/\(index)", "required field \"\(key)\" is not among the properties")
        }
        let identity = try identityArray.enumerated().map { index, value in
            guard let key = value.stringValue else {
                throw fail("/x-form/identity/\(index)", "identity entries must be field keys")
            }
            guard let field = fields.first(where: { $0.key == key }) else {
                throw fail("/x-form/identity/\(index)", "identity names field \"\(key)\", which the schema does not have")
            }
            guard field.kind != .table else {
                throw fail("/x-form/identity/\(index)", "identity cannot use the table \"\(key)\"")
            }
            return key
        }
        var dateField: String?
        if let dateValue = formObject["date"] {
            guard let key = dateValue.stringValue, fields.first(where: { $0.key == key })?.kind == .date else {
                throw fail("/x-form/date", "x-form.date must name a date field of the schema")
            }
            dateField = key
        }
        var rules: [CrossFieldRule] = []
        if let rulesValue = root["x-rules"] {
            guard let ruleArray = rulesValue.arrayValue else { throw fail("/x-rules", "x-rules must be an array") }
            for (index, rule) in ruleArray.enumerated() {
                rules.append(try CrossFieldRule.read(rule, pointer: "/x-rules/\(index)", fields: fields, file: file))
                if let message = rule["message"]?.stringValue {
                    try Self.checkTemplate(message, at: "/x-rules/\(index)/message", file: file)
                }
            }
        }
        let roles = try FormRoles.read(formObject, document: root, fields: fields, file: file)
        try Self.checkExtensions(in: document, at: "", file: file)
        do {
            validator = try JSONSchemaValidator(schema: document)
        } catch let error as SchemaCompileError {
            throw fail(error.pointer, error.reason)
        }

        self.id = id
        self.name = name
        self.titles = titles
        self.identity = identity
        self.fields = fields
        self.dateField = dateField
        self.roles = roles
        self.document = document
        self.source = source
        self.rules = rules
    }

    /// Reads and checks one `<form-id>.schema.json` file.
    public static func load(contentsOf file: URL) throws -> FormSchema {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw SchemaError(file: file.path, pointer: "", reason: "cannot read the file: \(error.localizedDescription)")
        }
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch let error as JSONParseError {
            throw SchemaError(file: file.path, pointer: "", reason: "bad JSON: \(error.description)")
        }
        let schema = try FormSchema(document: document, source: file)
        let stem = Self.stem(of: file)
        guard schema.id == stem else {
            throw SchemaError(
                file: file.path, pointer: "/x-form/id",
                reason: "x-form.id \"\(schema.id)\" differs from the file name \"\(stem)\(fileSuffix)\"")
        }
        return schema
    }

    /// Checks every `x-severity` and `x-message` of the document, wherever it sits.
    private static func checkExtensions(in value: JSONValue, at pointer: String, file: String) throws {
        switch value {
        case .object(let object):
            if let severity = object["x-severity"], severity.stringValue.flatMap(Severity.init(rawValue:)) == nil {
                throw SchemaError(
                    file: file, pointer: JSONPointer.appending(pointer, "x-severity"),
                    reason: "x-severity must be \"error\" or \"warning\"")
            }
            if let message = object["x-message"] {
                let at = JSONPointer.appending(pointer, "x-message")
                switch message {
                case .string(let text):
                    try checkTemplate(text, at: at, file: file)
                case .object(let perKeyword):
                    for (keyword, template) in perKeyword {
                        guard let text = template.stringValue else {
                            throw SchemaError(file: file, pointer: JSONPointer.appending(at, keyword), reason: "a message must be a string")
                        }
                        try checkTemplate(text, at: JSONPointer.appending(at, keyword), file: file)
                    }
                default:
                    throw SchemaError(
                        file: file, pointer: at, reason: "x-message must be a string or an object of strings keyed by keyword")
                }
            }
            for (key, member) in object where key != "x-message" && key != "enum" && key != "const" {
                try checkExtensions(in: member, at: JSONPointer.appending(pointer, key), file: file)
            }
        case .array(let array):
            for (index, element) in array.enumerated() {
                try checkExtensions(in: element, at: JSONPointer.appending(pointer, index: index), file: file)
            }
        default:
            break
        }
    }

    private static func checkTemplate(_ text: String, at pointer: String, file: String) throws {
        let unknown = MessageTemplate.unknownPlaceholders(in: text)
        guard unknown.isEmpty else {
            throw SchemaError(
                file: file, pointer: pointer,
                reason: "unknown placeholder {\(unknown[0])}; known: "
                    + MessageTemplate.placeholders.map { "{\($0)}" }.joined(separator: " "))
        }
    }

    static func stem(of file: URL) -> String {
        let name = file.lastPathComponent
        return name.hasSuffix(fileSuffix) ? String(name.dropLast(fileSuffix.count)) : name
    }

    /// The field with this key.
    public func field(_ key: String) -> FieldSpec? {
        fields.first { $0.key == key }
    }

    /// Every finding for a record, in the order of the form's fields (a clerk reads the form top to bottom);
    /// an error among them makes the record invalid, warnings alone do not.
    public func validate(_ record: JSONValue) -> [Finding] {
        let builder = FindingBuilder(fields: fields)
        var findings = validator.validate(record).map(builder.finding(from:))
        for rule in rules { findings += rule.findings(for: record, fields: fields) }
        findings += Self.outOfBoundFindings(in: record, fields: fields)
        var seen: Set<Finding> = []
        let unique = findings.filter { seen.insert($0).inserted }
        let position = Dictionary(fields.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        func rank(_ finding: Finding) -> Int {
            let field = finding.path.prefix { $0 != "." && $0 != "[" }
            return position[String(field)] ?? fields.count
        }
        // Each finding's rank is worked out once, not at every comparison of the sort.
        return unique.enumerated()
            .map { (rank: rank($0.element), offset: $0.offset, finding: $0.element) }
            .sorted { ($0.rank, $0.offset) < ($1.rank, $1.offset) }
            .map(\.finding)
    }

    /// A number beyond `FieldKind.numberBound` in an integer or number field (or column) is an error even where
    /// the schema sets no maximum: records also come from the store, a clerk's correction or an older reader.
    static func outOfBoundFindings(in record: JSONValue, fields: [FieldSpec]) -> [Finding] {
        func isNumeric(_ field: FieldSpec) -> Bool { field.kind == .integer || field.kind == .number }
        /// The finding for a number out of bounds; the path is only worked out for one (most values are in bounds).
        func check(_ value: JSONValue?, _ field: FieldSpec, row: Int?, path: () -> String) -> Finding? {
            guard let number = value?.numberValue, !FieldKind.isWithinNumberBound(number) else { return nil }
            let at = row.map { "第\($0)行 \(field.title)" } ?? field.title
            let bound = JSONValue.format(number: FieldKind.numberBound)
            return Finding(
                path: path(), severity: .error, rule: "maximum",
                message: "\(at)为 \(JSONValue.format(number: number))，超出可接受的范围（绝对值不超过 \(bound)）")
        }
        var findings: [Finding] = []
        for field in fields {
            if field.kind == .table {
                let columns = field.columns.filter(isNumeric)
                guard !columns.isEmpty, let rows = record[field.key]?.arrayValue else { continue }
                for (index, row) in rows.enumerated() {
                    for column in columns {
                        if let finding = check(row[column.key], column, row: index + 1, path: { "\(field.key)[\(index)].\(column.key)" }) {
                            findings.append(finding)
                        }
                    }
                }
            } else if isNumeric(field), let finding = check(record[field.key], field, row: nil, path: { field.key }) {
                findings.append(finding)
            }
        }
        return findings
    }

    /// The values that identify a submission of this form, in `identity` order; nil when one is absent.
    ///
    /// A date field contributes only its year (as a number), since e.g. a branch files its self-check once a year
    /// and a corrected form may carry another day.
    public func identity(of record: JSONValue) -> [JSONValue]? {
        var values: [JSONValue] = []
        for key in identity {
            guard let value = record[key] else { return nil }
            if field(key)?.kind == .date, let text = value.stringValue {
                guard let year = CalendarDate.year(of: text) else { return nil }
                values.append(.number(Double(year)))
            } else {
                values.append(value)
            }
        }
        return values
    }
}
