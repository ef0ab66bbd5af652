import Foundation
import Testing
import TestSupport
@testable import FormDocument

/// What crosses the pipe from an unpack worker comes out exactly as it went in.
@Suite struct DocumentCodecTests {
    @Test func documentsRoundTrip() throws {
        let nested = Table(rows: [Row(cells: [Cell(text: "内")])])
        let document = Document(
            format: .pdf,
            blocks: [
                .paragraph("机关党员 2017 年度目标任务书"),
                .table(Table(rows: [
                    Row(gridBefore: 1, cells: [Cell(text: "姓名", verticalMerge: .restart), Cell(blocks: [.paragraph("张三"), .table(nested)], columnSpan: 3)]),
                    Row(cells: [Cell(text: "", verticalMerge: .continue)]),
                ])),
            ],
            formFields: [FormFieldValue(name: "Text1", alternateName: "姓名", value: "张三"), FormFieldValue(name: "x", alternateName: nil, value: "☑")],
            headersAndFooters: ["页眉"])
        #expect(try DocumentCodec.decode(DocumentCodec.encode(.success(document))) == .success(document))
    }

    @Test(arguments: [
        DocumentError.unsupported(.legacyWord), .damaged("截断"), .limitExceeded(limit: "max_file_mb", detail: "60 MB"),
        .forbiddenXML("DTD"), .encrypted, .noTextLayer, .timedOut(seconds: 2.5), .workerCrashed("信号 6"),
        .memoryExceeded(megabytes: 128), .conversionFailed(.openDocumentText, "超时"),
    ])
    func reasonsRoundTrip(_ error: DocumentError) throws {
        #expect(try DocumentCodec.decode(DocumentCodec.encode(.failure(error))) == .failure(error))
    }

    @Test func aTruncatedFrameIsAnErrorNotACrash() throws {
        let encoded = DocumentCodec.encode(.success(Document(format: .docx, blocks: [.paragraph(String(repeating: "字", count: 100))])))
        for length in [0, 1, 5, encoded.count / 2, encoded.count - 1] {
            #expect(throws: DocumentCodecError.self) { try DocumentCodec.decode(encoded.prefix(length)) }
        }
    }

    @Test func limitsSurviveTheCommandLine() throws {
        var limits = InputLimits()
        limits.maxPDFPages = 7
        limits.secondsPerFile = 1.5
        limits.convertLegacy = true
        limits.maxTotalInflatedBytes = 12345
        #expect(InputLimits(argument: limits.argument) == limits)
        #expect(InputLimits(argument: "max_pdf_pages=x") == nil)
    }
}
