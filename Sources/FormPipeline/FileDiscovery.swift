import Foundation

/// Finds the files a batch takes, in sorted path order so that runs repeat exactly.
///
/// Hidden files and whatever a folder's `.formpipeignore` names are left out, and counted, never silently.
struct FileDiscovery {
    struct Found {
        /// Each file with its path as the user gave it (folder argument + relative path).
        var files: [(url: URL, shownPath: String)] = []
        var ignored: [String] = []
    }

    static let ignoreFileName = ".formpipeignore"

    static func discover(_ arguments: [String]) throws(PipelineError) -> Found {
        var found = Found()
        let manager = FileManager.default
        for argument in arguments {
            let shown = argument.count > 1 && argument.hasSuffix("/") ? String(argument.dropLast()) : argument
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isFolder) else {
                throw .missingInput(argument)
            }
            let url = URL(fileURLWithPath: argument)
            if isFolder.boolValue {
                walk(url, shownPath: shown, patterns: [], into: &found)
            } else {
                found.files.append((url, shown))
            }
        }
        found.files.sort { $0.shownPath.utf8.lexicographicallyPrecedes($1.shownPath.utf8) }
        // A file named twice on the command line (or inside a folder also named) is taken once.
        var seen = Set<String>()
        found.files = found.files.filter { seen.insert($0.url.standardizedFileURL.path).inserted }
        return found
    }

    private static func walk(_ folder: URL, shownPath: String, patterns inherited: [IgnorePattern], into found: inout Found) {
        let manager = FileManager.default
        var patterns = inherited
        let ignoreFile = folder.appendingPathComponent(ignoreFileName)
        if let text = try? String(contentsOf: ignoreFile, encoding: .utf8) {
            patterns += text.split(whereSeparator: \.isNewline).compactMap { IgnorePattern(String($0)) }
        }
        let names = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        for name in names {
            let shown = shownPath == "." ? name : "\(shownPath)/\(name)"
            var isFolder: ObjCBool = false
            // The URL made after the one look at the file: URL's appending would look at it once more.
            let path = folder.appending(path: name, directoryHint: .notDirectory).path
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            let url = URL(fileURLWithPath: path, isDirectory: isFolder.boolValue)
            if name.hasPrefix(".") {
                if name != ignoreFileName { found.ignored.append(shown) }
                continue
            }
            if patterns.contains(where: { $0.matches(name: name, isFolder: isFolder.boolValue) }) {
                found.ignored.append(isFolder.boolValue ? shown + "/" : shown)
                continue
            }
            if isFolder.boolValue {
                walk(url, shownPath: shown, patterns: patterns.filter { !$0.anchored }, into: &found)
            } else {
                found.files.append((url, shown))
            }
        }
    }
}

/// One line of `.formpipeignore`: a name or glob (`*.json`), `name/` for folders only, `/name` for this folder only.
struct IgnorePattern {
    let glob: String
    let foldersOnly: Bool
    let anchored: Bool

    init?(_ line: String) {
        var text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        foldersOnly = text.hasSuffix("/")
        if foldersOnly { text.removeLast() }
        anchored = text.hasPrefix("/")
        if anchored { text.removeFirst() }
        guard !text.isEmpty else { return nil }
        glob = text
    }

    func matches(name: String, isFolder: Bool) -> Bool {
        if foldersOnly && !isFolder { return false }
        return fnmatch(glob, name, 0) == 0
    }
}
