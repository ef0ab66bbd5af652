public import Foundation

/// Which names in a drop folder are work in progress or clutter, never submissions.
enum DropFolderRules {
    static let ignoredSuffixes = [".part", ".crdownload", ".tmp", ".原因.txt"]
    static let ignoredNames: Set<String> = ["Thumbs.db", "desktop.ini", ".DS_Store"]

    static func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix("~$") { return true }  // Word's lock file beside an open document
        if name.hasPrefix(".~lock.") { return true }  // LibreOffice's lock file
        if name.hasPrefix(".") { return true }  // hidden files, including .DS_Store
        if ignoredNames.contains(name) { return true }
        let lower = name.lowercased()
        return ignoredSuffixes.contains { lower.hasSuffix($0) }
    }

    /// Every file below the drop folder that may be a submission, with its path relative to the drop folder
    /// in NFC, so a name written in another Unicode normalisation (macOS writes NFD) is the same name.
    ///
    /// Only plain files in real folders of the drop folder's own tree are found: a symbolic link (to a file or
    /// a folder) is never followed, since whatever is found is moved away afterwards and a link would carry
    /// that out of the drop folder; a folder met twice (a bind mount of its parent) is walked once; and the
    /// state folder's own files are never submissions.
    static func scan(_ scope: DropFolderScope, below start: URL? = nil) -> [(url: URL, relative: String)] {
        var found: [(URL, String)] = []
        var visited = Set<FileIdentity>()
        func walk(_ directory: URL, prefix: String) {
            guard let identity = FileIdentity(directory.path, isFolder: true), visited.insert(identity).inserted,
                !scope.isStateOwned(directory.path)
            else { return }
            guard let names = RawPath.names(in: directory.path) else { return }
            for name in names.sorted() where !isIgnored(name) {
                let url = directory.appendingPathComponent(name)
                let relative = (prefix.isEmpty ? name : prefix + "/" + name).precomposedStringWithCanonicalMapping
                var info = stat()
                guard RawPath.linkStatus(url.path, &info) else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: walk(url, prefix: relative)
                case S_IFREG where !scope.isStateOwned(url.path): found.append((url, relative))
                default: continue  // links, FIFOs, devices, sockets
                }
            }
        }
        let root = start ?? scope.drop
        let prefix = start.map { DropFolderWatcher.relativePath(of: $0, in: scope.drop) } ?? ""
        walk(root, prefix: prefix)
        return found
    }
}

/// A file or folder as the kernel knows it, to recognise one met again under another path.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// From `lstat`: nil when the path is missing, or is not a folder when `isFolder` (a link to one is not).
    init?(_ path: String, isFolder: Bool) {
        var info = stat()
        guard RawPath.linkStatus(path, &info) else { return nil }
        if isFolder, info.st_mode & S_IFMT != S_IFDIR { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// The drop folder's tree as the watcher may take from it: its real path, and what belongs to the state
/// folder (the store and its journal files, the archive, processed/, rejected/, the reports) and so is never
/// taken, whatever the layout.
public struct DropFolderScope: Sendable {
    public let drop: URL
    let stateOwnedFolders: [String]
    let stateOwnedFiles: Set<String>

    public init(config: PipelineConfig) {
        let drop = Self.canonical(config.dropFolder)
        self.drop = URL(fileURLWithPath: drop, isDirectory: true)
        stateOwnedFolders = [config.processedFolder, config.rejectedFolder, config.archiveFolder, config.reportsFolder]
            .map { Self.canonical($0) }
        let database = Self.canonical(config.database)
        // The store, its journals and the lock of its first start; the lock the report writers share.
        stateOwnedFiles = Set(["", "-wal", "-shm", "-journal", ".lock"].map { database + $0 } + [Self.canonical(config.reportsFolder) + ".lock"])
    }

    /// The real path of `url`: symbolic links resolved for the part that exists, the rest appended as given.
    static func canonical(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        if let resolved = RawPath.realPath(path) { return resolved }
        let parent = url.standardizedFileURL.deletingLastPathComponent()
        guard parent.path != path else { return path }
        return (canonical(parent) as NSString).appendingPathComponent(url.lastPathComponent)
    }

    static func isSameOrInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// Whether `path` is the state folder's. It must be a real path: one found by walking down from `drop`
    /// without following links is.
    func isStateOwned(_ path: String) -> Bool {
        stateOwnedFiles.contains(path) || stateOwnedFolders.contains { Self.isSameOrInside(path, $0) }
    }

    /// Whether `url` is a plain file (not a link) in a real folder of the drop folder's tree and not the
    /// state folder's: the only kind of thing the watcher moves.
    func isPlainFileInside(_ url: URL) -> Bool {
        var info = stat()
        guard RawPath.linkStatus(url.path, &info), info.st_mode & S_IFMT == S_IFREG else { return false }
        let parent = Self.canonical(url.deletingLastPathComponent())
        let path = (parent as NSString).appendingPathComponent(url.lastPathComponent)
        return Self.isSameOrInside(parent, drop.path) && !isStateOwned(path)
    }

    /// A state folder inside the drop folder (or the drop folder itself) would have the watcher take its own
    /// store and archive as submissions; checked before anything is taken.
    public static func checkLayout(_ config: PipelineConfig) throws(PipelineError) {
        let drop = canonical(config.dropFolder)
        let state = canonical(config.stateFolder)
        if isSameOrInside(state, drop) {
            throw .stateInsideDrop(state: config.stateFolder.path, drop: config.dropFolder.path)
        }
    }
}
