import FormSchema

/// Extraction's work on plain text (see `PlainText`): folding, label keys, trimming and searching by scalar.
extension PlainText {
    /// The NFKC form of `text` (`precomposedStringWithCompatibilityMapping`), or nil when it is not plain.
    static func folded(_ text: String) -> String? {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.utf8.count)
        var changed = false
        for scalar in text.unicodeScalars {
            guard let value = folded(scalar.value) else { return nil }
            changed = changed || value != scalar.value
            scalars.append(value)
        }
        return changed ? string(scalars) : text
    }

    /// The folded scalars of `text` without its blanks, or nil when it is not plain.
    static func foldedWithoutBlanks(_ text: String) -> [UInt32]? {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let value = folded(scalar.value) else { return nil }
            if !isBlank(value) { scalars.append(value) }
        }
        return scalars
    }

    /// `ValueNormalizer.labelKey` of plain text as scalars: folded, without blanks, trailing `:`/`*` and
    /// leading `*` dropped; nil when the text is not plain.
    static func labelKey(_ text: String) -> [UInt32]? {
        guard var scalars = foldedWithoutBlanks(text) else { return nil }
        while let last = scalars.last, last == 0x3A || last == 0x2A { scalars.removeLast() }
        let leading = scalars.prefix { $0 == 0x2A }.count
        if leading > 0 { scalars.removeFirst(leading) }
        return scalars
    }

    /// A String of scalars known to be valid (they come from a String, or from the fold table).
    static func string(_ scalars: some Collection<UInt32>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var count = 0
            for value in scalars {
                switch value {
                case 0..<0x80:
                    buffer[count] = UInt8(value)
                    count += 1
                case 0x80..<0x800:
                    buffer[count] = UInt8(0xC0 | value >> 6)
                    buffer[count + 1] = UInt8(0x80 | value & 0x3F)
                    count += 2
                case 0x800..<0x10000:
                    buffer[count] = UInt8(0xE0 | value >> 12)
                    buffer[count + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    buffer[count + 2] = UInt8(0x80 | value & 0x3F)
                    count += 3
                default:
                    buffer[count] = UInt8(0xF0 | value >> 18)
                    buffer[count + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    buffer[count + 2] = UInt8(0x80 | value >> 6 & 0x3F)
                    buffer[count + 3] = UInt8(0x80 | value & 0x3F)
                    count += 4
                }
            }
            return count
        }
    }

    /// `ValueNormalizer.cleanText` of plain text, or nil when it is not plain: each line trimmed, lines joined
    /// by "\n" ("\r\n", a bare "\r" and "\n" each end a line), then the whole trimmed.
    static func cleaned(_ text: String) -> String? {
        var lines: [[UInt32]] = [[]]
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard folded(value) != nil else { return nil }
            switch value {
            case 0x0A where previousWasCR:
                break  // "\r\n" is one Character and one line end.
            case 0x0A, 0x0D:
                lines.append([])
            default:
                lines[lines.count - 1].append(value)
            }
            previousWasCR = value == 0x0D
        }
        if lines.count == 1 {
            let trimmed = trimmedRange(lines[0])
            // Nothing to trim (most cells): the text itself, without building a new one.
            return trimmed.count == lines[0].count ? text : string(lines[0][trimmed])
        }
        var joined: [UInt32] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { joined.append(0x0A) }
            joined += line[trimmedRange(line)]
        }
        return string(joined[trimmedRange(joined)])
    }

    /// The range of `scalars` without blanks at either end.
    static func trimmedRange(_ scalars: [UInt32]) -> Range<Int> {
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else {
            return 0..<0
        }
        return first..<last + 1
    }

    /// Where `needle` occurs in `haystack` at or after `start` (plain text: scalar matches are Character matches).
    static func firstRange(of needle: [UInt32], in haystack: [UInt32], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var position = start
        while position + needle.count <= haystack.count {
            if haystack[position] == needle[0], haystack[position..<position + needle.count].elementsEqual(needle) {
                return position..<position + needle.count
            }
            position += 1
        }
        return nil
    }

    /// `haystack` without the occurrences of `needle`, found left to right without overlapping, as Foundation's
    /// `replacingOccurrences(of:with: "")` finds them; an empty needle removes nothing.
    static func removingOccurrences(of needle: [UInt32], in haystack: [UInt32]) -> [UInt32] {
        guard !needle.isEmpty else { return haystack }
        var out: [UInt32] = []
        var position = 0
        while let range = firstRange(of: needle, in: haystack, from: position) {
            out += haystack[position..<range.lowerBound]
            position = range.upperBound
        }
        out += haystack[position...]
        return out
    }
}
