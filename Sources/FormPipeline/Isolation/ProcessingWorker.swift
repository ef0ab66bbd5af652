import FormDocument
import FormSchema
import Foundation

/// One long-lived child process (`formpipe worker`) and the conversation with it. It blocks while the
/// child works, which is why the pool calls it off the cooperative thread pool.
///
/// Unchecked Sendable: the pool hands a worker to exactly one caller at a time (acquire/release under its
/// lock), so its state is never touched by two threads at once.
final class ProcessingWorker: @unchecked Sendable {
    struct Settings: Sendable {
        let executable: URL
        let catalog: SchemaCatalog
        let schemaFolder: URL
        let limits: InputLimits
        let memoryLimitBytes: Int
        /// Resident memory above which the worker is replaced between files (0: never).
        let recycleBytes: Int
        /// The same for a worker that has read a scan and so holds an OCR engine (its language data alone
        /// is some 60 MB): with `recycleBytes` it would be replaced after every scan.
        let scanRecycleBytes: Int
        let environment: [String: String]?
        /// The workers' nice value: `serve` lowers them so that its pages are answered before the next file
        /// is read when both want the cores.
        var niceness: Int32 = 0
    }

    private let settings: Settings
    private(set) var child: ChildProcess?
    /// How many times this worker was replaced for holding too much memory (for tests).
    private(set) var recycled = 0
    /// Whether the running child has read a scan (and holds an OCR engine).
    private var holdsOCR = false
    /// Where answers are read into, kept from file to file.
    private var readChunk = [UInt8](repeating: 0, count: 64 * 1024)

    init(settings: Settings) {
        self.settings = settings
    }

    deinit {
        stop()
    }

    private func start() -> ChildProcess? {
        let addressSpace = max(4 << 30, settings.memoryLimitBytes * 4)
        child = ChildProcess(
            executable: settings.executable.path,
            arguments: [
                "worker", "--schemas", settings.schemaFolder.path, "--limits", settings.limits.argument,
                "--address-space", String(addressSpace), "--niceness", String(settings.niceness),
            ],
            environment: Self.workerEnvironment(settings.environment ?? ProcessInfo.processInfo.environment))
        return child
    }

    /// glibc keeps seven freed blocks of each size per thread for reuse; libxml2's tree of a .docx is thousands
    /// of blocks of a few sizes, freed together and allocated again for the next file, and went through
    /// malloc's bins instead (with their consolidation). A cache of 4,000 makes reading a .docx ~19% cheaper
    /// and a PDF ~5% (stage-bench; more gains nothing). Blocks above 1 KiB are never cached, so a worker's
    /// footprint stays that of one file. Only the workers: the setting is read when a process starts.
    static let allocatorTunables = "glibc.malloc.tcache_count=4000"

    /// The environment a worker starts with: `base`, with `allocatorTunables` added to any GLIBC_TUNABLES the
    /// user set (a tcache count of their own is kept), and OpenMP held to one thread.
    static func workerEnvironment(_ base: [String: String]) -> [String: String] {
        var environment = base
        let existing = environment["GLIBC_TUNABLES"] ?? ""
        if !existing.contains("glibc.malloc.tcache_count") {
            environment["GLIBC_TUNABLES"] = existing.isEmpty ? allocatorTunables : existing + ":" + allocatorTunables
        }
        // Tesseract asks OpenMP for threads of its own for every text line; on two cores they only wait on each
        // other (a page: 2.4 s of CPU with them, 1.24 s without), and the workers already use every core.
        // OpenMP reads the limit once, when the library loads, so it is set before the worker starts.
        if environment["OMP_THREAD_LIMIT"] == nil { environment["OMP_THREAD_LIMIT"] = "1" }
        return environment
    }

    /// Ends the child: an idle worker exits when its input closes; a busy or stuck one is killed.
    func stop() {
        child?.terminate()
        child = nil
        holdsOCR = false
    }

    /// Sends one file and waits for what it became, within the time and memory limits. When the worker
    /// fails, the time it took counts as unpacking, where such failures happen.
    func process(_ bytes: Data) -> ProcessedFile {
        let start = ContinuousClock.now
        // Looked at before the next file, not right after the last answer: by now the worker has handed
        // freed pages back (malloc_trim after a PDF), so only memory it really keeps counts.
        recycleIfBloated()
        var answer = exchange(bytes)
        if case .failure(.workerCrashed) = answer {
            // A worker can die of something other than its file: the OOM killer choosing it for the memory the
            // whole machine is short of, an operator's kill. Rejecting then would reject a good file forever,
            // so a fresh worker tries once more; a file that really crashes the reader crashes it again.
            answer = exchange(bytes)
            if case .failure(.workerCrashed(let detail)) = answer {
                answer = .failure(.workerCrashed(detail + "；已换新的读取进程重试一次，仍然失败"))
            }
        }
        switch answer {
        case .success(let processed):
            if processed.scannedPages > 0 { holdsOCR = true }
            return processed
        case .failure(let error):
            return ProcessedFile(
                result: .rejected(error.rejection),
                unpackNanoseconds: (.now - start).nanoseconds)
        }
    }

    private func exchange(_ bytes: Data) -> Result<ProcessedFile, DocumentError> {
        for attempt in 0..<2 {
            guard let child = child ?? start() else {
                return .failure(.workerCrashed("无法启动读取进程"))
            }
            // A worker that died between files (or was never healthy) shows here; start a fresh one once.
            guard Frames.writeFrame(child.input, bytes) else {
                stop()
                if attempt == 0 { continue }
                return .failure(.workerCrashed("读取进程无法接收文件"))
            }
            return awaitResponse(from: child)
        }
        return .failure(.workerCrashed("读取进程无法启动"))
    }

    private func awaitResponse(from child: ChildProcess) -> Result<ProcessedFile, DocumentError> {
        let fd = child.output
        let deadline = Date().addingTimeInterval(settings.limits.secondsPerFile)
        // Memory is looked at every few polls, not every time: most files answer within one or two polls.
        var pollsSinceMemoryCheck = 0
        var buffer: [UInt8] = []
        while true {
            if buffer.count >= Frames.headerSize {
                let length = Frames.length(from: buffer[0..<Frames.headerSize])
                if buffer.count >= Frames.headerSize + length {
                    let payload = Array(buffer[Frames.headerSize..<(Frames.headerSize + length)])
                    do {
                        return .success(try ResultCodec.decode(payload, catalog: settings.catalog))
                    } catch {
                        stop()
                        return .failure(.workerCrashed("读取进程返回了无法识别的结果"))
                    }
                }
            }
            if Date() > deadline {
                stop()
                return .failure(.timedOut(seconds: settings.limits.secondsPerFile))
            }
            pollsSinceMemoryCheck += 1
            if pollsSinceMemoryCheck >= 3 {
                pollsSinceMemoryCheck = 0
                if child.residentBytes > settings.memoryLimitBytes {
                    stop()
                    return .failure(.memoryExceeded(megabytes: settings.memoryLimitBytes >> 20))
                }
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 20)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            let got = readChunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            buffer.append(contentsOf: readChunk[0..<got])
        }
        // End of output before a whole answer: the child died on this file.
        child.terminate(grace: 1)
        let detail = child.endDescription
        self.child = nil
        holdsOCR = false
        return .failure(.workerCrashed(detail))
    }

    /// Ends a worker that kept more memory than a fresh one would between files (caches and a fragmented heap
    /// can grow over many PDFs); the next file starts a new one.
    private func recycleIfBloated() {
        let limit = holdsOCR ? max(settings.recycleBytes, settings.scanRecycleBytes) : settings.recycleBytes
        guard settings.recycleBytes > 0, let child, child.residentBytes > limit else { return }
        recycled += 1
        stop()
    }

    /// Resident memory of a process, from /proc; 0 when it cannot be read (the process is gone). Read with
    /// plain system calls: it is looked at before every file, and Foundation's file reading cost a tenth of
    /// the pipeline's share of a .docx.
    static func residentBytes(of pid: Int32) -> Int {
        let fd = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        return residentBytes(statm: fd)
    }

    /// Resident memory from an open /proc/<pid>/statm, read again from its start; 0 when it cannot be read.
    static func residentBytes(statm fd: Int32) -> Int {
        guard fd >= 0 else { return 0 }
        var text = [UInt8](repeating: 0, count: 128)
        let got = text.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got > 0 else { return 0 }
        // "size resident shared …" in pages: the second number.
        let fields = text[0..<got].split(separator: UInt8(ascii: " "))
        guard fields.count > 1 else { return 0 }
        var pages = 0
        for digit in fields[1] {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return 0 }
            pages = pages * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
