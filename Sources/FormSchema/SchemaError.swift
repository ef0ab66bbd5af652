import Foundation

/// A schema file that cannot be used, with the place that is wrong so its author can fix it.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path of the schema file (or of the folder, when the folder itself is the problem).
    public let file: String
    /// A JSON pointer into the file (RFC 6901); empty for the whole document.
    public let pointer: String
    public let reason: String

    public init(file: String, pointer: String, reason: String) {
        self.file = file
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String {
        pointer.isEmpty ? "\(file): \(reason)" : "\(file) \(pointer): \(reason)"
    }
}
