import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormPipeline

/// A worker that holds more memory after a file than `worker_recycle_mb` allows is replaced before the next
/// file, and no file is lost or changed by it.
@Suite struct WorkerRecyclingTests {
    static func worker(recycleBytes: Int, scanRecycleBytes: Int = 0) throws -> ProcessingWorker {
        let schemas = TestPaths.repositoryRoot.appendingPathComponent("Schemas")
        return ProcessingWorker(
            settings: .init(
                executable: FormpipeBinary.url, catalog: try SchemaCatalog.load(from: schemas), schemaFolder: schemas,
                limits: InputLimits(), memoryLimitBytes: 1 << 30, recycleBytes: recycleBytes, scanRecycleBytes: scanRecycleBytes,
                environment: nil))
    }

    static let samples = ["annual_target_book_valid_a.docx", "study_plan_valid_a.docx", "pdf/mentoring_summary_valid_a.pdf"]

    static func formID(_ processed: ProcessedFile) -> String? {
        if case .form(let form, _, _) = processed.part(named: nil) { return form.id }
        return nil
    }

    @Test func aBloatedWorkerIsReplacedBetweenFilesAndEveryFileIsStillRead() throws {
        let recycling = try Self.worker(recycleBytes: 1)
        let keeping = try Self.worker(recycleBytes: 0)
        defer {
            recycling.stop()
            keeping.stop()
        }
        for name in Self.samples {
            let bytes = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples").appendingPathComponent(name))
            let fresh = recycling.process(bytes)
            let kept = keeping.process(bytes)
            #expect(Self.formID(fresh) != nil, "\(name)")
            #expect(Self.formID(fresh) == Self.formID(kept), "\(name)")
        }
        // Every worker holds more than one byte: the recycling one was replaced before each file after the first.
        #expect(recycling.recycled == Self.samples.count - 1)
        #expect(keeping.recycled == 0)
    }

    /// A worker that has read a scan holds Tesseract's Chinese model (tens of megabytes): judged by the .docx
    /// threshold it would be replaced, and the model loaded again, after every scan.
    @Test func aWorkerHoldingAnOCREngineIsJudgedByTheScanThreshold() throws {
        let pdf = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples/pdf/study_plan_valid_a.pdf"))
        let scan = try ScanFixture.scan(pdf, look: .init(dpi: 150, rotation: 0.5), as: .jpeg)
        let docx = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx"))
        // 1 MB for .docx work: every worker is above it. 1 GB once a scan was read: none is.
        let worker = try Self.worker(recycleBytes: 1 << 20, scanRecycleBytes: 1 << 30)
        defer { worker.stop() }
        #expect(Self.formID(worker.process(scan)) == "study_plan")
        #expect(worker.process(scan).scannedPages == 1)
        #expect(worker.recycled == 0)
        // Replaced (and forgetting its engine) only by the .docx threshold's own rule once it is a new child.
        let restarted = try Self.worker(recycleBytes: 1 << 20, scanRecycleBytes: 1 << 30)
        defer { restarted.stop() }
        _ = restarted.process(docx)
        _ = restarted.process(docx)
        #expect(restarted.recycled == 1)
    }

    @Test func residentMemoryIsReadFromProc() throws {
        // Other tests in this process grow and shrink it between the two reads, so the closest of a few tries counts.
        var differences: [Int] = []
        for _ in 0..<5 {
            let text = try String(contentsOfFile: "/proc/self/statm", encoding: .ascii)
            let pages = try #require(Int(text.split(separator: " ")[1]))
            let expected = pages * Int(sysconf(Int32(_SC_PAGESIZE)))
            let read = ProcessingWorker.residentBytes(of: getpid())
            #expect(read > 1 << 20)
            differences.append(abs(read - expected))
            if differences.last ?? .max < 8 << 20 { break }
        }
        #expect(differences.contains { $0 < 8 << 20 }, "\(differences)")
        #expect(ProcessingWorker.residentBytes(of: Int32.max) == 0)
    }

    @Test func aKeptStatmDescriptorShowsMemoryAsItGrows() throws {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        // Other tests run in this process at the same time and free memory while the block is touched (under
        // ASan by hundreds of megabytes at once), so one quiet try out of a few is enough; a descriptor that
        // kept showing its first read would fail every try.
        let grown = 64 << 20
        var readings: [(before: Int, after: Int)] = []
        for _ in 0..<5 {
            let before = ProcessingWorker.residentBytes(statm: fd)
            let block = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 4096)
            block.initializeMemory(as: UInt8.self, repeating: 1, count: grown)
            let after = ProcessingWorker.residentBytes(statm: fd)
            block.deallocate()
            readings.append((before, after))
            if after - before > grown / 2 { break }
        }
        #expect(readings.contains { $0.after - $0.before > grown / 2 }, "read again from the same descriptor: \(readings)")
        #expect(ProcessingWorker.residentBytes(statm: -1) == 0)
    }

    /// A worker converts its .doc files with one LibreOffice of its own, and that office ends with the worker,
    /// also when the worker is killed (as it is when its memory runs over).
    @Test(.enabled(if: LibreOfficeFixture.executable != nil, "LibreOffice (soffice) is not installed, so legacy conversion cannot be tried"))
    func aWorkersOfficeEndsWithTheWorkerEvenWhenItIsKilled() throws {
        let folder = try TestPaths.temporaryFolder("worker-office")
        defer { try? FileManager.default.removeItem(at: folder) }
        let doc = try LibreOfficeFixture.saveAsDoc(TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx"), in: folder)
        let bytes = try Data(contentsOf: doc)
        let worker = try Self.worker(recycleBytes: 0)
        defer { worker.stop() }
        for _ in 0..<2 { #expect(Self.formID(worker.process(bytes)) == "study_plan") }
        let pid = try #require(worker.child?.pid)
        let mark = "formpipe-office-\(pid)-"
        let offices = RunningProcesses.commandLines(containing: mark).values.filter { $0.contains("soffice.bin") }
        #expect(offices.count == 1, "\(offices)")
        kill(pid, SIGKILL)
        #expect(RunningProcesses.waitUntilNone(containing: mark, seconds: 10).isEmpty, "the killed worker's office is still running")
    }

    @Test func aChildClosesItsDescriptorsOnceEvenWhenEndedTwice() throws {
        var child = ChildProcess(executable: "/bin/cat", arguments: [], environment: nil)
        #expect(child?.residentBytes ?? 0 > 0)
        child?.terminate()
        // The numbers the child's pipes and statm had are free now and go to the next files opened.
        let opened = (0..<4).map { _ in open("/dev/null", O_RDONLY | O_CLOEXEC) }
        defer { opened.forEach { close($0) } }
        child = nil  // deinit ends it once more
        for fd in opened { #expect(fcntl(fd, F_GETFD) >= 0, "descriptor \(fd) was closed by the ended child") }
    }
}

/// A worker gives freed heap back only after a PDF that left it large: trimming after every file made the next
/// one fault the same pages in again.
@Suite struct WorkerHeapTrimTests {
    static func sample(_ name: String) throws -> Data {
        try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples").appendingPathComponent(name))
    }

    @Test func onlyAPdfThatLeftTheWorkerLargeIsFollowedByATrim() throws {
        let pdf = try Self.sample("pdf/mentoring_summary_valid_a.pdf")
        let docx = try Self.sample("annual_target_book_valid_a.docx")
        let large = ProcessingWorkerLoop.trimAboveBytes + (1 << 20)
        #expect(ProcessingWorkerLoop.trimsHeap(after: pdf, residentBytes: large))
        #expect(!ProcessingWorkerLoop.trimsHeap(after: pdf, residentBytes: 45 << 20))
        #expect(!ProcessingWorkerLoop.trimsHeap(after: docx, residentBytes: large))
        // Without /proc the worker cannot tell, and trims after every PDF as before.
        #expect(ProcessingWorkerLoop.trimsHeap(after: pdf, residentBytes: nil))
        #expect(!ProcessingWorkerLoop.trimsHeap(after: docx, residentBytes: nil))
    }
}

/// Workers start with a larger allocator cache (GLIBC_TUNABLES), kept alongside whatever tunables the user set.
@Suite struct WorkerEnvironmentTests {
    @Test func theAllocatorCacheIsAddedAndTheUsersTunablesKept() {
        let plain = ProcessingWorker.workerEnvironment(["PATH": "/usr/bin"])
        #expect(plain["GLIBC_TUNABLES"] == "glibc.malloc.tcache_count=4000")
        #expect(plain["PATH"] == "/usr/bin")
        let theirs = ProcessingWorker.workerEnvironment(["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"])
        #expect(theirs["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=4000")
        let ownCount = ProcessingWorker.workerEnvironment(["GLIBC_TUNABLES": "glibc.malloc.tcache_count=16"])
        #expect(ownCount["GLIBC_TUNABLES"] == "glibc.malloc.tcache_count=16")
    }

    @Test func aStartedWorkerRunsWithTheTunable() throws {
        let worker = try WorkerRecyclingTests.worker(recycleBytes: 0)
        defer { worker.stop() }
        let sample = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples/annual_target_book_valid_a.docx"))
        let processed = worker.process(sample)
        #expect(WorkerRecyclingTests.formID(processed) == "annual_target_book", "\(processed.parts)")
        let pid = try #require(worker.child?.pid)
        let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
        let variables = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(variables.contains { $0.hasPrefix("GLIBC_TUNABLES=") && $0.contains(ProcessingWorker.allocatorTunables) })
    }
}
