// libFuzzer harness: the .docx reader (libzip + libxml2 under formpipe's limits: FormDocument.DocxReader), and
// for whatever it reads, classification, extraction and validation as a worker runs them. Built and run by
// `make fuzz` (docs/fuzzing.md); in an ordinary build this file has no top-level code and the program does nothing.
import FormDocument
import FormPipeline
import Foundation
import FuzzSupport

enum DocxHarness {
    static let limits = FuzzSupport.readerLimits
    static let processor = SubmissionProcessor(catalog: FuzzSupport.catalog, limits: limits)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzSupport.data(data, size)
    guard let document = try? DocxReader(limits: DocxHarness.limits).read(bytes) else { return 0 }
    _ = DocxHarness.processor.process(document)
    return 0
}
