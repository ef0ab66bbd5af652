import Foundation

extension Unicode.Scalar {
    /// Unicode's White_Space property, as `properties.isWhitespace` has it, without its table lookup: asked of
    /// every character of every PDF page and of most values read.
    package var isWhiteSpace: Bool { Self.isWhiteSpace(value) }

    package static func isWhiteSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
