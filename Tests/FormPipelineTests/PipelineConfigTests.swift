import FormDocument
import FormReports
import Foundation
import TestSupport
import Testing

@testable import FormPipeline

@Suite struct PipelineConfigTests {
    func write(_ text: String) throws -> URL {
        let folder = try TestPaths.temporaryFolder("config")
        let file = folder.appendingPathComponent("pipeline.conf")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func checkedInConfigLoadsWithOfficeDefaults() throws {
        let config = try PipelineConfig.load(file: TestPaths.repositoryRoot.appendingPathComponent("pipeline.conf"))
        #expect(config.stateFolder.lastPathComponent == "var")
        #expect(config.workers.count == ProcessInfo.processInfo.activeProcessorCount)
        #expect(config.database.lastPathComponent == "formpipe.sqlite")
        #expect(config.limits.maxZipEntries == 1000)
        #expect(config.limits.minInflateRatio == 0.01)
    }

    @Test func pathsResolveAgainstTheConfigFolder() throws {
        let file = try write("state_dir = data  # comment\nschemas_dir = /abs/schemas\ndb = store/x.sqlite\n")
        let config = try PipelineConfig.load(file: file)
        let folder = file.deletingLastPathComponent().standardizedFileURL
        #expect(config.stateFolder == folder.appendingPathComponent("data").standardizedFileURL)
        #expect(config.schemaFolder.path == "/abs/schemas")
        #expect(config.database == folder.appendingPathComponent("store/x.sqlite").standardizedFileURL)
    }

    @Test func deadlinesAndTheReplyTimeOfNotices() throws {
        let config = try PipelineConfig.load(
            file: TestPaths.repositoryRoot.appendingPathComponent("pipeline.conf"),
            overrides: ["due.annual_target_book = 2017-01-31", "notice_reply_days = 14"])
        #expect(config.reports.dueDates == ["annual_target_book": "2017-01-31"])
        #expect(config.reports.noticeReplyDays == 14)
        #expect(throws: ConfigError.self) {
            _ = try PipelineConfig.load(file: TestPaths.repositoryRoot.appendingPathComponent("pipeline.conf"), overrides: ["due.x = 2017-02-30"])
        }
        #expect(throws: ConfigError.self) {
            _ = try PipelineConfig.load(file: TestPaths.repositoryRoot.appendingPathComponent("pipeline.conf"), overrides: ["notice_reply_days = 0"])
        }
    }

    @Test func unknownKeyNamesKeyAndLine() throws {
        let file = try write("# header\n\nworkers = 2\nmax_zip_entreis = 5\n")
        do {
            _ = try PipelineConfig.load(file: file)
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.description.contains("第 4 行"))
            #expect(error.description.contains("max_zip_entreis"))
        }
    }

    @Test func aMissingConfigIsExplainedInChinese() throws {
        let folder = try TestPaths.temporaryFolder("config")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try PipelineConfig.load(file: folder.appendingPathComponent("pipeline.conf"))
            Issue.record("a missing configuration file was accepted")
        } catch {
            #expect(error.description.hasSuffix("无法读取配置文件（文件不存在）"))
        }
    }

    @Test(arguments: [
        "workers = 0", "workers = lots", "min_inflate_ratio = 2", "max_xml_depth = -1", "log_level = loud", "state_dir =",
        "unpack_isolation = sometimes", "worker_memory_mb = 1", "watch.settle_seconds = -1", "watch.poll_interval = soon",
        "seconds_per_file = 0", "max_pdf_pages = 0",
    ])
    func badValuesAreRefused(_ line: String) throws {
        let file = try write(line + "\n")
        #expect(throws: ConfigError.self) { try PipelineConfig.load(file: file) }
    }

    @Test func watchAndIsolationKeysTakeEffect() throws {
        let file = try write(
            "drop_dir = inbox\nwatch.poll_interval = 5\nwatch.settle_seconds = 0.5\nunpack_isolation = in_process\nworker_memory_mb = 256\nworker_recycle_mb = 0\n"
        )
        let config = try PipelineConfig.load(file: file)
        #expect(config.dropFolder == file.deletingLastPathComponent().appendingPathComponent("inbox").standardizedFileURL)
        #expect(config.watch.pollInterval == 5)
        #expect(config.watch.settleSeconds == 0.5)
        #expect(config.workers.isolation == .inProcess)
        #expect(config.workers.memoryBytes == 256 << 20)
        #expect(config.workers.recycleBytes == 0)
        #expect(config.processedFolder.lastPathComponent == "processed")
    }

    @Test func commandLineOverridesWin() throws {
        let file = try write("workers = 2\n")
        let config = try PipelineConfig.load(file: file, overrides: ["workers=3", "max_file_mb = 7"])
        #expect(config.workers.count == 3)
        #expect(config.limits.maxFileBytes == 7 * 1024 * 1024)
        #expect(throws: ConfigError.self) { try PipelineConfig.load(file: file, overrides: ["nonsense"]) }
    }
}

@Suite struct FileDiscoveryTests {
    @Test func takesFilesInSortedOrderAndSaysWhatItLeavesOut() throws {
        let folder = try TestPaths.temporaryFolder("discover")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("b支部"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent("expected"), withIntermediateDirectories: true)
        for name in ["z.docx", "a.docx", "b支部/c.pdf", ".hidden.docx", "notes.md", "expected/x.json"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        try "expected/\n*.md\n".write(to: folder.appendingPathComponent(".formpipeignore"), atomically: true, encoding: .utf8)
        let found = try FileDiscovery.discover([folder.path + "/"])
        #expect(found.files.map { String($0.shownPath.dropFirst(folder.path.count + 1)) } == ["a.docx", "b支部/c.pdf", "z.docx"])
        #expect(Set(found.ignored.map { String($0.dropFirst(folder.path.count + 1)) }) == [".hidden.docx", "notes.md", "expected/"])
    }

    @Test func aFileNamedTwiceIsTakenOnce() throws {
        let folder = try TestPaths.temporaryFolder("discover-twice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.docx")
        try Data("x".utf8).write(to: file)
        let found = try FileDiscovery.discover([file.path, file.path, folder.path])
        #expect(found.files.count == 1)
    }

    /// Entries are typed by readdir. Links out of the folder given are named, not followed (issue 18: a link to
    /// /etc/shadow was archived); with `followLinks` they are followed as opening the file would. A link to
    /// nothing is no file either way.
    @Test func linksOutAreFollowedOnlyWhenAskedAndALinkToNothingIsLeftOut() throws {
        let folder = try TestPaths.temporaryFolder("discover-links")
        let elsewhere = try TestPaths.temporaryFolder("discover-links-target")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        let manager = FileManager.default
        try Data("x".utf8).write(to: elsewhere.appendingPathComponent("real.docx"))
        try manager.createDirectory(at: elsewhere.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: elsewhere.appendingPathComponent("sub/inner.pdf"))
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("linked.docx").path, withDestinationPath: elsewhere.appendingPathComponent("real.docx").path)
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("linked folder").path, withDestinationPath: elsewhere.appendingPathComponent("sub").path)
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("gone.docx").path, withDestinationPath: elsewhere.appendingPathComponent("missing.docx").path)
        let contained = try FileDiscovery.discover([folder.path])
        #expect(contained.files.isEmpty)
        #expect(Set(contained.ignored.map { String($0.dropFirst(folder.path.count + 1)) }) == ["gone.docx", "linked folder", "linked.docx"])
        let found = try FileDiscovery.discover([folder.path], followLinks: true)
        #expect(found.files.map { String($0.shownPath.dropFirst(folder.path.count + 1)) } == ["linked folder/inner.pdf", "linked.docx"])
        #expect(found.files.allSatisfy { $0.url.path.hasPrefix("/") && FileManager.default.fileExists(atPath: $0.url.path) })
    }

    @Test func aMissingPathIsAnError() {
        #expect(throws: PipelineError.self) { try FileDiscovery.discover(["/nonexistent/formpipe"]) }
    }
}
