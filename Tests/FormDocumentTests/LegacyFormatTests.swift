import FormTemplates
import Foundation
import TestSupport
import Testing

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
    @Test(.enabled(if: LibreOfficeFixture.executable != nil, "LibreOffice (soffice) is not installed, so legacy conversion cannot be tried"))
    func withConvertLegacyOnADocIsConvertedAndRead() throws {
        let folder = try TestPaths.temporaryFolder("legacy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx")
        let doc = try LibreOfficeFixture.saveAsDoc(sample, in: folder)
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
    }

    /// One office serves every conversion of a process: the second and third files go to the office the first
    /// one started, and it is the only LibreOffice working for this converter.
    @Test(.enabled(if: LibreOfficeFixture.executable != nil, "LibreOffice (soffice) is not installed, so legacy conversion cannot be tried"))
    func oneKeptOfficeConvertsFileAfterFile() throws {
        let folder = try TestPaths.temporaryFolder("legacy-kept")
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = ["study_plan_valid_a.docx", "annual_target_book_valid_a.docx", "mentoring_summary_valid_a.docx"]
        let docs = try samples.map { try LibreOfficeFixture.saveAsDoc(TestPaths.repositoryRoot.appendingPathComponent("Samples/\($0)"), in: folder) }
        let office = KeptOffice()
        let converter = LegacyConverter(executable: try #require(LibreOfficeFixture.executable), office: office)
        var folders: [URL] = []
        for (doc, title) in zip(docs, ["学习计划表", "年度目标任务书", "结对活动阶段总结表"]) {
            let docx = try converter.convert(try Data(contentsOf: doc), kind: .legacyWord, deadline: Deadline(seconds: 60))
            let text = Document.texts(inReadingOrder: try DocxReader(limits: InputLimits()).read(docx, deadline: Deadline(seconds: 10)).blocks)
            #expect(text.joined().contains(title), "\(doc.lastPathComponent)")
            folders.append(try #require(office.runningFolder))
            let offices = RunningProcesses.commandLines(containing: folders[0].lastPathComponent).values.filter { $0.contains("soffice.bin") }
            #expect(offices.count == 1, "\(offices)")
        }
        #expect(Set(folders).count == 1, "\(folders)")
    }

    /// The kept office lives long: it must not hold descriptors its parent opened without O_CLOEXEC, or a pipe
    /// of the parent's would never see its end while the office runs (a test in this process hung on that).
    @Test func aKeptOfficeHoldsNoDescriptorOfItsParent() throws {
        let fake = try FakeOffice(label: "legacy-descriptors", conversions: .failAtOnce)
        defer { fake.remove() }
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        do {
            let office = KeptOffice()
            let converter = LegacyConverter(executable: fake.executable.path, office: office)
            // The fake converts nothing, so the file is refused; its office stays up.
            #expect(throws: DocumentError.self) { try converter.convert(Self.oleHeader, kind: .legacyWord, deadline: Deadline(seconds: 10)) }
            #expect(office.runningFolder != nil)
            close(ends[1])
            _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
            var byte: UInt8 = 0
            #expect(read(ends[0], &byte, 1) == 0, "the pipe's write end is still open somewhere (errno \(errno))")
        }
        // The office of an instance that is gone is gone too.
        #expect(RunningProcesses.waitUntilNone(containing: fake.executable.path, seconds: 3).isEmpty)
    }

    /// A conversion that overruns its time is killed with its office, promptly, and the next file starts a new
    /// office. The "LibreOffice" here is a script that is ready at once and never converts anything.
    @Test func aHungConversionIsKilledWithItsOffice() throws {
        let fake = try FakeOffice(label: "legacy-hung", conversions: .hang)
        defer { fake.remove() }
        let office = KeptOffice()
        let converter = LegacyConverter(executable: fake.executable.path, office: office)
        for _ in 0..<2 {
            let start = ContinuousClock.now
            #expect(throws: DocumentError.timedOut(seconds: 0.5)) {
                try converter.convert(Self.oleHeader, kind: .legacyWord, deadline: Deadline(seconds: 0.5))
            }
            #expect(start.duration(to: .now) < .seconds(TestPace.seconds(3)))
            #expect(
                RunningProcesses.waitUntilNone(containing: fake.executable.path, seconds: 3).isEmpty, "the fake office or its conversion still runs")
            #expect(office.runningFolder == nil)
        }
    }
}

/// A stand-in for LibreOffice: as the kept office it says it is ready at once (the pipe file LibreOffice makes)
/// and runs until killed; as a conversion it hangs or fails at once. Its "pipes" are plain files, removed by `remove`.
struct FakeOffice {
    enum Conversions { case hang, failAtOnce }

    let folder: URL
    let executable: URL

    init(label: String, conversions: Conversions) throws {
        folder = try TestPaths.temporaryFolder(label)
        executable = folder.appendingPathComponent("fake-soffice")
        try """
        #!/bin/sh
        for argument; do
          case $argument in
            --accept=pipe,name=*)
              name=${argument#--accept=pipe,name=}; pipe="/tmp/OSL_PIPE_$(id -u)_${name%%;*}"
              : > "$pipe"; echo "$pipe" >> "$(dirname "$0")/pipes"
              while :; do sleep 0.1; done;;
          esac
        done
        \(conversions == .hang ? "while :; do sleep 0.1; done" : "exit 0")
        """.write(to: executable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable.path)
    }

    func remove() {
        for pipe in (try? String(contentsOf: folder.appendingPathComponent("pipes"), encoding: .utf8))?.split(separator: "\n") ?? [] {
            try? FileManager.default.removeItem(atPath: String(pipe))
        }
        try? FileManager.default.removeItem(at: folder)
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
