import CPoppler
import CPopplerPages
public import Foundation

/// Reads a PDF — printed from a Word form, or a fillable AcroForm — into the same `Document` model as .docx.
///
/// poppler gives each character with its box; characters become lines by baseline, lines split into cells
/// at wide gaps, and cells line up into grid columns by where they start, so the printed table comes back
/// as one table (across pages) that extraction reads exactly like a Word table. AcroForm values are placed
/// where their widgets sit, since `poppler_page_get_text` leaves them out.
public struct PdfReader: DocumentReading {
    public let limits: InputLimits
    public var kinds: Set<FileKind> { [.pdf] }

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

    /// Reads within a deadline the caller already started; checked before each page.
    public func read(_ bytes: Data, deadline: Deadline) throws(DocumentError) -> Document {
        if bytes.count > limits.maxFileBytes {
            throw .limitExceeded(limit: "max_file_mb", detail: "\(bytes.count) 字节，上限 \(limits.maxFileBytes)")
        }
        guard !bytes.isEmpty else { throw .damaged("空文件") }
        fp_poppler_keep_global_state()
        let gbytes = bytes.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        defer { g_bytes_unref(gbytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(gbytes, nil, &error) else {
            let encrypted =
                error.map { $0.pointee.domain == poppler_error_quark() && $0.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) } ?? false
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown"
            if let error { g_error_free(error) }
            if encrypted { throw .encrypted }
            throw .damaged("PDF 无法解析：\(message)")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        // The same bytes opened once more with poppler's own API, which reads a page's text and draws its lines
        // in one pass (PdfPageReading); poppler-glib keeps its document to itself and gives the page's size and
        // its form fields.
        let pages = bytes.withUnsafeBytes { raw in
            fp_pdf_open(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
        }
        defer { fp_pdf_close(pages) }

        let pageCount = Int(poppler_document_get_n_pages(document))
        if pageCount > limits.maxPDFPages {
            throw .limitExceeded(limit: "max_pdf_pages", detail: "\(pageCount) 页，上限 \(limits.maxPDFPages) 页")
        }
        var blocks: [PageLayout.PageBlock] = []
        var fields: [FormFieldValue] = []
        var sawText = false
        var textCharacters = 0
        var pageStarts: [Int] = []
        var scanned = ScannedPages(limits: limits)
        for index in 0..<pageCount {
            try deadline.check()
            guard let page = poppler_document_get_page(document, Int32(index)) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            var height = 0.0
            var width = 0.0
            poppler_page_get_size(page, &width, &height)
            var reading = PdfPageReading()
            if let pages {
                guard
                    let read = PdfPageReading.read(
                        document: pages, pageIndex: index, width: width, height: height, seconds: deadline.remaining)
                else { throw .timedOut(seconds: deadline.seconds) }
                reading = read
            } else {
                reading.characters = Self.characters(of: page)
            }
            let widgets = Self.formFields(of: page, pageHeight: height)
            let characters = Self.withoutFieldCodes(reading.readCharacters(besides: widgets.map(\.area)))
            textCharacters += characters.count
            if textCharacters > limits.maxTextCharacters {
                throw .limitExceeded(limit: "max_text_chars", detail: "文字超过 \(limits.maxTextCharacters) 字")
            }
            fields += widgets.map { $0.field }
            sawText = sawText || !characters.isEmpty
            if widgets.isEmpty && (characters.isEmpty || characters.count < 60 && Self.isMostlyImage(page, width: width, height: height)) {
                // A page without a text layer: a scan, read by OCR like an image file — also when a scanner app
                // printed a line of its own over it ("Scanned by …").
                let pageBlocks = try scanned.read(page: index + 1, dpi: ScannedPage.workingDPI, deadline: deadline) {
                    Self.render(page, width: width, height: height, limits: limits)
                }
                if let pageBlocks { pageStarts.append(Self.append(pageBlocks, to: &blocks)) }
                continue
            }
            let lines = reading.lines.ignoring(inside: widgets.map { $0.area })
            let pageBlocks = PageLayout(characters: characters + widgets.flatMap { $0.characters }, lines: lines, pageWidth: width).blocks()
            pageStarts.append(Self.append(pageBlocks, to: &blocks))
        }
        if !sawText && scanned.characters == 0 && fields.isEmpty {
            throw pageCount == 0 ? .damaged("PDF 没有页面") : .noTextLayer
        }
        return Document(
            format: .pdf, blocks: blocks.map(\.block), formFields: fields, pageStarts: pageStarts, uncertainTexts: scanned.uncertainTexts,
            scannedPages: scanned.count, scannedLines: scanned.textLines)
    }

    /// Whether one image covers at least half the page: a scanned page.
    static func isMostlyImage(_ page: OpaquePointer, width: Double, height: Double) -> Bool {
        guard let mapping = poppler_page_get_image_mapping(page) else { return false }
        defer { poppler_page_free_image_mapping(mapping) }
        var node: UnsafeMutablePointer<GList>? = mapping
        while let current = node {
            if let entry = current.pointee.data?.assumingMemoryBound(to: PopplerImageMapping.self) {
                let area = entry.pointee.area
                if abs((area.x2 - area.x1) * (area.y2 - area.y1)) >= width * height / 2 { return true }
            }
            node = current.pointee.next
        }
        return false
    }

    /// A page drawn at `ScannedPage.workingDPI` for OCR; nil when the page is too large to draw within
    /// `max_image_megapixels`.
    static func render(_ page: OpaquePointer, width: Double, height: Double, limits: InputLimits) -> ScanImage? {
        let scale = ScannedPage.workingDPI / 72
        let scaledWidth = (width * scale).rounded(.up)
        let scaledHeight = (height * scale).rounded(.up)
        guard scaledWidth.isFinite, scaledHeight.isFinite, scaledWidth >= 1, scaledHeight >= 1,
            scaledWidth * scaledHeight <= Double(limits.maxImagePixels), scaledWidth < 30_000, scaledHeight < 30_000
        else { return nil }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(scaledWidth), Int32(scaledHeight)) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else { return nil }
        defer { cairo_destroy(context) }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        poppler_page_render(page, context)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return nil }
        return PixImage.scanImage(
            ofCairoRGB: data, width: Int(cairo_image_surface_get_width(surface)), height: Int(cairo_image_surface_get_height(surface)),
            stride: Int(cairo_image_surface_get_stride(surface)))
    }

    /// A table that runs over a page break continues the table it started on: page numbers and running
    /// heads between them are left out when the next page opens with a table whose first row has the column
    /// borders the last row before the break had. Each page's grid has only the borders drawn on that page (a
    /// page holding only full-width rows has one column), so ruled tables are compared by where the borders lie,
    /// and the joined table gets a grid with the borders of both.
    /// Returns where the page's own blocks begin (after a table it continued).
    @discardableResult
    static func append(_ pageBlocks: [PageLayout.PageBlock], to blocks: inout [PageLayout.PageBlock]) -> Int {
        var incoming = pageBlocks
        if let lastTableIndex = blocks.lastIndex(where: { if case .table = $0.block { return true } else { return false } }),
            case .table(let previous) = blocks[lastTableIndex].block,
            let firstTableIndex = incoming.firstIndex(where: { if case .table = $0.block { return true } else { return false } }),
            case .table(let next) = incoming[firstTableIndex].block,
            incoming[..<firstTableIndex].allSatisfy({ if case .paragraph(let text) = $0.block { return isRunningText(text) } else { return false } }),
            blocks[(lastTableIndex + 1)...].allSatisfy({
                if case .paragraph(let text) = $0.block { return isRunningText(text) } else { return false }
            }),
            let lastRow = previous.rows.last, let firstRow = next.rows.first
        {
            let joined: PageLayout.PageBlock?
            if let previousEdges = blocks[lastTableIndex].columnEdges, let nextEdges = incoming[firstTableIndex].columnEdges {
                joined = joinRuled(previous, previousEdges, lastRow, next, nextEdges, firstRow)
            } else if columnShape(lastRow) == columnShape(firstRow) {
                joined = PageLayout.PageBlock(block: .table(Table(rows: previous.rows + next.rows)))
            } else {
                joined = nil
            }
            if let joined {
                blocks.removeSubrange((lastTableIndex + 1)...)
                blocks[lastTableIndex] = joined
                incoming.removeSubrange(...firstTableIndex)
            }
        }
        blocks += incoming
        return blocks.count - incoming.count
    }

    /// Two ruled tables as one, on a grid with the borders of both, when the last row of the one has its cell
    /// borders where the first row of the other has them; nil otherwise.
    static func joinRuled(
        _ previous: Table, _ previousEdges: [Double], _ lastRow: Row, _ next: Table, _ nextEdges: [Double], _ firstRow: Row
    ) -> PageLayout.PageBlock? {
        guard let lastBorders = borders(of: lastRow, edges: previousEdges), let firstBorders = borders(of: firstRow, edges: nextEdges),
            lastBorders.count == firstBorders.count,
            zip(lastBorders, firstBorders).allSatisfy({ abs($0 - $1) <= PageLayout.tolerance })
        else { return nil }
        let edges = PageLayout.cluster(previousEdges + nextEdges)
        guard let before = regrid(previous, from: previousEdges, to: edges), let after = regrid(next, from: nextEdges, to: edges) else {
            return nil
        }
        return PageLayout.PageBlock(block: .table(Table(rows: before.rows + after.rows)), columnEdges: edges)
    }

    /// Where a row's cell borders lie: its left edge, then the right edge of each cell.
    static func borders(of row: Row, edges: [Double]) -> [Double]? {
        var column = row.gridBefore
        guard column < edges.count else { return nil }
        var result = [edges[column]]
        for cell in row.cells {
            column += cell.columnSpan
            guard column < edges.count else { return nil }
            result.append(edges[column])
        }
        return result
    }

    /// The table with its columns counted on a finer grid holding every border of its own.
    static func regrid(_ table: Table, from edges: [Double], to finer: [Double]) -> Table? {
        guard edges != finer else { return table }
        func index(_ column: Int) -> Int? {
            guard column < edges.count else { return nil }
            return finer.firstIndex { abs($0 - edges[column]) <= PageLayout.tolerance }
        }
        var rows: [Row] = []
        for row in table.rows {
            guard var left = index(row.gridBefore) else { return nil }
            let gridBefore = left
            var column = row.gridBefore
            var cells: [Cell] = []
            for var cell in row.cells {
                column += cell.columnSpan
                guard let right = index(column), right > left else { return nil }
                cell.columnSpan = right - left
                cells.append(cell)
                left = right
            }
            rows.append(Row(gridBefore: gridBefore, cells: cells))
        }
        return Table(rows: rows)
    }

    static func columnShape(_ row: Row) -> [Int] {
        [row.gridBefore] + row.cells.map(\.columnSpan)
    }

    /// Page numbers and the like ("第 2 页", "- 3 -", "2/5").
    static func isRunningText(_ text: String) -> Bool {
        let compact = text.filter { !$0.isWhitespace }
        return compact.isEmpty || compact.count <= 12 && compact.allSatisfy { $0.isNumber || "第页共/-—".contains($0) }
    }

    /// Every visible character of a page with its box (top-left origin), through poppler-glib: for a document
    /// only poppler-glib opens, and the reference the one-pass reading is checked against.
    static func characters(of page: OpaquePointer) -> [PositionedCharacter] {
        guard let textPointer = poppler_page_get_text(page) else { return [] }
        defer { g_free(textPointer) }
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &count) != 0, let rectangles else { return [] }
        defer { g_free(rectangles) }
        return positioned(text: textPointer, boxCount: Int(count)) { index in
            let box = rectangles[index]
            return (box.x1, box.y1, box.x2, box.y2)
        }
    }

    /// A page's text (UTF-8) paired with the boxes of its characters, the n-th box for the n-th character;
    /// line breaks carry no character.
    static func positioned(
        text: UnsafePointer<CChar>, boxCount: Int, box: (Int) -> (x1: Double, y1: Double, x2: Double, y2: Double)
    ) -> [PositionedCharacter] {
        let scalars = Array(String(cString: text).unicodeScalars)
        var result: [PositionedCharacter] = []
        result.reserveCapacity(min(scalars.count, boxCount))
        for (index, scalar) in scalars.enumerated() where index < boxCount {
            if scalar == "\n" || scalar == "\r" { continue }
            let (x1, y1, x2, y2) = box(index)
            result.append(PositionedCharacter(scalar: scalar, x1: x1, x2: x2, y1: y1, y2: y2))
        }
        return result
    }

    /// AcroForm fields of a page: their values, and characters placed where each widget is drawn.
    static func formFields(
        of page: OpaquePointer, pageHeight: Double
    ) -> [(field: FormFieldValue, characters: [PositionedCharacter], area: WidgetArea)] {
        guard let mapping = poppler_page_get_form_field_mapping(page) else { return [] }
        defer { poppler_page_free_form_field_mapping(mapping) }
        var result: [(FormFieldValue, [PositionedCharacter], WidgetArea)] = []
        var node: UnsafeMutablePointer<GList>? = mapping
        while let current = node {
            defer { node = current.pointee.next }
            guard let entry = current.pointee.data?.assumingMemoryBound(to: PopplerFormFieldMapping.self),
                let field = entry.pointee.field
            else { continue }
            let name = takeString(poppler_form_field_get_name(field)) ?? ""
            let alternate = takeString(poppler_form_field_get_alternate_ui_name(field))
            let value: String
            switch poppler_form_field_get_field_type(field) {
            case POPPLER_FORM_FIELD_TEXT:
                value = takeString(poppler_form_field_text_get_text(field)) ?? ""
            case POPPLER_FORM_FIELD_BUTTON:
                guard poppler_form_field_button_get_button_type(field) != POPPLER_FORM_BUTTON_PUSH else { continue }
                value = poppler_form_field_button_get_state(field) != 0 ? "☑" : "☐"
            case POPPLER_FORM_FIELD_CHOICE:
                let items = (0..<poppler_form_field_choice_get_n_items(field)).compactMap { item -> String? in
                    guard poppler_form_field_choice_is_item_selected(field, item) != 0 else { return nil }
                    return takeString(poppler_form_field_choice_get_item(field, item))
                }
                value = items.joined(separator: "、")
            default:
                continue
            }
            let area = entry.pointee.area
            // Widget areas use PDF coordinates (origin bottom-left); text boxes use top-left.
            let top = pageHeight - area.y2
            let bottom = pageHeight - area.y1
            let characters = placed(value, x: area.x1 + 1, top: top, bottom: bottom, width: area.x2 - area.x1)
            result.append(
                (
                    FormFieldValue(name: name, alternateName: alternate, value: value), characters,
                    WidgetArea(left: area.x1, right: area.x2, top: top, bottom: bottom)
                ))
        }
        return result
    }

    /// A widget's value as characters inside its box, so it joins the cell or line of the label printed
    /// beside it; each line of a multi-line value gets a line of its own, short enough to read as ending a
    /// paragraph.
    static func placed(_ value: String, x: Double, top: Double, bottom: Double, width: Double) -> [PositionedCharacter] {
        let lines = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n").map { Array($0.unicodeScalars) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return [] }
        let lineHeight = max(1, min((bottom - top) / Double(lines.count), 12))
        let longest = Double(lines.map(\.count).max() ?? 1)
        let step = min(lineHeight, max(0.5, (width - 2) / (longest + 2)))
        var characters: [PositionedCharacter] = []
        for (lineIndex, scalars) in lines.enumerated() {
            let lineTop = top + Double(lineIndex) * lineHeight
            for (index, scalar) in scalars.enumerated() {
                let left = x + Double(index) * step
                characters.append(
                    PositionedCharacter(scalar: scalar, x1: left, x2: left + step * 0.9, y1: lineTop, y2: lineTop + lineHeight * 0.9))
            }
        }
        return characters
    }

    static func takeString(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }
}

/// Where a form widget sits on the page (top-left origin, points).
extension PdfReader {
    /// The names of Word's form fields, which LibreOffice prints before a legacy field's value (and Word, with
    /// field codes shown): they are no text of the form.
    static let fieldCodes: [[Unicode.Scalar]] = ["FORMTEXT", "FORMCHECKBOX", "FORMDROPDOWN"].map { Array($0.unicodeScalars) }

    /// The characters without the field-code names printed among them (letters of a name may stand apart).
    static func withoutFieldCodes(_ characters: [PositionedCharacter]) -> [PositionedCharacter] {
        guard characters.contains(where: { $0.scalar == "F" }) else { return characters }
        var result: [PositionedCharacter] = []
        result.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            if characters[index].scalar == "F", let end = fieldCodeEnd(in: characters, from: index) {
                index = end
                continue
            }
            result.append(characters[index])
            index += 1
        }
        return result
    }

    /// Where a field-code name starting at `start` ends (blanks between its letters allowed), or nil.
    private static func fieldCodeEnd(in characters: [PositionedCharacter], from start: Int) -> Int? {
        for code in fieldCodes {
            var position = start
            var matched = 0
            while position < characters.count, matched < code.count {
                let scalar = characters[position].scalar
                if scalar == code[matched] {
                    matched += 1
                } else if !scalar.isWhiteSpace || matched == 0 {
                    break
                }
                position += 1
            }
            if matched == code.count { return position }
        }
        return nil
    }
}

struct WidgetArea: Sendable {
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double

    /// Whether a point lies inside, or within a point of, the widget.
    func holds(x: Double, y: Double) -> Bool {
        x >= left - 1 && x <= right + 1 && y >= top - 1 && y <= bottom + 1
    }
}

package struct PositionedCharacter: Sendable {
    let scalar: Unicode.Scalar
    let x1: Double
    let x2: Double
    let y1: Double
    let y2: Double

    /// A character and its box in points, from the top left of the page.
    package init(scalar: Unicode.Scalar, x1: Double, x2: Double, y1: Double, y2: Double) {
        self.scalar = scalar
        self.x1 = x1
        self.x2 = x2
        self.y1 = y1
        self.y2 = y2
    }

    /// The same box holding another character.
    func with(scalar: Unicode.Scalar) -> PositionedCharacter {
        PositionedCharacter(scalar: scalar, x1: x1, x2: x2, y1: y1, y2: y2)
    }

    var middle: Double { (y1 + y2) / 2 }
    var height: Double { max(0.1, y2 - y1) }
}
