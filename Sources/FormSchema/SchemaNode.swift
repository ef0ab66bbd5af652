import Foundation

/// A regular expression from `pattern` or `patternProperties`, compiled once.
///
/// NSRegularExpression is immutable once built and documented as safe to share between threads.
struct RegexPattern: @unchecked Sendable, Hashable {
    let source: String
    let regex: NSRegularExpression

    init?(_ source: String) {
        guard let regex = try? NSRegularExpression(pattern: Self.icuPattern(fromECMA: source), options: []) else {
            return nil
        }
        self.source = source
        self.regex = regex
    }

    /// ECMA-262 character class escapes are ASCII-only (`\d` is 0-9) while ICU's are Unicode-wide, and ICU reads
    /// a `[` inside a class as a nested set; both are rewritten so that patterns mean what JSON Schema says.
    static func icuPattern(fromECMA source: String) -> String {
        let whitespace = #"\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}"#
        let classes: [Unicode.Scalar: (members: String, negated: Bool)] = [
            "d": ("0-9", false), "D": ("0-9", true), "w": ("A-Za-z0-9_", false), "W": ("A-Za-z0-9_", true),
            "s": (whitespace, false), "S": (whitespace, true),
        ]
        var out = String.UnicodeScalarView()
        var inClass = false
        var scalars = source.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\\":
                guard let escaped = scalars.next() else {
                    out.append(scalar)
                    continue
                }
                if let (members, negated) = classes[escaped] {
                    let replacement = negated ? "[^\(members)]" : (inClass ? members : "[\(members)]")
                    out.append(contentsOf: replacement.unicodeScalars)
                } else {
                    out.append(scalar)
                    out.append(escaped)
                }
            case "[":
                // A `[` inside a class is a literal in ECMA-262 but opens a nested set in ICU.
                if inClass { out.append("\\") }
                out.append(scalar)
                inClass = true
            case "]":
                out.append(scalar)
                inClass = false
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// ECMA-262 semantics: the pattern may match anywhere in the string (no implicit anchors).
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    static func == (lhs: RegexPattern, rhs: RegexPattern) -> Bool { lhs.source == rhs.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// One compiled keyword; subschemas are indices into the validator's node table, so `$ref` cycles are
/// plain integers rather than reference cycles.
enum SchemaKeyword: Sendable {
    case type([String])
    case enumeration([JSONValue])
    case const(JSONValue)
    case properties([(key: String, node: Int)])
    case patternProperties([(pattern: RegexPattern, node: Int)])
    case additionalProperties(node: Int, known: Set<String>, patterns: [RegexPattern])
    case required([String])
    case dependentRequired([(key: String, required: [String])])
    case dependentSchemas([(key: String, node: Int)])
    case propertyNames(Int)
    case minProperties(Int)
    case maxProperties(Int)
    case prefixItems([Int])
    case items(node: Int, from: Int)
    case contains(node: Int, min: Int, max: Int?)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case minLength(Int)
    case maxLength(Int)
    case pattern(RegexPattern)
    case minimum(Double)
    case maximum(Double)
    case exclusiveMinimum(Double)
    case exclusiveMaximum(Double)
    case multipleOf(Double)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
    case ref(Int)
    case formatDate
}

/// A compiled subschema: a boolean schema or the keywords of an object schema.
struct SchemaNode: Sendable {
    /// The JSON pointer of this subschema in its document.
    let location: String
    /// For a boolean schema, its value; nil for an object schema.
    var constant: Bool?
    /// Each keyword with the pointer to it, in the order written.
    var keywords: [(keyword: SchemaKeyword, location: String, name: String)] = []
    /// The `x-` keywords of this subschema.
    var extensions = JSONObject()
}
