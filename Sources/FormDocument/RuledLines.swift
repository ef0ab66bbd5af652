import CPoppler

/// The ruling lines of a page — the borders of a printed Word table — found in a rendering of the page.
///
/// poppler-glib exposes no drawing operations, so the page is rendered (without annotations, so form widgets
/// draw no boxes) and long runs of dark pixels are read back as lines.
struct RuledLines {
    struct Horizontal {
        var y: Double
        var x0: Double
        var x1: Double
    }

    struct Vertical {
        var x: Double
        var y0: Double
        var y1: Double
    }

    var horizontals: [Horizontal] = []
    var verticals: [Vertical] = []

    /// Pixels per point of the rendering: enough to tell a border from a glyph stroke.
    static let scale = 2.0
    /// A horizontal run this long (points) may be a border: longer than a stroke of a 22 pt title glyph.
    static let minimumHorizontal = 24.0
    /// A horizontal run this long is a border even without vertical borders at its ends.
    static let certainHorizontal = 60.0
    /// A vertical run must be this long (points) and end on horizontal borders to count.
    static let minimumVertical = 5.0

    static func detect(page: OpaquePointer, width: Double, height: Double) -> RuledLines {
        let pixelWidth = Int32(max(1, (width * scale).rounded(.up)))
        let pixelHeight = Int32(max(1, (height * scale).rounded(.up)))
        guard pixelWidth < 20_000, pixelHeight < 20_000,
            let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixelWidth, pixelHeight)
        else { return RuledLines() }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            return RuledLines()
        }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        poppler_page_render_for_printing_with_options(page, context, POPPLER_PRINT_DOCUMENT)
        cairo_destroy(context)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return RuledLines() }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let bitmap = DarkBitmap(data: data, width: Int(pixelWidth), height: Int(pixelHeight), stride: stride)
        return RuledLines(bitmap: bitmap)
    }

    init() {}

    /// Without the lines drawn inside form widgets: poppler prints widget appearances (boxes, and outlines
    /// standing in for text it cannot draw) even when asked for the document only, and they are no table.
    func ignoring(inside areas: [WidgetArea]) -> RuledLines {
        guard !areas.isEmpty else { return self }
        let margin = 1.5
        func inside(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> Bool {
            areas.contains {
                x0 >= $0.left - margin && x1 <= $0.right + margin && y0 >= $0.top - margin && y1 <= $0.bottom + margin
            }
        }
        var result = RuledLines()
        result.horizontals = horizontals.filter { !inside($0.x0, $0.x1, $0.y, $0.y) }
        result.verticals = verticals.filter { !inside($0.x, $0.x, $0.y0, $0.y1) }
        return result
    }

    init(bitmap: DarkBitmap) {
        let minimumRun = Int(Self.minimumHorizontal * Self.scale)
        var runs: [(y: Int, x0: Int, x1: Int)] = []
        for y in 0..<bitmap.height {
            var x = 0
            while x < bitmap.width {
                guard bitmap.isDark(x, y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < bitmap.width, bitmap.isDark(x, y) { x += 1 }
                if x - start >= minimumRun { runs.append((y, start, x - 1)) }
            }
        }
        // Rows of pixels of one thick line become one line.
        var lines: [(y0: Int, y1: Int, x0: Int, x1: Int)] = []
        for run in runs {
            if let index = lines.lastIndex(where: { $0.y1 >= run.y - 1 && $0.x0 <= run.x1 && run.x0 <= $0.x1 && $0.y1 < run.y }) {
                lines[index].y1 = run.y
                lines[index].x0 = min(lines[index].x0, run.x0)
                lines[index].x1 = max(lines[index].x1, run.x1)
            } else {
                lines.append((run.y, run.y, run.x0, run.x1))
            }
        }
        let candidates = lines.filter { $0.y1 - $0.y0 <= Int(3 * Self.scale) }.map {
            Horizontal(y: Double($0.y0 + $0.y1) / 2 / Self.scale, x0: Double($0.x0) / Self.scale, x1: Double($0.x1) / Self.scale)
        }

        let minimumVertical = Int(Self.minimumVertical * Self.scale)
        var columns: [(x: Int, y0: Int, y1: Int)] = []
        for x in 0..<bitmap.width {
            var y = 0
            while y < bitmap.height {
                guard bitmap.isDark(x, y) else {
                    y += 1
                    continue
                }
                let start = y
                while y < bitmap.height, bitmap.isDark(x, y) { y += 1 }
                if y - start >= minimumVertical { columns.append((x, start, y - 1)) }
            }
        }
        var verticalLines: [(x0: Int, x1: Int, y0: Int, y1: Int)] = []
        for run in columns {
            if let index = verticalLines.lastIndex(where: { $0.x1 >= run.x - 1 && $0.x1 < run.x && $0.y0 <= run.y1 && run.y0 <= $0.y1 }) {
                verticalLines[index].x1 = run.x
                verticalLines[index].y0 = min(verticalLines[index].y0, run.y0)
                verticalLines[index].y1 = max(verticalLines[index].y1, run.y1)
            } else {
                verticalLines.append((run.x, run.x, run.y0, run.y1))
            }
        }
        let tolerance = 2.5
        let rawVerticals = verticalLines.filter { $0.x1 - $0.x0 <= Int(3 * Self.scale) }.map {
            Vertical(x: Double($0.x0 + $0.x1) / 2 / Self.scale, y0: Double($0.y0) / Self.scale, y1: Double($0.y1) / Self.scale)
        }
        // A border meets other borders at its ends; a glyph stroke of a large title does not.
        let horizontals = candidates.filter { line in
            guard line.x1 - line.x0 < Self.certainHorizontal else { return true }
            let meets = { (x: Double) in
                rawVerticals.contains { abs($0.x - x) <= tolerance && $0.y0 - tolerance <= line.y && line.y <= $0.y1 + tolerance }
            }
            return meets(line.x0) && meets(line.x1)
        }
        self.horizontals = horizontals
        verticals = rawVerticals.filter { line in
            // A border starts and ends on horizontal borders; a glyph stroke does not.
            let touches = { (y: Double) in
                horizontals.contains { abs($0.y - y) <= tolerance && $0.x0 - tolerance <= line.x && line.x <= $0.x1 + tolerance }
            }
            return touches(line.y0) && touches(line.y1)
        }
    }
}

/// Read access to a rendered page: which pixels are dark.
struct DarkBitmap {
    let data: UnsafeMutablePointer<UInt8>
    let width: Int
    let height: Int
    let stride: Int

    func isDark(_ x: Int, _ y: Int) -> Bool {
        // RGB24 is stored as 32-bit native-endian words: on little-endian machines B, G, R, unused.
        let offset = y * stride + x * 4
        let sum = Int(data[offset]) + Int(data[offset + 1]) + Int(data[offset + 2])
        return sum < 3 * 160
    }
}
