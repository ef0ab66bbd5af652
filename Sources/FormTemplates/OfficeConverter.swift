import FormDocument
public import Foundation

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
        LibreOfficeProcess.executable(environment: environment).map(OfficeConverter.init(executable:))
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
        var arguments = LibreOfficeProcess.arguments(executable: executable, profileIn: folder)
        // An HTML form opens in Writer (not Writer/Web), where its inputs become form controls a PDF keeps.
        if inputName.hasSuffix(".html") { arguments.append("--infilter=HTML (StarWriter)") }
        arguments += ["--convert-to", target.filter, "--outdir", output.path, input.path]
        let status: Int32
        switch LibreOfficeProcess.run(arguments, until: Deadline(seconds: seconds)) {
        case .exited(let code): status = code
        case .couldNotStart: throw .conversionFailed("无法启动 LibreOffice（\(executable)）")
        case .timedOut: throw .conversionFailed("LibreOffice 在 \(Int(seconds)) 秒内未完成转换")
        }
        let stem = (inputName as NSString).deletingPathExtension
        let result = output.appendingPathComponent("\(stem).\(target.suffix)")
        guard status == 0, let converted = try? Data(contentsOf: result), !converted.isEmpty else {
            throw .conversionFailed("LibreOffice 转换失败（退出码 \(status)）")
        }
        return converted
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
