public import FormTemplates
public import Foundation

/// Builds .docx packages from readable WordprocessingML snippets.
public enum DocxFixture {
    public static let wordNamespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" \
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
        xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
        xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
        xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"
        """

    /// A complete package whose body is `bodyXML` (the children of `w:body`).
    public static func package(body bodyXML: String, extraEntries: [ZipWriter.Entry] = []) -> Data {
        var zip = WordPackage.zip(documentXML: document(body: bodyXML))
        zip.entries.append(contentsOf: extraEntries)
        return zip.archive()
    }

    /// Content types of the main part: a .docx, a macro-enabled .docm.
    public static let docxContentType = WordPackage.documentContentType
    public static let docmContentType = WordPackage.macroEnabledContentType

    /// ISO 29500 strict namespaces, as Word writes them for "Strict Open XML Document".
    public static let strictNamespaces = """
        xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main" \
        xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"
        """

    /// A package with a full main part (`documentXML`), its content type, and header parts (name → XML)
    /// that the main part refers to as `rIdH0`, `rIdH1`… in name order, as Word links them.
    public static func package(
        documentXML: String, contentType: String = docxContentType, headers: [String: String] = [:],
        relationshipNamespace: String = WordPackage.relationshipNamespace
    ) -> Data {
        let parts = headers.keys.sorted().enumerated().map { index, name in
            WordPackage.Part(
                name: name, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
                relationship: name.hasPrefix("footer") ? "footer" : "header", id: "rIdH\(index)", xml: headers[name] ?? "")
        }
        return WordPackage.archive(
            documentXML: documentXML, contentType: contentType, parts: parts, relationshipNamespace: relationshipNamespace)
    }

    /// A header part (`w:hdr`) holding `bodyXML`.
    public static func header(body bodyXML: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr \(wordNamespaces)>\(bodyXML)</w:hdr>
        """
    }

    public static func document(body bodyXML: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document \(wordNamespaces)><w:body>\(bodyXML)</w:body></w:document>
        """
    }

    public static func paragraph(_ text: String) -> String {
        "<w:p><w:r><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
    }

    /// A table from rows of cells; a cell is plain text, or raw `<w:tc>` XML when it starts with "<".
    public static func table(_ rows: [[String]]) -> String {
        let body = rows.map { row in
            "<w:tr>" + row.map { cell in cell.hasPrefix("<") ? cell : tableCell(cell) }.joined() + "</w:tr>"
        }.joined()
        return "<w:tbl>\(body)</w:tbl>"
    }

    public static func tableCell(_ text: String, span: Int = 1, verticalMerge: String? = nil) -> String {
        var properties = ""
        if span > 1 { properties += "<w:gridSpan w:val=\"\(span)\"/>" }
        if let verticalMerge {
            properties += verticalMerge.isEmpty ? "<w:vMerge/>" : "<w:vMerge w:val=\"\(verticalMerge)\"/>"
        }
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph(String($0)) }.joined()
        return "<w:tc>\(properties.isEmpty ? "" : "<w:tcPr>\(properties)</w:tcPr>")\(paragraphs)</w:tc>"
    }

    /// A paragraph holding only a page break, as Word writes Ctrl+Enter.
    public static let pageBreak = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"

    /// A table cell holding only an inline picture, as Word writes a pasted image (the image part itself is
    /// not needed to read the document).
    public static let pictureCell = """
        <w:tc><w:p><w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="228600"/><wp:docPr id="1" name="图片 1"/>\
        <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>\
        <pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline>\
        </w:drawing></w:r></w:p></w:tc>
        """

    /// Only what would break the markup: a test may mean to write control characters or quotes as they are.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
