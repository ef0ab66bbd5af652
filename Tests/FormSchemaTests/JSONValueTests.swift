import Foundation
import Testing
@testable import FormSchema

@Suite struct JSONValueTests {
    @Test func keepsKeyOrderAndRoundTrips() throws {
        let text = #"{"b":1,"a":[true,null,"x\n\u4e2d"],"c":{"z":2.5,"y":-3}}"#
        let value = try JSONValue.parse(text)
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value.serialized() == #"{"b":1,"a":[true,null,"x\n中"],"c":{"z":2.5,"y":-3}}"#)
    }

    @Test func objectEqualityIgnoresOrder() throws {
        #expect(try JSONValue.parse(#"{"a":1,"b":2}"#) == JSONValue.parse(#"{"b":2,"a":1.0}"#))
    }

    @Test func rejectsBrokenTextWithOffset() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"a":}"#) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("[1,2") }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(String(repeating: "[", count: 600)) }
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    }
}
