public import Foundation

/// Turns a legacy word-processor file (.doc, .wps, .rtf, .odt) into .docx bytes with LibreOffice.
///
/// The conversions of one process go to one LibreOffice kept running for them (`KeptOffice`); each file is
/// written to a throw-away folder of its own, under a name the sender did not choose.
public struct LegacyConverter: Sendable {
    public let executable: String
    let office: KeptOffice

    init(executable: String, office: KeptOffice = .shared) {
        self.executable = executable
        self.office = office
    }

    /// `soffice` or `libreoffice` from PATH, or nil when LibreOffice is not installed.
    public static func installed(environment: [String: String] = ProcessInfo.processInfo.environment) -> LegacyConverter? {
        LibreOfficeProcess.executable(environment: environment).map { LegacyConverter(executable: $0) }
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
        let conversion = ["--convert-to", "docx:MS Word 2007 XML", "--outdir", output.path, input.path]
        let status: Int32
        switch office.convert(executable: executable, conversion: conversion, until: deadline) {
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
