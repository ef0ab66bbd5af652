import Foundation
import Testing

@testable import FormSchema

@Suite struct JSONSchemaValidatorTests {
    func validator(_ text: String) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(schema: JSONValue.parse(text))
    }

    @Test func errorsCarryPathKeywordLimitAndValue() throws {
        let schema = try validator(#"{"properties":{"rows":{"items":{"properties":{"n":{"minimum":3}}}}}}"#)
        let errors = schema.validate(["rows": [["n": 5], ["n": 1]]])
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.instancePath == [.key("rows"), .index(1), .key("n")])
        #expect(error.instancePointer == "/rows/1/n")
        #expect(error.keyword == "minimum")
        #expect(error.keywordLocation == "/properties/rows/items/properties/n/minimum")
        #expect(error.expected == 3)
        #expect(error.value == 1)
    }

    @Test func requiredNamesTheMissingProperty() throws {
        let errors = try validator(#"{"required":["a","b"]}"#).validate(["a": 1])
        #expect(errors.map(\.property) == ["b"])
        #expect(errors.map(\.instancePath) == [[]])
    }

    @Test func anyOfAndOneOfAreOneErrorAtTheirOwnPath() throws {
        let schema = try validator(
            #"{"properties":{"v":{"anyOf":[{"type":"string"},{"minimum":10}],"oneOf":[{"type":"string"},{"type":"boolean"}]}}}"#)
        let errors = schema.validate(["v": 3])
        #expect(errors.map(\.keyword) == ["anyOf", "oneOf"])
        #expect(errors.allSatisfy { $0.instancePath == [.key("v")] })
    }

    @Test func aFailedIfReportsOnlyItsElseAndAPassedIfOnlyItsThen() throws {
        let schema = try validator(#"{"if":{"properties":{"k":{"const":1}}},"then":{"required":["t"]},"else":{"required":["e"]}}"#)
        #expect(schema.validate(["k": 1]).map(\.property) == ["t"])
        #expect(schema.validate(["k": 2]).map(\.property) == ["e"])
    }

    @Test func extensionsTravelWithTheError() throws {
        let schema = try validator(#"{"x-severity":"warning","properties":{"a":{"x-message":"m","type":"string"}}}"#)
        let error = try #require(schema.validate(["a": 1]).first)
        #expect(error.schemaExtensions["x-message"] == "m")
        #expect(error.enclosingExtensions.first?["x-severity"] == "warning")
    }

    @Test func refsFollowPointersAnchorsAndIds() throws {
        let schema = try validator(
            #"""
            {"$id":"https://x.test/root","$defs":{"n":{"$anchor":"num","type":"number"},
              "s":{"$id":"strings","type":"string"}},
             "properties":{"a":{"$ref":"#/$defs/n"},"b":{"$ref":"#num"},"c":{"$ref":"strings"},"d":{"$ref":"#"}}}
            """#)
        #expect(schema.validate(["a": 1, "b": 2, "c": "x", "d": ["a": 3]]) == [])
        #expect(schema.validate(["a": "1", "b": "2", "c": 3, "d": ["a": "4"]]).map(\.instancePointer) == ["/a", "/b", "/c", "/d/a"])
    }

    @Test func unresolvableRefsAndBadPatternsAreCompileErrors() {
        #expect(throws: SchemaCompileError(pointer: "/properties/a/$ref", reason: ##"$ref "#/$defs/missing" designates nothing in the document"##)) {
            try validator(##"{"properties":{"a":{"$ref":"#/$defs/missing"}}}"##)
        }
        #expect(throws: SchemaCompileError.self) { try validator(#"{"pattern":"(["}"#) }
    }

    @Test func aSelfReferenceWithoutProgressStopsInsteadOfRecursingForever() throws {
        let errors = try validator(##"{"$defs":{"a":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##).validate(1)
        #expect(errors.map(\.keyword) == ["$ref"])
    }

    @Test func lengthCountsUnicodeCharacters() throws {
        let schema = try validator(#"{"minLength":3,"maxLength":3}"#)
        #expect(schema.validate("整改中") == [])
        #expect(schema.validate("😀😀😀") == [])
        #expect(schema.validate("整改").map(\.keyword) == ["minLength"])
    }

    @Test func dateFormatIsAssertedOnlyWhenAsked() throws {
        let asserted = try validator(#"{"format":"date"}"#)
        #expect(asserted.validate("2016-02-29") == [])
        #expect(asserted.validate("2100-02-29").map(\.keyword) == ["format"])
        #expect(asserted.validate("2017-6-30").map(\.keyword) == ["format"])
        let annotation = try JSONSchemaValidator(schema: ["format": "date"], assertFormats: false)
        #expect(annotation.validate("2017-02-30") == [])
    }
}
