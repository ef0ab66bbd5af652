import Foundation

/// The limits as one command-line argument (their JSON), so a worker process enforces exactly the parent's limits.
extension InputLimits {
    public var argument: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding plain numbers and a flag cannot fail.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Reads `argument`; anything else than the JSON of every limit is invalid (nil).
    public init?(argument: String) {
        guard let limits = try? JSONDecoder().decode(InputLimits.self, from: Data(argument.utf8)) else { return nil }
        self = limits
    }
}
