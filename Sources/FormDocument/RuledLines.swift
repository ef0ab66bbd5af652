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
            let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, pixelWidth, pixelHeight)
        else { return RuledLines() }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            return RuledLines()
        }
        // An alpha-only surface: ink is coverage, a quarter of the memory of colour, and it starts empty.
        cairo_set_antialias(context, CAIRO_ANTIALIAS_NONE)
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
        let width = bitmap.width
        let height = bitmap.height
        // One pass over the rendering, row by row: horizontal runs end within a row, vertical runs keep one
        // start per column; no intermediate mask, since the page is millions of pixels.
        let minimumRun = Int(Self.minimumHorizontal * Self.scale)
        let minimumVertical = Int(Self.minimumVertical * Self.scale)
        var open: [(y0: Int, y1: Int, x0: Int, x1: Int)] = []
        var lines: [(y0: Int, y1: Int, x0: Int, x1: Int)] = []
        var runStart = [Int](repeating: -1, count: width)
        var columnRuns: [(x: Int, y0: Int, y1: Int)] = []
        var runs: [(x0: Int, x1: Int)] = []
        runStart.withUnsafeMutableBufferPointer { starts in
            for y in 0...height {
                runs.removeAll(keepingCapacity: true)
                var horizontalStart = -1
                let row = y < height ? bitmap.data + y * bitmap.stride : bitmap.data
                for x in 0..<width {
                    let isDark: Bool
                    if y < height {
                        isDark = row[x] >= DarkBitmap.threshold
                    } else {
                        isDark = false
                    }
                    if isDark {
                        if horizontalStart < 0 { horizontalStart = x }
                        if starts[x] < 0 { starts[x] = y }
                    } else {
                        if horizontalStart >= 0 {
                            if x - horizontalStart >= minimumRun { runs.append((horizontalStart, x - 1)) }
                            horizontalStart = -1
                        }
                        if starts[x] >= 0 {
                            if y - starts[x] >= minimumVertical { columnRuns.append((x, starts[x], y - 1)) }
                            starts[x] = -1
                        }
                    }
                }
                if horizontalStart >= 0, width - horizontalStart >= minimumRun { runs.append((horizontalStart, width - 1)) }
                // Rows of pixels of one thick line become one line.
                var stillOpen: [(y0: Int, y1: Int, x0: Int, x1: Int)] = []
                var used = Set<Int>()
                for line in open {
                    if let index = runs.indices.first(where: { !used.contains($0) && runs[$0].x0 <= line.x1 && line.x0 <= runs[$0].x1 }) {
                        used.insert(index)
                        stillOpen.append((line.y0, y, min(line.x0, runs[index].x0), max(line.x1, runs[index].x1)))
                    } else {
                        lines.append(line)
                    }
                }
                for index in runs.indices where !used.contains(index) {
                    stillOpen.append((y, y, runs[index].x0, runs[index].x1))
                }
                open = stillOpen
            }
        }
        lines += open
        let candidates = lines.filter { $0.y1 - $0.y0 <= Int(3 * Self.scale) }.map {
            Horizontal(y: Double($0.y0 + $0.y1) / 2 / Self.scale, x0: Double($0.x0) / Self.scale, x1: Double($0.x1) / Self.scale)
        }

        // Vertical runs joined across adjacent columns.
        columnRuns.sort { ($0.x, $0.y0) < ($1.x, $1.y0) }
        var verticalLines: [(x0: Int, x1: Int, y0: Int, y1: Int)] = []
        var endingAt: [Int: [Int]] = [:]  // last column of a line → indices of lines ending there
        for run in columnRuns {
            if let index = endingAt[run.x - 1]?.first(where: { verticalLines[$0].y0 <= run.y1 && run.y0 <= verticalLines[$0].y1 }) {
                verticalLines[index].x1 = run.x
                verticalLines[index].y0 = min(verticalLines[index].y0, run.y0)
                verticalLines[index].y1 = max(verticalLines[index].y1, run.y1)
                endingAt[run.x, default: []].append(index)
            } else {
                verticalLines.append((run.x, run.x, run.y0, run.y1))
                endingAt[run.x, default: []].append(verticalLines.count - 1)
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
        let borderRows = horizontals.map(\.y).sorted()
        func nearBorderRow(_ y: Double) -> Bool {
            var low = 0
            var high = borderRows.count
            while low < high {
                let middle = (low + high) / 2
                if borderRows[middle] < y - tolerance { low = middle + 1 } else { high = middle }
            }
            return low < borderRows.count && abs(borderRows[low] - y) <= tolerance
        }
        verticals = rawVerticals.filter { nearBorderRow($0.y0) && nearBorderRow($0.y1) }.filter { line in
            let touches = { (y: Double) in
                horizontals.contains { abs($0.y - y) <= tolerance && $0.x0 - tolerance <= line.x && line.x <= $0.x1 + tolerance }
            }
            return touches(line.y0) && touches(line.y1)
        }
    }
}

/// A rendered page (alpha only): which pixels carry ink.
struct DarkBitmap {
    let data: UnsafeMutablePointer<UInt8>
    let width: Int
    let height: Int
    let stride: Int

    /// Coverage from which a pixel counts as ink.
    static let threshold: UInt8 = 96
}
