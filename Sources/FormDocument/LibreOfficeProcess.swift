public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Running LibreOffice headless, as both the legacy-file converter (reading .doc/.wps) and the template writer
/// (--pdf) do: found on PATH, started with a profile of its own in the caller's throw-away folder (two conversions
/// at once would otherwise fight over one), and in a process group of its own, so a hung conversion is killed
/// whole — launcher and soffice.bin together.
public enum LibreOfficeProcess {
    /// `soffice` or `libreoffice` from PATH, or nil when LibreOffice is not installed.
    public static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in ["soffice", "libreoffice"] {
            for folder in folders where !folder.isEmpty {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The command line up to the conversion's own options: headless, no first-start dialogs, and the profile in
    /// `folder`.
    public static func arguments(executable: String, profileIn folder: URL) -> [String] {
        [
            executable, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "-env:UserInstallation=\(folder.appendingPathComponent("profile").absoluteString)",
        ]
    }

    public enum Ending: Sendable, Equatable {
        /// The exit status; -1 when killed by a signal.
        case exited(Int32)
        case couldNotStart
        case timedOut
    }

    /// Runs the command with no input or output in its own process group; kills the group at the deadline, and
    /// after the launcher exits whatever it left behind in its group.
    public static func run(_ arguments: [String], until deadline: Deadline) -> Ending {
        guard let pid = spawnGroup(arguments, standardInput: nil) else { return .couldNotStart }
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { break }
            if deadline.hasPassed {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return .timedOut
            }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)
        return .exited(status & 0x7F == 0 ? (status >> 8) & 0xFF : -1)
    }

    /// Spawns the command as the leader of a new process group, with `standardInput` (or /dev/null) as its input,
    /// no output, and the signals a service manager sends (and SIGPIPE) at their defaults.
    static func spawnGroup(_ arguments: [String], standardInput: Int32?) -> pid_t? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let signalFlags = SpawnedChild.resetSignals([SIGINT, SIGTERM, SIGHUP, SIGPIPE], in: &attributes)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | signalFlags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput {
            posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of this process: a descriptor another thread opened without O_CLOEXEC (a pipe, say) would
        // otherwise stay open as long as the kept office lives, and the pipe's reader would never see its end.
        SpawnedChild.keepOnlyStandardDescriptors(&actions)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = argv.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress, let path = arguments.first else { return EINVAL }
            return posix_spawn(&pid, path, &actions, &attributes, base, environ)
        }
        return spawned == 0 ? pid : nil
    }
}
