import Foundation

/// Turns a legacy word-processor file (.doc, .wps, .rtf, .odt) into .docx bytes with LibreOffice.
///
/// LibreOffice runs headless in a throw-away folder with its own profile (so concurrent conversions never
/// share one), in a process group of its own, so that on timeout the whole group (oosplash and soffice.bin)
/// is killed, not just the launcher. The bytes never reach LibreOffice under a name the sender chose.
public struct LegacyConverter: Sendable {
    public let executable: String

    /// `soffice` or `libreoffice` from PATH, or nil when LibreOffice is not installed.
    public static func installed(environment: [String: String] = ProcessInfo.processInfo.environment) -> LegacyConverter? {
        LibreOfficeProcess.executable(environment: environment).map(LegacyConverter.init(executable:))
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
        let arguments =
            LibreOfficeProcess.arguments(executable: executable, profileIn: folder)
            + ["--convert-to", "docx:MS Word 2007 XML", "--outdir", output.path, input.path]
        let status: Int32
        switch LibreOfficeProcess.run(arguments, until: deadline) {
        case .exited(let code): status = code
        case .couldNotStart: throw .conversionFailed(kind, "无法启动 LibreOffice")
        case .timedOut: throw .timedOut(seconds: deadline.seconds)
        }
        let result = output.appendingPathComponent("submission.docx")
        guard status == 0, let converted = try? Data(contentsOf: result), !converted.isEmpty else {
            throw .conversionFailed(kind, "LibreOffice 未能打开该文件")
        }
        return converted
    }
}
