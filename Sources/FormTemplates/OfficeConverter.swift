import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Converts a .docx with LibreOffice, headless: to PDF (what `formpipe template --pdf` writes) or back to
/// .docx (what the round-trip tests use to see a form as LibreOffice saves it).
///
/// LibreOffice is a runtime dependency of `--pdf` only. Each conversion runs in a throw-away folder with its
/// own profile (two conversions at once would otherwise fight over one) and in a process group of its own, so a
/// hung conversion is killed whole, launcher and soffice.bin together.
public struct OfficeConverter: Sendable {
    public let executable: String

    public enum Target: Sendable {
        case pdf
        case docx

        var filter: String {
            switch self {
            // Form fields on: a form control in the document becomes a field of the PDF's AcroForm.
            case .pdf: "pdf:writer_pdf_Export:{\"ExportFormFields\":{\"type\":\"boolean\",\"value\":\"true\"}}"
            case .docx: "docx:MS Word 2007 XML"
            }
        }

        var suffix: String {
            switch self {
            case .pdf: "pdf"
            case .docx: "docx"
            }
        }
    }

    /// `soffice` or `libreoffice` from PATH, or nil when LibreOffice is not installed.
    public static func installed(environment: [String: String] = ProcessInfo.processInfo.environment) -> OfficeConverter? {
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in ["soffice", "libreoffice"] {
            for folder in folders where !folder.isEmpty {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return OfficeConverter(executable: candidate) }
            }
        }
        return nil
    }

    public init(executable: String) {
        self.executable = executable
    }

    /// The converted bytes of `bytes`; `inputName` ends in their format's suffix (.docx, .html).
    public func convert(_ bytes: Data, inputName: String = "form.docx", to target: Target, seconds: Double = 120) throws(TemplateError) -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("formpipe-template-\(UUID().uuidString)")
        let output = folder.appendingPathComponent("out")
        let input = folder.appendingPathComponent(inputName)
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try bytes.write(to: input)
        } catch {
            throw .conversionFailed("无法创建临时文件夹（\(folder.path)）")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = [
            executable, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "-env:UserInstallation=\(folder.appendingPathComponent("profile").absoluteString)",
        ]
        // An HTML form opens in Writer (not Writer/Web), where its inputs become form controls a PDF keeps.
        if inputName.hasSuffix(".html") { arguments.append("--infilter=HTML (StarWriter)") }
        arguments += ["--convert-to", target.filter, "--outdir", output.path, input.path]
        let status = try run(arguments, seconds: seconds)
        let stem = (inputName as NSString).deletingPathExtension
        let result = output.appendingPathComponent("\(stem).\(target.suffix)")
        guard status == 0, let converted = try? Data(contentsOf: result), !converted.isEmpty else {
            throw .conversionFailed("LibreOffice 转换失败（退出码 \(status)）")
        }
        return converted
    }

    private func run(_ arguments: [String], seconds: Double) throws(TemplateError) -> Int32 {
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
        guard spawned == 0 else { throw .conversionFailed("无法启动 LibreOffice（\(arguments[0])）") }
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { break }
            if Date() > deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw .conversionFailed("LibreOffice 在 \(Int(seconds)) 秒内未完成转换")
            }
            usleep(20_000)
        }
        // The launcher is gone; anything it left behind in its group goes with it.
        kill(-pid, SIGKILL)
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    }
}

/// Why a blank form could not be written.
public enum TemplateError: Error, Sendable, CustomStringConvertible {
    case libreOfficeMissing
    case conversionFailed(String)

    public var description: String {
        switch self {
        case .libreOfficeMissing:
            "生成 PDF 需要 LibreOffice（soffice），但未找到；请安装：apt-get install libreoffice-writer-nogui fonts-noto-cjk"
                + "（LibreOffice is needed for --pdf and was not found on PATH）"
        case .conversionFailed(let reason):
            "LibreOffice 未能生成 PDF：\(reason)"
        }
    }
}
