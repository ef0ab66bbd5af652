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

    /// `XML_PARSE_COMPACT` keeps short texts inside their nodes instead of a block of their own: Word writes
    /// one short text node per run, and the allocations were a good part of parsing. It only forbids changing
    /// the tree afterwards, which nothing here does.
    static let parseOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)

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

extension SafeXML {
    /// Whether a libxml2 name is `expected` as String comparison decides, without making a String when the bytes
    /// settle it: equal bytes are equal names, and different ASCII bytes are different names (only text with
    /// non-ASCII characters can be canonically equivalent to other bytes). Elements and attributes are looked
    /// up by name all through the walk, so this is the comparison it makes most.
    static func name(_ raw: UnsafePointer<xmlChar>?, is expected: String) -> Bool {
        guard let raw else { return expected.isEmpty }
        var index = 0
        for byte in expected.utf8 {
            // A NUL inside `expected` would read past the end of `raw`; String comparison decides such names.
            guard byte != 0, raw[index] == byte else { return equalDespiteBytes(raw, expected) }
            index += 1
        }
        return raw[index] == 0 || equalDespiteBytes(raw, expected)
    }

    private static func equalDespiteBytes(_ raw: UnsafePointer<xmlChar>, _ expected: String) -> Bool {
        var index = 0
        var ascii = expected.utf8.allSatisfy { $0 < 0x80 }
        while ascii, raw[index] != 0 {
            ascii = raw[index] < 0x80
            index += 1
        }
        return !ascii && String(cString: raw) == expected
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

    /// Child elements, in document order; walked as the loop goes rather than gathered into an array first, as
    /// every element of a document is visited this way.
    var childElements: ChildElements { ChildElements(first: pointee.children) }

    func firstChild(_ localName: String) -> xmlNodePtr? {
        var child = pointee.children
        while let node = child {
            if node.isElement, SafeXML.name(node.pointee.name, is: localName) { return node }
            child = node.pointee.next
        }
        return nil
    }

    /// The value of the attribute with this local name, whatever its namespace prefix.
    func attribute(_ localName: String) -> String? {
        var property = pointee.properties
        while let attribute = property {
            if let name = attribute.pointee.name, SafeXML.name(name, is: localName) {
                // A value of one text node (every value Word writes) is read in place; xmlNodeGetContent would
                // return a copy of that same text, to be freed again.
                if let text = attribute.pointee.children, text.pointee.next == nil,
                    text.pointee.type == XML_TEXT_NODE || text.pointee.type == XML_CDATA_SECTION_NODE
                {
                    return text.pointee.content.map { String(cString: $0) } ?? ""
                }
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

/// The child elements of a libxml2 node, in document order (see `childElements`).
struct ChildElements: Sequence, IteratorProtocol {
    private var upcoming: xmlNodePtr?

    init(first: xmlNodePtr?) {
        upcoming = first
    }

    mutating func next() -> xmlNodePtr? {
        while let node = upcoming {
            upcoming = node.pointee.next
            if node.isElement { return node }
        }
        return nil
    }
}
