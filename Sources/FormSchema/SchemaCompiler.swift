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

    /// A schema object whose keywords are being read: the object, where it is, and its base URI.
    private struct Site {
        let object: JSONObject
        let pointer: String
        let base: URIReference
        func at(_ key: String) -> String { JSONPointer.appending(pointer, key) }
    }

    /// What one keyword compiles to: a keyword of the node, or nothing to evaluate (compiled for its `$id`s only,
    /// or without effect, as `uniqueItems: false`); nil when the keyword is not of the group asked.
    private enum Compiled {
        case keyword(SchemaKeyword)
        case nothing
    }

    private mutating func compileKeywords(_ object: JSONObject, of index: Int, at pointer: String, base: URIReference) throws {
        let site = Site(object: object, pointer: pointer, base: base)
        var keywords: [(keyword: SchemaKeyword, location: String, name: String)] = []
        var patterns: [RegexPattern] = []
        if let map = object["patternProperties"]?.objectValue {
            patterns = try map.keys.map { try regex($0, at: JSONPointer.appending(site.at("patternProperties"), $0)) }
        }
        for key in object.keys {
            guard let value = object[key] else { continue }
            if key == "$ref" {
                guard let reference = value.stringValue else { throw fail(site.at(key), "$ref must be a string") }
                pendingRefs.append((index, keywords.count, base, reference, site.at(key)))
                keywords.append((.ref(-1), site.at(key), key))
                continue
            }
            let compiled =
                try valueKeyword(key, value, site) ?? objectKeyword(key, value, site, patterns: patterns)
                ?? arrayKeyword(key, value, site) ?? applicatorKeyword(key, site)
            switch compiled {
            case .keyword(let keyword)?: keywords.append((keyword, site.at(key), key))
            case .nothing?: break
            case nil: if key.hasPrefix("x-") { nodes[index].extensions[key] = value }
            }
        }
        nodes[index].keywords = keywords
    }

    /// Keywords on any instance, numbers and strings.
    private func valueKeyword(_ key: String, _ value: JSONValue, _ site: Site) throws -> Compiled? {
        switch key {
        case "type":
            let names: [String]
            if let single = value.stringValue { names = [single] } else { names = try strings(value, at: site.at(key)) }
            let known: Set = ["null", "boolean", "object", "array", "number", "string", "integer"]
            if let unknown = names.first(where: { !known.contains($0) }) {
                throw fail(site.at(key), "unknown type \"\(unknown)\"")
            }
            return .keyword(.type(names))
        case "enum":
            guard let list = value.arrayValue else { throw fail(site.at(key), "enum must be an array") }
            return .keyword(.enumeration(list))
        case "const": return .keyword(.const(value))
        case "minLength": return .keyword(.minLength(try count(key, site)))
        case "maxLength": return .keyword(.maxLength(try count(key, site)))
        case "pattern":
            guard let source = value.stringValue else { throw fail(site.at(key), "pattern must be a string") }
            return .keyword(.pattern(try regex(source, at: site.at(key))))
        case "minimum": return .keyword(.minimum(try number(key, site)))
        case "maximum": return .keyword(.maximum(try number(key, site)))
        case "exclusiveMinimum": return .keyword(.exclusiveMinimum(try number(key, site)))
        case "exclusiveMaximum": return .keyword(.exclusiveMaximum(try number(key, site)))
        case "multipleOf":
            let divisor = try number(key, site)
            guard divisor > 0 else { throw fail(site.at(key), "multipleOf must be greater than 0") }
            return .keyword(.multipleOf(divisor))
        case "format":
            guard let name = value.stringValue else { throw fail(site.at(key), "format must be a string") }
            return assertFormats && name == "date" ? .keyword(.formatDate) : .nothing
        default: return nil
        }
    }

    /// Keywords on objects.
    private mutating func objectKeyword(_ key: String, _ value: JSONValue, _ site: Site, patterns: [RegexPattern]) throws -> Compiled? {
        switch key {
        case "properties": return .keyword(.properties(try schemaMap(key, site)))
        case "patternProperties":
            let map = try schemaMap(key, site)
            return .keyword(.patternProperties(zip(patterns, map).map { ($0, $1.node) }))
        case "additionalProperties":
            let known = Set(site.object["properties"]?.objectValue?.keys ?? [])
            return .keyword(.additionalProperties(node: try sub(key, site), known: known, patterns: patterns))
        case "required": return .keyword(.required(try strings(value, at: site.at(key))))
        case "dependentRequired":
            guard let map = value.objectValue else { throw fail(site.at(key), "dependentRequired must be an object") }
            return .keyword(
                .dependentRequired(try map.map { ($0.key, try strings($0.value, at: JSONPointer.appending(site.at(key), $0.key))) }))
        case "dependentSchemas": return .keyword(.dependentSchemas(try schemaMap(key, site)))
        case "propertyNames": return .keyword(.propertyNames(try sub(key, site)))
        case "minProperties": return .keyword(.minProperties(try count(key, site)))
        case "maxProperties": return .keyword(.maxProperties(try count(key, site)))
        default: return nil
        }
    }

    /// Keywords on arrays.
    private mutating func arrayKeyword(_ key: String, _ value: JSONValue, _ site: Site) throws -> Compiled? {
        switch key {
        case "prefixItems": return .keyword(.prefixItems(try nonEmptySubs(key, site)))
        case "items":
            let prefixCount = site.object["prefixItems"]?.arrayValue?.count ?? 0
            return .keyword(.items(node: try sub(key, site), from: prefixCount))
        case "contains":
            let minimum = site.object["minContains"] == nil ? 1 : try count("minContains", site)
            let maximum = site.object["maxContains"] == nil ? nil : try count("maxContains", site)
            return .keyword(.contains(node: try sub(key, site), min: minimum, max: maximum))
        case "minItems": return .keyword(.minItems(try count(key, site)))
        case "maxItems": return .keyword(.maxItems(try count(key, site)))
        case "uniqueItems":
            guard let flag = value.boolValue else { throw fail(site.at(key), "uniqueItems must be a boolean") }
            return flag ? .keyword(.uniqueItems) : .nothing
        default: return nil
        }
    }

    /// Keywords that apply subschemas to the instance itself, and those only compiled for what they define.
    private mutating func applicatorKeyword(_ key: String, _ site: Site) throws -> Compiled? {
        switch key {
        case "allOf": return .keyword(.allOf(try nonEmptySubs(key, site)))
        case "anyOf": return .keyword(.anyOf(try nonEmptySubs(key, site)))
        case "oneOf": return .keyword(.oneOf(try nonEmptySubs(key, site)))
        case "not": return .keyword(.not(try sub(key, site)))
        case "if":
            let condition = try sub(key, site)
            let thenNode = site.object["then"] == nil ? nil : try sub("then", site)
            let elseNode = site.object["else"] == nil ? nil : try sub("else", site)
            return thenNode != nil || elseNode != nil ? .keyword(.conditional(if: condition, then: thenNode, else: elseNode)) : .nothing
        case "then", "else":
            // Evaluated with `if`; compiled anyway so that `$id`s and anchors inside them are known.
            _ = try sub(key, site)
            return .nothing
        case "$defs":
            _ = try schemaMap(key, site)
            return .nothing
        default: return nil
        }
    }

    // MARK: - Keyword values

    private mutating func sub(_ key: String, _ site: Site) throws -> Int {
        guard let value = site.object[key] else { throw fail(site.at(key), "missing subschema") }
        return try compile(value, at: site.at(key), base: site.base)
    }

    private mutating func subs(_ key: String, _ site: Site) throws -> [Int] {
        guard let array = site.object[key]?.arrayValue else { throw fail(site.at(key), "\(key) must be an array of schemas") }
        return try array.indices.map { try compile(array[$0], at: JSONPointer.appending(site.at(key), index: $0), base: site.base) }
    }

    private mutating func nonEmptySubs(_ key: String, _ site: Site) throws -> [Int] {
        let list = try subs(key, site)
        if list.isEmpty { throw fail(site.at(key), "\(key) must not be empty") }
        return list
    }

    private mutating func schemaMap(_ key: String, _ site: Site) throws -> [(key: String, node: Int)] {
        guard let map = site.object[key]?.objectValue else { throw fail(site.at(key), "\(key) must be an object of schemas") }
        return try map.map { entry in
            (entry.key, try compile(entry.value, at: JSONPointer.appending(site.at(key), entry.key), base: site.base))
        }
    }

    private func count(_ key: String, _ site: Site) throws -> Int {
        guard let value = site.object[key], value.isInteger, let number = value.numberValue, number >= 0, number < 1e15 else {
            throw fail(site.at(key), "\(key) must be a non-negative integer")
        }
        return Int(number)
    }

    private func number(_ key: String, _ site: Site) throws -> Double {
        guard let number = site.object[key]?.numberValue else { throw fail(site.at(key), "\(key) must be a number") }
        return number
    }

    private func strings(_ value: JSONValue?, at location: String) throws -> [String] {
        guard let array = value?.arrayValue else { throw fail(location, "must be an array of strings") }
        return try array.map { element in
            guard let text = element.stringValue else { throw fail(location, "must be an array of strings") }
            return text
        }
    }

    private func regex(_ source: String, at location: String) throws -> RegexPattern {
        guard let pattern = RegexPattern(source) else { throw fail(location, "invalid regular expression \(source)") }
        return pattern
    }
}
