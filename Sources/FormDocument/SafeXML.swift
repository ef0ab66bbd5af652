import CLibXML2
import Foundation

/// libxml2 called directly with the flags that keep hostile XML harmless.
///
/// No entity substitution (`XML_PARSE_NOENT` would leak `file://` contents), no DTD loading, no network,
/// never `XML_PARSE_HUGE`; any document that carries a DTD is refused, and external entities are refused by
/// the loader installed once per process.
enum SafeXML {
    private static let initialised: Void = {
        xmlInitParser()
        formpipe_install_safe_entity_loader()
        formpipe_silence_generic_errors()
    }()

    static let parseOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Parses `data` and hands the root element to `body`; the tree is freed when `body` returns or throws.
    static func withDocument<T>(
        _ data: Data, partName: String, _ body: (xmlNodePtr) throws(DocumentError) -> T
    ) throws(DocumentError) -> T {
        _ = initialised
        guard data.count <= Int(Int32.max) else {
            throw .limitExceeded(limit: "max_entry_mb", detail: "\(partName) 过大")
        }
        // Refused before libxml2 sees it, so entity declarations (billion laughs, XXE) are never even parsed.
        if declaresDocumentType(data) { throw .forbiddenXML("\(partName) 含有 DTD 声明") }
        guard let context = xmlNewParserCtxt() else { throw .damaged("\(partName) 无法解析") }
        defer { xmlFreeParserCtxt(context) }
        let parsed: xmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlCtxtReadMemory(context, base, Int32(raw.count), partName, nil, parseOptions)
        }
        guard let document = parsed else {
            let error = context.pointee.lastError
            let message = error.message.map { String(cString: $0) } ?? ""
            if error.code == Int32(XML_ERR_INTERNAL_ERROR.rawValue), message.contains("depth") {
                throw .limitExceeded(limit: "max_xml_depth", detail: "\(partName) 的元素嵌套超过 libxml2 的 256 层上限")
            }
            throw .damaged("\(partName) 不是完整的 XML")
        }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            throw .forbiddenXML("\(partName) 含有 DTD 声明")
        }
        guard let root = xmlDocGetRootElement(document) else { throw .damaged("\(partName) 没有内容") }
        return try body(root)
    }

    /// Whether the prolog (everything before the root element) holds `<!DOCTYPE`. Parts in UTF-16 are left to
    /// the check after parsing, which still refuses any DTD; only the pre-parse shortcut is UTF-8 only.
    static func declaresDocumentType(_ data: Data) -> Bool {
        let marker = Array("<!DOCTYPE".utf8)
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else {
                    index += 1
                    continue
                }
                let next = bytes[index + 1]
                if next == UInt8(ascii: "!"), index + marker.count <= bytes.count,
                    bytes[index..<index + marker.count].elementsEqual(marker)
                {
                    return true
                }
                // A root element starts with a name character: the prolog is over.
                if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { return false }
                index += 1
            }
            return false
        }
    }
}

/// Read-only helpers over libxml2 nodes; all borrowed, nothing here allocates C memory that outlives a call.
extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }

    var localName: String {
        guard let name = pointee.name else { return "" }
        return String(cString: name)
    }

    var namespaceURI: String? {
        guard let ns = pointee.ns, let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }

    /// Child elements, in document order.
    var childElements: [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = pointee.children
        while let node = child {
            if node.isElement { result.append(node) }
            child = node.pointee.next
        }
        return result
    }

    func firstChild(_ localName: String) -> xmlNodePtr? {
        var child = pointee.children
        while let node = child {
            if node.isElement, node.localName == localName { return node }
            child = node.pointee.next
        }
        return nil
    }

    /// The value of the attribute with this local name, whatever its namespace prefix.
    func attribute(_ localName: String) -> String? {
        var property = pointee.properties
        while let attribute = property {
            if let name = attribute.pointee.name, String(cString: name) == localName {
                guard let value = xmlNodeGetContent(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self)) else {
                    return ""
                }
                defer { formpipe_xmlFree(value) }
                return String(cString: value)
            }
            property = attribute.pointee.next
        }
        return nil
    }

    /// The text directly inside this element (its text and CDATA children).
    var directText: String {
        var text = ""
        var child = pointee.children
        while let node = child {
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE,
                let content = node.pointee.content
            {
                text += String(cString: content)
            }
            child = node.pointee.next
        }
        return text
    }
}
