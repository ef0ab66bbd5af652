import FormDocument
import FormSchema
import Foundation

/// `ValueNormalizer` as it was before its plain-text fast paths, kept verbatim (but for `public`) as the
/// reference the fast paths must agree with: `PlainTextEquivalenceTests` compares the two on wide input.
enum ReferenceNormalizer {
    /// Trimmed, inner line breaks kept, blanks around them dropped. Full-width punctuation stays as written:
    /// it is correct Chinese typography, and only labels, numbers, dates and options are folded (NFKC).
    static func cleanText(_ raw: String) -> String {
        // Pictures (U+FFFC, `Document.pictureMark`) are no part of a value.
        let raw = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0 != Document.pictureMark }))
        // Acrobat ends lines of multi-line fields with a bare CR ("\r\n" is one Character in Swift).
        let lines = raw.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        if lines.count == 1 { return trimmed(raw[...]) }
        return trimmed(lines.map { trimmed($0) }.joined(separator: "\n")[...])
    }

    private static func trimmed(_ text: Substring) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(text[first...last])
    }

    /// A label's comparable form: folded, without any blank and without a trailing colon or asterisk.
    static func labelKey(_ raw: String) -> String {
        var key = compatibilityFolded(raw).filter { !$0.isWhitespace && $0 != "\u{FFFC}" }
        while let last = key.last, last == ":" || last == "*" { key.removeLast() }
        while let first = key.first, first == "*" { key.removeFirst() }
        return key
    }

    /// NFKC, skipped for text it cannot change: ASCII, the CJK ideographs and the Chinese punctuation NFKC
    /// leaves alone. Forms are mostly such text, and NFKC through Foundation is the costliest step of a label.
    static func compatibilityFolded(_ text: String) -> String {
        let stable = text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x20...0x7E, 0x0A, 0x0D, 0x09, 0x4E00...0x9FFF, 0x3001, 0x3002, 0x3008...0x3011, 0x2018, 0x2019, 0x201C, 0x201D,
                0x2014, 0x00B7, 0x2610...0x2612, 0x25A0, 0x25A1:
                return true
            default:
                return false
            }
        }
        return stable ? text : text.precomposedStringWithCompatibilityMapping
    }

    static func normalize(_ raw: String, as field: FieldSpec) -> JSONValue? {
        let text = cleanText(raw)
        guard !text.isEmpty else { return nil }
        switch field.kind {
        case .string, .text, .table:
            return .string(text)
        case .integer, .number:
            if let number = number(in: text) { return .number(number) }
            return .string(text)
        case .date:
            if isBlankDateTemplate(text) { return nil }
            return .string(date(in: text) ?? text)
        case .enum:
            if let chosen = option(in: text, options: field.options) { return .string(chosen) }
            // Boxes printed for every option and none ticked: the question was left blank.
            if isUntickedOptionList(text, options: field.options) { return nil }
            return .string(text)
        }
    }

    /// Only unticked boxes and option names ("☐优秀 ☐合格 ☐基本合格 ☐不合格").
    static func isUntickedOptionList(_ text: String, options: [String]) -> Bool {
        var rest = labelKey(text)
        guard rest.contains(where: { uncheckedMarks.contains($0) }), !rest.contains(where: { checkedMarks.contains($0) }) else {
            return false
        }
        for option in options.sorted(by: { $0.count > $1.count }) {
            rest = rest.replacingOccurrences(of: labelKey(option), with: "")
        }
        return rest.allSatisfy { uncheckedMarks.contains($0) || "（）()、,，;；".contains($0) }
    }

    // MARK: Numbers

    private static let unitWords = ["学时", "小时", "课时", "次", "篇", "人", "名", "个", "h", "H"]

    /// 32, ３２, 32学时, 32.5 → a number; anything else → nil.
    static func number(in text: String) -> Double? {
        var candidate = compatibilityFolded(text).filter { !$0.isWhitespace }
        for unit in unitWords where candidate.hasSuffix(unit) {
            candidate.removeLast(unit.count)
            break
        }
        candidate = candidate.replacingOccurrences(of: ",", with: "")
        guard !candidate.isEmpty, candidate.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
            let value = Double(candidate), value.isFinite, abs(value) <= 1e9
        else { return nil }
        return value
    }

    // MARK: Dates

    private static let chineseDigits: [Character: Int] = [
        "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// 2017年6月30日, 2017.6.30, 2017/06/30, 2017-6-30, 二〇一七年六月三十日 → "2017-06-30";
    /// 2001年7月, 2001.7 → "2001-07". Impossible dates (2017-02-30) → nil.
    static func date(in text: String) -> String? {
        var folded = compatibilityFolded(text).filter { !$0.isWhitespace }
        if folded.contains(where: { chineseDigits[$0] != nil || $0 == "十" }) {
            folded = convertChineseNumerals(folded)
        }
        var parts: [Int] = []
        var current = ""
        var separators: [Character] = []
        for character in folded {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else {
                guard !current.isEmpty, let value = Int(current) else { return nil }
                parts.append(value)
                current = ""
                separators.append(character)
            }
        }
        if !current.isEmpty {
            guard let value = Int(current) else { return nil }
            parts.append(value)
        }
        let allowed: Set<Character> = ["年", "月", "日", "号", ".", "/", "-"]
        guard separators.allSatisfy({ allowed.contains($0) }) else { return nil }
        guard parts.count == 2 || parts.count == 3, let year = parts.first, (1900...2200).contains(year) else {
            return nil
        }
        let month = parts[1]
        guard (1...12).contains(month) else { return nil }
        if parts.count == 2 { return String(format: "%04d-%02d", year, month) }
        let day = parts[2]
        guard day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The template's pre-printed "年　月　日" (or "/ /") that nobody filled in: blank, not a wrong date.
    static func isBlankDateTemplate(_ text: String) -> Bool {
        let placeholders: Set<Character> = ["年", "月", "日", "号", ".", "/", "-", "_"]
        return compatibilityFolded(text).allSatisfy { $0.isWhitespace || placeholders.contains($0) }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 二〇一七年六月三十日 → 2017年6月30日: digit-by-digit for years, with 十 for months and days.
    private static func convertChineseNumerals(_ text: String) -> String {
        var out = ""
        var run: [Character] = []
        func flush() {
            guard !run.isEmpty else { return }
            if let tenIndex = run.firstIndex(of: "十") {
                let tens = tenIndex == run.startIndex ? 1 : (chineseDigits[run[run.startIndex]] ?? 0)
                let after = run.index(after: tenIndex)
                let ones = after < run.endIndex ? (chineseDigits[run[after]] ?? 0) : 0
                out += String(tens * 10 + ones)
            } else {
                out += run.map { String(chineseDigits[$0] ?? 0) }.joined()
            }
            run.removeAll()
        }
        for character in text {
            if chineseDigits[character] != nil || character == "十" {
                run.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }

    // MARK: Enums

    static let checkedMarks: Set<Character> = ["☑", "☒", "■", "√", "✓", "✔", "✅", "●", "▣"]
    static let uncheckedMarks: Set<Character> = ["☐", "□", "○", "◯"]

    /// The option a text names: exactly, or by the one ticked box; nil when none or several are ticked.
    static func option(in text: String, options: [String]) -> String? {
        let compact = labelKey(text)
        if let exact = options.first(where: { labelKey($0) == compact }) { return exact }
        let ticked = tickedOptions(in: text, options: options)
        return ticked.count == 1 ? ticked[0] : nil
    }

    /// Every option whose box is ticked, in the schema's order. Boxes stand either all before their labels
    /// ("☑优秀 ☐合格") or all after them ("优秀√ 合格"); which one is read from the first option in the text, so
    /// a tick after one option is never taken for the box of the next.
    static func tickedOptions(in text: String, options: [String]) -> [String] {
        let compact = labelKey(text)
        let marks = checkedMarks.union(uncheckedMarks)
        guard compact.contains(where: { marks.contains($0) }) else { return [] }
        // Longer options first, so "基本合格" is not also read as "合格".
        var occurrences: [(option: String, range: Range<String.Index>)] = []
        for option in options.sorted(by: { $0.count > $1.count }) {
            let key = labelKey(option)
            guard !key.isEmpty else { continue }
            var searchStart = compact.startIndex
            while let range = compact.range(of: key, range: searchStart..<compact.endIndex) {
                searchStart = range.upperBound
                if !occurrences.contains(where: { $0.range.overlaps(range) }) { occurrences.append((option, range)) }
            }
        }
        occurrences.sort { $0.range.lowerBound < $1.range.lowerBound }
        guard let first = occurrences.first else { return [] }
        // Boxes are often bracketed: "合格（√）", "（√）合格"; the brackets are looked through.
        let opening: Set<Character> = ["(", "[", "【", "〔"]
        let closing: Set<Character> = [")", "]", "】", "〕"]
        func mark(before range: Range<String.Index>) -> Character? {
            var index = range.lowerBound
            while index > compact.startIndex {
                index = compact.index(before: index)
                if !closing.contains(compact[index]) { return compact[index] }
            }
            return nil
        }
        func mark(after range: Range<String.Index>) -> Character? {
            var index = range.upperBound
            while index < compact.endIndex {
                if !opening.contains(compact[index]) { return compact[index] }
                index = compact.index(after: index)
            }
            return nil
        }
        let boxesBefore = mark(before: first.range).map(marks.contains) ?? false
        var ticked: Set<String> = []
        for occurrence in occurrences {
            let box = boxesBefore ? mark(before: occurrence.range) : mark(after: occurrence.range)
            if let box, checkedMarks.contains(box) { ticked.insert(occurrence.option) }
        }
        return options.filter(ticked.contains)
    }
}
