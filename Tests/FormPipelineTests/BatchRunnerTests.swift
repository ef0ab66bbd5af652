import FormDocument
import FormSchema
import FormStore
import Foundation
import Logging
import TestSupport
import Testing

@testable import FormPipeline

@Suite struct BatchSummaryTests {
    /// The workers finish in any order; the summary lists the files to look at in path order all the same.
    @Test func linesComeInPathOrderWhateverOrderTheyWereAdded() {
        var summary = BatchSummary()
        for path in ["c/3.docx", "a/1.docx", "b/2.docx", "a/0.docx"] {
            summary.add(.init(path: path, status: .invalid, form: nil, detail: nil))
        }
        summary.add(.init(path: "0-valid.docx", status: .valid, form: nil, detail: nil))
        #expect(summary.lines.map(\.path) == ["a/0.docx", "a/1.docx", "b/2.docx", "c/3.docx"])
        #expect(summary.processed == 5)
    }
}

@Suite struct BatchRunnerTests {
    /// An inbox holding one valid sample as 01-good.docx, and a runner over a fresh store beside it (with the
    /// checked-in pipeline.conf, changed by `configure`), processing in-process.
    struct Setup {
        let folder: URL
        let inbox: URL
        let sample: URL
        var config: PipelineConfig

        init(_ name: String) throws {
            folder = try TestPaths.temporaryFolder(name)
            inbox = folder.appendingPathComponent("inbox")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            sample = TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx")
            try FileManager.default.copyItem(at: sample, to: inbox.appendingPathComponent("01-good.docx"))
            config = try PipelineConfig.load(file: TestPaths.repositoryRoot.appendingPathComponent("pipeline.conf"))
            config.stateFolder = folder.appendingPathComponent("state")
        }

        func runner() throws -> (BatchRunner, SubmissionStore) {
            let catalog = try SchemaCatalog.load(from: config.schemaFolder)
            try FileManager.default.createDirectory(at: config.stateFolder, withIntermediateDirectories: true)
            let store = try SubmissionStore(path: config.database.path)
            let runner = BatchRunner(
                config: config, store: store, processing: InProcessProcessing(catalog: catalog, limits: config.limits),
                logger: Logger(label: "test"))
            return (runner, store)
        }
    }

    /// An upload's bytes go through the same intake as a file: archived, recorded under the name the sender gave,
    /// read and loaded; too many bytes are refused as a file of that size would be, and the same bytes twice are a
    /// duplicate of the first.
    @Test func bytesInHandGoThroughTheSameIntakeAsFiles() async throws {
        var setup = try Setup("batch-bytes")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        setup.config.limits.maxFileBytes = 1 << 20
        let (runner, store) = try setup.runner()
        let sample = try Data(contentsOf: setup.sample)
        let summary = try await runner.run(
            sources: [
                .bytes(sample, name: "第一党支部/王建国.docx"), .bytes(Data(count: 2 << 20), name: "太大.pdf"),
                .bytes(sample, name: "第一党支部/王建国（再次上传）.docx"),
            ],
            command: "upload")
        #expect(summary.processed == 3, "\(summary.lines)")
        let stored = Dictionary(uniqueKeysWithValues: try store.allSubmissions().map { ($0.sourcePath, $0) })
        #expect(stored["第一党支部/王建国.docx"]?.status == .valid)
        #expect(stored["第一党支部/王建国.docx"]?.form == "study_plan")
        #expect(stored["太大.pdf"]?.status == .rejected)
        #expect(stored["太大.pdf"]?.reason?.contains("max_file_mb") == true, "\(stored["太大.pdf"]?.reason ?? "")")
        #expect(stored["第一党支部/王建国（再次上传）.docx"]?.status == .duplicate)
        // The original is in the archive, as a file's is.
        let archive = OriginalsArchive(folder: setup.config.archiveFolder, store: store)
        let first = try #require(stored["第一党支部/王建国.docx"])
        #expect(archive.original(sha256: first.sha256) == sample)
    }

    @Test func everyFileGetsAnOutcomeAndBadOnesDoNotStopTheBatch() async throws {
        let setup = try Setup("batch")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let (inbox, sample, config) = (setup.inbox, setup.sample, setup.config)
        try Data().write(to: inbox.appendingPathComponent("02-empty.docx"))
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: inbox.appendingPathComponent("03-noise.docx"))
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512))
            .write(to: inbox.appendingPathComponent("04-old-word.doc"))
        try FileManager.default.copyItem(at: sample, to: inbox.appendingPathComponent("05-same-bytes.docx"))

        let (runner, store) = try setup.runner()
        let summary = try await runner.run(paths: [inbox.path])

        let stored = try store.allSubmissions()
        #expect(stored.count == 5)
        #expect(!stored.contains { $0.status == .pending })
        let byName = Dictionary(uniqueKeysWithValues: stored.map { (URL(fileURLWithPath: $0.sourcePath).lastPathComponent, $0) })
        #expect(byName["01-good.docx"]?.status == .valid)
        #expect(byName["02-empty.docx"]?.status == .rejected)
        #expect(byName["03-noise.docx"]?.reason?.contains("Word 文件已损坏") == true, "noise named .docx is a damaged Word file")
        #expect(byName["04-old-word.doc"]?.reason?.contains("另存为") == true)
        #expect(byName["05-same-bytes.docx"]?.status == .duplicate)
        #expect(summary.processed == 5)
        #expect(summary.count(.valid) == 1 && summary.count(.rejected) == 3 && summary.count(.duplicate) == 1)
        // Only the files a clerk must look at are listed; the valid one is only counted.
        #expect(
            summary.lines.map(\.path).sorted()
                == ["02-empty.docx", "03-noise.docx", "04-old-word.doc", "05-same-bytes.docx"].map { inbox.path + "/" + $0 })
        // The original bytes are archived by content, whatever became of the file.
        let archive = OriginalsArchive(folder: config.archiveFolder, store: store)
        for name in ["01-good.docx", "03-noise.docx", "04-old-word.doc"] {
            let original = inbox.appendingPathComponent(name)
            #expect(archive.original(sha256: try #require(byName[name]).sha256) == (try Data(contentsOf: original)))
        }
    }

    @Test func filesThatCannotBeReadWholeAreRejectedAtIntakeWithTheReason() async throws {
        var setup = try Setup("batch-intake")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let inbox = setup.inbox
        try Data(repeating: 0x50, count: 3 << 20).write(to: inbox.appendingPathComponent("02-huge.docx"))
        // A named pipe nobody writes to: reading it would wait forever.
        #expect(mkfifo(inbox.appendingPathComponent("03-pipe.docx").path, 0o644) == 0)
        setup.config.limits.maxFileBytes = 2 << 20
        let (runner, store) = try setup.runner()
        _ = try await runner.run(paths: [inbox.path])

        let byName = Dictionary(uniqueKeysWithValues: try store.allSubmissions().map { (URL(fileURLWithPath: $0.sourcePath).lastPathComponent, $0) })
        #expect(byName.count == 3)
        #expect(byName["01-good.docx"]?.status == .valid)
        #expect(byName["02-huge.docx"]?.status == .rejected)
        #expect(byName["02-huge.docx"]?.reason?.contains("文件过大（3 MB，上限 2 MB") == true)
        #expect(byName["03-pipe.docx"]?.status == .rejected)
        #expect(byName["03-pipe.docx"]?.reason == "无法读取文件（不是普通文件）")
    }

    @Test func aFileIsReadWholeOrTurnedAwayWithTheReason() throws {
        let folder = try TestPaths.temporaryFolder("whole-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("f.docx").path
        let bytes = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0) })
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(WholeFile.read(path: path, limit: 1 << 20) == .success(bytes))
        #expect(WholeFile.read(path: path, limit: 99_999) == .failure(.tooLarge(size: 100_000)))
        #expect(WholeFile.read(path: folder.appendingPathComponent("gone").path, limit: 1 << 20) == .failure(.unreadable("文件已不存在")))
        #expect(WholeFile.read(path: folder.path, limit: 1 << 20) == .failure(.unreadable("不是普通文件")))
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(WholeFile.read(path: path, limit: 10) == .success(Data()))
    }

    /// A file longer than fstat said (one still being written; /proc's files all say 0 bytes) is read on to its
    /// end, and still turned away past the limit.
    @Test func aFileLongerThanItsSizeSaidIsReadToItsEnd() throws {
        guard case .success(let smaps) = WholeFile.read(path: "/proc/self/smaps", limit: 16 << 20) else {
            Issue.record("/proc/self/smaps not read")
            return
        }
        let text = String(decoding: smaps, as: UTF8.self)
        #expect(text.contains("Rss:"))
        // Grown several times from the single byte fstat's 0 allowed for, and nothing cut off at its end.
        #expect(smaps.count > 3 * 4096, "\(smaps.count) bytes")
        #expect(text.hasSuffix("\n"))
        guard case .failure(.tooLarge) = WholeFile.read(path: "/proc/self/smaps", limit: 100) else {
            Issue.record("a limit of 100 bytes should turn it away")
            return
        }
    }
}
