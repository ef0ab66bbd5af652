import FormTemplates
import Foundation
import TestSupport
import Testing

@testable import FormDocument

#if canImport(Glibc)
    import Glibc
#endif

/// Files built to hurt the reader: each is refused quickly, with a reason, without memory growing.
@Suite struct HostileInputTests {
    /// The reason a file is refused, with how long refusing it took and how far peak memory rose meanwhile.
    func refusal(
        _ data: Data, limits: InputLimits = InputLimits(), sourceLocation: SourceLocation = #_sourceLocation
    ) -> (reason: String, seconds: Double, peakGrowthMB: Double) {
        let peakBefore = Self.peakResidentMB()
        let start = ContinuousClock.now
        var reason = ""
        do {
            _ = try DocumentReader(limits: limits).read(data)
            Issue.record("a hostile file was read as a document", sourceLocation: sourceLocation)
        } catch {
            reason = error.description
        }
        let elapsed = start.duration(to: .now).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return (reason, seconds, Self.peakResidentMB() - peakBefore)
    }

    /// The process's peak resident set so far; it only grows, so a rise during one read bounds what it took.
    static func peakResidentMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }

    static let oneGiB = 1 << 30

    static func bomb(declaredSize: UInt32, crc: UInt32 = DeflatedZeros.crcOfOneGiB) -> Data {
        let document = Data(DocxFixture.document(body: DocxFixture.paragraph("正文")).utf8)
        var zip = ZipWriter()
        zip.entries.append(
            .init(name: "[Content_Types].xml", data: Data("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8)))
        zip.entries.append(.init(name: "word/document.xml", data: document))
        zip.entries.append(.deflated(name: "word/media/image1.png", stream: bombStream, declaredSize: declaredSize, crc: crc))
        zip.entries.append(.deflated(name: "word/styles.xml", stream: bombStream, declaredSize: declaredSize, crc: crc))
        // The bomb is what the reader must inflate: point the main part at it.
        zip.entries[1].name = "word/document-real.xml"
        zip.entries[3].name = "word/document.xml"
        return zip.archive()
    }

    static let bombStream = DeflatedZeros.stream(count: oneGiB)

    @Test func theBombStreamIsRealDeflateOfZeros() throws {
        // A small stream of the same construction, inflated through libzip, proves the bomb is no dud.
        let count = 300 * 1024
        var zip = ZipWriter()
        zip.entries.append(
            .deflated(name: "zeros", stream: DeflatedZeros.stream(count: count), declaredSize: UInt32(count), crc: DeflatedZeros.crc(count: count)))
        var limits = InputLimits()
        limits.minInflateRatio = 0
        let archive = try ZipArchive(bytes: zip.archive(), limits: limits)
        #expect(try archive.read("zeros") == Data(count: count))
        #expect(Self.bombStream.count < 1_100_000, "1 GiB of zeros fits in about a megabyte")
    }

    @Test func aDocxInflatingPastOneGiBIsRefusedByItsSizeCap() {
        let (reason, seconds, growth) = refusal(Self.bomb(declaredSize: UInt32(Self.oneGiB)))
        #expect(reason.contains("max_entry_mb"), "\(reason)")
        #expect(seconds < 1)
        #expect(growth < 64)
    }

    @Test func withTheSizeCapRaisedTheInflateRatioStillRefusesIt() {
        var limits = InputLimits()
        limits.maxEntryBytes = 2 * Self.oneGiB
        let (reason, seconds, growth) = refusal(Self.bomb(declaredSize: UInt32(Self.oneGiB)), limits: limits)
        #expect(reason.contains("min_inflate_ratio"), "\(reason)")
        #expect(seconds < 1)
        #expect(growth < 64)
    }

    @Test func aBombThatUnderstatesItsSizeIsStoppedRightPastTheStatedSize() {
        let (reason, seconds, growth) = refusal(Self.bomb(declaredSize: 50_000))
        #expect(reason.contains("min_inflate_ratio") && reason.contains("声明"), "\(reason)")
        #expect(seconds < 1)
        #expect(growth < 64)
    }

    static func package(documentXML: String) -> Data {
        DocxFixture.package(documentXML: documentXML)
    }

    @Test func billionLaughsIsRefusedWithoutExpanding() {
        var entities = "<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let xml = """
            <?xml version="1.0"?><!DOCTYPE lolz [\(entities)]><w:document \(DocxFixture.wordNamespaces)><w:body>\
            <w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>
            """
        let (reason, seconds, growth) = refusal(Self.package(documentXML: xml))
        #expect(reason.contains("DTD"), "\(reason)")
        #expect(!reason.contains("lollol"))
        #expect(seconds < 1)
        #expect(growth < 64)
    }

    @Test(arguments: ["word/document.xml", "[Content_Types].xml", "_rels/.rels"])
    func externalEntityPointingAtPasswdNeverLeaks(part: String) throws {
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
        let firstLine = String(passwd.split(separator: "\n").first ?? "root:x:0:0")
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\
            <w:document \(DocxFixture.wordNamespaces)><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>
            """
        var zip = ZipWriter()
        let clean = DocxFixture.package(body: DocxFixture.paragraph("正文"))
        let archive = try ZipArchive(bytes: clean, limits: InputLimits())
        for name in archive.entries.sorted(by: { $0.value < $1.value }).map(\.key) {
            let text = name == part ? xxe : String(decoding: try #require(try archive.read(name)), as: UTF8.self)
            zip.add(name, text)
        }
        let (reason, seconds, _) = refusal(zip.archive())
        #expect(reason.contains("DTD"), "\(reason)")
        #expect(!reason.contains(firstLine))
        #expect(seconds < 1)
    }

    @Test func aDTDHiddenBehindUTF16IsStillRefusedAfterParsing() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\
            <w:document \(DocxFixture.wordNamespaces)><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>
            """
        var utf16 = Data([0xFF, 0xFE])
        for unit in xml.utf16 { utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        var zip = ZipWriter()
        zip.entries.append(.init(name: "word/document.xml", data: utf16))
        let (reason, _, _) = refusal(zip.archive())
        #expect(reason.contains("DTD"), "\(reason)")
        #expect(!reason.contains("root:"))
    }

    @Test func dotDotEntryNamesAreNeverUsedAsPaths() throws {
        let marker = "formpipe-escape-\(UUID().uuidString)"
        let escapePath = "../../../../../../tmp/\(marker)"
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        zip.add(
            "_rels/.rels",
            """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="../../etc/passwd"/></Relationships>
            """)
        zip.add(escapePath, "escaped")
        zip.add("word/document.xml", DocxFixture.document(body: DocxFixture.paragraph("正文")))
        let document = try DocumentReader().read(zip.archive())
        #expect(document.topLevelParagraphs == ["正文"], "a target outside the package falls back to word/document.xml")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(marker)"))
    }

    @Test(arguments: [0.1, 0.5, 0.9, 0.999])
    func aTruncatedZipIsDamaged(keptShare: Double) {
        let full = DocxFixture.package(body: DocxFixture.paragraph("内容") + DocxFixture.table([["姓名", "张三"]]))
        let (reason, seconds, _) = refusal(full.prefix(Int(Double(full.count) * keptShare)))
        #expect(reason.contains("损坏") || reason.contains("不是 Word"), "\(reason)")
        #expect(seconds < 1)
    }

    @Test func corruptContentTypesIsDamaged() {
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=")
        zip.add("word/document.xml", DocxFixture.document(body: DocxFixture.paragraph("正文")))
        let (reason, seconds, _) = refusal(zip.archive())
        #expect(reason.contains("[Content_Types].xml") && reason.contains("损坏"), "\(reason)")
        #expect(seconds < 1)
    }

    @Test func aPackageWithoutWordDocumentXMLIsDamaged() {
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        zip.add("word/styles.xml", "<w:styles \(DocxFixture.wordNamespaces)/>")
        let (reason, seconds, _) = refusal(zip.archive())
        #expect(reason.contains("word/document.xml"), "\(reason)")
        #expect(seconds < 1)
    }
}

/// Each limit of pipeline.conf refuses the file that crosses it, naming its key.
@Suite struct InputLimitTests {
    func reason(_ data: Data, _ adjust: (inout InputLimits) -> Void) -> String {
        var limits = InputLimits()
        adjust(&limits)
        do {
            _ = try DocumentReader(limits: limits).read(data)
            return "read"
        } catch {
            return error.description
        }
    }

    static let ordinary = DocxFixture.package(body: String(repeating: DocxFixture.paragraph("一段正文"), count: 3000))

    @Test func maxFileMB() {
        #expect(reason(Self.ordinary) { $0.maxFileBytes = 1024 }.contains("max_file_mb"))
    }

    @Test func maxZipEntries() {
        var zip = ZipWriter()
        for index in 0..<1001 { zip.add("word/media/\(index).txt", "x") }
        zip.add("word/document.xml", DocxFixture.document(body: DocxFixture.paragraph("正文")))
        #expect(reason(zip.archive()) { _ in }.contains("max_zip_entries"))
    }

    @Test func maxEntryMB() {
        #expect(reason(Self.ordinary) { $0.maxEntryBytes = 10_000 }.contains("max_entry_mb"))
    }

    @Test func maxTotalMBAddsUpEveryInflatedPart() {
        let headers = Dictionary(
            uniqueKeysWithValues: (1...6).map { index in
                ("header\(index).xml", DocxFixture.header(body: String(repeating: DocxFixture.paragraph("页眉文字"), count: 400)))
            })
        let data = DocxFixture.package(documentXML: DocxFixture.document(body: DocxFixture.paragraph("正文")), headers: headers)
        #expect(reason(data) { _ in } == "read")
        let refused = reason(data) { $0.maxTotalInflatedBytes = 100_000 }
        #expect(refused.contains("max_total_mb"), "\(refused)")
    }

    @Test func minInflateRatioWithItsGraceSize() {
        let count = 200 * 1024
        var zip = ZipWriter()
        zip.entries.append(
            .deflated(
                name: "word/document.xml", stream: DeflatedZeros.stream(count: count), declaredSize: UInt32(count),
                crc: DeflatedZeros.crc(count: count)))
        #expect(reason(zip.archive()) { _ in }.contains("min_inflate_ratio"))
        let withLargerGrace = reason(zip.archive()) { $0.inflateRatioGraceBytes = 1024 * 1024 }
        #expect(!withLargerGrace.contains("min_inflate_ratio"), "past the ratio check, zeros are simply no XML: \(withLargerGrace)")
    }

    @Test func maxXMLDepthInTheWalker() {
        let nested =
            String(repeating: "<w:sdt><w:sdtContent>", count: 40) + DocxFixture.paragraph("深")
            + String(repeating: "</w:sdtContent></w:sdt>", count: 40)
        let data = DocxFixture.package(body: nested)
        #expect(reason(data) { _ in } == "read")
        #expect(reason(data) { $0.maxXMLDepth = 30 }.contains("max_xml_depth"))
    }

    @Test func maxXMLDepthBeyondWhatLibxml2Parses() {
        let nested =
            String(repeating: "<w:sdt><w:sdtContent>", count: 150) + DocxFixture.paragraph("深")
            + String(repeating: "</w:sdtContent></w:sdt>", count: 150)
        #expect(reason(DocxFixture.package(body: nested)) { _ in }.contains("max_xml_depth"))
    }

    @Test func maxTextChars() {
        #expect(reason(Self.ordinary) { _ in } == "read")
        #expect(reason(Self.ordinary) { $0.maxTextCharacters = 5000 }.contains("max_text_chars"))
    }

    @Test func secondsPerFileIsCheckedWhileReading() {
        let refused = reason(Self.ordinary) { $0.secondsPerFile = 0.000_001 }
        #expect(refused.contains("seconds_per_file"), "\(refused)")
        #expect(reason(Self.ordinary) { $0.secondsPerFile = 30 } == "read")
    }
}

/// Damaged bytes in every place: each mutant is read or refused with a reason, and the process lives on.
@Suite struct MutatedPackageTests {
    struct Mix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    @Test(arguments: ["stored", "Samples/annual_target_book_valid_a.docx"])
    func everyMutantIsReadOrRefused(source: String) throws {
        let original: Data
        if source == "stored" {
            original = DocxFixture.package(
                body: DocxFixture.paragraph("机关党员 2017 年度目标任务书")
                    + DocxFixture.table([["姓名", "张三"], ["党员类别", "☑普通党员 ☐科级干部"]]))
        } else {
            original = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent(source))
        }
        var random = Mix(state: 42)
        var refused = 0
        for _ in 0..<300 {
            var bytes = [UInt8](original)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = UInt8.random(in: 0...255, using: &random)
            }
            do {
                _ = try DocumentReader().read(Data(bytes))
            } catch {
                refused += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(refused > 0, "some mutants must be refused, or the mutation did nothing")
    }
}
