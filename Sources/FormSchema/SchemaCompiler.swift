import Foundation

/// Turns a schema document into the node table the validator walks.
///
/// Two passes: the walk compiles every subschema and records the URIs it can be reached by (`$id`,
/// `$anchor`, JSON pointers); then every `$ref` is resolved against those, so a reference may point forward.
struct SchemaCompiler {
    /// The base URI of a document without `$id`; only used to resolve references against.
    static let defaultBase = URIReference(parsing: "urn:formpipe:schema")

    let document: JSONValue
    let assertFormats: Bool
    private(set) var nodes: [SchemaNode] = []
    private var nodeAt: [String: Int] = [:]
    /// Resource URI (no fragment) to the document pointer of its root.
    private var resources: [String: String] = [:]
    private var anchors: [String: Int] = [:]
    private var pendingRefs: [(node: Int, keyword: Int, base: URIReference, reference: String, location: String)] = []

    init(document: JSONValue, assertFormats: Bool) {
        self.document = document
        self.assertFormats = assertFormats
    }

    /// Compiles the whole document; returns the root node's index.
    mutating func compileDocument() throws -> Int {
        let root = try compile(document, at: "", base: Self.defaultBase)
        if resources[Self.defaultBase.text] == nil { resources[Self.defaultBase.text] = "" }
        while let pending = pendingRefs.popLast() {
            let target = try resolve(pending.reference, base: pending.base, location: pending.location)
            nodes[pending.node].keywords[pending.keyword].keyword = .ref(target)
        }
        return root
    }

    private func fail(_ pointer: String, _ reason: String) -> SchemaCompileError {
        SchemaCompileError(pointer: pointer, reason: reason)
    }

    private mutating func resolve(_ reference: String, base: URIReference, location: String) throws -> Int {
        let target = URIReference(parsing: reference).resolved(against: base)
        let resource = target.withoutFragment.text
        let fragment = target.fragment ?? ""
        if fragment.isEmpty || fragment.hasPrefix("/") {
            guard let rootPointer = resources[resource] else {
                throw fail(location, "$ref \"\(reference)\" names \(resource), which is not in this document")
            }
            guard let decoded = fragment.removingPercentEncoding, JSONPointer.tokens(of: decoded) != nil else {
                throw fail(location, "$ref \"\(reference)\" has a malformed JSON pointer")
            }
            let pointer = rootPointer + decoded
            if let node = nodeAt[pointer] { return node }
            guard let value = JSONPointer.resolve(pointer, in: document) else {
                throw fail(location, "$ref \"\(reference)\" designates nothing in the document")
            }
            // A pointer into a place the walk does not visit (an unknown keyword): compile it on demand.
            let node = try compile(value, at: pointer, base: URIReference(parsing: resource))
            while let pending = pendingRefs.popLast() {
                let inner = try resolve(pending.reference, base: pending.base, location: pending.location)
                nodes[pending.node].keywords[pending.keyword].keyword = .ref(inner)
            }
            return node
        }
        guard let node = anchors[resource + "#" + fragment] else {
            throw fail(location, "$ref \"\(reference)\" names anchor \"\(fragment)\", which is not in this document")
        }
        return node
    }

    private mutating func compile(_ value: JSONValue, at pointer: String, base inherited: URIReference) throws -> Int {
        if let existing = nodeAt[pointer] { return existing }
        let index = nodes.count
        nodes.append(SchemaNode(location: pointer))
        nodeAt[pointer] = index
        switch value {
        case .bool(let flag):
            nodes[index].constant = flag
            return index
        case .object(let object):
            var base = inherited
            if let id = object["$id"] {
                guard let text = id.stringValue else { throw fail(pointer + "/$id", "$id must be a string") }
                base = URIReference(parsing: text).resolved(against: inherited).withoutFragment
                resources[base.text] = pointer
            }
            for key in ["$anchor", "$dynamicAnchor"] {
                if let anchor = object[key] {
                    guard let name = anchor.stringValue else { throw fail(pointer + "/" + key, "\(key) must be a string") }
                    anchors[base.text + "#" + name] = index
                }
            }
            try compileKeywords(object, of: index, at: pointer, base: base)
            return index
        default:
            throw fail(pointer, "a schema must be an object or a boolean")
        }
    }

    // MARK: - Keywords

    private mutating func compileKeywords(_ object: JSONObject, of index: Int, at pointer: String, base: URIReference) throws {
        var keywords: [(keyword: SchemaKeyword, location: String, name: String)] = []
        func add(_ keyword: SchemaKeyword, _ name: String) {
            keywords.append((keyword, JSONPointer.appending(pointer, name), name))
        }
        func at(_ key: String) -> String { JSONPointer.appending(pointer, key) }
        func sub(_ key: String) throws -> Int {
            guard let value = object[key] else { throw fail(at(key), "missing subschema") }
            return try compile(value, at: at(key), base: base)
        }
        func subs(_ key: String) throws -> [Int] {
            guard let array = object[key]?.arrayValue else { throw fail(at(key), "\(key) must be an array of schemas") }
            return try array.indices.map { try compile(array[$0], at: JSONPointer.appending(at(key), index: $0), base: base) }
        }
        func nonEmptySubs(_ key: String) throws -> [Int] {
            let list = try subs(key)
            if list.isEmpty { throw fail(at(key), "\(key) must not be empty") }
            return list
        }
        func schemaMap(_ key: String) throws -> [(key: String, node: Int)] {
            guard let map = object[key]?.objectValue else { throw fail(at(key), "\(key) must be an object of schemas") }
            return try map.map { entry in
                (entry.key, try compile(entry.value, at: JSONPointer.appending(at(key), entry.key), base: base))
            }
        }
        func count(_ key: String) throws -> Int {
            guard let value = object[key], value.isInteger, let number = value.numberValue, number >= 0, number < 1e15 else {
                throw fail(at(key), "\(key) must be a non-negative integer")
            }
            return Int(number)
        }
        func number(_ key: String) throws -> Double {
            guard let number = object[key]?.numberValue else { throw fail(at(key), "\(key) must be a number") }
            return number
        }
        func strings(_ value: JSONValue?, at location: String) throws -> [String] {
            guard let array = value?.arrayValue else { throw fail(location, "must be an array of strings") }
            return try array.map { element in
                guard let text = element.stringValue else { throw fail(location, "must be an array of strings") }
                return text
            }
        }
        func regex(_ source: String, at location: String) throws -> RegexPattern {
            guard let pattern = RegexPattern(source) else { throw fail(location, "invalid regular expression \(source)") }
            return pattern
        }

        var patterns: [RegexPattern] = []
        if let map = object["patternProperties"]?.objectValue {
            patterns = try map.keys.map { try regex($0, at: JSONPointer.appending(at("patternProperties"), $0)) }
        }

        for key in object.keys {
            guard let value = object[key] else { continue }
            switch key {
            case "type":
                let names: [String]
                if let single = value.stringValue { names = [single] } else { names = try strings(value, at: at(key)) }
                let known: Set = ["null", "boolean", "object", "array", "number", "string", "integer"]
                if let unknown = names.first(where: { !known.contains($0) }) {
                    throw fail(at(key), "unknown type \"\(unknown)\"")
                }
                add(.type(names), key)
            case "enum":
                guard let list = value.arrayValue else { throw fail(at(key), "enum must be an array") }
                add(.enumeration(list), key)
            case "const":
                add(.const(value), key)
            case "properties":
                add(.properties(try schemaMap(key)), key)
            case "patternProperties":
                let map = try schemaMap(key)
                add(.patternProperties(zip(patterns, map).map { ($0, $1.node) }), key)
            case "additionalProperties":
                let known = Set(object["properties"]?.objectValue?.keys ?? [])
                add(.additionalProperties(node: try sub(key), known: known, patterns: patterns), key)
            case "required":
                add(.required(try strings(value, at: at(key))), key)
            case "dependentRequired":
                guard let map = value.objectValue else { throw fail(at(key), "dependentRequired must be an object") }
                add(.dependentRequired(try map.map { ($0.key, try strings($0.value, at: JSONPointer.appending(at(key), $0.key))) }), key)
            case "dependentSchemas":
                add(.dependentSchemas(try schemaMap(key)), key)
            case "propertyNames":
                add(.propertyNames(try sub(key)), key)
            case "minProperties":
                add(.minProperties(try count(key)), key)
            case "maxProperties":
                add(.maxProperties(try count(key)), key)
            case "prefixItems":
                add(.prefixItems(try nonEmptySubs(key)), key)
            case "items":
                let prefixCount = object["prefixItems"]?.arrayValue?.count ?? 0
                add(.items(node: try sub(key), from: prefixCount), key)
            case "contains":
                let minimum = object["minContains"] == nil ? 1 : try count("minContains")
                let maximum = object["maxContains"] == nil ? nil : try count("maxContains")
                add(.contains(node: try sub(key), min: minimum, max: maximum), key)
            case "minItems":
                add(.minItems(try count(key)), key)
            case "maxItems":
                add(.maxItems(try count(key)), key)
            case "uniqueItems":
                guard let flag = value.boolValue else { throw fail(at(key), "uniqueItems must be a boolean") }
                if flag { add(.uniqueItems, key) }
            case "minLength":
                add(.minLength(try count(key)), key)
            case "maxLength":
                add(.maxLength(try count(key)), key)
            case "pattern":
                guard let source = value.stringValue else { throw fail(at(key), "pattern must be a string") }
                add(.pattern(try regex(source, at: at(key))), key)
            case "minimum":
                add(.minimum(try number(key)), key)
            case "maximum":
                add(.maximum(try number(key)), key)
            case "exclusiveMinimum":
                add(.exclusiveMinimum(try number(key)), key)
            case "exclusiveMaximum":
                add(.exclusiveMaximum(try number(key)), key)
            case "multipleOf":
                let divisor = try number(key)
                guard divisor > 0 else { throw fail(at(key), "multipleOf must be greater than 0") }
                add(.multipleOf(divisor), key)
            case "allOf":
                add(.allOf(try nonEmptySubs(key)), key)
            case "anyOf":
                add(.anyOf(try nonEmptySubs(key)), key)
            case "oneOf":
                add(.oneOf(try nonEmptySubs(key)), key)
            case "not":
                add(.not(try sub(key)), key)
            case "if":
                let condition = try sub(key)
                let thenNode = object["then"] == nil ? nil : try sub("then")
                let elseNode = object["else"] == nil ? nil : try sub("else")
                if thenNode != nil || elseNode != nil {
                    add(.conditional(if: condition, then: thenNode, else: elseNode), key)
                }
            case "then", "else":
                // Evaluated with `if`; compiled anyway so that `$id`s and anchors inside them are known.
                _ = try sub(key)
            case "$defs":
                _ = try schemaMap(key)
            case "$ref":
                guard let reference = value.stringValue else { throw fail(at(key), "$ref must be a string") }
                pendingRefs.append((index, keywords.count, base, reference, at(key)))
                add(.ref(-1), key)
            case "format":
                guard let name = value.stringValue else { throw fail(at(key), "format must be a string") }
                if assertFormats, name == "date" { add(.formatDate, key) }
            default:
                if key.hasPrefix("x-") {
                    nodes[index].extensions[key] = value
                }
            }
        }
        nodes[index].keywords = keywords
    }
}
