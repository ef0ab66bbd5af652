import Foundation

/// A JSON Schema (draft 2020-12) validator, compiled once and reused for every instance.
///
/// Supported: the assertion and applicator keywords of the core and validation vocabularies, `$ref`,
/// `$defs`, `$id` and `$anchor` within one document, boolean schemas and the `date` format. Not supported:
/// `$dynamicRef`, `unevaluatedItems`/`unevaluatedProperties`, references to other documents, `$vocabulary`.
/// Keywords it does not know are ignored; `x-` keywords are handed to the caller with each error.
public struct JSONSchemaValidator: Sendable {
    private let nodes: [SchemaNode]
    private let root: Int

    /// Compiles `schema`. With `assertFormats`, `"format": "date"` is an assertion (RFC 3339 full-date);
    /// without it, as the specification's default, formats are annotations only.
    public init(schema: JSONValue, assertFormats: Bool = true) throws {
        var compiler = SchemaCompiler(document: schema, assertFormats: assertFormats)
        root = try compiler.compileDocument()
        nodes = compiler.nodes
    }

    /// Every keyword the instance fails, in schema order. Under `anyOf`, `oneOf`, `not` and `contains` one
    /// error stands for its alternatives; under a failed `if`, only `else` (and under a passed one, `then`) speaks.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        var errors: [ValidationError] = []
        SchemaEvaluator(nodes: nodes)
            .evaluate(root, instance, scope: SchemaEvaluator.Scope(path: [], enclosing: [], depth: 0), into: &errors)
        return errors
    }

    /// Whether the instance satisfies the schema.
    public func isValid(_ instance: JSONValue) -> Bool {
        validate(instance).isEmpty
    }
}
