import FormPipeline
import FormReports
import FormSchema
import FormStore
import Foundation

/// The clerk-facing text printed after a batch.
enum SummaryText {
    /// The progress line: files done of all, pages OCR'd, and the time left at the pace so far.
    static func progress(_ progress: BatchProgress, since start: ContinuousClock.Instant) -> String {
        var line = "已处理 \(progress.done)/\(progress.total)"
        if progress.scannedPages > 0 { line += "，已识别扫描页 \(progress.scannedPages)" }
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        if progress.done > 0, progress.done < progress.total, seconds >= 2 {
            let left = Int((seconds / Double(progress.done) * Double(progress.total - progress.done)).rounded(.up))
            line += left >= 60 ? "，约剩 \(left / 60) 分 \(left % 60) 秒" : "，约剩 \(left) 秒"
        }
        return line
    }

    static func batch(_ summary: BatchSummary, catalog: SchemaCatalog) -> String {
        var lines: [String] = []
        let processed = summary.processed
        let forms = processed > summary.files ? "，共 \(processed) 份" : ""
        lines.append(
            "本次处理 \(summary.files) 个文件\(forms)：合格 \(summary.count(.valid))，需整改 \(summary.count(.invalid))，"
                + "待核对 \(summary.count(.review))，无法识别 \(summary.count(.rejected))，重复提交 \(summary.count(.duplicate))")
        let (ocrSeconds, pages) = summary.clock.total(.ocr)
        if pages > 0 {
            lines.append("扫描件与照片：OCR 识别 \(pages) 页，用时 \(String(format: "%.1f", ocrSeconds)) 秒（各读取进程合计）")
        }
        if summary.unchanged > 0 {
            lines.append("此前已处理、内容未变：\(summary.unchanged) 个文件")
        }
        if !summary.elsewhere.isEmpty {
            lines.append("正由另一个 formpipe 进程处理：\(summary.elsewhere.map(\.printable).joined(separator: "、"))")
        }
        let sections: [(SubmissionStatus, String)] = [
            (.invalid, "需整改"), (.review, "待核对（formpipe 没能可靠读出，请对照原件核对：formpipe review）"), (.rejected, "无法识别"),
            (.duplicate, "重复提交"),
        ]
        for (status, title) in sections {
            let matching = summary.lines.filter { $0.status == status }
            guard !matching.isEmpty else { continue }
            lines.append("\(title)：")
            for line in matching {
                let form = line.form.flatMap { catalog.form(id: $0)?.name }.map { "［\($0)］" } ?? ""
                lines.append("  \(line.path.printable) \(form)\((line.detail ?? "").printable)")
            }
        }
        if !summary.corrections.isEmpty {
            lines.append("已更正（后一份取代前一份；选错时用 formpipe supersede 原文件 更正文件）：")
            for correction in summary.corrections { lines.append("  已更正：\(correction.earlier) → \(correction.later)") }
        }
        if !summary.ignored.isEmpty {
            lines.append("未作为提交处理（隐藏文件、.formpipeignore 所列、未跟随的符号链接或非普通文件）：\(summary.ignored.map(\.printable).joined(separator: "、"))")
        }
        return lines.joined(separator: "\n")
    }

    static func revalidation(_ report: RevalidationReport) -> String {
        var lines = [
            "重新校验 \(report.checked) 份提交：变为合格 \(report.newlyValid.count)，变为需整改 \(report.newlyInvalid.count)，"
                + "问题有增减 \(report.findingsChanged.count)，其余未变"
        ]
        func describe(_ change: RevalidationReport.Change) -> String {
            var parts: [String] = []
            if change.before != change.after {
                parts.append("\(ReportWriter.statusNames[change.before] ?? "") → \(ReportWriter.statusNames[change.after] ?? "")")
            }
            if !change.added.isEmpty { parts.append("新增：" + change.added.map(\.message.printable).joined(separator: "；")) }
            if !change.cleared.isEmpty { parts.append("已消除：" + change.cleared.map(\.message.printable).joined(separator: "；")) }
            return "  \(change.path.printable)  " + parts.joined(separator: "  ")
        }
        for (title, changes) in [("变为合格", report.newlyValid), ("变为需整改", report.newlyInvalid), ("问题有增减", report.findingsChanged)]
        where !changes.isEmpty {
            lines.append("\(title)：")
            lines += changes.map(describe)
        }
        let other = report.changes.filter { change in
            !(change.before != .valid && change.after == .valid) && !(change.before != .invalid && change.after == .invalid)
                && change.before != change.after
        }
        if !other.isEmpty {
            lines.append("其他变化：")
            lines += other.map(describe)
        }
        return lines.joined(separator: "\n")
    }
}
