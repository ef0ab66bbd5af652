import FormPipeline
import FormSchema
import FormStore

/// The clerk-facing text printed after a batch.
enum SummaryText {
    static func batch(_ summary: BatchSummary, catalog: SchemaCatalog) -> String {
        var lines: [String] = []
        let processed = summary.lines.count
        lines.append("本次处理 \(processed) 个文件：合格 \(summary.count(.valid))，需整改 \(summary.count(.invalid))，"
            + "无法识别 \(summary.count(.rejected))，重复提交 \(summary.count(.duplicate))")
        if !summary.unchanged.isEmpty {
            lines.append("此前已处理、内容未变：\(summary.unchanged.count) 个文件")
        }
        let sections: [(SubmissionStatus, String)] = [(.invalid, "需整改"), (.rejected, "无法识别"), (.duplicate, "重复提交")]
        for (status, title) in sections {
            let matching = summary.lines.filter { $0.status == status }
            guard !matching.isEmpty else { continue }
            lines.append("\(title)：")
            for line in matching {
                let form = line.form.flatMap { catalog.form(id: $0)?.name }.map { "［\($0)］" } ?? ""
                lines.append("  \(line.path) \(form)\(line.detail ?? "")")
            }
        }
        if !summary.ignored.isEmpty {
            lines.append("未作为提交处理（隐藏文件或 .formpipeignore 所列）：\(summary.ignored.joined(separator: "、"))")
        }
        return lines.joined(separator: "\n")
    }
}
