public import FormDocument
public import FormSchema
public import Foundation

/// The body of `formpipe worker`: read a file from standard input, unpack, extract and validate it, write
/// the result (or the reason it was rejected) to standard output, and again, until the input closes.
public enum ProcessingWorkerLoop {
    /// Set to "1" only by tests: lets a file that starts with a fault marker crash, hang or blow up the
    /// worker on purpose, to prove the pipeline survives what a hostile PDF can do to poppler.
    public static let faultInjectionVariable = "FORMPIPE_FAULT_INJECTION"
    public static let crashMarker = Data("FORMPIPE-FAULT:crash".utf8)
    public static let hangMarker = Data("FORMPIPE-FAULT:hang".utf8)
    public static let memoryMarker = Data("FORMPIPE-FAULT:memory".utf8)

    /// Set to "1" by `make test-asan`: the binary is built with AddressSanitizer.
    public static let addressSanitizerVariable = "FORMPIPE_ASAN"

    /// Whether this process runs under AddressSanitizer: `FORMPIPE_ASAN=1`, or ASan's runtime linked in (a sanitised
    /// binary run by hand). ASan reserves terabytes of address space for its shadow memory at start-up and maps
    /// more as it goes, far past any `RLIMIT_AS` a worker gets (4 GiB or 4 × worker_memory_mb): under the limit
    /// every sanitised worker dies on its first file (崩溃). So under ASan the worker runs without it; the memory
    /// watch in /proc (`worker_memory_mb`) still stops a worker that floods.
    static let underAddressSanitizer: Bool =
        ProcessInfo.processInfo.environment[addressSanitizerVariable] == "1"
        || dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil

    /// glibc's malloc_trim, which Swift does not import; nil where the C library has none.
    private static let trimHeap: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    /// Resident memory after a PDF above which the worker trims its heap.
    static let trimAboveBytes = 64 << 20

    public static func run(catalog: SchemaCatalog, limits: InputLimits, addressSpaceBytes: Int, niceness: Int32 = 0) -> Never {
        signal(SIGPIPE, SIG_IGN)
        if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
        if !underAddressSanitizer {
            var limit = rlimit(rlim_cur: rlim_t(addressSpaceBytes), rlim_max: rlim_t(addressSpaceBytes))
            _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        }
        let faults = ProcessInfo.processInfo.environment[faultInjectionVariable] == "1"
        let processor = SubmissionProcessor(catalog: catalog, limits: limits)
        let ownStatm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        while let request = Frames.readFrame(STDIN_FILENO) {
            if faults { injectFault(for: request) }
            guard Frames.writeFrame(STDOUT_FILENO, ResultCodec.encode(processor.process(request))) else { break }
            // Hand freed pages back to the system after a PDF that left the worker large (a big page canvas, many
            // fonts), so a long-lived worker's footprint stays that of one file. Not after every file: an ordinary
            // form leaves a worker at ~45 MiB either way, and trimming made the next file fault the same pages in
            // again (a tenth of a PDF's CPU; after a .docx, some 6% of a .docx batch's).
            if trimsHeap(after: request, residentBytes: ownStatm >= 0 ? ProcessingWorker.residentBytes(statm: ownStatm) : nil) {
                _ = trimHeap?(0)
            }
        }
        exit(0)
    }

    /// Whether to trim after this request, given the worker's resident memory (nil when /proc cannot tell,
    /// which trims after every PDF as if it were large). The memory is looked at only after a PDF.
    static func trimsHeap(after request: Data, residentBytes: @autoclosure () -> Int?) -> Bool {
        guard FileKind.sniff(prefix: request.prefix(FileKind.pdfHeaderWindow)) == .pdf else { return false }
        return (residentBytes() ?? .max) > trimAboveBytes
    }

    private static func injectFault(for request: Data) {
        if request.starts(with: crashMarker) { abort() }
        if request.starts(with: hangMarker) {
            while true { sleep(60) }
        }
        if request.starts(with: memoryMarker) {
            var hoard: [UnsafeMutableRawPointer] = []
            while true {
                guard let block = malloc(16 << 20) else { abort() }
                memset(block, 1, 16 << 20)
                hoard.append(block)
            }
        }
    }
}
