import CLibXML2
import Foundation
import TestSupport
import Testing

@testable import FormDocument

/// The reader's shortcuts past Foundation and String creation decide as the code they replace did.
@Suite struct ReaderFastPathTests {
    /// Characters that are equal to other bytes (Kelvin sign and K, é and e + accent), ASCII, CJK, NUL, empty.
    static let names = ["", "t", "r", "rPr", "K", "\u{212A}", "k", ";", "\u{037E}", "é", "e\u{0301}", "名", "t\u{0}x", "tab", "ta", "\u{FFFD}"]

    @Test func namesCompareAsStringsDo() {
        for stored in Self.names {
            // As libxml2 holds it: UTF-8 up to the first NUL.
            let bytes = Array(stored.utf8CString).map { UInt8(bitPattern: $0) }
            bytes.withUnsafeBufferPointer { buffer in
                guard let raw = buffer.baseAddress else { return }
                for expected in Self.names {
                    #expect(
                        SafeXML.name(raw, is: expected) == (String(cString: raw) == expected),
                        "\(stored.debugDescription) \(expected.debugDescription)")
                }
            }
        }
        #expect(SafeXML.name(nil, is: ""))
        #expect(!SafeXML.name(nil, is: "t"))
    }

    /// The soft-hyphen removal as it was, with Foundation's search.
    static func referenceVisibleText(_ raw: String) -> String {
        var text = raw
        if text.contains("\u{00AD}") { text.removeAll { $0 == "\u{00AD}" } }
        return text
    }

    @Test func softHyphensGoAsBeforeWhateverTheyStandBeside() {
        let pieces = ["\u{00AD}", "a", "中", "\u{0301}", "\u{200D}", "\r\n", "\u{00C2}", "\u{00AD}\u{0301}", "x\u{00AD}", "\u{0600}", "😀"]
        var texts: [String] = []
        for first in pieces {
            for second in pieces {
                for third in pieces { texts.append(first + second + third) }
            }
        }
        for text in texts {
            let visible = BodyWalker.visibleText(text, symbolFont: nil)
            #expect(visible.unicodeScalars.elementsEqual(Self.referenceVisibleText(text).unicodeScalars), "\(text.debugDescription)")
        }
    }

    @Test func contentTypeSearchAgreesWithFoundation() {
        let types = [
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml", "application/vnd.ms-powerpoint", "ms-exce", "", "é-ms-excel",
            "ms-exce\u{0301}l", "ms-excel\u{0301}", "\r\nms-excel",
        ]
        for type in types {
            for fragment in ["spreadsheetml", "presentationml", "ms-excel", "ms-powerpoint", "", "e"] {
                #expect(DocxReader.text(type, contains: fragment) == type.contains(fragment), "\(type) \(fragment)")
            }
        }
    }

    @Test func theFirstTextsAreThePrefixOfAllTexts() throws {
        let nested = Table(rows: [Row(cells: [Cell(text: "内1"), Cell(blocks: [.paragraph("内2"), .paragraph("内3")])])])
        var documents = [
            Document(
                format: .docx,
                blocks: [
                    .paragraph("标题"),
                    .table(Table(rows: [Row(cells: [Cell(blocks: [.paragraph("a"), .table(nested), .paragraph("b")]), Cell(text: "")])])),
                    .paragraph("尾"),
                ])
        ]
        let samples = TestPaths.repositoryRoot.appendingPathComponent("Samples")
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.path) where name.hasSuffix(".docx") {
            if let document = try? DocxReader().read(Data(contentsOf: samples.appendingPathComponent(name))) { documents.append(document) }
        }
        #expect(documents.count > 10)
        for document in documents {
            let all = Document.texts(inReadingOrder: document.blocks)
            for limit in [0, 1, 2, 3, 5, 60, Int.max] {
                #expect(Document.texts(inReadingOrder: document.blocks, limit: limit) == Array(all.prefix(limit)))
            }
            for table in document.allTables {
                for cell in table.rows.flatMap(\.cells) {
                    let joined = cell.blocks.compactMap { block -> String? in
                        if case .paragraph(let text) = block { return text }
                        return nil
                    }.joined(separator: "\n")
                    #expect(cell.text == joined)
                }
            }
        }
    }

    @Test func childElementsAreTheElementChildrenInOrder() throws {
        let xml = Data("<a><b/>text<!--c--><c x='1'/><?p?><d>e</d></a>".utf8)
        let names = try SafeXML.withDocument(xml, partName: "t.xml") { root in root.childElements.map(\.localName) }
        #expect(names == ["b", "c", "d"])
        let value = try SafeXML.withDocument(Data("<a x='1 &amp; 2' y=''/>".utf8), partName: "t.xml") { root in
            [root.attribute("x"), root.attribute("y"), root.attribute("z")]
        }
        #expect(value == ["1 & 2", "", nil])
    }
}
