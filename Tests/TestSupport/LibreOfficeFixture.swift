import FormDocument
public import Foundation

/// Word 97 (.doc) files made by LibreOffice itself from a .docx, for the legacy-conversion tests.
public enum LibreOfficeFixture {
    /// `soffice` from PATH, or nil where LibreOffice is not installed (those tests are then skipped).
    public static var executable: String? { LibreOfficeProcess.executable() }

    /// Saves `docx` as a .doc of the same name in `folder`.
    public static func saveAsDoc(_ docx: URL, in folder: URL) throws -> URL {
        try convert(docx, to: "doc", in: folder)
    }

    /// Prints `docx` to a PDF of the same name in `folder`, as a branch does before signing and scanning it.
    public static func printToPDF(_ docx: URL, in folder: URL) throws -> URL {
        try convert(docx, to: "pdf", in: folder)
    }

    static func convert(_ docx: URL, to format: String, in folder: URL) throws -> URL {
        guard let executable else { throw CocoaError(.executableNotLoadable) }
        let profile = folder.appendingPathComponent("profile-\(UUID().uuidString.prefix(8))")
        let result = try Subprocess.run(
            URL(fileURLWithPath: executable),
            [
                "--headless", "--norestore", "--convert-to", format, "-env:UserInstallation=\(profile.absoluteString)",
                "--outdir", folder.path, docx.path,
            ])
        let converted = folder.appendingPathComponent(docx.deletingPathExtension().lastPathComponent + "." + format)
        guard result.status == 0, FileManager.default.fileExists(atPath: converted.path) else {
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSLocalizedDescriptionKey: "LibreOffice did not save \(docx.lastPathComponent) as .\(format): \(result.stderr)"])
        }
        return converted
    }
}

/// The processes running now, read from /proc.
public enum RunningProcesses {
    /// The pids of processes whose command line contains `text`.
    public static func withCommandLine(containing text: String) -> [Int32] {
        Array(commandLines(containing: text).keys)
    }

    /// The command lines (arguments joined by spaces) that contain `text`, by pid.
    public static func commandLines(containing text: String) -> [Int32: String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var found: [Int32: String] = [:]
        for entry in entries {
            guard let pid = Int32(entry), let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let readable = String(decoding: line.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            if readable.contains(text) { found[pid] = readable }
        }
        return found
    }

    /// Waits up to `seconds` for no process to have `text` in its command line; the pids still there after.
    public static func waitUntilNone(containing text: String, seconds: Double) -> [Int32] {
        let end = Date().addingTimeInterval(seconds)
        var left = withCommandLine(containing: text)
        while !left.isEmpty && Date() < end {
            usleep(100_000)
            left = withCommandLine(containing: text)
        }
        return left
    }
}
