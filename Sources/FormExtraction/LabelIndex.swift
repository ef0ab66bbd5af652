import FormSchema
import Foundation

/// The labels of one form, keyed by their comparable form (`ValueNormalizer.labelKey`), built once per form.
struct LabelIndex: Sendable {
    /// Label → key of a single-value field.
    let scalars: [String: String]
    /// Every label of the form, with all it names: one lookup per cell answers every question extraction asks.
    let entries: [String: Entry]
    /// `entries` keyed by bytes, when every label is plain text (see `PlainKey`); nil otherwise.
    private let plainEntries: [PlainKey: Entry]?
    /// The table fields' keys, in schema order; `Entry.columnKeys` is indexed like it.
    let tableKeys: [String]
    /// `scalars` by the scalars of each key, when every key is plain text: `colonPairs` then matches plain text
    /// without building a String per step. Nil when a key is not plain (canonical equivalence would matter).
    private let plainScalars: [[UInt32]: String]?
    /// Every tail of every key of `plainScalars`: a label read backwards from a colon can only still grow into
    /// a key while what was read so far is such a tail.
    private let plainTails: Set<[UInt32]>

    /// What one label names.
    struct Entry: Sendable {
        /// The single-value field it labels.
        var scalar: String?
        /// The table whose section (年度目标, 查摆情况…) it heads.
        var section: String?
        /// For each table of `tableKeys`, the column it heads there.
        var columnKeys: [String?]
    }

    init(form: FormSchema) {
        var scalars: [String: String] = [:]
        var sections: [String: String] = [:]
        var columns: [String: [String: String]] = [:]
        var tableKeys: [String] = []
        for field in form.fields {
            if field.kind == .table {
                tableKeys.append(field.key)
                for label in field.labels { sections[ValueNormalizer.labelKey(label)] = field.key }
                var byLabel: [String: String] = [:]
                for column in field.columns {
                    for label in column.labels { byLabel[ValueNormalizer.labelKey(label)] = column.key }
                }
                columns[field.key] = byLabel
            } else {
                for label in field.labels where scalars[ValueNormalizer.labelKey(label)] == nil {
                    scalars[ValueNormalizer.labelKey(label)] = field.key
                }
            }
        }
        self.scalars = scalars
        self.tableKeys = tableKeys
        var all = Set(scalars.keys).union(sections.keys)
        for byLabel in columns.values { all.formUnion(byLabel.keys) }
        var entries: [String: Entry] = [:]
        for key in all {
            entries[key] = Entry(
                scalar: scalars[key], section: sections[key], columnKeys: tableKeys.map { columns[$0]?[key] })
        }
        self.entries = entries
        plainEntries =
            entries.keys.allSatisfy(PlainText.isPlain)
            ? Dictionary(uniqueKeysWithValues: entries.map { (PlainKey($0.key), $0.value) }) : nil

        var plainScalars: [[UInt32]: String]? = [:]
        var plainTails: Set<[UInt32]> = []
        for (label, fieldKey) in scalars {
            guard PlainText.isPlain(label) else {
                plainScalars = nil
                break
            }
            let values = label.unicodeScalars.map(\.value)
            plainScalars?[values] = fieldKey
            for start in values.indices { plainTails.insert(Array(values[start...])) }
        }
        self.plainScalars = plainScalars
        self.plainTails = plainScalars == nil ? [] : plainTails
    }

    /// What a text whose `labelKey` is `key` names, or nil when it is no label of the form.
    func entry(forKey key: String) -> Entry? {
        if let plainEntries, PlainText.isPlain(key) { return plainEntries[PlainKey(key)] }
        return entries[key]
    }

    /// The single-value field whose label `key` (a `labelKey`) is, as OCR may misread it, with that label: a
    /// label of four characters or more with a character in four substituted, left out or added, or with one or
    /// two stray characters after it; `beforeColon` (the text stood before a colon, as labels do), also a label of
    /// two or three characters with one misread (部内: for 部门:). Nil unless that label is nearer than every other
    /// label of the form (column and section labels included), so a misread column header never passes for a
    /// field's label.
    func misreadScalarLabel(_ key: String, beforeColon: Bool = false) -> (key: String, label: String)? {
        let text = Array(key)
        let shortest = beforeColon ? 2 : 4
        guard text.count >= shortest, text.count <= 26, entries[key] == nil else { return nil }
        var best: (label: String, distance: Int)?
        var tied = false
        for label in entries.keys {
            let characters = Array(label)
            guard characters.count >= shortest, abs(characters.count - text.count) <= 2 else { continue }
            let strays = text.count > characters.count && characters.count >= 4 && text.starts(with: characters)
            let distance = strays ? 1 : FormExtractor.editDistance(text, characters)
            guard strays || distance <= max(characters.count / 4, characters.count < 4 ? 1 : 0) else { continue }
            if let current = best, current.distance <= distance {
                if current.distance == distance { tied = true }
                continue
            }
            best = (label, distance)
            tied = false
        }
        guard let best, !tied, let field = entries[best.label]?.scalar else { return nil }
        return (field, best.label)
    }

    /// The colons a label ends with as written: ASCII, full-width, and the small and vertical forms.
    static let colons: Set<Character> = [":", "：", "﹕", "︰"]

    /// A plain-text key hashed and compared by its UTF-8 bytes. For plain text that decides what String equality
    /// does (plain text is in NFC, where canonically equivalent means identical), without String's hash, which
    /// checks the normalisation of every non-ASCII character first: a label is looked up for every cell.
    private struct PlainKey: Hashable, Sendable {
        let text: String

        init(_ text: String) {
            self.text = text
        }

        static func == (lhs: PlainKey, rhs: PlainKey) -> Bool {
            lhs.text.utf8.elementsEqual(rhs.text.utf8)
        }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// `标签：值` pairs in a text, e.g. "审核人：李四　日期：2017年3月1日" → [(reviewer, 李四), (signed_on, 2017年3月1日)].
    /// A colon not preceded by a known label stays part of the value before it. Labels and colons are compared
    /// folded (NFKC, so full-width colons count); values keep the characters as written, full-width
    /// punctuation included.
    func colonPairs(in rawText: String) -> [(key: String, value: String)] {
        colonPairsAndTextBefore(in: rawText).pairs
    }

    /// `colonPairs` and `textBeforeColonPairs` of one text, from one walk over it.
    func colonPairsAndTextBefore(in rawText: String) -> (pairs: [(key: String, value: String)], textBefore: String) {
        if plainScalars != nil {
            // Most cells are plain text without a colon: one pass over the scalars answers that.
            var hasColon = false
            var isPlain = true
            for scalar in rawText.unicodeScalars {
                guard PlainText.folded(scalar.value) != nil else {
                    isPlain = false
                    break
                }
                hasColon = hasColon || scalar.value == 0x3A || scalar.value == 0xFF1A
            }
            if isPlain {
                guard hasColon else { return ([], "") }
                let text = rawText.unicodeScalars.map(\.value)
                return Self.pairs(from: plainColonLabels(in: text), count: text.count) { PlainText.string(text[$0]) }
            }
        }
        return colonPairsAndTextBeforeByCharacter(in: rawText)
    }

    /// `colonPairs` Character by Character, for any text; the reference the plain walk is tested against.
    func colonPairsByCharacter(in rawText: String) -> [(key: String, value: String)] {
        colonPairsAndTextBeforeByCharacter(in: rawText).pairs
    }

    private func colonPairsAndTextBeforeByCharacter(in rawText: String) -> (pairs: [(key: String, value: String)], textBefore: String) {
        // Most cells hold no colon at all; the folding in `colonLabels` is the expensive part.
        guard rawText.contains(where: Self.colons.contains) else { return ([], "") }
        let text = Array(rawText)
        return Self.pairs(from: colonLabels(in: text), count: text.count) { String(text[$0]) }
    }

    /// The pairs, each value running to the next label, and the text before the first label, from where the labels
    /// stand in a text of `count` characters; `written(range)` gives the characters there as written.
    private static func pairs(
        from found: [(key: String, labelStart: Int, valueStart: Int)], count: Int, written: (Range<Int>) -> String
    ) -> (pairs: [(key: String, value: String)], textBefore: String) {
        let pairs = found.enumerated().map { offset, pair in
            let end = offset + 1 < found.count ? found[offset + 1].labelStart : count
            return (pair.key, ValueNormalizer.cleanText(pair.valueStart < end ? written(pair.valueStart..<end) : ""))
        }
        let before = found.first.map { ValueNormalizer.cleanText(written(0..<$0.labelStart)) } ?? ""
        return (pairs, before)
    }

    /// The text before the first `标签：值` pair of a text that has one ("同意。审核人：李四" → "同意。"), cleaned;
    /// empty when the text starts with its first label or has none. A value cell often ends with the
    /// signature lines of the form, and what stands before them is the value.
    func textBeforeColonPairs(in rawText: String) -> String {
        let text = Array(rawText)
        guard let first = colonLabels(in: text).first else { return "" }
        return ValueNormalizer.cleanText(String(text[..<first.labelStart]))
    }

    /// Where each `标签：` stands in a text: the key, the label's first Character and the value's.
    private func colonLabels(in text: [Character]) -> [(key: String, labelStart: Int, valueStart: Int)] {
        let folded = text.map { ValueNormalizer.compatibilityFolded(String($0)) }
        var found: [(key: String, labelStart: Int, valueStart: Int)] = []
        var segmentStart = 0
        for (position, piece) in folded.enumerated() where piece == ":" {
            var compact = ""
            var labelStart: Int?
            var matchedKey: String?
            var index = position - 1
            while index >= segmentStart, compact.count < 24 {
                let piece = folded[index]
                if !piece.allSatisfy(\.isWhitespace) && piece != "*" {
                    compact = piece + compact
                    if let key = scalars[compact] {
                        labelStart = index
                        matchedKey = key
                    }
                }
                index -= 1
            }
            guard let labelStart, let matchedKey else { continue }
            found.append((matchedKey, labelStart, position + 1))
            segmentStart = position + 1
        }
        return found
    }

    /// Where each `标签：` stands in plain text, given as its scalars (each one Character), against plain label
    /// keys: the walk of `colonLabels`, with the label read so far kept as scalars and given up once no key ends so.
    private func plainColonLabels(in text: [UInt32]) -> [(key: String, labelStart: Int, valueStart: Int)] {
        guard let plainScalars else { return [] }
        var found: [(key: String, labelStart: Int, valueStart: Int)] = []
        var segmentStart = 0
        for position in text.indices where PlainText.folded(text[position]) == 0x3A {
            var reversed: [UInt32] = []
            var labelStart: Int?
            var matchedKey: String?
            var index = position - 1
            while index >= segmentStart, reversed.count < 24 {
                let piece = PlainText.folded(text[index]) ?? 0
                if !PlainText.isBlank(piece) && piece != 0x2A {
                    reversed.append(piece)
                    let compact = Array(reversed.reversed())
                    guard plainTails.contains(compact) else { break }
                    if let key = plainScalars[compact] {
                        labelStart = index
                        matchedKey = key
                    }
                }
                index -= 1
            }
            guard let labelStart, let matchedKey else { continue }
            found.append((matchedKey, labelStart, position + 1))
            segmentStart = position + 1
        }
        return found
    }
}
