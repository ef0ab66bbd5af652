import FormDocument
import Foundation

/// A child process on two pipes, spawned and reaped by hand (posix_spawn, waitpid).
///
/// Foundation's Process reaps through its own monitor thread and, seen here, can wait forever for a child
/// that already died; a worker pool that kills and replaces children needs to know for certain.
final class ChildProcess {
    let pid: pid_t
    /// Our end of the child's standard input and output.
    private(set) var input: Int32
    private(set) var output: Int32
    /// The child's /proc/<pid>/statm, kept open: its memory is looked at before every file, and opening the
    /// file each time (a path walk through /proc) cost more than reading it.
    private var statm: Int32
    private var exitStatus: Int32?

    /// Spawning is serialised: every pipe end is close-on-exec before any other child can be spawned, so no
    /// worker inherits another's pipes (which would hide that worker's death from us).
    private static let spawnLock = NSLock()
    static let inputPipeBytes: Int32 = 1 << 20
    /// F_SETPIPE_SZ (Linux's fcntl.h: F_LINUX_SPECIFIC_BASE + 7), which Glibc's module leaves out.
    private static let setPipeSize: Int32 = 1031

    /// Spawns `executable` with `arguments`; standard error goes to /dev/null. Nil when it cannot start.
    init?(executable: String, arguments: [String], environment: [String: String]?) {
        // Writing to a child that has died must fail with EPIPE, which the caller turns into a rejection of the
        // file, not end this process with SIGPIPE (the default action) and the batch with it.
        signal(SIGPIPE, SIG_IGN)
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { return nil }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0])
            close(toChild[1])
            return nil
        }
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // A PDF (tens of KiB) then goes in with one write instead of waiting on the child to empty a 64 KiB
        // pipe; the kernel allocates the buffer's pages only as data arrives. Best effort: a smaller limit
        // in /proc/sys/fs/pipe-max-size only means more writes.
        _ = fcntl(toChild[1], Self.setPipeSize, Self.inputPipeBytes)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        SpawnedChild.keepOnlyStandardDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // SIGPIPE stays ignored: the worker writes its answers to a pipe the pipeline may have closed.
        posix_spawnattr_setflags(&attributes, Int16(SpawnedChild.resetSignals([SIGINT, SIGTERM, SIGHUP], in: &attributes)))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let status = (argv + [nil]).withUnsafeBufferPointer { argvPointer -> Int32 in
            guard let arguments = argvPointer.baseAddress else { return EINVAL }
            if let envp {
                return (envp + [nil]).withUnsafeBufferPointer { envPointer in
                    guard let variables = envPointer.baseAddress else { return EINVAL }
                    return posix_spawn(&pid, executable, &actions, &attributes, arguments, variables)
                }
            }
            return posix_spawn(&pid, executable, &actions, &attributes, arguments, environ)
        }
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else {
            close(toChild[1])
            close(fromChild[0])
            return nil
        }
        self.pid = pid
        input = toChild[1]
        output = fromChild[0]
        statm = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
    }

    deinit {
        terminate()
    }

    /// Closes the child's input: a worker between files then exits by itself.
    func closeInput() {
        if input >= 0 {
            close(input)
            input = -1
        }
    }

    /// Whether the child has exited, and how (reaped here, once).
    @discardableResult
    func poll() -> Int32? {
        if exitStatus == nil {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
        }
        return exitStatus
    }

    /// Waits for the child to exit by itself for `grace` seconds, then kills it; always reaps it.
    func terminate(grace: Double = 0.2) {
        closeInput()
        let deadline = Date().addingTimeInterval(grace)
        while poll() == nil, Date() < deadline { usleep(2_000) }
        if poll() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exitStatus = status
        }
        // Each descriptor is closed once: terminate runs again from deinit, and by then the number may name
        // another file.
        if output >= 0 {
            close(output)
            output = -1
        }
        if statm >= 0 {
            close(statm)
            statm = -1
        }
    }

    /// The child's resident memory in bytes; 0 when it cannot be read (the process is gone).
    var residentBytes: Int {
        ProcessingWorker.residentBytes(statm: statm)
    }

    /// A clerk-readable account of how the child ended, after `poll()` or `terminate()` saw it end.
    var endDescription: String {
        guard let status = exitStatus else { return "进程状态未知" }
        let signal = status & 0x7F
        if signal != 0 { return "进程被信号 \(signal) 终止" }
        return "进程异常退出，代码 \((status >> 8) & 0xFF)"
    }
}
