import FormSchema

/// The labels of one form, keyed by their comparable form (`ValueNormalizer.labelKey`), built once per form.
struct LabelIndex: Sendable {
    /// Label → key of a single-value field.
    let scalars: [String: String]
    /// Label of a repeating table's section (年度目标, 查摆情况…) → the table's key.
    let sections: [String: String]
    /// Table key → (column label → column key).
    let columns: [String: [String: String]]
    /// Every label of the form, to tell a label cell from a value cell.
    let all: Set<String>

    init(form: FormSchema) {
        var scalars: [String: String] = [:]
        var sections: [String: String] = [:]
        var columns: [String: [String: String]] = [:]
        for field in form.fields {
            if field.kind == .table {
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
        self.sections = sections
        self.columns = columns
        var all = Set(scalars.keys).union(sections.keys)
        for byLabel in columns.values { all.formUnion(byLabel.keys) }
        self.all = all
    }

    /// `标签：值` pairs in a text, e.g. "审核人：李四　日期：2017年3月1日" → [(reviewer, 李四), (signed_on, 2017年3月1日)].
    /// A colon not preceded by a known label stays part of the value before it. Labels and colons are compared
    /// folded (NFKC, so full-width colons count); values keep the characters as written, full-width
    /// punctuation included.
    func colonPairs(in rawText: String) -> [(key: String, value: String)] {
        // Most cells hold no colon at all; the folding below is the expensive part.
        guard rawText.contains(where: { $0 == ":" || $0 == "：" || $0 == "﹕" || $0 == "︰" }) else { return [] }
        let text = Array(rawText)
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
        return found.enumerated().map { offset, pair in
            let end = offset + 1 < found.count ? found[offset + 1].labelStart : text.count
            let value = pair.valueStart < end ? String(text[pair.valueStart..<end]) : ""
            return (pair.key, ValueNormalizer.cleanText(value))
        }
    }
}
