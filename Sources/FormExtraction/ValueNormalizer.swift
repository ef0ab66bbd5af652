import FormDocument
package import FormSchema
import Foundation

/// Turns the text written in a form into the value FORMS.md asks for, or keeps the text when it cannot.
///
/// Keeping unreadable text (rather than dropping it) lets validation tell the clerk what was actually written.
package enum ValueNormalizer {
    /// Trimmed, inner line breaks kept, blanks around them dropped. Full-width punctuation stays as written:
    /// it is correct Chinese typography, and only labels, numbers, dates and options are folded (NFKC).
    package static func cleanText(_ raw: String) -> String {
        if let cleaned = PlainText.cleaned(raw) { return cleaned }
        if raw.unicodeScalars.contains(Document.pictureMark) {
            var withoutPictures = raw
            withoutPictures.unicodeScalars.removeAll { $0 == Document.pictureMark }
            return cleanText(withoutPictures)
        }
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
    package static func labelKey(_ raw: String) -> String {
        if let key = PlainText.labelKeyString(raw) { return key }
        var key = compatibilityFolded(raw).filter { !$0.isWhitespace && $0 != Character(Document.pictureMark) }
        while let last = key.last, last == ":" || last == "*" { key.removeLast() }
        while let first = key.first, first == "*" { key.removeFirst() }
        return key
    }

    /// `labelKey` as one value per character (`characterValue`), which tick boxes and option lists are read from.
    static func labelKeyScalars(_ raw: String) -> [UInt32] {
        PlainText.labelKey(raw) ?? characterValues(labelKey(raw))
    }

    /// NFKC folded and without blanks, one value per character: what numbers and dates are read from.
    static func foldedScalarsWithoutBlanks(_ text: String) -> [UInt32] {
        PlainText.foldedWithoutBlanks(text) ?? characterValues(compatibilityFolded(text).filter { !$0.isWhitespace })
    }

    static func characterValues(_ text: some StringProtocol) -> [UInt32] {
        var values: [UInt32] = []
        values.reserveCapacity(text.unicodeScalars.count)
        for character in text {
            // A zero-width joiner ends the character before it, but a text search (Foundation's, which option
            // lists were read with) looks through it: "合格\u{200D}" holds "合格"; a tick box with one is no box.
            let joiners = character.unicodeScalars.reversed().prefix { $0.value == 0x200D }.count
            let first = character.unicodeScalars.first?.value ?? 0
            guard joiners > 0, joiners < character.unicodeScalars.count, !isMark(first) else {
                values.append(characterValue(character))
                continue
            }
            let base = String(String.UnicodeScalarView(character.unicodeScalars.dropLast(joiners)))
            values += base.map(characterValue) + Array(repeating: 0x200D, count: joiners)
        }
        return values
    }

    /// A character as one value, so that text which is not plain is read scalar by scalar as it would be read
    /// character by character: a character of one scalar is that scalar; one of several ("■゙", "e\u{301}x"
    /// unfolded) is a value in plane 15 (private use) derived from its scalars, which equals no digit, mark or
    /// separator and only the same character again. Plain text is one scalar per character already.
    static func characterValue(_ character: Character) -> UInt32 {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first { return only.value }
        var hash: UInt32 = 2_166_136_261  // FNV-1a, not Hasher: the same in every process
        for scalar in scalars { hash = (hash ^ scalar.value) &* 16_777_619 }
        return 0xF0000 + hash % 0xFFFE
    }

    /// NFKC. Plain text (see `PlainText`), which forms mostly are, is folded scalar by scalar; Foundation's
    /// NFKC, the costliest step of a label, is left for the rest.
    static func compatibilityFolded(_ text: String) -> String {
        PlainText.folded(text) ?? text.precomposedStringWithCompatibilityMapping
    }

    package static func normalize(_ raw: String, as field: FieldSpec) -> JSONValue? {
        normalize(raw, as: field, choices: field.kind == .enum ? EnumChoices(field: field) : nil)
    }

    /// `choices`: the field's options with their keys, worked out once per form by the extractor.
    static func normalize(_ raw: String, as field: FieldSpec, choices: EnumChoices?) -> JSONValue? {
        let text = cleanText(raw)
        guard !text.isEmpty, !isPlaceholder(text) else { return nil }
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
            let choices = choices ?? EnumChoices(field: field)
            if let chosen = option(in: text, choices) { return .string(chosen) }
            // Boxes printed for every option and none ticked: the question was left blank.
            if isUntickedOptionList(text, choices) { return nil }
            return .string(text)
        }
    }

    /// The texts Word shows in an empty content control (Chinese and English Word, WPS): printed into a PDF, or
    /// kept when a control's placeholder flag was lost, they are a field left blank, not a value.
    static let placeholders: Set<String> = [
        "单击或点击此处输入文字。", "单击此处输入文字。", "点击或轻击此处以输入文字。", "单击或点击此处输入文字", "单击此处输入文字",
        "单击或点击以输入日期。", "单击此处输入日期。", "选择一项。", "单击或点击此处输入日期。",
        "Click or tap here to enter text.", "Click here to enter text.", "Click or tap to enter a date.", "Click here to enter a date.",
        "Choose an item.",
    ]

    /// The scalars a placeholder starts with.
    private static let placeholderOpenings: Set<UInt32> = Set(placeholders.compactMap { $0.unicodeScalars.first?.value })

    static func isPlaceholder(_ text: String) -> Bool {
        // Short texts only: a placeholder is never longer than these. This runs on every value read, so a value
        // that opens with neither a placeholder's first character nor white space (Unicode's White_Space) is
        // let go before hashing it (String hashing normalises) or trimming it (Foundation).
        guard text.utf8.count <= 40, let opening = text.unicodeScalars.first?.value else { return false }
        guard placeholderOpenings.contains(opening) || Self.isWhiteSpace(opening) else { return false }
        if placeholders.contains(text) { return true }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            first.isWhiteSpace || last.isWhiteSpace
        else { return false }
        return placeholders.contains(text.trimmingCharacters(in: .whitespaces))
    }

    /// Whether `cleanText(raw)` could be a placeholder, judged without cleaning: cleaning only drops pictures and
    /// white space from the start, so the first other scalar must be a placeholder's first.
    static func mayBePlaceholder(_ raw: String) -> Bool {
        guard let first = raw.unicodeScalars.first(where: { $0 != Document.pictureMark })?.value else { return false }
        return placeholderOpenings.contains(first) || isWhiteSpace(first)
    }

    /// Unicode's White_Space property (`Unicode.Scalar.isWhiteSpace`).
    static func isWhiteSpace(_ value: UInt32) -> Bool { Unicode.Scalar.isWhiteSpace(value) }

    /// Only unticked boxes and option names ("☐优秀 ☐合格 ☐基本合格 ☐不合格").
    static func isUntickedOptionList(_ text: String, options: [String]) -> Bool {
        isUntickedOptionList(text, EnumChoices(options))
    }

    static func isUntickedOptionList(_ text: String, _ choices: EnumChoices) -> Bool {
        var rest = labelKeyScalars(text)
        guard rest.contains(where: isUncheckedMark), !rest.contains(where: isCheckedMark) else { return false }
        for choice in choices.longestFirst {
            rest = PlainText.removingOccurrences(of: choice.scalars, in: rest)
        }
        return rest.allSatisfy { isUncheckedMark($0) || optionListPunctuation.contains($0) }
    }

    /// "（）()、,，;；" as scalars.
    private static let optionListPunctuation: Set<UInt32> = [0xFF08, 0xFF09, 0x28, 0x29, 0x3001, 0x2C, 0xFF0C, 0x3B, 0xFF1B]

    // MARK: Numbers

    private static let unitScalars = ["学时", "小时", "课时", "次", "篇", "人", "名", "个", "h", "H"].map { $0.unicodeScalars.map(\.value) }

    /// 32, ３２, 32学时, 32.5 → a number; anything else → nil. So is a number beyond `FieldKind.numberBound`:
    /// it stays the text that was read, and the schema's type check makes it a finding.
    package static func number(in text: String) -> Double? {
        var candidate = foldedScalarsWithoutBlanks(text)
        for unit in unitScalars where candidate.count >= unit.count && candidate.suffix(unit.count).elementsEqual(unit) {
            candidate.removeLast(unit.count)
            break
        }
        candidate.removeAll { $0 == 0x2C }
        guard !candidate.isEmpty, candidate.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x2D }),
            let value = Double(PlainText.string(candidate)), FieldKind.isWithinNumberBound(value)
        else { return nil }
        return value
    }

    // MARK: Dates

    /// 〇 零 ○ Ｏ O 一 … 九 as digits, as a switch: it is asked for every scalar of every date, and a dictionary
    /// would hash each one.
    private static func chineseDigit(_ value: UInt32) -> Int? {
        switch value {
        case 0x3007, 0x96F6, 0x25CB, 0xFF2F, 0x4F: return 0  // 〇 零 ○ Ｏ O
        case 0x4E00: return 1  // 一
        case 0x4E8C: return 2  // 二
        case 0x4E09: return 3  // 三
        case 0x56DB: return 4  // 四
        case 0x4E94: return 5  // 五
        case 0x516D: return 6  // 六
        case 0x4E03: return 7  // 七
        case 0x516B: return 8  // 八
        case 0x4E5D: return 9  // 九
        default: return nil
        }
    }
    private static let ten: UInt32 = 0x5341  // 十

    /// 2017年6月30日, 2017.6.30, 2017/06/30, 2017-6-30, 二〇一七年六月三十日 → "2017-06-30";
    /// 2001年7月, 2001.7 → "2001-07". Impossible dates (2017-02-30) → nil.
    package static func date(in text: String) -> String? {
        var folded = foldedScalarsWithoutBlanks(text)
        if folded.contains(where: { chineseDigit($0) != nil || $0 == ten }) {
            folded = convertChineseNumerals(folded)
        }
        var parts: [Int] = []
        // The digits read so far and whether they overflowed Int (which `Int(String)` answers with nil).
        var current: (value: Int, overflowed: Bool)?
        for value in folded {
            if (0x30...0x39).contains(value) {
                let digit = Int(value - 0x30)
                let previous = current ?? (0, false)
                let (times, overflow1) = previous.value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                current = (sum, previous.overflowed || overflow1 || overflow2)
            } else {
                guard let run = current, !run.overflowed else { return nil }
                parts.append(run.value)
                current = nil
                guard isDateSeparator(value) else { return nil }
            }
        }
        if let run = current {
            guard !run.overflowed else { return nil }
            parts.append(run.value)
        }
        return isoDate(parts)
    }

    /// 年 月 日 号 . / -
    private static func isDateSeparator(_ value: UInt32) -> Bool {
        switch value {
        case 0x5E74, 0x6708, 0x65E5, 0x53F7, 0x2E, 0x2F, 0x2D: return true
        default: return false
        }
    }

    /// Year, month (and day) read from a date as `YYYY-MM(-DD)`, or nil when they are not a date.
    private static func isoDate(_ parts: [Int]) -> String? {
        guard parts.count == 2 || parts.count == 3, let year = parts.first, (1900...2200).contains(year) else {
            return nil
        }
        let month = parts[1]
        guard (1...12).contains(month) else { return nil }
        // Years are 1900...2200, months and days below 100: `%04d-%02d-%02d` without Foundation's formatter.
        func twoDigits(_ number: Int) -> String { number < 10 ? "0" + String(number) : String(number) }
        if parts.count == 2 { return String(year) + "-" + twoDigits(month) }
        let day = parts[2]
        guard day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        return String(year) + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    /// The template's pre-printed "年　月　日" (or "/ /") that nobody filled in: blank, not a wrong date.
    static func isBlankDateTemplate(_ text: String) -> Bool {
        if PlainText.isPlain(text) {
            return text.unicodeScalars.allSatisfy { scalar in
                let value = PlainText.folded(scalar.value) ?? 0
                return PlainText.isBlank(value) || isDateSeparator(value) || value == 0x5F
            }
        }
        let placeholders: Set<Character> = ["年", "月", "日", "号", ".", "/", "-", "_"]
        return compatibilityFolded(text).allSatisfy { $0.isWhitespace || placeholders.contains($0) }
    }

    /// 二〇一七年六月三十日 → 2017年6月30日: digit-by-digit for years, with 十 for months and days.
    private static func convertChineseNumerals(_ text: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        var run: [UInt32] = []
        func flush() {
            guard !run.isEmpty else { return }
            let number: String
            if let tenIndex = run.firstIndex(of: ten) {
                let tens = tenIndex == 0 ? 1 : (chineseDigit(run[0]) ?? 0)
                let ones = tenIndex + 1 < run.count ? (chineseDigit(run[tenIndex + 1]) ?? 0) : 0
                number = String(tens * 10 + ones)
            } else {
                number = run.map { String(chineseDigit($0) ?? 0) }.joined()
            }
            out += number.unicodeScalars.map(\.value)
            run.removeAll()
        }
        for value in text {
            if chineseDigit(value) != nil || value == ten {
                run.append(value)
            } else {
                flush()
                out.append(value)
            }
        }
        flush()
        return out
    }

    // MARK: Enums

    static let checkedMarks: Set<Character> = ["☑", "☒", "■", "√", "✓", "✔", "✅", "●", "▣"]
    static let uncheckedMarks: Set<Character> = ["☐", "□", "○", "◯"]

    /// `checkedMarks` and `uncheckedMarks` by scalar, as switches (asked for every scalar of an option list).
    static func isCheckedMark(_ value: UInt32) -> Bool {
        switch value {
        case 0x2611, 0x2612, 0x25A0, 0x221A, 0x2713, 0x2714, 0x2705, 0x25CF, 0x25A3: return true
        default: return false
        }
    }

    static func isUncheckedMark(_ value: UInt32) -> Bool {
        switch value {
        case 0x2610, 0x25A1, 0x25CB, 0x25EF: return true
        default: return false
        }
    }

    static func isMark(_ value: UInt32) -> Bool { isCheckedMark(value) || isUncheckedMark(value) }

    /// The option a text names: exactly, or by the one ticked box; nil when none or several are ticked.
    package static func option(in text: String, options: [String]) -> String? {
        option(in: text, EnumChoices(options))
    }

    static func option(in text: String, _ choices: EnumChoices) -> String? {
        let compact = labelKey(text)
        if let named = choices.option(named: compact) { return named }
        if choices.numbering, let unnumbered = withoutListNumber(compact), let named = choices.option(named: unnumbered) {
            return named
        }
        let ticked = tickedOptions(in: text, choices)
        return ticked.count == 1 ? ticked[0] : nil
    }

    /// A label key without the list number it starts with — （一）, (1), 1., 1、, 一、, 第一、, A., ⑴, and ①,
    /// which compatibility folding has made "1" — or nil when it starts with none. Only a text that is an
    /// option once its number is gone is taken, so a number that belongs to the text is never lost.
    static func withoutListNumber(_ key: String) -> String? {
        var rest = Substring(key)
        if rest.first == "第" { rest = rest.dropFirst() }
        let bracketed = rest.first == "(" || rest.first == "[" || rest.first == "【" || rest.first == "〔"
        if bracketed { rest = rest.dropFirst() }
        let numeral = rest.prefix { character in
            character.isASCII && character.isNumber || chineseNumerals.contains(character)
        }
        let letter = numeral.isEmpty ? rest.prefix(1).filter { $0.isASCII && $0.isLetter } : ""
        let number = numeral.isEmpty ? Substring(letter) : numeral
        guard !number.isEmpty else { return nil }
        rest = rest.dropFirst(number.count)
        if bracketed {
            guard let close = rest.first, ")]】〕".contains(close) else { return nil }
            rest = rest.dropFirst()
        } else if let mark = rest.first, ".、):,．项条".contains(mark) {
            rest = rest.dropFirst()
        } else if !(number.allSatisfy { $0.isASCII && $0.isNumber }) {
            // A bare number is taken only as digits (① folds to "1"): "一组织…" may be the text itself.
            return nil
        }
        while let mark = rest.first, ".、:,".contains(mark) { rest = rest.dropFirst() }
        return rest.isEmpty ? nil : String(rest)
    }

    private static let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零"]

    /// Every option whose box is ticked, in the schema's order. Boxes stand either all before their labels
    /// ("☑优秀 ☐合格") or all after them ("优秀√ 合格"); which one is read from the first option in the text, so
    /// a tick after one option is never taken for the box of the next.
    package static func tickedOptions(in text: String, options: [String]) -> [String] {
        tickedOptions(in: text, EnumChoices(options))
    }

    /// ( [ 【 〔 and ) ] 】 〕 as scalars; full-width brackets are folded already.
    private static let openingScalars: Set<UInt32> = [0x28, 0x5B, 0x3010, 0x3014]
    private static let closingScalars: Set<UInt32> = [0x29, 0x5D, 0x3011, 0x3015]

    static func tickedOptions(in text: String, _ choices: EnumChoices) -> [String] {
        let compact = labelKeyScalars(text)
        guard compact.contains(where: isMark) else { return [] }
        var occurrences: [(option: String, range: Range<Int>)] = []
        for choice in choices.longestFirst {
            let key = choice.scalars
            guard !key.isEmpty else { continue }
            var searchStart = 0
            while let range = PlainText.firstRange(of: key, in: compact, from: searchStart) {
                searchStart = range.upperBound
                if !occurrences.contains(where: { $0.range.overlaps(range) }) { occurrences.append((choice.option, range)) }
            }
        }
        occurrences.sort { $0.range.lowerBound < $1.range.lowerBound }
        guard let first = occurrences.first else { return [] }
        // Boxes are often bracketed: "合格（√）", "（√）合格"; the brackets are looked through.
        func mark(before range: Range<Int>) -> UInt32? {
            compact[..<range.lowerBound].last { !closingScalars.contains($0) }
        }
        func mark(after range: Range<Int>) -> UInt32? {
            compact[range.upperBound...].first { !openingScalars.contains($0) }
        }
        let boxesBefore = mark(before: first.range).map(isMark) ?? false
        var ticked: Set<String> = []
        for occurrence in occurrences {
            let box = boxesBefore ? mark(before: occurrence.range) : mark(after: occurrence.range)
            if let box, isCheckedMark(box) { ticked.insert(occurrence.option) }
        }
        return choices.options.filter(ticked.contains)
    }
}

/// An enum field's options with their label keys, worked out once per form rather than for every value read.
struct EnumChoices: Sendable {
    /// The options as the schema writes them, in its order.
    let options: [String]
    /// `ValueNormalizer.labelKey` of each option.
    let keys: [String]
    /// The options longest first (so "基本合格" is matched before "合格"), with their keys and the keys' scalars.
    let longestFirst: [(option: String, key: String, scalars: [UInt32])]

    /// Other spellings' label keys, each with the option it stands for.
    let aliases: [(key: String, option: String)]
    /// Whether an option may follow a list number (`FieldSpec.optionNumbering`).
    let numbering: Bool

    init(field: FieldSpec) {
        self.init(field.options, aliases: field.optionAliases, numbering: field.optionNumbering)
    }

    /// The option whose key, or one of whose other spellings' keys, is this label key.
    func option(named key: String) -> String? {
        if let exact = keys.firstIndex(where: { $0 == key }) { return options[exact] }
        return aliases.first { $0.key == key }?.option
    }

    init(_ options: [String], aliases: [String: [String]] = [:], numbering: Bool = false) {
        self.options = options
        self.numbering = numbering
        self.aliases = options.flatMap { option in
            (aliases[option] ?? []).map { (ValueNormalizer.labelKey($0), option) }
        }
        keys = options.map(ValueNormalizer.labelKey)
        longestFirst = options.sorted(by: { $0.count > $1.count }).map { option in
            let key = ValueNormalizer.labelKey(option)
            return (option, key, ValueNormalizer.characterValues(key))
        }
    }
}
