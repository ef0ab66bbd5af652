import Crypto
import FormDocument
package import FormStore
package import Foundation
import Synchronization

/// Originals kept by content, so re-validation can always go back to exactly the bytes a branch sent.
///
/// They go into append-only pack files (`archive/packs/*.pack`), one per running process, never changed
/// once written: creating a file per submission cost more than hashing and parsing it (the file system's
/// inode allocation, measured at a fifth of the pipeline's time). Each entry carries its hash and length
/// ahead of the bytes, so a pack explains itself; where each original lies is recorded in the store
/// (`archive_entries`) in the same transaction as its submission, so a torn tail after a crash is never
/// referenced. Stores from before packs keep `archive/ab/abcdef…` files, which are still read.
package final class OriginalsArchive: Sendable {
    /// The outcome's reason when a submission's original is gone from the archive.
    static let missingOriginal = SubmissionProcessor.Result.rejected(Rejection(.originalMissing, "存档中找不到该文件的原件，请重新提交"))

    let folder: URL
    private let store: SubmissionStore
    private let writer = Mutex(PackWriter())
    /// A pack is closed and a new one started past this size, so no file grows without bound in a watch
    /// that runs for months.
    private let packLimitBytes: Int64
    static let entryMagic = Array("FPK1".utf8)
    static let headerSize = 4 + 32 + 8

    let packFolder: URL

    package init(folder: URL, store: SubmissionStore, packLimitBytes: Int64 = 256 << 20) {
        self.folder = folder
        self.store = store
        self.packLimitBytes = packLimitBytes
        packFolder = folder.appending(path: "packs", directoryHint: .isDirectory)
    }

    /// Where an original archived as a single file (before packs) is.
    func legacyURL(for sha256: String) -> URL {
        folder.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    /// Appends the original unless the archive has these bytes already; returns where it went, which intake
    /// records with the submission (nil: it was there before).
    func store(_ bytes: Data, sha256: String) throws -> ArchiveLocation? {
        try store([(bytes, sha256)])[0]
    }

    /// Appends each original the archive does not have yet (a second copy within the group too is appended
    /// once); returns where each went, in order (nil: archived before, or earlier in this group).
    func store(_ originals: [(bytes: Data, sha256: String)]) throws -> [ArchiveLocation?] {
        var known = try store.archivedHashes(among: originals.map(\.sha256))
        var locations: [ArchiveLocation?] = []
        locations.reserveCapacity(originals.count)
        for (bytes, sha256) in originals {
            guard known.insert(sha256).inserted, access(legacyPath(for: sha256), F_OK) != 0 else {
                locations.append(nil)
                continue
            }
            let header = try Self.header(sha256: sha256, length: bytes.count)
            locations.append(
                try writer.withLock { writer in
                    try writer.append(header: header, bytes: bytes, in: packFolder, limit: packLimitBytes)
                })
        }
        return locations
    }

    /// `legacyURL(for:).path` without URL's appending, which looks at the file system for every component.
    private func legacyPath(for sha256: String) -> String {
        "\(folder.path)/\(sha256.prefix(2))/\(sha256)"
    }

    /// The original with this hash; nil when the archive does not have it (or it no longer matches its hash).
    package func original(sha256: String) -> Data? {
        if let location = try? store.archiveLocation(of: sha256) {
            return Self.read(location, sha256: sha256, in: packFolder)
        }
        return try? Data(contentsOf: legacyURL(for: sha256))
    }

    static func header(sha256: String, length: Int) throws -> [UInt8] {
        guard let digest = rawDigest(hex: sha256) else { throw ArchiveError.badHash(sha256) }
        var header = entryMagic + digest
        withUnsafeBytes(of: UInt64(length).littleEndian) { header.append(contentsOf: $0) }
        return header
    }

    /// Reads an entry back, checking that the pack's own header names the same hash and length.
    static func read(_ location: ArchiveLocation, sha256: String, in packFolder: URL) -> Data? {
        guard location.offset >= Int64(headerSize), location.length >= 0, !location.pack.contains("/"),
            let expected = try? header(sha256: sha256, length: location.length)
        else { return nil }
        let fd = open(packFolder.appendingPathComponent(location.pack).path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: headerSize + location.length)
        let start = location.offset - Int64(headerSize)
        var done = 0
        while done < buffer.count {
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress.map { $0 + done }, $0.count - done, off_t(start) + off_t(done)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        guard buffer.prefix(headerSize).elementsEqual(expected) else { return nil }
        return Data(buffer[headerSize...])
    }

    private static func rawDigest(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

enum ArchiveError: Error, CustomStringConvertible {
    case badHash(String)
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case .badHash(let hash): return "存档：无效的哈希 \(hash)"
        case .cannotWrite(let path, let reason): return "存档：无法写入 \(path)（\(reason)）"
        }
    }
}

/// The pack this process appends to: opened at the first original, replaced when full.
private struct PackWriter: ~Copyable {
    private var fd: Int32 = -1
    private var name = ""
    private var size: Int64 = 0

    deinit {
        if fd >= 0 { close(fd) }
    }

    mutating func append(header: [UInt8], bytes: Data, in folder: URL, limit: Int64) throws -> ArchiveLocation {
        if fd < 0 || size >= limit { try startPack(in: folder) }
        let start = size
        guard header.withUnsafeBytes({ header in bytes.withUnsafeBytes { Frames.writeAll(fd, header, $0) } }) else {
            let reason = String(cString: strerror(errno))
            // The tail may now be torn; later entries go into a fresh pack so every recorded offset stays true.
            close(fd)
            fd = -1
            throw ArchiveError.cannotWrite(path: folder.appendingPathComponent(name).path, reason: reason)
        }
        size += Int64(header.count + bytes.count)
        return ArchiveLocation(pack: name, offset: start + Int64(header.count), length: bytes.count)
    }

    private mutating func startPack(in folder: URL) throws {
        if fd >= 0 { close(fd) }
        fd = -1
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Unique per process and moment, so two formpipe processes on one state folder never share a pack.
        let stamp = Int64(Date().timeIntervalSince1970 * 1000)
        name = "\(stamp)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pack"
        let path = folder.appendingPathComponent(name).path
        let opened = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw ArchiveError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        fd = opened
        size = 0
    }
}
