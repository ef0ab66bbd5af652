import Foundation
import Testing

@testable import FormSchema

@Suite struct OutputTextTests {
    @Test func printableEscapesControlsBidiAndSeparatorsAndLeavesTheRest() {
        #expect(OutputText.printable("a\nb\tc\r") == "a\\nb\\tc\\r")
        #expect(OutputText.printable("\u{1B}]0;x\u{07}\u{1B}[2J") == "\\u{1B}]0;x\\u{7}\\u{1B}[2J")
        #expect(OutputText.printable("王\u{202E}xcod.exe\u{2028}\u{85}") == "王\\u{202E}xcod.exe\\u{2028}\\u{85}")
        #expect(OutputText.printable("整改通知——“机关”第一党支部…") == "整改通知——“机关”第一党支部…")
    }

    @Test func visibleKeepsXMLCharactersAndShowsBidiControls() {
        #expect(OutputText.visible("a\u{FFFF}b\u{FFFE}c\u{01}d\te\nf") == "abcd\te\nf")
        #expect(OutputText.visible("机关\u{202E}fdp\u{2066}") == "机关<U+202E>fdp<U+2066>")
        #expect(OutputText.visible("“引号”—破折号\u{FFFD}") == "“引号”—破折号\u{FFFD}")
    }

    /// The byte test `visible` starts with finds exactly the scalars it changes, whatever stands around them.
    @Test func visiblesByteTestFindsEveryScalarItChangesAndNoOther() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let changes = !OutputText.isXMLCharacter(scalar) || OutputText.isBidiControl(scalar)
            var texts = [String(Character(scalar)), "机\(Character(scalar))", "\(Character(scalar))，", "机关党委\(Character(scalar))意见书"]
            // At every place in a word of eight bytes, and across words, for the ranges that hold every lead byte
            // looked for (D8, E2, EF) and the controls.
            if value < 0x3000 || value >= 0xFF00 {
                texts += (0..<8).map { String(repeating: "a", count: $0) + "\(Character(scalar))" + "“一二”" }
            }
            for text in texts {
                var probe = text
                if probe.withUTF8(OutputText.holdsInvisible) != changes {
                    Issue.record("U+\(String(value, radix: 16)) in \(text.debugDescription)")
                }
            }
        }
        #expect(OutputText.visible("第一党支部：“优秀”——（合格）") == "第一党支部：“优秀”——（合格）")
    }
}
