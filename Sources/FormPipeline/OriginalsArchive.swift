import Foundation

/// Originals kept by content: `archive/ab/abcdef…`. Written once (temp file, then rename), never changed,
/// so re-validation can always go back to exactly the bytes a branch sent.
struct OriginalsArchive: Sendable {
    let folder: URL

    func url(for sha256: String) -> URL {
        folder.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    func store(_ bytes: Data, sha256: String) throws {
        let destination = url(for: sha256)
        let manager = FileManager.default
        if access(destination.path, F_OK) == 0 { return }
        let folder = destination.deletingLastPathComponent()
        if mkdir(folder.path, 0o755) != 0 && errno != EEXIST {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(sha256).\(UUID().uuidString).tmp")
        try bytes.write(to: temporary)
        if rename(temporary.path, destination.path) != 0 {
            try? manager.removeItem(at: temporary)
            if !manager.fileExists(atPath: destination.path) {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
            }
        }
    }
}
