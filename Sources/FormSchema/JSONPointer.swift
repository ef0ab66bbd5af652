import Foundation

/// RFC 6901 JSON pointers: building them for error locations and resolving them inside a document.
enum JSONPointer {
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func unescape(_ token: String) -> String {
        token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    static func appending(_ pointer: String, _ tokens: String...) -> String {
        tokens.reduce(pointer) { $0 + "/" + escape($1) }
    }

    static func appending(_ pointer: String, index: Int) -> String {
        pointer + "/" + String(index)
    }

    /// The tokens of a pointer, unescaped; nil when the text is not a pointer.
    static func tokens(of pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { unescape(String($0)) }
    }

    /// The value a pointer designates in `document`, or nil when it designates nothing.
    static func resolve(_ pointer: String, in document: JSONValue) -> JSONValue? {
        guard let tokens = tokens(of: pointer) else { return nil }
        var current = document
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                // RFC 6901 array indices: no leading zeros, no sign.
                guard let index = Int(token), String(index) == token, index >= 0, index < array.count else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }
}
