import Crypto
import FormStore
import Foundation
import TestSupport
import Testing

@testable import FormPipeline

/// The archive gives back exactly the bytes a branch sent, from packs or from the per-file layout of older
/// stores, and never hands out bytes that do not match their hash.
@Suite struct OriginalsArchiveTests {
    struct Setup {
        let folder: URL
        let store: SubmissionStore
        let archive: OriginalsArchive
        let runID: Int64
    }

    static func setUp(packLimitBytes: Int64 = 256 << 20) throws -> Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SubmissionStore(path: folder.appendingPathComponent("store.sqlite").path)
        let archive = OriginalsArchive(folder: folder.appendingPathComponent("archive"), store: store, packLimitBytes: packLimitBytes)
        return Setup(folder: folder, store: store, archive: archive, runID: try store.beginRun(command: "test"))
    }

    static func hash(_ bytes: Data) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Archives and records one original as intake does.
    @discardableResult
    static func intake(_ bytes: Data, name: String, into setup: Setup) throws -> ArchiveLocation? {
        let sha = hash(bytes)
        let location = try setup.archive.store(bytes, sha256: sha)
        _ = try setup.store.intake(IntakeFile(sourcePath: name, sha256: sha, size: bytes.count, archived: location), runID: setup.runID)
        return location
    }

    @Test func originalsComeBackByteForByteAndAreStoredOnce() throws {
        let setup = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let originals = (0..<20).map { Data("原件 \($0) ".utf8) + Data(repeating: UInt8($0), count: 1000 * $0) }
        for (index, bytes) in originals.enumerated() { try Self.intake(bytes, name: "f\(index).docx", into: setup) }
        for bytes in originals { #expect(setup.archive.original(sha256: Self.hash(bytes)) == bytes) }
        // The same bytes again (a re-sent file) are not appended a second time.
        #expect(try Self.intake(originals[3], name: "again.docx", into: setup) == nil)
        let packs = try FileManager.default.contentsOfDirectory(atPath: setup.archive.packFolder.path)
        #expect(packs.count == 1)
        let packSize = try #require(
            try FileManager.default.attributesOfItem(atPath: setup.archive.packFolder.appendingPathComponent(packs[0]).path)[.size] as? Int)
        #expect(packSize == originals.reduce(0) { $0 + $1.count + OriginalsArchive.headerSize })
        #expect(setup.archive.original(sha256: String(repeating: "0", count: 64)) == nil)
    }

    @Test func fullPacksAreClosedAndANewOneStarted() throws {
        let setup = try Self.setUp(packLimitBytes: 10_000)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let originals = (0..<10).map { Data(repeating: UInt8($0), count: 4_000) }
        for (index, bytes) in originals.enumerated() { try Self.intake(bytes, name: "f\(index)", into: setup) }
        let packs = try FileManager.default.contentsOfDirectory(atPath: setup.archive.packFolder.path)
        #expect(packs.count == 4)
        for bytes in originals { #expect(setup.archive.original(sha256: Self.hash(bytes)) == bytes) }
    }

    @Test func aTornTailOrAChangedEntryIsNeverServed() throws {
        let setup = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let first = Data("第一份".utf8)
        let second = Data("第二份".utf8)
        let firstLocation = try #require(try Self.intake(first, name: "a", into: setup))
        try Self.intake(second, name: "b", into: setup)
        let pack = setup.archive.packFolder.appendingPathComponent(firstLocation.pack)
        // A crash mid-append leaves a partial entry no row points at; what is recorded is still whole.
        let handle = try FileHandle(forWritingTo: pack)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("FPK1 torn".utf8))
        try handle.close()
        #expect(setup.archive.original(sha256: Self.hash(first)) == first)
        #expect(setup.archive.original(sha256: Self.hash(second)) == second)
        // A header overwritten in place no longer names the hash: nothing is returned rather than wrong bytes.
        var bytes = try Data(contentsOf: pack)
        bytes[Int(firstLocation.offset) - OriginalsArchive.headerSize + 4] ^= 0xFF
        try bytes.write(to: pack)
        #expect(setup.archive.original(sha256: Self.hash(first)) == nil)
        #expect(setup.archive.original(sha256: Self.hash(second)) == second)
    }

    @Test func originalsArchivedBeforePacksAreStillRead() throws {
        let setup = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let bytes = Data("旧存档中的原件".utf8)
        let sha = Self.hash(bytes)
        let legacy = setup.archive.legacyURL(for: sha)
        try FileManager.default.createDirectory(at: legacy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: legacy)
        #expect(setup.archive.original(sha256: sha) == bytes)
        #expect(try setup.archive.store(bytes, sha256: sha) == nil)
    }

    @Test func aGroupIsArchivedWithEachOriginalOnce() throws {
        let setup = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let earlier = Data("早先收到的".utf8)
        try Self.intake(earlier, name: "earlier", into: setup)
        let fresh = Data("新的一份".utf8)
        let group = [(fresh, Self.hash(fresh)), (earlier, Self.hash(earlier)), (fresh, Self.hash(fresh))]
        let locations = try setup.archive.store(group)
        #expect(locations.count == 3)
        #expect(locations[0] != nil)
        // Archived by an earlier intake, and a second copy within the group: neither is appended again.
        #expect(locations[1] == nil && locations[2] == nil)
        for ((bytes, sha), location) in zip(group, locations) {
            _ = try setup.store.intake(
                IntakeFile(sourcePath: "g-\(sha.prefix(6))", sha256: sha, size: bytes.count, archived: location), runID: setup.runID)
        }
        #expect(setup.archive.original(sha256: Self.hash(fresh)) == fresh)
        #expect(setup.archive.original(sha256: Self.hash(earlier)) == earlier)
        let packs = try FileManager.default.contentsOfDirectory(atPath: setup.archive.packFolder.path)
        let size = try #require(
            try FileManager.default.attributesOfItem(atPath: setup.archive.packFolder.appendingPathComponent(packs[0]).path)[.size] as? Int)
        #expect(size == earlier.count + fresh.count + 2 * OriginalsArchive.headerSize)
    }
}
