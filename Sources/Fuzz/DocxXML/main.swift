// libFuzzer harness: the WordprocessingML walker behind the .docx reader. The input is the main part
// (word/document.xml) of a package this harness zips around it (stored, so every byte reaches libxml2 and the body
// walker: mutating a whole .docx mostly breaks its deflate streams and CRCs, which fuzz-docx covers). Then
// classification, extraction and validation as a worker runs them. In an ordinary build the program does nothing.
import FormDocument
import FormPipeline
import FormSamples
import FormTemplates
import Foundation
import FuzzSupport

enum DocxXMLHarness {
    static let limits = FuzzSupport.readerLimits
    static let processor = SubmissionProcessor(catalog: FuzzSupport.catalog, limits: limits)
    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="\(DocxFixture.docxContentType)"/></Types>
        """
    static let relationships = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>
        """
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var zip = ZipWriter()
    zip.add("[Content_Types].xml", DocxXMLHarness.contentTypes)
    zip.add("_rels/.rels", DocxXMLHarness.relationships)
    zip.entries.append(ZipWriter.Entry(name: "word/document.xml", data: FuzzSupport.data(data, size)))
    guard let document = try? DocxReader(limits: DocxXMLHarness.limits).read(zip.archive()) else { return 0 }
    _ = DocxXMLHarness.processor.process(document)
    return 0
}
