import Foundation
import Testing

@testable import FormSchema

/// Rendering a message in one pass gives what Foundation's replacement of each placeholder in turn gave, for
/// the schemas' templates and for awkward ones, with values that hold braces, placeholders and characters
/// that join their neighbours.
@Suite struct MessageTemplateRenderingTests {
    /// The rendering before the one-pass path, kept as the reference.
    static func reference(_ text: String, _ values: MessageTemplate.Values) -> String {
        var out = text
        for (name, value) in [
            ("label", values.label), ("value", values.value), ("expected", values.expected), ("row", values.row),
            ("length", values.length), ("where", values.location),
        ] {
            out = out.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return out
    }

    static func templates() throws -> [String] {
        var templates = [
            "", "无占位符", "{label}", "{where}不能为空", "{label}{value}{expected}{row}{length}{where}", "第{row}行 {label}",
            "{value}{", "}{label}", "{unknown}{label}", "{lab{label}}", "{{label}}", "{label", "label}", "{ro{label}w}",
            "{label}\u{0301}", "e\u{0301}{value}", "{value}：{expected}（{length}）",
        ]
        guard let folder = TestSupport.schemasFolder else { return templates }
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            // Every string of the schema that holds a brace is a template or close to one.
            for piece in text.split(separator: "\"") where piece.contains("{") && !piece.contains("\n") {
                templates.append(String(piece))
            }
        }
        return templates
    }

    @Test func oneRenderingPassAgreesWithReplacingEachPlaceholderInTurn() throws {
        let pieces = [
            "", "李四", "32", "2017-06-30", "第3行", "{value}", "{row}", "{", "}", "row}", "{lab", "el}", "\u{0301}", "e\u{0301}",
            "😀", "\u{0600}", "姓　名", "a\nb", "（1）", "{where}",
        ]
        var generator = SeededGenerator(state: 20_171_231)
        var mismatches: [String] = []
        for template in try Self.templates() {
            for _ in 0..<300 {
                func pick() -> String {
                    (0..<Int.random(in: 0...2, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
                }
                var values = MessageTemplate.Values(label: pick(), value: pick(), expected: pick())
                values.row = pick()
                values.length = pick()
                let rendered = MessageTemplate(text: template).render(values)
                let expected = Self.reference(template, values)
                if !rendered.unicodeScalars.elementsEqual(expected.unicodeScalars), mismatches.count < 10 {
                    mismatches.append("\(template.debugDescription) \(values) → \(rendered.debugDescription), not \(expected.debugDescription)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}

/// A seeded generator, so every run renders the same values.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}
