import Foundation
import TestSupport
import Testing

@testable import FormDocument

/// Readers sit behind one protocol: a new kind of input is a conforming type in the list of readers, and a
/// reader that finds another kind inside a file hands it to that kind's reader.
@Suite struct DocumentReadingTests {
    /// Plain UTF-8 text, a line per paragraph: the smallest reader of a kind FormDocument does not read.
    struct TextLinesReader: DocumentReading {
        var kinds: Set<FileKind> { [.unknown] }
        func read(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Document {
            guard let text = String(data: bytes, encoding: .utf8) else { throw .damaged("不是 UTF-8 文本") }
            return Document(format: kind, blocks: text.split(separator: "\n").map { .paragraph(String($0)) })
        }
    }

    /// Claims .docx files and always finds them to be something else.
    struct Misdirecting: DocumentReading {
        let finds: FileKind
        var kinds: Set<FileKind> { [.docx] }
        func read(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Document {
            throw .unsupported(finds)
        }
    }

    static let text = Data("学习计划表\n姓名：张三".utf8)

    @Test func aNewKindOfInputIsOneConformingTypeInTheList() throws {
        #expect(throws: DocumentError.unsupported(.unknown)) { try DocumentReader().read(Self.text) }
        let limits = InputLimits()
        let reader = DocumentReader(limits: limits, readers: DocumentReader.readers(limits: limits) + [TextLinesReader()])
        let document = try reader.read(Self.text)
        #expect(document.blocks == [.paragraph("学习计划表"), .paragraph("姓名：张三")])
        // The readers that were there still read their own kinds.
        let sample = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx"))
        #expect(try reader.read(sample).format == .docx)
        let pdf = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples/pdf/mentoring_summary_valid_a.pdf"))
        #expect(try reader.read(pdf).format == .pdf)
    }

    @Test func aReaderThatFindsAnotherKindHandsTheFileOver() throws {
        let zip = Data([0x50, 0x4B, 0x03, 0x04]) + Self.text
        let handedOver = DocumentReader(limits: InputLimits(), readers: [Misdirecting(finds: .unknown), TextLinesReader()])
        #expect(try handedOver.read(zip).format == .unknown)
        // With nobody for the kind found, the file is refused as that kind — a zip of other files is a bundle.
        let unclaimed = DocumentReader(limits: InputLimits(), readers: [Misdirecting(finds: .otherZip)])
        #expect(throws: DocumentError.unsupported(.otherZip)) { try unclaimed.read(zip) }
        // Two readers pointing at each other end in a refusal, not a loop.
        struct Back: DocumentReading {
            var kinds: Set<FileKind> { [.unknown] }
            func read(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Document { throw .unsupported(.docx) }
        }
        let circular = DocumentReader(limits: InputLimits(), readers: [Misdirecting(finds: .unknown), Back()])
        #expect(throws: DocumentError.unsupported(.docx)) { try circular.read(zip) }
    }
}
