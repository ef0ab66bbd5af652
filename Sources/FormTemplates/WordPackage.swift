public import Foundation

/// The Open Packaging Conventions around a WordprocessingML main part: content types, the package
/// relationship to the main part, and the main part's relationships to its other parts (styles, headers…).
///
/// Both the blank forms and the tests' fixtures are packaged here, so a .docx is assembled in one place.
public enum WordPackage {
    /// Content types of the main part: a .docx, a macro-enabled .docm.
    public static let documentContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    public static let macroEnabledContentType = "application/vnd.ms-word.document.macroEnabled.main+xml"
    /// The transitional relationship namespace (ISO 29500 strict has its own under purl.oclc.org).
    public static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A part the main part refers to, under `word/`.
    public struct Part: Sendable {
        /// The file name inside `word/` (`styles.xml`, `header1.xml`).
        public var name: String
        public var contentType: String
        /// The relationship type's last path component (`styles`, `header`, `footer`, `settings`, `fontTable`).
        public var relationship: String
        /// The relationship id the main part uses for it (`r:id` of a header reference).
        public var id: String
        public var xml: String

        public init(name: String, contentType: String, relationship: String, id: String, xml: String) {
            self.name = name
            self.contentType = contentType
            self.relationship = relationship
            self.id = id
            self.xml = xml
        }
    }

    /// The package's entries, ready to be archived (or added to, as tests do with parts of their own).
    public static func zip(
        documentXML: String, contentType: String = documentContentType, parts: [Part] = [],
        relationshipNamespace: String = relationshipNamespace
    ) -> ZipWriter {
        var zip = ZipWriter()
        let overrides = parts.map { "<Override PartName=\"/word/\($0.name)\" ContentType=\"\($0.contentType)\"/>" }.joined()
        zip.add(
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/word/document.xml" ContentType="\(contentType)"/>\(overrides)</Types>
            """)
        zip.add(
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationshipNamespace)/officeDocument" Target="word/document.xml"/></Relationships>
            """)
        zip.add("word/document.xml", documentXML)
        if !parts.isEmpty {
            let relationships = parts.map {
                "<Relationship Id=\"\($0.id)\" Type=\"\(relationshipNamespace)/\($0.relationship)\" Target=\"\($0.name)\"/>"
            }.joined()
            zip.add(
                "word/_rels/document.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
                """)
            for part in parts { zip.add("word/\(part.name)", part.xml) }
        }
        return zip
    }

    /// The package as .docx bytes.
    public static func archive(
        documentXML: String, contentType: String = documentContentType, parts: [Part] = [],
        relationshipNamespace: String = relationshipNamespace
    ) -> Data {
        zip(documentXML: documentXML, contentType: contentType, parts: parts, relationshipNamespace: relationshipNamespace).archive()
    }
}

/// Escaping for text written into XML: element content and attribute values (quotes escaped too, so one
/// function serves both), with characters XML 1.0 cannot carry at all left out.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // C0 controls, lone surrogates' replacements and U+FFFE/FFFF are not XML characters.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
