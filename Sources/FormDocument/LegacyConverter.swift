import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a legacy word-processor file (.doc, .wps, .rtf, .odt) into .docx bytes with LibreOffice.
///
/// LibreOffice runs headless in a throw-away folder with its own profile (so concurrent conversions never
/// share one), in a process group of its own, so that on timeout the whole group (oosplash and soffice.bin)
/// is killed, not just the launcher. The bytes never reach LibreOffice under a name the sender chose.
public struct LegacyConverter: Sendable {
    public let executable: String

    /// `soffice` or `libreoffice` from PATH, or nil when LibreOffice is not installed.
    public static func installed(environment: [String: String] = ProcessInfo.processInfo.environment) -> LegacyConverter? {
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in ["soffice", "libreoffice"] {
            for folder in folders where !folder.isEmpty {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return LegacyConverter(executable: candidate) }
            }
        }
        return nil
    }

    func convert(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("formpipe-convert-\(UUID().uuidString)")
        let output = folder.appendingPathComponent("out")
        let input = folder.appendingPathComponent(kind == .openDocumentText ? "submission.odt" : "submission.doc")
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try bytes.write(to: input)
        } catch {
            throw .conversionFailed(kind, "无法创建临时文件夹")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            executable, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "-env:UserInstallation=\(folder.appendingPathComponent("profile").absoluteString)",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", output.path, input.path,
        ]
        let status = try run(arguments, kind: kind, deadline: deadline)
        let result = output.appendingPathComponent("submission.docx")
        guard status == 0, let converted = try? Data(contentsOf: result), !converted.isEmpty else {
            throw .conversionFailed(kind, "LibreOffice 未能打开该文件")
        }
        return converted
    }

    /// Runs the command in its own process group and returns its exit status; kills the group at the deadline.
    private func run(_ arguments: [String], kind: FileKind, deadline: Deadline) throws(DocumentError) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = argv.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return EINVAL }
            return posix_spawn(&pid, arguments[0], &actions, &attributes, base, environ)
        }
        guard spawned == 0 else { throw .conversionFailed(kind, "无法启动 LibreOffice") }

        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { break }
            if deadline.hasPassed {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw .timedOut(seconds: deadline.seconds)
            }
            usleep(20_000)
        }
        // The launcher is gone; anything it left behind in its group goes with it.
        kill(-pid, SIGKILL)
        let exitedNormally = status & 0x7F == 0
        return exitedNormally ? (status >> 8) & 0xFF : -1
    }
}
