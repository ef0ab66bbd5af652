import Foundation
import GRDB
import TestSupport
import Testing

/// Issue 18: what batch and watch may take. Only plain files; a link is never a way out of the folders
/// given; a loop of links is walked once; the state folder's own files are never submissions.
@Suite(.serialized) struct LinksAndLayoutTests {
    final class Folder {
        let root: URL
        init(_ label: String) throws { root = try TestPaths.temporaryFolder(label) }
        func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
        func make(_ relative: String) throws { try FileManager.default.createDirectory(at: url(relative), withIntermediateDirectories: true) }
        func write(_ data: Data, _ relative: String) throws {
            try FileManager.default.createDirectory(at: url(relative).deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url(relative))
        }
        func link(_ relative: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: url(relative).path, withDestinationPath: target)
        }
        func exists(_ relative: String) -> Bool {
            var info = stat()
            return lstat(url(relative).path, &info) == 0
        }
        func paths(inStore database: URL) throws -> [String] {
            try DatabaseQueue(path: database.path).read { db in
                try String.fetchAll(db, sql: "SELECT source_path FROM submissions WHERE status <> 'pending' ORDER BY source_path")
            }
        }
        deinit { try? FileManager.default.removeItem(at: root) }
    }

    static func junk(_ index: Int) -> Data { Data("不是表格 \(index)".utf8) }

    // MARK: batch

    @Test func batchTakesRegularFilesAndLinksOnlyToRegularFilesInsideTheFoldersGiven() throws {
        let folder = try Folder("links-batch")
        try folder.write(SyntheticForms.targetBook(name: "外人"), "outside/secret.docx")
        try folder.write(SyntheticForms.targetBook(name: "王大"), "in/sub/b.docx")
        try folder.link("in/out.docx", to: folder.url("outside/secret.docx").path)
        try folder.link("in/outdir", to: folder.url("outside").path)
        try folder.link("in/inside.docx", to: folder.url("in/sub/b.docx").path)
        try folder.link("in/environ", to: "/proc/self/environ")
        try folder.link("in/shadow", to: "/etc/shadow")
        #expect(mkfifo(folder.url("in/pipe.docx").path, 0o600) == 0)
        let state = folder.url("state")
        let result = try FormpipeBinary.run(["batch", folder.url("in").path, "--state", state.path])
        #expect(result.status == 0, "\(result.stderr)")
        let taken = try folder.paths(inStore: state.appendingPathComponent("formpipe.sqlite")).map {
            $0.replacingOccurrences(of: folder.url("in").path + "/", with: "")
        }
        // The FIFO is recorded and rejected unread, as before; no link out is taken.
        #expect(taken == ["inside.docx", "pipe.docx", "sub/b.docx"], "\(taken)")
        for name in ["out.docx", "outdir", "environ", "shadow", "pipe.docx"] {
            #expect(result.stdout.contains(name), "the summary names \(name): \(result.stdout)")
        }

        let followed = folder.url("state-follow")
        let following = try FormpipeBinary.run(["batch", folder.url("in").path, "--follow-links", "--state", followed.path])
        let all = try folder.paths(inStore: followed.appendingPathComponent("formpipe.sqlite"))
        #expect(following.status == 0, "\(following.stderr)")
        #expect(all.contains { $0.hasSuffix("in/out.docx") } && all.contains { $0.hasSuffix("in/outdir/secret.docx") }, "\(all)")
    }

    @Test func aLoopOfLinksIsWalkedOnce() throws {
        let folder = try Folder("links-loop")
        for index in 0..<17 { try folder.write(Self.junk(index), "in/\(index % 3 == 0 ? "sub/" : "")\(index).docx") }
        try folder.link("in/loopdir", to: ".")
        try folder.link("in/sub/up", to: "..")
        for (label, extra) in [("plain", [String]()), ("follow", ["--follow-links"])] {
            let state = folder.url("state-\(label)")
            let result = try FormpipeBinary.run(["batch", folder.url("in").path, "--state", state.path] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try folder.paths(inStore: state.appendingPathComponent("formpipe.sqlite")).count == 17, "\(label)")
            #expect(result.stdout.contains("本次处理 17 个文件"), "\(label): \(result.stdout)")
        }
    }

    // MARK: watch

    @Test func watchNeverFollowsLinksOutOfTheDropFolderNorMovesWhatIsThere() throws {
        let service = try WatchTests.Service("links-watch")
        let outside = service.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try SyntheticForms.targetBook(name: "外人").write(to: outside.appendingPathComponent("secret.docx"))
        try SyntheticForms.targetBook(name: "外二").write(to: outside.appendingPathComponent("other.docx"))
        try FileManager.default.createSymbolicLink(at: service.drop.appendingPathComponent("outdir"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(
            at: service.drop.appendingPathComponent("other.docx"), withDestinationURL: outside.appendingPathComponent("other.docx"))
        try FileManager.default.createSymbolicLink(at: service.drop.appendingPathComponent("loopdir"), withDestinationURL: service.drop)
        try SyntheticForms.targetBook(name: "王大").write(to: service.drop.appendingPathComponent("王大.docx"))
        try service.start(["--set", "watch.settle_seconds=0.2"])
        #expect(service.wait(seconds: 10) { service.stored().count == 1 })
        usleep(1_500_000)
        #expect(service.stored().count == 1, "\(service.stored())")
        for name in ["secret.docx", "other.docx"] {
            #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent(name).path), "\(name) stays outside")
        }
        for name in ["outdir", "other.docx", "loopdir"] {
            var info = stat()
            #expect(lstat(service.drop.appendingPathComponent(name).path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "\(name) stays a link")
        }
        _ = service.stop()
    }

    @Test func watchRefusesAStateFolderInsideTheDropFolder() throws {
        let folder = try Folder("layout-refused")
        try folder.make("drop")
        let started = Date()
        let result = try FormpipeBinary.run(["watch", "--drop", folder.url("drop").path, "--state", folder.url("drop/var").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("投递文件夹"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < TestPace.seconds(10))
        #expect(!folder.exists("drop/var"))
        let same = try FormpipeBinary.run(["watch", "--drop", folder.url("drop").path, "--state", folder.url("drop").path])
        #expect(same.status == 1)
    }

    @Test func watchNeverTakesTheStoreEvenWhenItLiesInTheDropFolder() throws {
        let service = try WatchTests.Service("layout-db")
        let database = service.drop.appendingPathComponent("formpipe-store.sqlite")
        try SyntheticForms.targetBook(name: "王大").write(to: service.drop.appendingPathComponent("王大.docx"))
        try service.start(["--db", database.path, "--set", "watch.settle_seconds=0.2"])
        let folder = try Folder("layout-db-read")
        #expect(service.wait(seconds: 10) { ((try? folder.paths(inStore: database)) ?? []).count == 1 })
        usleep(1_500_000)
        #expect(FileManager.default.fileExists(atPath: database.path))
        #expect(FileManager.default.fileExists(atPath: database.path + "-wal"))
        #expect(((try? folder.paths(inStore: database)) ?? []).count == 1)
        _ = service.stop()
    }

    // MARK: modes

    /// Every file and folder formpipe created under the state folder, with its permission bits.
    static func modes(under folder: URL) -> [(path: String, mode: mode_t, isFolder: Bool)] {
        var result: [(String, mode_t, Bool)] = []
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var info = stat()
        if lstat(folder.path, &info) == 0 { result.append((".", info.st_mode & 0o777, true)) }
        while let relative = enumerator?.nextObject() as? String {
            guard lstat(folder.appendingPathComponent(relative).path, &info) == 0 else { continue }
            result.append((relative, info.st_mode & 0o777, info.st_mode & S_IFMT == S_IFDIR))
        }
        return result
    }

    @Test func theStoreArchiveAndReportsAreNotWorldReadable() throws {
        let folder = try Folder("modes")
        try folder.write(SyntheticForms.targetBook(name: "王大"), "in/a.docx")
        try folder.write(Self.junk(1), "in/b.docx")
        let previous = umask(0o022)
        defer { umask(previous) }
        for (label, extra, folderMode, fileMode) in [
            ("default", [String](), mode_t(0o750), mode_t(0o640)), ("private", ["--set", "state_mode=0700"], mode_t(0o700), mode_t(0o600)),
        ] {
            let state = folder.url("state-\(label)")
            let result = try FormpipeBinary.run(["batch", folder.url("in").path, "--state", state.path] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let created = Self.modes(under: state)
            #expect(created.contains { $0.path.hasPrefix("archive/") && $0.path.hasSuffix(".pack") })
            #expect(created.contains { $0.path == "reports/report.xlsx" })
            for entry in created {
                #expect(entry.mode == (entry.isFolder ? folderMode : fileMode), "\(label): \(entry.path) is \(String(entry.mode, radix: 8))")
            }
        }
        let bad = try FormpipeBinary.run(["status", "--set", "state_mode=0644", "--state", folder.url("state-bad").path])
        #expect(bad.status == 1 && bad.stderr.contains("state_mode"), "\(bad.stderr)")
    }

    // MARK: names that are not UTF-8, names of 255 bytes

    /// Creates a file whose name is these bytes, which need not be UTF-8.
    static func createFile(in folder: URL, nameBytes: [UInt8], contents: Data) -> Bool {
        let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + nameBytes + [0]
        let fd = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let start = chars.baseAddress else { return Int32(-1) }
                return open(start, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            }
        }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return contents.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == contents.count
    }

    /// Bytes no UTF-8 decoder accepts (a GBK 党 then 0xFF 0xFE).
    static let gbkName: [UInt8] = Array("支部".utf8) + [0xB5, 0xB3, 0xFF, 0xFE] + Array(".docx".utf8)
    static let longName = String(repeating: "a", count: 250) + ".docx"

    @Test func batchReadsAFileWhoseNameIsNotUTF8AndShowsItReadably() throws {
        let folder = try Folder("names-batch")
        try folder.make("in")
        #expect(Self.createFile(in: folder.url("in"), nameBytes: Self.gbkName, contents: SyntheticForms.targetBook(name: "王大")))
        try folder.write(Self.junk(1), "in/" + Self.longName)
        let state = folder.url("state")
        let result = try FormpipeBinary.run(["batch", folder.url("in").path, "--state", state.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("文件已不存在"), "\(result.stdout)")
        let export = try FormpipeBinary.run(["export", "--format", "jsonl", "--state", state.path])
        let line = export.stdout.split(separator: "\n").first { $0.contains("支部") } ?? ""
        #expect(line.contains("支部\\\\xB5\\\\xB3\\\\xFF\\\\xFE.docx") && line.contains("\"status\":\"valid\""), "\(line)")
    }

    @Test func watchTakesNamesThatAreNotUTF8AndNamesOf255Bytes() throws {
        let service = try WatchTests.Service("names-watch")
        #expect(Self.createFile(in: service.drop, nameBytes: Self.gbkName, contents: SyntheticForms.targetBook(name: "王大")))
        try Self.junk(2).write(to: service.drop.appendingPathComponent(Self.longName))
        try service.start(["--set", "watch.settle_seconds=0.2"])
        #expect(service.wait(seconds: 10) { service.stored().count == 2 }, "\(service.stored())")
        #expect(service.wait(seconds: 5) { (RawPath.names(of: service.drop) ?? [[0x3F]]).isEmpty }, "\(RawPath.names(of: service.drop) ?? [])")
        _ = service.stop()
        let rejected = service.state.appendingPathComponent("rejected")
        let notes = (try? FileManager.default.contentsOfDirectory(atPath: rejected.path))?.filter { $0.hasSuffix(".原因.txt") } ?? []
        #expect(notes.count == 1 && notes.allSatisfy { $0.utf8.count <= 255 }, "\(notes)")
        #expect(service.stored().contains { $0.hasSuffix("支部\\xB5\\xB3\\xFF\\xFE.docx") }, "\(service.stored())")
    }
}

/// Names in a folder as raw bytes, for a test to see every entry, UTF-8 or not.
enum RawPath {
    static func names(of folder: URL) -> [[UInt8]]? {
        guard let directory = opendir(folder.path) else { return nil }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        return names
    }
}
