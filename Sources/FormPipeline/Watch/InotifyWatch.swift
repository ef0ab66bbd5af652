import Foundation

/// Recursive inotify on a folder tree: which paths were finished writing or moved in, and new subfolders.
///
/// The event's name is a flexible array member Swift does not import, so events are parsed from the raw
/// buffer (name at offset 16).
final class InotifyWatch {
    private let descriptor: Int32
    private var folders: [Int32: URL] = [:]
    private let scope: DropFolderScope
    /// Folders watched already: a folder met again under another path (a bind mount) is watched once.
    private var watched = Set<FileIdentity>()
    /// IN_DONT_FOLLOW and IN_ONLYDIR: a link in the drop folder is never watched through.
    static let mask =
        UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_DONT_FOLLOW)
        | UInt32(IN_ONLYDIR)

    /// Nil when inotify is unavailable (too many watches, unsupported filesystem): the caller polls instead.
    init?(scope: DropFolderScope) {
        self.scope = scope
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        guard add(scope.drop) else {
            close(descriptor)
            return nil
        }
    }

    deinit {
        close(descriptor)
    }

    /// Watches `folder` and every real folder below it (never through a link, never the state folder's).
    @discardableResult
    func add(_ folder: URL) -> Bool {
        guard let identity = FileIdentity(folder.path, isFolder: true), !scope.isStateOwned(folder.path) else { return false }
        guard watched.insert(identity).inserted else { return true }
        let wd = RawPath.withCString(folder.path) { inotify_add_watch(descriptor, $0, Self.mask) }
        guard wd >= 0 else { return false }
        folders[wd] = folder
        if let names = RawPath.names(in: folder.path) {
            for name in names where !name.hasPrefix(".") {
                let url = folder.appendingPathComponent(name)
                if FileIdentity(url.path, isFolder: true) != nil { add(url) }
            }
        }
        return true
    }

    /// Paths touched since the last call (files written or moved in; folders created are watched and their
    /// current files returned too). Never blocks.
    func drain() -> [URL] {
        var touched: [URL] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + 16 <= count {
                let wd = Int32(littleEndianBytes: buffer, at: offset)
                let mask = UInt32(truncatingIfNeeded: Int32(littleEndianBytes: buffer, at: offset + 4))
                let length = Int(UInt32(truncatingIfNeeded: Int32(littleEndianBytes: buffer, at: offset + 12)))
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                offset += 16 + length
                guard let folder = folders[wd], !nameBytes.isEmpty else { continue }
                let url = folder.appendingPathComponent(RawPath.string(nameBytes))
                if mask & UInt32(IN_ISDIR) != 0 {
                    if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        add(url)
                        touched += DropFolderRules.scan(scope, below: url).map(\.url)
                    }
                } else if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) != 0 {
                    touched.append(url)
                }
            }
        }
        return touched
    }
}

extension Int32 {
    init(littleEndianBytes bytes: [UInt8], at offset: Int) {
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * UInt32(index)) }
        self = Int32(bitPattern: value)
    }
}
