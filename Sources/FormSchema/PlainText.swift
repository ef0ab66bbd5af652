import Foundation

/// The text forms are made of, for fast paths that work on Unicode scalars instead of Characters and Foundation.
///
/// `Character` iteration (grapheme breaking, property lookups per character) and Foundation's NFKC cost
/// more than everything else extraction does. For text made only of the scalars below they are not needed:
/// none of these scalars joins a neighbour into one Character (no combining marks, joiners, Hangul jamo,
/// emoji modifiers or variation selectors), so a Character is one scalar ("\r\n" aside), and NFKC maps each
/// scalar on its own (nothing composes). Text with any other scalar takes the general, Character-based path.
/// `PlainTextEquivalenceTests` checks every scalar of the set against Foundation's NFKC and against the
/// stdlib's grapheme breaking. Extraction uses it (FormExtraction) and so do validation messages.
package enum PlainText {
    /// The NFKC form of a scalar of the set, or nil for a scalar outside it.
    @inlinable @inline(__always)
    package static func folded(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x20...0x7E, 0x09, 0x0A, 0x0D:
            return value
        // CJK ideographs (extension A, unified), CJK punctuation and brackets (〇 and 々 included).
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x3001...0x301F:
            return value
        // Full-width ASCII forms (：，（）２０１７) fold to ASCII.
        case 0xFF01...0xFF5E:
            return value - 0xFEE0
        // The ideographic space and the no-break space fold to a space.
        case 0x3000, 0x00A0:
            return 0x20
        // Middle dot, dash and quotes, and the ticks and boxes of option lists.
        case 0x00B7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x221A, 0x25A0, 0x25A1, 0x25A3, 0x25CB, 0x25CF, 0x25EF,
            0x2610...0x2612, 0x2705, 0x2713, 0x2714:
            return value
        default:
            return nil
        }
    }

    /// The blanks of the set (`Character.isWhitespace` of each); after folding only 09, 0A, 0D and 20 remain.
    @inlinable @inline(__always)
    package static func isBlank(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20, 0x00A0, 0x3000: return true
        default: return false
        }
    }

    /// Whether every scalar of `text` is in the set.
    @inlinable @inline(__always)
    package static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { folded($0.value) != nil }
    }
}
