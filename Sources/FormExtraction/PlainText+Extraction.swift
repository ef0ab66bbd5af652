import FormSchema
import Foundation

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

    /// `labelKey` as a String, written straight into the string's storage: labels are keyed for every cell.
    static func labelKeyString(_ text: String) -> String? {
        var isPlain = true
        let key = String(unsafeUninitializedCapacity: text.utf8.count) { buffer in
            var count = 0
            for scalar in text.unicodeScalars {
                guard let value = folded(scalar.value) else {
                    isPlain = false
                    return 0
                }
                guard !isBlank(value) else { continue }
                // Folded scalars are ASCII or three-byte (CJK, punctuation, boxes): never longer than before folding.
                count += encode(value, into: buffer, at: count)
            }
            // Trailing colons and asterisks, then leading asterisks (all ASCII, one byte each).
            while count > 0, buffer[count - 1] == 0x3A || buffer[count - 1] == 0x2A { count -= 1 }
            var leading = 0
            while leading < count, buffer[leading] == 0x2A { leading += 1 }
            if leading > 0 {
                for index in leading..<count { buffer[index - leading] = buffer[index] }
                count -= leading
            }
            return count
        }
        return isPlain ? key : nil
    }

    /// Writes a scalar's UTF-8 at `offset`; returns how many bytes.
    @inline(__always)
    private static func encode(_ value: UInt32, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        switch value {
        case 0..<0x80:
            buffer[offset] = UInt8(value)
            return 1
        case 0x80..<0x800:
            buffer[offset] = UInt8(0xC0 | value >> 6)
            buffer[offset + 1] = UInt8(0x80 | value & 0x3F)
            return 2
        case 0x800..<0x10000:
            buffer[offset] = UInt8(0xE0 | value >> 12)
            buffer[offset + 1] = UInt8(0x80 | value >> 6 & 0x3F)
            buffer[offset + 2] = UInt8(0x80 | value & 0x3F)
            return 3
        default:
            buffer[offset] = UInt8(0xF0 | value >> 18)
            buffer[offset + 1] = UInt8(0x80 | value >> 12 & 0x3F)
            buffer[offset + 2] = UInt8(0x80 | value >> 6 & 0x3F)
            buffer[offset + 3] = UInt8(0x80 | value & 0x3F)
            return 4
        }
    }

    /// A String of scalars known to be valid (they come from a String, or from the fold table).
    static func string(_ scalars: some Collection<UInt32>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var count = 0
            for value in scalars { count += encode(value, into: buffer, at: count) }
            return count
        }
    }

    /// `ValueNormalizer.cleanText` of plain text, or nil when it is not plain: each line trimmed, lines joined
    /// by "\n" ("\r\n", a bare "\r" and "\n" each end a line), then the whole trimmed.
    static func cleaned(_ text: String) -> String? {
        // One line (most values): trimmed in place, and not copied at all when there is nothing to trim.
        var firstKept: String.Index?
        var lastKept: String.Index?
        var index = text.unicodeScalars.startIndex
        while index < text.unicodeScalars.endIndex {
            let value = text.unicodeScalars[index].value
            guard folded(value) != nil else { return nil }
            if value == 0x0A || value == 0x0D { return cleanedLines(text) }
            if !isBlank(value) {
                if firstKept == nil { firstKept = index }
                lastKept = index
            }
            text.unicodeScalars.formIndex(after: &index)
        }
        guard let firstKept, let lastKept else { return "" }
        let end = text.unicodeScalars.index(after: lastKept)
        if firstKept == text.startIndex && end == text.endIndex { return text }
        return String(text.unicodeScalars[firstKept..<end])
    }

    /// `cleaned` for plain text with line breaks, or nil when it is not plain.
    private static func cleanedLines(_ text: String) -> String? {
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
