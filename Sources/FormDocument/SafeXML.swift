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
            throw .limitExceeded(limit: "max_entry_bytes", detail: "\(partName) 过大")
        }
        let parsed: xmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlReadMemory(base, Int32(raw.count), partName, nil, parseOptions)
        }
        guard let document = parsed else { throw .damaged("\(partName) 不是完整的 XML") }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            throw .forbiddenXML("\(partName) 含有 DTD 声明")
        }
        guard let root = xmlDocGetRootElement(document) else { throw .damaged("\(partName) 没有内容") }
        return try body(root)
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
