import Foundation

/// One step into an instance: an object member or an array element.
public enum JSONPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// One keyword of a JSON Schema that an instance does not satisfy.
///
/// It carries what a caller needs to word its own message: where (`instancePath`), which keyword and the
/// limit it set (`expected`), the offending value, and the `x-` keywords of the subschemas that led there.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance; for `required` and `dependentRequired` the object that lacks `property`.
    public let instancePath: [JSONPathComponent]
    /// The keyword that failed: `type`, `minimum`, `required`, `anyOf`, …
    public let keyword: String
    /// A JSON pointer to the failing keyword in the schema document.
    public let keywordLocation: String
    /// What went wrong, in English, for logs and the test suite.
    public let details: String
    /// The keyword's limit or list (`110` for `minimum`, the values of `enum`), when it has one.
    public let expected: JSONValue?
    /// The value found at `instancePath`.
    public let value: JSONValue
    /// The missing member, for `required` and `dependentRequired`.
    public let property: String?
    /// The `x-` keywords of the subschema holding the failing keyword.
    public let schemaExtensions: JSONObject
    /// The `x-` keywords of the subschemas evaluated on the way there (outermost first, empty ones left out).
    public let enclosingExtensions: [JSONObject]

    public init(
        instancePath: [JSONPathComponent], keyword: String, keywordLocation: String, details: String,
        expected: JSONValue? = nil, value: JSONValue, property: String? = nil,
        schemaExtensions: JSONObject = JSONObject(), enclosingExtensions: [JSONObject] = []
    ) {
        self.instancePath = instancePath
        self.keyword = keyword
        self.keywordLocation = keywordLocation
        self.details = details
        self.expected = expected
        self.value = value
        self.property = property
        self.schemaExtensions = schemaExtensions
        self.enclosingExtensions = enclosingExtensions
    }

    /// The instance path as a JSON pointer.
    public var instancePointer: String {
        instancePath.map { component -> String in
            switch component {
            case .key(let key): return "/" + JSONPointer.escape(key)
            case .index(let index): return "/" + String(index)
            }
        }.joined()
    }

    public var description: String {
        "\(instancePointer.isEmpty ? "(root)" : instancePointer) \(keyword): \(details)"
    }
}

/// A schema the validator cannot compile: a keyword with a value of the wrong shape, a bad regular
/// expression, a `$ref` that designates nothing in the document.
public struct SchemaCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A JSON pointer into the schema document.
    public let pointer: String
    public let reason: String

    public init(pointer: String, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String { "\(pointer.isEmpty ? "(root)" : pointer): \(reason)" }
}
