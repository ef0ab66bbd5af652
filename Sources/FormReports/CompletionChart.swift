import FormSchema
import Foundation

/// Where each branch stands, as one stacked bar per branch — 合格, 需整改, 待核对, 未交 over all forms — drawn as
/// inline SVG (no script, no assets, prints as it shows).
struct CompletionChart {
    struct Bar {
        let branch: String
        let valid: Int
        let invalid: Int
        let review: Int
        let missing: Int
        var total: Int { valid + invalid + review + missing }
    }

    let bars: [Bar]

    init(model: ReportModel) {
        bars = model.branches.map { branch in
            let cells = model.catalog.forms.map { model.matrix[branch]?[$0.id] ?? ReportModel.Completeness() }
            return Bar(
                branch: branch, valid: cells.reduce(0) { $0 + $1.valid }, invalid: cells.reduce(0) { $0 + $1.invalid },
                review: cells.reduce(0) { $0 + $1.review }, missing: cells.reduce(0) { $0 + ($1.missing ?? 0) })
        }
    }

    static let parts: [(label: String, color: String)] = [("合格", "#2f9e44"), ("需整改", "#d64545"), ("待核对", "#e8a317"), ("未交", "#adb5bd")]

    func svg() -> String {
        guard !bars.isEmpty else { return "" }
        let left = 170.0
        let width = 640.0
        let rowHeight = 26.0
        let top = 30.0
        let largest = Double(max(1, bars.map(\.total).max() ?? 1))
        let height = top + Double(bars.count) * rowHeight + 10
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(left + width + 60)) \(Int(height))" width="100%" \
            role="img" aria-label="各支部完成情况" class="completion" style="max-width:900px;font-family:inherit">
            """
        var legendX = left
        for part in Self.parts {
            svg += "<rect x=\"\(legendX)\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(part.color)\"/>"
            svg += "<text x=\"\(legendX + 16)\" y=\"16\" font-size=\"12\">\(part.label)</text>"
            legendX += 70
        }
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * rowHeight
            svg += "<text x=\"\(left - 8)\" y=\"\(y + 15)\" font-size=\"13\" text-anchor=\"end\">\(HTML.escape(bar.branch))</text>"
            var x = left
            for (value, part) in zip([bar.valid, bar.invalid, bar.review, bar.missing], Self.parts) where value > 0 {
                let length = Double(value) / largest * width
                svg += "<rect x=\"\(x)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 8)\" fill=\"\(part.color)\">"
                svg += "<title>\(HTML.escape(bar.branch)) \(part.label) \(value)</title></rect>"
                x += length
            }
            svg += "<text x=\"\(x + 6)\" y=\"\(y + 15)\" font-size=\"12\" fill=\"#52606d\">\(bar.valid)/\(bar.total)</text>"
        }
        return svg + "</svg>"
    }
}
