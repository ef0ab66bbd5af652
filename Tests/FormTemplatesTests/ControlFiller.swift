import CLibXML2
import Foundation

/// Fills a blank form's content controls as Word does when a person types into them: the placeholder run of a
/// text or date control is replaced by the typed text (and the control stops showing its placeholder), a check
/// box's `w14:checked` flips and its glyph with it. Controls are found by their tags.
enum ControlFiller {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `texts`: tag → text; `dates`: tag → ISO date (shown as 2017年3月1日); `ticked`: tags of check boxes to tick.
    /// Returns the main part and the tags that were filled, so a test can see that nothing was missed.
    static func fill(
        _ documentXML: String, texts: [String: String], dates: [String: String], ticked: Set<String>
    ) throws -> (xml: String, filled: Set<String>) {
        let bytes = Array(documentXML.utf8)
        guard
            let document = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress.flatMap { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        xmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", Int32(XML_PARSE_NONET.rawValue))
                    }
                }
            })
        else { throw Failure(description: "the template's document.xml does not parse") }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw Failure(description: "no root element") }

        var filled: Set<String> = []
        var controls: [xmlNodePtr] = []
        collect(root, named: "sdt", into: &controls)
        for control in controls {
            guard let properties = child(control, "sdtPr"), let tag = child(properties, "tag").flatMap({ attribute($0, "val") }),
                let content = child(control, "sdtContent")
            else { continue }
            if let checkbox = child(properties, "checkbox") {
                let on = ticked.contains(tag)
                if let checked = child(checkbox, "checked") { setAttribute(checked, "val", on ? "1" : "0") }
                replaceContent(content, in: document, namespace: control.pointee.ns, text: on ? "☒" : "☐")
                if on { filled.insert(tag) }
                continue
            }
            let value: String
            if let iso = dates[tag] {
                let parts = iso.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 3 else { throw Failure(description: "bad date \(iso) for \(tag)") }
                value = "\(parts[0])年\(parts[1])月\(parts[2])日"
                if let date = child(properties, "date") { setAttribute(date, "fullDate", "\(iso)T00:00:00Z") }
            } else if let text = texts[tag] {
                value = text
            } else {
                continue
            }
            if let showing = child(properties, "showingPlcHdr") {
                xmlUnlinkNode(showing)
                xmlFreeNode(showing)
            }
            replaceContent(content, in: document, namespace: control.pointee.ns, text: value)
            filled.insert(tag)
        }

        var output: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(document, &output, &size, "UTF-8")
        guard let output else { throw Failure(description: "libxml2 wrote nothing") }
        defer { formpipe_xmlFree(output) }
        let xml = String(decoding: UnsafeBufferPointer(start: output, count: Int(size)), as: UTF8.self)
        return (xml, filled)
    }

    private static func collect(_ node: xmlNodePtr, named name: String, into found: inout [xmlNodePtr]) {
        var current = node.pointee.children
        while let element = current {
            if element.pointee.type == XML_ELEMENT_NODE {
                if localName(element) == name { found.append(element) }
                collect(element, named: name, into: &found)
            }
            current = element.pointee.next
        }
    }

    private static func localName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    private static func child(_ node: xmlNodePtr, _ name: String) -> xmlNodePtr? {
        var current = node.pointee.children
        while let element = current {
            if element.pointee.type == XML_ELEMENT_NODE, localName(element) == name { return element }
            current = element.pointee.next
        }
        return nil
    }

    /// An attribute by its local name, whatever its namespace (w:val, w14:val).
    private static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { formpipe_xmlFree(value) }
        return String(cString: value)
    }

    /// Sets an attribute that is there already, in its own namespace (w: or w14:).
    private static func setAttribute(_ node: xmlNodePtr, _ name: String, _ value: String) {
        var property = node.pointee.properties
        while let current = property {
            if current.pointee.name.map({ String(cString: $0) }) == name {
                xmlSetNsProp(node, current.pointee.ns, name, value)
                return
            }
            property = current.pointee.next
        }
        xmlSetNsProp(node, node.pointee.ns, name, value)
    }

    /// The control's content becomes one run of the text (line breaks as `w:br`), as typing over a placeholder does.
    private static func replaceContent(_ content: xmlNodePtr, in document: xmlDocPtr, namespace: xmlNsPtr?, text: String) {
        while let old = content.pointee.children {
            xmlUnlinkNode(old)
            xmlFreeNode(old)
        }
        guard let run = xmlNewDocNode(document, namespace, "r", nil) else { return }
        xmlAddChild(content, run)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { _ = xmlNewChild(run, namespace, "br", nil) }
            // xmlNewTextChild escapes the text.
            if let element = xmlNewTextChild(run, namespace, "t", String(line)) { xmlNodeSetSpacePreserve(element, 1) }
        }
    }
}
