import CPoppler
import Foundation

/// Fills a PDF's AcroForm fields with poppler-glib, as a PDF viewer does when a person types and ticks, and
/// saves the result.
enum AcroFormFiller {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `texts`: field name → text; `radios`: radio group name → the index of the button to press, its buttons
    /// counted in reading order (top to bottom, left to right, as the options are printed); `choices`: list field
    /// name → the item to choose. Returns the saved PDF and the names set.
    static func fill(
        _ pdf: Data, texts: [String: String], radios: [String: Int], choices: [String: String], in folder: URL
    ) throws -> (pdf: Data, set: Set<String>) {
        let input = folder.appendingPathComponent("blank-\(UUID().uuidString).pdf")
        let output = folder.appendingPathComponent("filled-\(UUID().uuidString).pdf")
        try pdf.write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_file(input.absoluteString, nil, &error) else {
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown"
            if let error { g_error_free(error) }
            throw Failure(description: "poppler cannot open the PDF: \(message)")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        var set: Set<String> = []
        // Radio buttons by group, with where each sits, to press the one at the option's place once all are seen.
        var buttons: [String: [(page: Int32, top: Double, left: Double, field: OpaquePointer)]] = [:]
        var keep: [UnsafeMutableRawPointer] = []
        defer { for object in keep { g_object_unref(object) } }
        for index in 0..<poppler_document_get_n_pages(document) {
            guard let page = poppler_document_get_page(document, index) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            guard let mapping = poppler_page_get_form_field_mapping(page) else { continue }
            defer { poppler_page_free_form_field_mapping(mapping) }
            var node: UnsafeMutablePointer<GList>? = mapping
            while let current = node {
                defer { node = current.pointee.next }
                guard let entry = current.pointee.data?.assumingMemoryBound(to: PopplerFormFieldMapping.self),
                    let field = entry.pointee.field, let namePointer = poppler_form_field_get_name(field)
                else { continue }
                let name = String(cString: namePointer)
                g_free(namePointer)
                switch poppler_form_field_get_field_type(field) {
                case POPPLER_FORM_FIELD_TEXT:
                    if let text = texts[name] {
                        poppler_form_field_text_set_text(field, text)
                        set.insert(name)
                    }
                case POPPLER_FORM_FIELD_BUTTON:
                    guard radios[name] != nil else { continue }
                    // The mapping is freed with the page; the field is kept alive until the buttons are pressed.
                    g_object_ref(UnsafeMutableRawPointer(field))
                    keep.append(UnsafeMutableRawPointer(field))
                    buttons[name, default: []].append((index, -entry.pointee.area.y2, entry.pointee.area.x1, field))
                case POPPLER_FORM_FIELD_CHOICE:
                    guard let wanted = choices[name] else { continue }
                    for item in 0..<poppler_form_field_choice_get_n_items(field) {
                        guard let text = poppler_form_field_choice_get_item(field, item) else { continue }
                        defer { g_free(text) }
                        if String(cString: text) == wanted {
                            poppler_form_field_choice_select_item(field, item)
                            set.insert(name)
                        }
                    }
                default:
                    continue
                }
            }
        }
        for (name, index) in radios {
            let ordered = (buttons[name] ?? []).sorted { ($0.page, $0.top, $0.left) < ($1.page, $1.top, $1.left) }
            guard ordered.indices.contains(index) else { continue }
            poppler_form_field_button_set_state(ordered[index].field, 1)
            set.insert(name)
        }
        guard poppler_document_save(document, output.absoluteString, &error) != 0 else {
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown"
            if let error { g_error_free(error) }
            throw Failure(description: "poppler cannot save the PDF: \(message)")
        }
        defer { try? FileManager.default.removeItem(at: output) }
        return (try Data(contentsOf: output), set)
    }
}
