public import Foundation

/// A .zip of forms (a branch secretary's bundle of the members' files): each entry's bytes, read with the
/// same limits as a .docx (entry count, inflate ratio, sizes) — names are only shown, never used as paths.
public struct BundleReader: Sendable {
    public struct Member: Sendable {
        /// The entry's path inside the bundle (`材料/1_王五.docx`).
        public let path: String
        /// Its bytes, or why they could not be taken out (a bomb, an encrypted entry): one bad member costs
        /// that member only.
        public let bytes: Result<Data, DocumentError>
    }

    public let limits: InputLimits

    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    /// The files of the bundle in path order; folders, hidden files and the resource forks macOS adds
    /// (`__MACOSX/`) are left out. Throws when the bundle itself cannot be opened.
    public func members(_ bytes: Data) throws(DocumentError) -> [Member] {
        if bytes.count > limits.maxFileBytes {
            throw .limitExceeded(limit: "max_file_mb", detail: "\(bytes.count) 字节，上限 \(limits.maxFileBytes) 字节")
        }
        let archive = try ZipArchive(bytes: bytes, limits: limits, deadline: Deadline(seconds: limits.secondsPerFile))
        var members: [Member] = []
        for name in archive.entries.keys.sorted() where Self.isFile(name) {
            do throws(DocumentError) {
                guard let data = try archive.read(name) else { continue }
                members.append(Member(path: name, bytes: .success(data)))
            } catch {
                members.append(Member(path: name, bytes: .failure(error)))
            }
        }
        return members
    }

    static func isFile(_ name: String) -> Bool {
        guard !name.hasSuffix("/"), !name.hasPrefix("__MACOSX/") else { return false }
        return !name.split(separator: "/").contains { $0.hasPrefix(".") }
    }
}
