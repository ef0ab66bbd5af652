import CTesseract
import Foundation

/// The sideways lean of a table photographed at a slant (keystone): its rows are level once the page is
/// straightened, but its left and right borders lean, so no vertical border is found and columns blur.
enum Keystone {
    /// Whether the table's sides lean: the full-width row borders begin and end further right or left the lower
    /// they lie.
    static func leans(_ lines: RuledLines) -> Bool {
        sides(of: lines) != nil
    }

    /// The lines the table's left and right sides follow (points), and the first and last row border's height;
    /// nil when they stand upright within a point and a half, or cannot be told.
    static func sides(of lines: RuledLines) -> (left: Line, right: Line, top: Double)? {
        let widest = lines.horizontals.map { $0.x1 - $0.x0 }.max() ?? 0
        let rows = lines.horizontals.filter { $0.x1 - $0.x0 >= widest * 0.85 }
        guard widest > 100, rows.count >= 3 else { return nil }
        guard let left = fit(rows.map { ($0.y, $0.x0) }), let right = fit(rows.map { ($0.y, $0.x1) }) else { return nil }
        // The ends must lie on the lines all but one: a table whose rows start at different places (merged
        // cells, a row indented) does not lean, it is drawn that way.
        func onLine(_ line: Line, _ points: [(y: Double, x: Double)]) -> Bool {
            points.filter { abs(line.at($0.y) - $0.x) > 2.5 }.count <= 1
        }
        guard onLine(left, rows.map { ($0.y, $0.x0) }), onLine(right, rows.map { ($0.y, $0.x1) }) else { return nil }
        let top = rows.map(\.y).min() ?? 0
        let bottom = rows.map(\.y).max() ?? 0
        let lean = max(abs(left.slope), abs(right.slope)) * (bottom - top)
        guard lean >= 1.5, lean < 80 else { return nil }
        return (left, right, top)
    }

    /// The page with each pixel row stretched so the table's sides stand upright, or nil when they already do
    /// (a flatbed scan) or cannot be told (fewer than three full-width rows).
    static func corrected(_ ink: PixImage, lines: RuledLines, pixelsPerPoint: Double) -> PixImage? {
        guard let (left, right, top) = sides(of: lines) else { return nil }
        guard let source = pixGetData(ink.pointer), let upright = PixImage(pixCreate(Int32(ink.width), Int32(ink.height), 1)),
            let target = pixGetData(upright.pointer)
        else { return nil }
        _ = pixCopyResolution(upright.pointer, ink.pointer)
        let wordsPerLine = Int(pixGetWpl(ink.pointer))
        let leftTop = left.at(top) * pixelsPerPoint
        let rightTop = right.at(top) * pixelsPerPoint
        guard rightTop - leftTop > 10 else { return nil }
        for y in 0..<ink.height {
            let yPoints = Double(y) / pixelsPerPoint
            let leftHere = left.at(yPoints) * pixelsPerPoint
            let rightHere = right.at(yPoints) * pixelsPerPoint
            let stretch = (rightHere - leftHere) / (rightTop - leftTop)
            let sourceLine = source + y * wordsPerLine
            let targetLine = target + y * wordsPerLine
            for x in 0..<ink.width {
                let from = Int((leftHere + (Double(x) - leftTop) * stretch).rounded())
                guard from >= 0, from < ink.width, PixImage.bit(sourceLine, from) else { continue }
                targetLine[x >> 5] |= UInt32(1) << UInt32(31 - (x & 31))
            }
        }
        return upright
    }

    struct Line {
        var intercept: Double
        var slope: Double
        func at(_ y: Double) -> Double { intercept + slope * y }
    }

    /// The least-squares line x = a + b·y through the points, after dropping the one farthest from a first fit
    /// (a row border that stops short at a merged cell).
    static func fit(_ points: [(y: Double, x: Double)]) -> Line? {
        func leastSquares(_ points: [(y: Double, x: Double)]) -> Line? {
            let n = Double(points.count)
            let meanY = points.map(\.y).reduce(0, +) / n
            let meanX = points.map(\.x).reduce(0, +) / n
            let spread = points.map { ($0.y - meanY) * ($0.y - meanY) }.reduce(0, +)
            guard spread > 0 else { return nil }
            let slope = points.map { ($0.y - meanY) * ($0.x - meanX) }.reduce(0, +) / spread
            return Line(intercept: meanX - slope * meanY, slope: slope)
        }
        guard let first = leastSquares(points) else { return nil }
        guard points.count >= 4,
            let worst = points.indices.max(by: { abs(first.at(points[$0].y) - points[$0].x) < abs(first.at(points[$1].y) - points[$1].x) })
        else { return first }
        var rest = points
        rest.remove(at: worst)
        return leastSquares(rest) ?? first
    }
}
