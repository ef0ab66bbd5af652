import CLibXML2
public import Foundation

/// Reads a WordprocessingML package (.docx, .docm, .dotx, transitional or strict) into a `Document`.
///
/// Text follows what Word shows: inserted and moved-to text counts, deleted and moved-from text does not;
/// placeholder text of content controls counts as empty; checkboxes (content controls, legacy form fields,
/// tick symbols) become ☑/☐ so extraction sees one kind of tick. Elements are matched by local name, so the
/// strict namespaces (`http://purl.oclc.org/ooxml/…`) read exactly like the transitional ones.
public struct DocxReader: DocumentReading {
    public let limits: InputLimits
    public var kinds: Set<FileKind> { [.docx] }

    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    /// Reads within `limits.secondsPerFile`.
    public func read(_ bytes: Data) throws(DocumentError) -> Document {
        try read(bytes, deadline: Deadline(seconds: limits.secondsPerFile))
    }

    public func read(_ bytes: Data, kind: FileKind, deadline: Deadline) throws(DocumentError) -> Document {
        try read(bytes, deadline: deadline)
    }

    /// Reads within a deadline the caller already started (e.g. one that a legacy conversion used part of).
    public func read(_ bytes: Data, deadline: Deadline) throws(DocumentError) -> Document {
        if bytes.count > limits.maxFileBytes {
            throw .limitExceeded(limit: "max_file_mb", detail: "\(bytes.count) 字节，上限 \(limits.maxFileBytes) 字节")
        }
        let archive = try ZipArchive(bytes: bytes, limits: limits, deadline: deadline)
        let contentTypes = try readContentTypes(archive)
        guard let mainPart = try mainDocumentPart(in: archive) else {
            if let mimetype = try archive.read("mimetype"),
                String(decoding: mimetype, as: UTF8.self).contains("opendocument.text")
            {
                throw .unsupported(.openDocumentText)
            }
            if archive.contains("[Content_Types].xml") {
                throw .damaged("压缩包中没有 Word 正文（word/document.xml）")
            }
            throw .unsupported(.otherZip)
        }
        // An Excel or PowerPoint package renamed to .docx. Word's own types vary (.docx, .docm
        // "ms-word.document.macroEnabled", .dotx, strict), so only the other applications' types are refused.
        if let type = contentTypes["/" + mainPart],
            ["spreadsheetml", "presentationml", "ms-excel", "ms-powerpoint"].contains(where: { Self.text(type, contains: $0) })
        {
            throw .unsupported(.otherZip)
        }
        guard let xml = try archive.read(mainPart) else {
            throw .damaged("压缩包中没有 Word 正文（\(mainPart)）")
        }
        try deadline.check()
        var walker = BodyWalker(limits: limits, deadline: deadline)
        let blocks = try SafeXML.withDocument(xml, partName: mainPart) { (root) throws(DocumentError) -> [Block] in
            guard let body = root.firstChild("body") else { throw .damaged("\(mainPart) 没有正文 body") }
            try deadline.check()
            return try walker.blocks(in: body, depth: 0)
        }
        walker.keepBodyPageStarts()
        var furniture: [String] = []
        for part in try headerAndFooterParts(of: mainPart, in: archive) {
            guard let partXML = try archive.read(part) else { continue }
            let partBlocks = try SafeXML.withDocument(partXML, partName: part) { (root) throws(DocumentError) -> [Block] in
                try walker.blocks(in: root, depth: 0)
            }
            furniture += Document.texts(inReadingOrder: partBlocks)
        }
        return Document(format: .docx, blocks: blocks, headersAndFooters: furniture, pageStarts: walker.bodyPageStarts)
    }

    /// Part name → content type from `[Content_Types].xml`. A package without it is still read (some tools
    /// omit it); one whose content types are not well-formed XML is refused, as Word refuses it.
    private func readContentTypes(_ archive: ZipArchive) throws(DocumentError) -> [String: String] {
        guard let data = try archive.read("[Content_Types].xml") else { return [:] }
        return try SafeXML.withDocument(data, partName: "[Content_Types].xml") { root -> [String: String] in
            var types: [String: String] = [:]
            for element in root.childElements where element.localName == "Override" {
                if let part = element.attribute("PartName"), let type = element.attribute("ContentType") {
                    types[part] = type
                }
            }
            return types
        }
    }

    /// The main part named by the package relationships, else the conventional name.
    private func mainDocumentPart(in archive: ZipArchive) throws(DocumentError) -> String? {
        if let rels = try archive.read("_rels/.rels") {
            let target = try SafeXML.withDocument(rels, partName: "_rels/.rels") { root -> String? in
                for relationship in root.childElements where relationship.localName == "Relationship" {
                    guard let type = relationship.attribute("Type"), type.hasSuffix("/officeDocument"),
                        let target = relationship.attribute("Target")
                    else { continue }
                    return Self.resolve(target, from: "")
                }
                return nil
            }
            if let target, archive.contains(target) { return target }
        }
        return archive.contains("word/document.xml") ? "word/document.xml" : nil
    }

    /// Header and footer parts the main part refers to, in relationship order.
    private func headerAndFooterParts(of mainPart: String, in archive: ZipArchive) throws(DocumentError) -> [String] {
        let folder = mainPart.split(separator: "/").dropLast().joined(separator: "/")
        let fileName = mainPart.split(separator: "/").last.map(String.init) ?? mainPart
        let relsName = (folder.isEmpty ? "" : folder + "/") + "_rels/" + fileName + ".rels"
        guard let rels = try archive.read(relsName) else { return [] }
        return try SafeXML.withDocument(rels, partName: relsName) { root -> [String] in
            var parts: [String] = []
            for relationship in root.childElements where relationship.localName == "Relationship" {
                guard let type = relationship.attribute("Type"), type.hasSuffix("/header") || type.hasSuffix("/footer"),
                    relationship.attribute("TargetMode") != "External", let target = relationship.attribute("Target")
                else { continue }
                let part = Self.resolve(target, from: folder)
                if archive.contains(part), !parts.contains(part) { parts.append(part) }
            }
            return parts
        }
    }

    /// Foundation's `contains`, which bridges to NSString, answered byte by byte for ASCII text (content types
    /// are): in ASCII a match of the bytes is a match of the characters.
    static func text(_ text: String, contains fragment: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }), fragment.utf8.allSatisfy({ $0 < 0x80 }), !fragment.isEmpty else {
            return text.contains(fragment)
        }
        let haystack = Array(text.utf8)
        let needle = Array(fragment.utf8)
        guard haystack.count >= needle.count else { return false }
        return (0...haystack.count - needle.count).contains { start in
            haystack[start..<start + needle.count].elementsEqual(needle)
        }
    }

    /// A relationship target as an entry name: only ever looked up in the archive, never used as a path.
    static func resolve(_ target: String, from folder: String) -> String {
        var segments = target.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(String(segment))
            }
        }
        return segments.joined(separator: "/")
    }
}
