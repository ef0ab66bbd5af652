import FormTemplates
import Foundation
import Testing
import TestSupport
@testable import FormDocument

/// .doc, .wps, .rtf and .odt: refused with the advice to save as .docx, or converted when the office allows it.
@Suite struct LegacyFormatTests {
    static let oleHeader = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
    static let rtf = Data("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}} 姓名 张三\\par}".utf8)
    static var odt: Data {
        var zip = ZipWriter()
        zip.add("mimetype", "application/vnd.oasis.opendocument.text")
        zip.add("content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>")
        return zip.archive()
    }

    @Test(arguments: [("doc/wps", oleHeader), ("rtf", rtf), ("odt", odt)])
    func legacyFilesAreRefusedWithTheAdviceToSaveAsDocx(kind: String, bytes: Data) {
        do {
            var limits = InputLimits()
            limits.convertLegacy = false
            _ = try DocumentReader(limits: limits).read(bytes)
            Issue.record("a \(kind) file was read although convert_legacy is off")
        } catch {
            #expect(error.description.contains("另存为") && error.description.contains(".docx"), "\(kind): \(error.description)")
        }
    }

    @Test func withoutLibreOfficeOnThePathNothingIsConverted() {
        #expect(LegacyConverter.installed(environment: ["PATH": "/nonexistent"]) == nil)
    }

    /// LibreOffice itself makes the .doc, so the test needs it twice; on a machine without it (CI installs only
    /// what the Makefile lists, and LibreOffice is not on that list) the conversion cannot be tried.
    @Test(.enabled(if: LegacyConverter.installed() != nil, "LibreOffice (soffice) is not installed, so legacy conversion cannot be tried"))
    func withConvertLegacyOnADocIsConvertedAndRead() throws {
        let folder = try TestPaths.temporaryFolder("legacy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx")
        let doc = try Self.saveAsDoc(sample, in: folder)
        let bytes = try Data(contentsOf: doc)
        #expect(FileKind.sniff(prefix: bytes.prefix(8)) == .legacyWord)

        var limits = InputLimits()
        limits.convertLegacy = true
        let document = try DocumentReader(limits: limits).read(bytes)
        #expect(document.format == .legacyWord)
        let text = Document.texts(inReadingOrder: document.blocks).joined(separator: "\n")
        #expect(text.contains("学习计划表"))

        // The same through the command and pipeline.conf's key, as an office would switch it on.
        let refused = try FormpipeBinary.run(["check", "--json", "--set", "convert_legacy=false", doc.path])
        #expect(refused.stdout.contains("另存为") && refused.stdout.contains("rejected"), "\(refused.stdout)")
        let converted = try FormpipeBinary.run(["check", "--json", doc.path])
        #expect(converted.stdout.contains("\"form\":\"study_plan\"") || converted.stdout.contains("\"form\": \"study_plan\""), "\(converted.stdout)")

        // A conversion that overruns seconds_per_file is killed and the file refused, promptly.
        limits.secondsPerFile = 0.3
        let start = ContinuousClock.now
        #expect(throws: DocumentError.timedOut(seconds: 0.3)) { try DocumentReader(limits: limits).read(bytes) }
        #expect(start.duration(to: .now) < .seconds(2))
    }

    static func saveAsDoc(_ docx: URL, in folder: URL) throws -> URL {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(LegacyConverter.installed()).executable)
        process.arguments = [
            "--headless", "--norestore", "--convert-to", "doc",
            "-env:UserInstallation=\(folder.appendingPathComponent("profile").absoluteString)",
            "--outdir", folder.path, docx.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return folder.appendingPathComponent(docx.deletingPathExtension().lastPathComponent + ".doc")
    }
}

/// The reader's pipeline.conf keys, through the command as an office sets them.
@Suite struct ReaderConfigKeyTests {
    static let sample = TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx").path

    @Test func validValuesAreAccepted() throws {
        let result = try FormpipeBinary.run(["check", "--set", "seconds_per_file=5", "--set", "convert_legacy=false", Self.sample])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("study_plan"))
    }

    @Test(arguments: [("seconds_per_file", "0"), ("seconds_per_file", "soon"), ("convert_legacy", "maybe"), ("max_xml_depth", "1000")])
    func badValuesStopWithTheKeyNamed(key: String, value: String) throws {
        let result = try FormpipeBinary.run(["check", "--set", "\(key)=\(value)", Self.sample])
        #expect(result.status == 1)
        #expect(result.stderr.contains(key), "\(result.stderr)")
    }
}
