import FormSchema
import Foundation

/// Writes report files so that a reader (the office opening a report while a batch runs) only ever sees a
/// whole old file or a whole new one: write beside the destination under a hidden name, then rename.
enum AtomicFile {
    /// A hidden name in the destination's folder, so the rename never crosses file systems.
    static func temporaryURL(for destination: URL) -> URL {
        destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
    }

    static func write(_ data: Data, to destination: URL) throws(ReportError) {
        let temporary = temporaryURL(for: destination)
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: destination.path, reason: FileErrorText.describe(error))
        }
        try move(temporary, to: destination)
    }

    static func write(_ text: String, to destination: URL) throws(ReportError) {
        try write(Data(text.utf8), to: destination)
    }

    /// `rename(2)`: atomic within one file system, and it replaces an existing file.
    static func move(_ temporary: URL, to destination: URL) throws(ReportError) {
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: destination.path, reason: reason)
        }
    }

    /// Replaces a whole folder: the new one is built beside it, then swapped in with two renames, so a reader
    /// sees the old set or the new set of files, and files of branches that no longer have a notice go away.
    static func replaceFolder(_ destination: URL, build: (URL) throws(ReportError) -> Void) throws(ReportError) {
        let staging = try stagingFolder(for: destination)
        do {
            try build(staging)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        try swapIn(staging, for: destination)
    }

    /// A new hidden folder beside `destination`, to build its replacement in.
    static func stagingFolder(for destination: URL) throws(ReportError) -> URL {
        let staging = temporaryURL(for: destination)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: staging.path, reason: FileErrorText.describe(error))
        }
        return staging
    }

    /// Puts a folder built by `stagingFolder` in the place of `destination` (two renames), removing the old one.
    static func swapIn(_ staging: URL, for destination: URL) throws(ReportError) {
        let manager = FileManager.default
        var retired: URL?
        if manager.fileExists(atPath: destination.path) {
            let old = temporaryURL(for: destination)
            guard rename(destination.path, old.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(at: staging)
                throw .cannotWrite(path: destination.path, reason: reason)
            }
            retired = old
        }
        guard rename(staging.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let retired { _ = rename(retired.path, destination.path) }
            try? manager.removeItem(at: staging)
            throw .cannotWrite(path: destination.path, reason: reason)
        }
        if let retired { try? manager.removeItem(at: retired) }
    }
}
