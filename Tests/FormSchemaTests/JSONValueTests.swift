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

    /// Bidi controls are written as escapes, so the export shown in a terminal reads as stored; they decode back.
    @Test func bidiControlsAreWrittenAsEscapesAndReadBack() throws {
        let text = "机关\u{202E}fdp.exe\u{200F}\u{2066}x\u{2069}\u{061C}“引号”—\u{2028}"
        let serialized = JSONValue.string(text).serialized()
        #expect(serialized == #""机关\u202efdp.exe\u200f\u2066x\u2069\u061c“引号”—\u2028""#)
        #expect(try JSONValue.parse(serialized) == .string(text))
    }

    /// Found by fuzz-json-schema: a string opening with U+FEFF (`"\ufeff"`) was written as the raw character, which
    /// the parser drops as a byte order mark, so the stored record read back without it. Every input of that
    /// harness's crashes in Tests/Fixtures/fuzz/json-schema must read back the same after serializing.
    @Test func serializedTextReadsBackTheSameForEveryFuzzFinding() throws {
        let folder = try #require(TestSupport.packageRoot()).appendingPathComponent("Tests/Fixtures/fuzz/json-schema")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        #expect(!files.isEmpty)
        for file in files {
            let value = try JSONValue.parse(Data(contentsOf: file))
            #expect(try JSONValue.parse(value.serialized()) == value, "\(file.lastPathComponent)")
            #expect(try JSONValue.parse(value.serialized(sortedKeys: true)) == value, "\(file.lastPathComponent)")
        }
        let bom: JSONValue = ["\u{FEFF}", "a\n\u{FEFF}b", ["\u{FEFF}k": "\u{FEFF}"]]
        #expect(bom.serialized() == #"["\ufeff","a\n\ufeffb",{"\ufeffk":"\ufeff"}]"#)
        #expect(try JSONValue.parse(bom.serialized()) == bom)
    }

    @Test func objectEqualityIgnoresOrder() throws {
        #expect(try JSONValue.parse(#"{"a":1,"b":2}"#) == JSONValue.parse(#"{"b":2,"a":1.0}"#))
    }

    @Test func rejectsBrokenTextWithOffset() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"a":}"#) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("[1,2") }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(String(repeating: "[", count: 600)) }
    }

    /// Text is checked to be well-formed UTF-8 by the parser's own check; it must accept and refuse exactly what
    /// the standard library's `String(validating:as:)` does.
    @Test func textIsWellFormedUTF8ExactlyAsTheStandardLibraryDecides() throws {
        func parses(_ bytes: [UInt8]) -> Bool {
            (try? JSONValue.parse(Data([UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]))) != nil
        }
        #expect(parses(Array("机关 é 😀 x".utf8)))
        for invalid: [UInt8] in [
            [0x80], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE4, 0xB8], [0x41, 0xE4, 0xB8], [0xF0, 0x9F, 0x98],
        ] {
            #expect(!parses(invalid), "\(invalid)")
        }
        // Random byte strings, with the bytes JSON gives a meaning to (controls, quote, backslash) replaced.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...8, using: &generator)
            let bytes = (0..<length).map { _ -> UInt8 in
                let byte = UInt8.random(in: 0...255, using: &generator)
                return byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") ? UInt8(ascii: "a") : byte
            }
            // A run never starts with a byte order mark the parser drops; keep the comparison about validity.
            guard !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { continue }
            #expect(parses(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    /// Strings are read run by run between escapes; these pin what a run becomes, so reading faster keeps it.
    @Test func stringRunsKeepTheirTextAroundEscapes() throws {
        #expect(try JSONValue.parse(#""机关第一党支部""#) == .string("机关第一党支部"))
        #expect(try JSONValue.parse(#""第一行\n第二行\"引号\"\u00e9""#) == .string("第一行\n第二行\"引号\"é"))
        #expect(try JSONValue.parse(#""""#) == .string(""))
        // A byte order mark opening a run is dropped (as String(bytes:encoding:) did); anywhere else it stays.
        #expect(try JSONValue.parse("\"\u{FEFF}甲\u{FEFF}\"") == .string("甲\u{FEFF}"))
        #expect(try JSONValue.parse("\"a\\n\u{FEFF}b\"") == .string("a\nb"))
        let invalid = Data([0x22, 0x61, 0xC3, 0x22])
        #expect(throws: JSONParseError.self) { try JSONValue.parse(invalid) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("\"a\u{01}b\"") }
    }

    /// Strings are written run by run between escapes; these pin every escape and the text around it.
    @Test func stringsAreWrittenWithEveryEscapeAndTheirTextIntact() throws {
        let text = "甲\"乙\\丙\n丁\r戊\t己\u{01}庚\u{1F}辛\u{2028}壬\u{2029}癸\u{2027}😀é"
        let written = JSONValue.string(text).serialized()
        #expect(written == #""甲\"乙\\丙\n丁\r戊\t己\u0001庚\u001f辛\u2028壬\u2029癸"# + "\u{2027}😀é\"")
        #expect(try JSONValue.parse(written) == .string(text))
        #expect(JSONValue.string("").serialized() == #""""#)
        let object: JSONValue = ["键\"": [.string("\n"), .number(1.5), .bool(false)]]
        #expect(object.serialized() == #"{"键\"":["\n",1.5,false]}"#)
    }
}
