import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One LibreOffice kept running per process (so per worker) for the legacy-file conversions, instead of one
/// started for every file: starting LibreOffice costs many times what a running office takes for a conversion
/// (docs/performance.md has the figures).
///
/// Each conversion is still its own short `soffice --convert-to` command; LibreOffice hands it to the office
/// already running on the same profile. The kept office has a placeholder document open, since without one it
/// quits after the first conversion handed to it. It runs under a small shell watchdog in a process group of its
/// own, reading a pipe whose only writer is this process: when this process ends, however it ends (a worker
/// killed for its memory included), the pipe closes and the watchdog ends the office, so none is left behind.
final class KeptOffice: @unchecked Sendable {
    /// The office of this process; conversions take turns on it.
    static let shared = KeptOffice()

    /// Everything below is read and changed only under `lock`.
    private let lock = NSLock()
    private var running: Running?

    struct Running {
        let executable: String
        /// The watchdog's pid, which is also the process group of the watchdog and the office.
        let watchdog: pid_t
        /// The write end of the watchdog's pipe: closing it ends the office.
        let lifeline: Int32
        /// The office's own throw-away folder: its profile and the placeholder document.
        let folder: URL
    }

    /// Waits for the office to end: on the watchdog's end it sends SIGTERM (LibreOffice then removes its pipes
    /// in /tmp), and SIGKILL to what is left a second later. It also ends when the office ends by itself.
    static let watchdogScript = """
        exec 3<&0
        trap : TERM
        "$@" </dev/null >/dev/null 2>&1 &
        office=$!
        { read -r _ <&3; kill -TERM 0; } &
        wait "$office"
        kill -TERM 0 2>/dev/null
        sleep 1
        kill -KILL 0
        """

    /// An office kept by an instance other than `shared` (a test's) ends with it.
    deinit {
        if let running { stop(running, hung: true) }
    }

    /// The folder of the office running now, if one is; for tests.
    var runningFolder: URL? {
        lock.lock()
        defer { lock.unlock() }
        return running.flatMap { Self.isAlive($0) ? $0.folder : nil }
    }

    /// Runs `soffice --convert-to …` (`conversion`: the options after the profile) against the kept office,
    /// starting the office first when none is running. A conversion that overruns the deadline ends the office
    /// too: the next one starts afresh.
    func convert(executable: String, conversion: [String], until deadline: Deadline) -> LibreOfficeProcess.Ending {
        lock.lock()
        defer { lock.unlock() }
        if let current = running, current.executable != executable || !Self.isAlive(current) { stop(current) }
        if running == nil {
            guard let started = Self.start(executable: executable) else { return .couldNotStart }
            running = started
            guard Self.waitUntilListening(started, until: deadline) else {
                stop(started, hung: true)
                return deadline.hasPassed ? .timedOut : .couldNotStart
            }
        }
        guard let office = running else { return .couldNotStart }
        let ending = LibreOfficeProcess.run(
            LibreOfficeProcess.arguments(executable: executable, profileIn: office.folder) + conversion, until: deadline)
        if ending == .timedOut { stop(office, hung: true) }
        return ending
    }

    /// The name of the office's UNO pipe: LibreOffice creates it once it is ready for work.
    private static func pipeName(_ folder: URL) -> String { "formpipe-" + folder.lastPathComponent }

    private static func start(executable: String) -> Running? {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("formpipe-office-\(getpid())-\(UUID().uuidString.prefix(8))")
        let placeholder = folder.appendingPathComponent("kept-open.txt")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("formpipe".utf8).write(to: placeholder)
        } catch {
            return nil
        }
        let office =
            LibreOfficeProcess.arguments(executable: executable, profileIn: folder)
            + ["--accept=pipe,name=\(pipeName(folder));urp;", placeholder.path]
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            try? FileManager.default.removeItem(at: folder)
            return nil
        }
        // A child spawned meanwhile that kept the write end would keep the office alive after this process.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        defer { close(ends[0]) }
        guard let watchdog = LibreOfficeProcess.spawnGroup(["/bin/sh", "-c", watchdogScript, "sh"] + office, standardInput: ends[0]) else {
            close(ends[1])
            try? FileManager.default.removeItem(at: folder)
            return nil
        }
        return Running(executable: executable, watchdog: watchdog, lifeline: ends[1], folder: folder)
    }

    /// LibreOffice keeps its pipes in /tmp, or /var/tmp where /tmp cannot be used (sal's osl pipe).
    private static func waitUntilListening(_ office: Running, until deadline: Deadline) -> Bool {
        let name = "OSL_PIPE_\(getuid())_\(pipeName(office.folder))"
        while !deadline.hasPassed {
            if ["/tmp", "/var/tmp"].contains(where: { FileManager.default.fileExists(atPath: "\($0)/\(name)") }) { return true }
            guard isAlive(office) else { return false }
            usleep(20_000)
        }
        return false
    }

    private static func isAlive(_ office: Running) -> Bool {
        var status: Int32 = 0
        return waitpid(office.watchdog, &status, WNOHANG) == 0
    }

    /// Ends the office and waits for its watchdog: about a second, the time the office gets to tidy up, unless
    /// it is `hung`, when the whole group is killed at once.
    private func stop(_ office: Running, hung: Bool = false) {
        close(office.lifeline)
        if hung { kill(-office.watchdog, SIGKILL) }
        var status: Int32 = 0
        while waitpid(office.watchdog, &status, 0) < 0 && errno == EINTR {}
        try? FileManager.default.removeItem(at: office.folder)
        running = nil
    }
}
