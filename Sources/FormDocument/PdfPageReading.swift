import CPoppler
import CPopplerPages
import Foundation

/// One page of a PDF read in one pass over its content (CPopplerPages): its characters with their boxes, as
/// poppler-glib gives them, and its ruling lines, from a drawing of only its strokes and fills. Reading the
/// text through poppler-glib and drawing the lines apart parsed every page — and loaded its fonts — twice.
struct PdfPageReading {
    /// The characters exactly as poppler gives them.
    var characters: [PositionedCharacter] = []
    var lines = RuledLines()
    /// What the drawing shows of the text that the text layer does not: characters struck through (text deleted
    /// with tracked changes shown) and tick boxes drawn before characters.
    var struck: Set<Int> = []
    var boxesBefore: [Int: Bool] = [:]

    /// The characters as a reader of the printed page sees them: without the struck-through ones, with ☑ or ☐
    /// where a tick box is drawn (on the line of the character it stands before) — but not where a form
    /// widget lies: a fillable field's own box is read from its value.
    func readCharacters(besides widgets: [WidgetArea]) -> [PositionedCharacter] {
        guard !struck.isEmpty || !boxesBefore.isEmpty else { return characters }
        var result: [PositionedCharacter] = []
        result.reserveCapacity(characters.count + boxesBefore.count)
        for (index, character) in characters.enumerated() {
            if let ticked = boxesBefore[index], !widgets.contains(where: { $0.holds(x: character.x1 - character.height / 2, y: character.middle) }) {
                let side = character.height
                result.append(
                    PositionedCharacter(
                        scalar: ticked ? "☑" : "☐", x1: character.x1 - side, x2: character.x1, y1: character.y1, y2: character.y2))
            }
            if !struck.contains(index) { result.append(character) }
        }
        return result
    }

    /// Page `pageIndex` of `document` (`width` × `height` points, as poppler-glib gives the page's size), or nil
    /// when reading it took longer than `seconds`. Without `text`, only the lines are drawn.
    static func read(
        document: OpaquePointer, pageIndex: Int, width: Double, height: Double, seconds: Double, text: Bool = true
    ) -> PdfPageReading? {
        var reading = PdfPageReading()
        var pageText = FPPageText()
        defer { fp_page_text_free(&pageText) }
        var judged = false
        let status = withCanvas(width: width, height: height) { context, finish in
            let status =
                text
                ? fp_pdf_read_page(document, Int32(pageIndex), context, &pageText, seconds)
                : fp_pdf_read_page(document, Int32(pageIndex), context, nil, seconds)
            guard status > 0, let bitmap = finish() else { return status }
            reading.lines = RuledLines(bitmap: bitmap)
            // The drawing lives as long as the canvas: characters are judged while it is there.
            if let characters = pageText.text {
                reading.characters = PdfReader.positioned(text: characters, boxCount: pageText.box_count) { index in
                    let box = pageText.boxes[index]
                    return (box.x1, box.y1, box.x2, box.y2)
                }
                var previous: PositionedCharacter?
                for (index, character) in reading.characters.enumerated() {
                    if bitmap.strikesThrough(character) { reading.struck.insert(index) }
                    // A tick box takes room before the character: close behind a glyph on its line there is none
                    // (a box is at least half a character wide), and most characters are.
                    let crowded =
                        previous.map { before in
                            !before.scalar.isWhiteSpace && abs(before.middle - character.middle) < character.height / 2
                                && character.x1 >= before.x1 && character.x1 - before.x2 < character.height * 0.45
                        } ?? false
                    if !crowded, let ticked = bitmap.tickBox(before: character) { reading.boxesBefore[index] = ticked }
                    previous = character
                }
                judged = true
            }
            return status
        }
        if status < 0 { return nil }
        if !judged, let characters = pageText.text {
            // No drawing could be made: the text as it is.
            reading.characters = PdfReader.positioned(text: characters, boxCount: pageText.box_count) { index in
                let box = pageText.boxes[index]
                return (box.x1, box.y1, box.x2, box.y2)
            }
        }
        return reading
    }

    /// Runs `body` with a cairo context drawing at `RuledLines.scale` onto an alpha-only canvas the size of the
    /// page (nil when no canvas can be made: the page is then read without its lines); `finish` gives the
    /// drawing back as a bitmap.
    private static func withCanvas(
        width: Double, height: Double, _ body: (OpaquePointer?, () -> DarkBitmap?) -> Int32
    ) -> Int32 {
        // The page size is the PDF's own (a MediaBox of 1e12 or NaN): checked as a Double, since converting a
        // value Int32 cannot hold traps.
        let scaledWidth = (width * RuledLines.scale).rounded(.up)
        let scaledHeight = (height * RuledLines.scale).rounded(.up)
        guard scaledWidth.isFinite, scaledHeight.isFinite, scaledWidth < 20_000, scaledHeight < 20_000 else {
            return body(nil, { nil })
        }
        let pixelWidth = Int32(max(1, scaledWidth))
        let pixelHeight = Int32(max(1, scaledHeight))
        let stride = cairo_format_stride_for_width(CAIRO_FORMAT_A8, pixelWidth)
        guard stride > 0 else { return body(nil, { nil }) }
        let canvas = SpareCanvas.take(bytes: Int(stride) * Int(pixelHeight))
        defer { SpareCanvas.give(canvas) }
        guard let surface = cairo_image_surface_create_for_data(canvas.bytes, CAIRO_FORMAT_A8, pixelWidth, pixelHeight, stride)
        else { return body(nil, { nil }) }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            return body(nil, { nil })
        }
        defer { cairo_destroy(context) }
        // An alpha-only surface: ink is coverage, a quarter of the memory of colour, and it starts empty.
        cairo_set_antialias(context, CAIRO_ANTIALIAS_NONE)
        cairo_scale(context, RuledLines.scale, RuledLines.scale)
        return body(context) {
            cairo_surface_flush(surface)
            // The surface holds `stride * height` bytes, as cairo reports them.
            guard let data = cairo_image_surface_get_data(surface) else { return nil }
            return DarkBitmap(
                data: UnsafePointer(data), width: Int(cairo_image_surface_get_width(surface)),
                height: Int(cairo_image_surface_get_height(surface)), stride: Int(cairo_image_surface_get_stride(surface)))
        }
    }
}

/// The buffer a page is drawn into, kept for the next page: a fresh one for every page (megabytes, so mapped
/// anew each time, and handed back by the worker's heap trim after each PDF) cost page faults every time. One
/// is kept; pages drawn at the same moment on other threads get buffers of their own.
enum SpareCanvas {
    struct Canvas: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<UInt8>
        let capacity: Int
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var spare: Canvas?

    /// A zeroed buffer of at least `bytes` bytes.
    static func take(bytes: Int) -> Canvas {
        let kept = lock.withLock { () -> Canvas? in
            defer { spare = nil }
            return spare
        }
        var canvas = kept
        if let existing = canvas, existing.capacity < bytes {
            existing.bytes.deallocate()
            canvas = nil
        }
        let taken = canvas ?? Canvas(bytes: .allocate(capacity: bytes), capacity: bytes)
        taken.bytes.initialize(repeating: 0, count: bytes)
        return taken
    }

    static func give(_ canvas: Canvas) {
        let replaced = lock.withLock { () -> Canvas? in
            defer { spare = canvas }
            return spare
        }
        replaced?.bytes.deallocate()
    }
}
