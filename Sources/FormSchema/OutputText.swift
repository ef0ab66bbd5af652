import Foundation

/// Text from documents and file names on its way out — into a terminal, a log, a workbook, a web page or a
/// file name. A branch controls every character of it, so characters that act instead of showing (a newline
/// forging a summary line, ESC ] 0; retitling the terminal, U+202E reversing what follows, U+FFFF making a
/// workbook's XML unreadable) never pass raw.
public enum OutputText {
    /// For terminals and log lines, one line each: control characters escaped the way Swift writes them
    /// (`\n`, `\t`, `\r`, `\u{1B}`), and so are bidi controls and line/paragraph separators, which would
    /// reorder or break what a person reads.
    public static func printable(_ text: String) -> String {
        guard text.utf8.contains(where: mayNeedCare) else { return text }
        guard text.unicodeScalars.contains(where: { isControl($0) || isBidiControl($0) || isUnicodeSeparator($0) }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where isControl(scalar) || isBidiControl(scalar) || isUnicodeSeparator(scalar):
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// For outputs a person opens (workbook, CSV, HTML, notice file names): only XML 1.0's characters (tab,
    /// LF and CR are kept; other C0 controls, U+FFFE and U+FFFF are dropped, as the workbook always dropped
    /// controls), and bidi controls shown as `<U+202E>` instead of reordering the text around them.
    public static func visible(_ text: String) -> String {
        // Over the contiguous UTF-8 of the string: this runs on every cell and line of every report.
        var probe = text
        guard probe.withUTF8(holdsInvisible) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if !isXMLCharacter(scalar) {
                continue
            } else if isBidiControl(scalar) {
                out += "<U+" + String(scalar.value, radix: 16, uppercase: true) + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether UTF-8 holds a character `visible` changes: a C0 control other than tab, LF and CR; U+FFFE, U+FFFF;
    /// a bidi control. Found from the bytes alone, since the lead bytes of the others (E2 and EF above all:
    /// “”…— and the full-width ，：（）) are in nearly every line of Chinese.
    static func holdsInvisible(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var index = 0
        // Eight bytes at a time: most words of text hold no byte that could start such a character, and a word
        // that does is looked at byte by byte.
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if mayStartInvisible(word) {
                for offset in index..<index + 8 where startsInvisible(bytes, at: offset) { return true }
            }
            index += 8
        }
        while index < count {
            if startsInvisible(bytes, at: index) { return true }
            index += 1
        }
        return false
    }

    /// Whether a word of eight bytes holds a byte below 0x20 or one of D8, E2, EF (exact, not a guess: the
    /// borrow tricks of "Bit Twiddling Hacks" answer any-byte questions without error).
    @inline(__always)
    private static func mayStartInvisible(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below0x20 || hasZero(word ^ (ones &* 0xD8)) || hasZero(word ^ (ones &* 0xE2)) || hasZero(word ^ (ones &* 0xEF))
    }

    /// Whether the character at `index` (a byte of valid UTF-8) is one `visible` changes.
    @inline(__always)
    private static func startsInvisible(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let count = bytes.count
        let byte = bytes[index]
        switch byte {
        case 0x00..<0x20:
            return byte != 0x09 && byte != 0x0A && byte != 0x0D
        case 0xD8:  // U+061C is D8 9C
            return index + 1 < count && bytes[index + 1] == 0x9C
        case 0xE2:  // U+200E/F: E2 80 8E/8F; U+202A–E: E2 80 AA–AE; U+2066–9: E2 81 A6–A9
            guard index + 2 < count else { return false }
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            return second == 0x80 && (third == 0x8E || third == 0x8F || (0xAA...0xAE).contains(third))
                || second == 0x81 && (0xA6...0xA9).contains(third)
        case 0xEF:  // U+FFFE/F: EF BF BE/BF
            return index + 2 < count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF)
        default:
            return false
        }
    }

    /// A byte that starts (or is) a character one of the functions above may change: C0 and C1 controls, DEL,
    /// and the lead bytes of U+061C, U+200E–U+206F and U+FFFE/U+FFFF. Everything else, which is nearly
    /// all text, passes on this byte test alone.
    @inline(__always)
    static func mayNeedCare(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2 || byte == 0xEF
    }

    /// XML 1.0's Char production (Swift strings hold no surrogates).
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0x00..<0x20: return false
        case 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }

    /// C0, DEL and C1.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The marks and embeddings/overrides/isolates of the bidi algorithm: U+061C, U+200E, U+200F,
    /// U+202A–U+202E, U+2066–U+2069.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// U+2028 and U+2029, which some terminals and log viewers break lines at.
    static func isUnicodeSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
