// libFuzzer harness: the PDF reader — formpipe's own code around poppler (FormDocument.PdfReader,
// PdfPageReading, the C++ page reader CPopplerPages, ruled lines, page layout, AcroForm fields) — and for whatever
// it reads, classification, extraction and validation as a worker runs them. A crash inside poppler itself is
// what the worker processes exist for (docs/fuzzing.md). In an ordinary build the program does nothing.
import FormDocument
import FormPipeline
import Foundation
import FuzzSupport

enum PdfHarness {
    static let limits = FuzzSupport.readerLimits
    static let processor = SubmissionProcessor(catalog: FuzzSupport.catalog, limits: limits)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzSupport.data(data, size)
    guard let document = try? PdfReader(limits: PdfHarness.limits).read(bytes) else { return 0 }
    _ = PdfHarness.processor.process(document)
    return 0
}
