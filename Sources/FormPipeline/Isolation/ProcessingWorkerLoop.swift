import FormDocument
import FormSchema
import Foundation

/// The body of `formpipe worker`: read a file from standard input, unpack, extract and validate it, write
/// the result (or the reason it was rejected) to standard output, and again, until the input closes.
public enum ProcessingWorkerLoop {
    /// Set to "1" only by tests: lets a file that starts with a fault marker crash, hang or blow up the
    /// worker on purpose, to prove the pipeline survives what a hostile PDF can do to poppler.
    public static let faultInjectionVariable = "FORMPIPE_FAULT_INJECTION"
    public static let crashMarker = Data("FORMPIPE-FAULT:crash".utf8)
    public static let hangMarker = Data("FORMPIPE-FAULT:hang".utf8)
    public static let memoryMarker = Data("FORMPIPE-FAULT:memory".utf8)

    /// glibc's malloc_trim, which Swift does not import; nil where the C library has none.
    private static let trimHeap: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    public static func run(catalog: SchemaCatalog, limits: InputLimits, addressSpaceBytes: Int) -> Never {
        signal(SIGPIPE, SIG_IGN)
        var limit = rlimit(rlim_cur: rlim_t(addressSpaceBytes), rlim_max: rlim_t(addressSpaceBytes))
        _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        let faults = ProcessInfo.processInfo.environment[faultInjectionVariable] == "1"
        let processor = SubmissionProcessor(catalog: catalog, limits: limits)
        while let request = Frames.readFrame(STDIN_FILENO) {
            if faults { injectFault(for: request) }
            guard Frames.writeFrame(STDOUT_FILENO, ResultCodec.encode(processor.process(request))) else { break }
            // Hand freed pages back to the system after a PDF (a rendered page is megabytes), so a long-lived
            // worker's footprint stays that of one file. Not after a .docx: it frees little, and trimming made the
            // next file fault the same pages in again, some 6% of the CPU of a .docx batch.
            if FileKind.sniff(prefix: request.prefix(FileKind.pdfHeaderWindow)) == .pdf { _ = trimHeap?(0) }
        }
        exit(0)
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
