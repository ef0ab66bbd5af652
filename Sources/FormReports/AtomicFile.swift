import FormSchema
import Foundation
import Synchronization

/// Writes report files so that a reader (the office opening a report while a batch runs) only ever sees a
/// whole old file or a whole new one: write beside the destination under a hidden name, then rename.
enum AtomicFile {
    /// A hidden name in the destination's folder, so the rename never crosses file systems. The name is
    /// remembered until the file is renamed into place or removed, so `removeUnfinished` can clean up after
    /// a run stopped by a signal.
    static func temporaryURL(for destination: URL) -> URL {
        let url = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        let stopping = unfinished.withLock { state in
            if !state.stopping { state.paths.insert(url.path) }
            return state.stopping
        }
        // The process is ending by a signal and its temporary files are being removed: it writes no new one.
        while stopping { sleep(3600) }
        return url
    }

    /// Temporary files and folders that are neither renamed into place nor removed yet, and whether a signal is
    /// ending the process.
    private static let unfinished = Mutex<(paths: Set<String>, stopping: Bool)>(([], false))

    /// A temporary file or folder that no longer needs cleaning up: renamed into place, or about to be removed.
    static func settled(_ url: URL) {
        unfinished.withLock { _ = $0.paths.remove(url.path) }
    }

    /// Removes a temporary file or folder, and forgets it.
    static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
        settled(url)
    }

    /// Removes every temporary report file and folder still unfinished: called when SIGTERM or SIGINT stops a
    /// run in the middle of writing its reports, so no `.tmp` is left in the reports folder.
    static func removeUnfinished() {
        let paths = unfinished.withLock { state in
            state.stopping = true
            return state.paths
        }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
        // A writer that took its name just before may be creating the file at this moment (the removal above
        // found nothing yet): a moment later it is there, and removed too.
        usleep(100_000)
        for path in unfinished.withLock({ $0.paths }) { try? FileManager.default.removeItem(atPath: path) }
    }

    static func write(_ data: Data, to destination: URL) throws(ReportError) {
        let temporary = temporaryURL(for: destination)
        do {
            try data.write(to: temporary)
        } catch {
            remove(temporary)
            throw .cannotWrite(path: destination.path, reason: FileErrorText.describe(error))
        }
        try move(temporary, to: destination)
    }

    static func write(_ text: String, to destination: URL) throws(ReportError) {
        try write(Data(text.utf8), to: destination)
    }

    /// `rename(2)`: atomic within one file system, and it replaces an existing file.
    static func move(_ temporary: URL, to destination: URL) throws(ReportError) {
        defer { settled(temporary) }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            remove(temporary)
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
            remove(staging)
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
                remove(staging)
                throw .cannotWrite(path: destination.path, reason: reason)
            }
            retired = old
        }
        defer { settled(staging) }
        guard rename(staging.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let retired { _ = rename(retired.path, destination.path) }
            remove(staging)
            throw .cannotWrite(path: destination.path, reason: reason)
        }
        if let retired { remove(retired) }
    }
}
