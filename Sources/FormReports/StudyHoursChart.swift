import Foundation

/// The committee's figure for a form that declares one (`x-form.chart`): a number field — the target book's
/// 计划集中学习学时 — by the options of an enum field — 党员类别 —, one histogram per option with the minimum
/// the schema sets for it marked, drawn as inline SVG (no script, no assets).
struct StudyHoursChart {
    struct Series {
        let category: String
        let hours: [Double]
        /// FORMS.md's minimum for the category, nil when the category is unknown.
        let minimum: Double?

        var belowMinimum: Int { minimum.map { minimum in hours.filter { $0 < minimum }.count } ?? 0 }
    }

    static let binWidth = 10.0

    /// The form, the number field and the field it is grouped by, as the schema names them.
    let formName: String
    let field: String
    let by: String
    /// What the numbers count (`学时`), from the schema.
    var unit = ""
    let series: [Series]

    /// The heading the overview gives it.
    var title: String { "\(field)分布（\(formName)，按\(by)）" }

    /// The SVG, sized for a laptop screen; every label is escaped.
    func svg() -> String {
        guard !series.isEmpty else { return "<p class=\"muted\">暂无\(HTML.escape(formName))的\(HTML.escape(field))数据。</p>" }
        let largest = series.flatMap(\.hours).max() ?? 0
        let ceiling = min(max(ceil((largest + 1) / Self.binWidth) * Self.binWidth, 120), 200)
        let bins = Int(ceiling / Self.binWidth)
        let left = 150.0
        let plotWidth = 820.0
        let rowHeight = 96.0
        let barArea = 64.0
        let top = 16.0
        let height = top + Double(series.count) * rowHeight + 34
        let binPixels = plotWidth / Double(bins)
        func x(_ hours: Double) -> Double { left + min(hours, ceiling) / Self.binWidth * binPixels }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(left + plotWidth + 20)) \(Int(height))" \
            width="100%" role="img" aria-label="\(HTML.escape(title))" style="max-width:1000px;font-family:inherit">
            """
        for (index, item) in series.enumerated() {
            let baseline = top + Double(index) * rowHeight + barArea
            var counts = [Int](repeating: 0, count: bins)
            // The last bin also holds everything beyond the axis, labelled "200+" when cut.
            // Clamped while still a Double: `Int(_:)` traps on a value it cannot hold, and hours come from documents.
            for hours in item.hours where !hours.isNaN {
                counts[Int(min(max(hours / Self.binWidth, 0), Double(bins - 1)))] += 1
            }
            let tallest = Double(counts.max() ?? 1)
            svg += "<text x=\"0\" y=\"\(baseline - barArea / 2)\" font-size=\"15\" font-weight=\"600\">\(HTML.escape(item.category))</text>"
            svg += "<text x=\"0\" y=\"\(baseline - barArea / 2 + 20)\" font-size=\"13\" fill=\"#52606d\">\(item.hours.count) 人"
            if item.belowMinimum > 0 { svg += "，\(item.belowMinimum) 人不足" }
            svg += "</text>"
            svg += "<line x1=\"\(left)\" y1=\"\(baseline)\" x2=\"\(left + plotWidth)\" y2=\"\(baseline)\" stroke=\"#9aa5b1\"/>"
            for (bin, count) in counts.enumerated() where count > 0 {
                let barHeight = max(2, Double(count) / tallest * (barArea - 16))
                let lower = Double(bin) * Self.binWidth
                let below = item.minimum.map { lower + Self.binWidth <= $0 } ?? false
                let barX = left + Double(bin) * binPixels + 1
                svg += "<rect x=\"\(barX)\" y=\"\(baseline - barHeight)\" width=\"\(binPixels - 2)\" height=\"\(barHeight)\" "
                svg += "fill=\"\(below ? "#d64545" : "#3d7ab8")\"><title>\(Int(lower))–\(Int(lower + Self.binWidth)) 学时：\(count) 人</title></rect>"
                svg +=
                    "<text x=\"\(barX + binPixels / 2 - 1)\" y=\"\(baseline - barHeight - 3)\" font-size=\"12\" text-anchor=\"middle\">\(count)</text>"
            }
            if let minimum = item.minimum {
                let lineX = x(minimum)
                svg +=
                    "<line x1=\"\(lineX)\" y1=\"\(baseline - barArea - 10)\" x2=\"\(lineX)\" y2=\"\(baseline + 4)\" stroke=\"#b42318\" stroke-dasharray=\"4 3\"/>"
                svg +=
                    "<text x=\"\(lineX + 4)\" y=\"\(baseline - barArea)\" font-size=\"12\" fill=\"#b42318\">最低 \(CellValue.format(minimum))\(unit.isEmpty ? "" : " " + HTML.escape(unit))</text>"
            }
        }
        let axisY = top + Double(series.count) * rowHeight - rowHeight + barArea
        for tick in stride(from: 0.0, through: ceiling, by: 20) {
            let label = tick == ceiling && ceiling == 200 ? "200+" : "\(Int(tick))"
            svg += "<text x=\"\(x(tick))\" y=\"\(axisY + 18)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#52606d\">\(label)</text>"
        }
        svg +=
            "<text x=\"\(left + plotWidth)\" y=\"\(axisY + 32)\" font-size=\"12\" text-anchor=\"end\" fill=\"#52606d\">\(HTML.escape(field))</text>"
        return svg + "</svg>"
    }

    /// The figures behind the chart, as a table the committee can quote.
    func table() -> String {
        guard !series.isEmpty else { return "" }
        var html = "<table><tr><th>\(HTML.escape(by))</th><th class=\"n\">人数</th><th class=\"n\">最少</th><th class=\"n\">中位数</th>"
        html += "<th class=\"n\">平均</th><th class=\"n\">最多</th><th class=\"n\">要求</th><th class=\"n\">不足人数</th></tr>"
        for item in series {
            let count = item.hours.count
            let median = count % 2 == 1 ? item.hours[count / 2] : (item.hours[count / 2 - 1] + item.hours[count / 2]) / 2
            let mean = item.hours.reduce(0, +) / Double(count)
            html += "<tr><td>\(HTML.escape(item.category))</td><td class=\"n\">\(count)</td>"
            html += "<td class=\"n\">\(CellValue.format(item.hours.first ?? 0))</td><td class=\"n\">\(CellValue.format(median))</td>"
            html += "<td class=\"n\">\(String(format: "%.1f", mean))</td><td class=\"n\">\(CellValue.format(item.hours.last ?? 0))</td>"
            html += "<td class=\"n\">\(item.minimum.map { "≥ \(CellValue.format($0))" } ?? "—")</td>"
            html += "<td class=\"n\(item.belowMinimum > 0 ? " err" : "")\">\(item.belowMinimum)</td></tr>"
        }
        return html + "</table>"
    }
}
