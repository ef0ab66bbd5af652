public import Foundation

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

    static func discover(_ arguments: [String], followLinks: Bool = false) throws(PipelineError) -> Found {
        var found = Found()
        // The folders given, as real paths: a link found in them is followed only to a regular file inside one.
        var roots: [String] = []
        for argument in arguments {
            var info = stat()
            if stat(argument, &info) == 0, isFolder(info) { roots.append(DropFolderScope.canonical(URL(fileURLWithPath: argument))) }
        }
        var walk = Walk(roots: roots, followLinks: followLinks)
        for argument in arguments {
            let shown = argument.count > 1 && argument.hasSuffix("/") ? String(argument.dropLast()) : argument
            var info = stat()
            guard stat(argument, &info) == 0 else { throw .missingInput(argument) }
            if Self.isFolder(info) {
                walk.walk(URL(fileURLWithPath: argument, isDirectory: true).path, shownPath: shown, patterns: [], into: &found)
            } else {
                // A file named on the command line is the user's choice, link or not; it is read by its real path,
                // which the reader opens without following links.
                let real = DropFolderScope.canonical(URL(fileURLWithPath: argument))
                found.files.append((URL(fileURLWithPath: real, isDirectory: false), shown))
            }
        }
        found.files.sort { $0.shownPath.utf8.lexicographicallyPrecedes($1.shownPath.utf8) }
        // A file named twice on the command line (or inside a folder also named) is taken once. One folder
        // alone lists each file once, and standardising every path was a third of discovering 10,000 files.
        if arguments.count > 1 {
            var seen = Set<String>()
            found.files = found.files.filter { seen.insert($0.url.standardizedFileURL.path).inserted }
        }
        return found
    }

    private static func isFolder(_ info: stat) -> Bool {
        info.st_mode & S_IFMT == S_IFDIR
    }

    /// What an entry of a folder is to the walk.
    enum Kind {
        case folder
        /// A regular file, read at `real` (its own path, or a link's target).
        case file(real: String?)
        /// A link not followed: named in the summary, never read.
        case notTaken
    }

    /// One walk over the folders given: which folders it has been in (by device and inode, so a link or bind
    /// mount back up the tree — `loopdir → .` — is walked once, not until the path is too long), and where
    /// links may lead.
    struct Walk {
        let roots: [String]
        let followLinks: Bool
        var visited = Set<FileIdentity>()

        /// A folder's entries by name (bytewise, the order files are taken in), with what each is: from
        /// readdir's entry type, so a folder of thousands of files costs no stat per file. A symbolic link is
        /// followed only to a regular file inside the folders given (anywhere with `--follow-links`, folders
        /// too); a link to nothing is left out.
        func entries(of folder: String) -> [(name: String, kind: Kind)] {
            guard let directory = RawPath.withCString(folder, { opendir($0) }) else { return [] }
            defer { closedir(directory) }
            var entries: [(name: String, kind: Kind)] = []
            while let entry = readdir(directory) {
                // A name that is not UTF-8 stays the bytes it is (see RawPath), so the file can still be read.
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in RawPath.string(raw.prefix { $0 != 0 }) }
                if name == "." || name == ".." { continue }
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): entries.append((name, .folder))
                case Int32(DT_REG): entries.append((name, .file(real: nil)))
                case Int32(DT_LNK): entries.append((name, link(path)))
                case Int32(DT_UNKNOWN):
                    // Some file systems give no type: lstat says what the entry itself is.
                    var info = stat()
                    guard RawPath.linkStatus(path, &info) else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: entries.append((name, .folder))
                    case S_IFREG: entries.append((name, .file(real: nil)))
                    case S_IFLNK: entries.append((name, link(path)))
                    default: entries.append((name, .file(real: nil)))
                    }
                default:
                    // A FIFO, device or socket: recorded, and rejected as no regular file when read (which
                    // never blocks), so the clerk sees why it was not taken.
                    entries.append((name, .file(real: nil)))
                }
            }
            return entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        }

        /// Where a link may take the batch: nowhere unless to a regular file inside the folders given, or,
        /// with `--follow-links`, to any regular file or folder. `/etc/shadow` or `/proc/self/environ` behind
        /// a link dropped among the forms would otherwise be copied into the archive.
        func link(_ path: String) -> Kind {
            guard let real = RawPath.realPath(path) else { return .notTaken }
            var info = stat()
            guard RawPath.status(real, &info) else { return .notTaken }
            if followLinks {
                if FileDiscovery.isFolder(info) { return .folder }
                return info.st_mode & S_IFMT == S_IFREG ? .file(real: real) : .notTaken
            }
            guard info.st_mode & S_IFMT == S_IFREG, roots.contains(where: { DropFolderScope.isSameOrInside(real, $0) }) else {
                return .notTaken
            }
            return .file(real: real)
        }

        mutating func walk(_ folder: String, shownPath: String, patterns inherited: [IgnorePattern], into found: inout Found) {
            var info = stat()
            guard RawPath.status(folder, &info), visited.insert(FileIdentity(info)).inserted else { return }
            var patterns = inherited
            if let text = try? String(contentsOfFile: folder + "/" + ignoreFileName, encoding: .utf8) {
                patterns += text.split(whereSeparator: \.isNewline).compactMap { IgnorePattern(String($0)) }
            }
            for (name, kind) in entries(of: folder) {
                let shown = shownPath == "." ? RawPath.shown(name) : "\(shownPath)/\(RawPath.shown(name))"
                let isFolder = if case .folder = kind { true } else { false }
                if name.hasPrefix(".") {
                    if name != ignoreFileName { found.ignored.append(shown) }
                    continue
                }
                if patterns.contains(where: { $0.matches(name: name, isFolder: isFolder) }) {
                    found.ignored.append(isFolder ? shown + "/" : shown)
                    continue
                }
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                switch kind {
                case .folder: walk(path, shownPath: shown, patterns: patterns.filter { !$0.anchored }, into: &found)
                case .file(let real): found.files.append((URL(fileURLWithPath: real ?? path, isDirectory: false), shown))
                case .notTaken: found.ignored.append(shown)
                }
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

/// The files a batch would take from these paths, as `check` lists them for a folder.
public enum SubmissionFiles {
    public static func find(_ arguments: [String]) throws(PipelineError) -> [(url: URL, shownPath: String)] {
        try FileDiscovery.discover(arguments).files
    }
}
