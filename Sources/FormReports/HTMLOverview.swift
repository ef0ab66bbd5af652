import FormSchema
import FormStore
import Foundation

/// The one-page overview for the office: who has sent what, what is wrong where, the study-hour figure and
/// how corrections came in. One self-contained file: it opens the same from a USB stick.
///
/// Written top to bottom while the report walks the store: `init` writes everything up to the findings;
/// then each branch's findings (`beginBranch`, `addFindings`, `endBranch`), `endFindings` (with the
/// chart), `beginCorrections`, `addCorrection`, `beginRejected`, `addRejected`, and `finish`.
final class HTMLOverview {
    let model: ReportModel
    /// Branch → notice file name, for links next to each branch's findings.
    let notices: [String: String]
    let output: OutputFile
    /// The rows of the 待核对 section, gathered while the findings are written (few: only what formpipe could
    /// not read) and written before the rejected files.
    private var reviewRows = ""

    init(model: ReportModel, notices: [String: String], destination: URL) throws(ReportError) {
        self.model = model
        self.notices = notices
        output = try OutputFile(destination)
        output.write(HTML.pageStart(title: "表格汇总 \(ReportDates.stamp(model.generatedAt))", style: Self.style))
        header()
        openSection("completeness", "一、完成情况")
        completeness()
        closeSection()
        openSection("missing", "二、未交名单")
        missingList()
        closeSection()
        openSection("findings", "三、问题清单（按支部）")
        if !model.entries.contains(where: { $0.findingCount > 0 }) {
            output.write("<p class=\"ok\">所有提交均未发现问题。</p>")
        }
    }

    static let style = """
        nav{margin:8px 0 4px}nav a{margin-right:14px;color:#2f5d8c;text-decoration:none}
        .cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}.card{border:1px solid #cbd2d9;border-radius:6px;padding:8px 14px;min-width:120px}
        .card b{display:block;font-size:22px}.matrix td{white-space:nowrap}.matrix td.full{background:#e3f4e8}.matrix td.gap{background:#fdf0d5}
        .matrix td.bad{background:#fde8e8}.branch{display:flex;justify-content:space-between;align-items:baseline}

        """

    private func openSection(_ id: String, _ title: String) {
        output.write("<section id=\"\(id)\"><h2>\(HTML.escape(title))</h2>\n")
    }

    private func closeSection() {
        output.write("\n</section>\n")
    }

    private func header() {
        let invalid = model.entries.filter(\.isInvalid).count
        let review = model.entries.filter(\.needsReview).count
        let valid = model.entries.count - invalid - review
        var html = "<h1>机关党委 表格收集汇总</h1>"
        html += "<p class=\"meta\">生成时间 \(HTML.escape(ReportDates.stamp(model.generatedAt)))，共收到文件 \(model.total) 份。"
        html += "只统计每人（每支部）最新的一份；被更正取代的版本见“更正情况”。</p>"
        html += "<div class=\"cards\">"
        // Without a roster nobody knows who has not sent a member's form: the card says so instead of a 0.
        let missing = model.roster == nil ? "未知" : String(model.missing.count)
        for (label, value, style): (String, String, String) in [
            ("有效提交", String(model.entries.count), ""), ("合格", String(valid), "ok"), ("需整改", String(invalid), invalid > 0 ? "err" : ""),
            ("待核对", String(review), review > 0 ? "warn" : ""),
            ("未交", missing, model.missing.isEmpty ? "" : "warn"), ("已更正", String(model.correctionCount), ""),
            ("无法识别", String(model.rejectedCount), model.rejectedCount == 0 ? "" : "err"),
        ] {
            html += "<div class=\"card\">\(label)<b class=\"\(style)\">\(value)</b></div>"
        }
        html += "</div><nav><a href=\"#completeness\">完成情况</a><a href=\"#missing\">未交名单</a><a href=\"#findings\">问题清单</a>"
        html += "<a href=\"#hours\">分布图</a><a href=\"#corrections\">更正情况</a><a href=\"#review\">待核对</a>"
        html += "<a href=\"#rejected\">无法识别</a></nav>"
        output.write(html)
    }

    private func completeness() {
        guard !model.branches.isEmpty else { return output.write("<p class=\"muted\">还没有收到任何可识别的表格。</p>") }
        output.write("<table class=\"matrix\"><tr><th>所在支部</th>")
        for form in model.catalog.forms { output.write("<th>\(HTML.escape(form.name))</th>") }
        output.write("<th>整改通知</th></tr>")
        for branch in model.branches {
            output.write("<tr><td>\(HTML.escape(branch))</td>")
            for form in model.catalog.forms {
                let cell = model.matrix[branch]?[form.id] ?? ReportModel.Completeness()
                let missing = cell.missing ?? 0
                let style = cell.invalid > 0 ? "bad" : (missing > 0 ? "gap" : (cell.submitted > 0 ? "full" : ""))
                var parts: [String] = []
                if cell.valid > 0 { parts.append("<span class=\"ok\">合格 \(cell.valid)</span>") }
                if cell.invalid > 0 { parts.append("<span class=\"err\">需整改 \(cell.invalid)</span>") }
                if cell.review > 0 { parts.append("<span class=\"warn\">待核对 \(cell.review)</span>") }
                if missing > 0 { parts.append("<span class=\"warn\">未交 \(missing)</span>") }
                if parts.isEmpty { parts.append("<span class=\"muted\">—</span>") }
                output.write("<td class=\"\(style)\">\(parts.joined(separator: " · "))</td>")
            }
            output.write("<td>\(noticeLink(branch))</td></tr>")
        }
        output.write("</table>")
        output.write(CompletionChart(model: model).svg())
        if model.roster == nil {
            output.write("<p class=\"muted\">未配置花名册（pipeline.conf 的 roster），无法统计未交的任务书和学习计划；只统计未交查摆整改表的支部。</p>")
        }
    }

    private func noticeLink(_ branch: String) -> String {
        guard let file = notices[branch] else { return "" }
        return "<a href=\"\(HTML.escape(CorrectionNotices.folderName + "/" + percentEncoded(file)))\">整改通知</a>"
    }

    private func percentEncoded(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? name
    }

    private func missingList() {
        if model.roster == nil {
            output.write("<p class=\"warn\">未配置花名册，无法知道哪些党员还没有交任务书和学习计划。请把党员名单存为 CSV（列：所在党支部、姓名、党员类别、职级；")
            output.write("Excel 另存为“CSV UTF-8”即可），在 pipeline.conf 中写 roster = 名单文件的路径，再生成报表。下面只列出未交查摆整改表的支部。</p>")
            if model.missing.isEmpty { return output.write("<p class=\"muted\">各支部的查摆整改表都已交。</p>") }
        }
        if model.missing.isEmpty {
            output.write("<p class=\"ok\">没有未交的材料。</p>")
        } else {
            output.write("<table><tr><th>所在支部</th><th>姓名</th><th>党员类别</th><th>职级</th><th>未交表格</th><th>截止日期</th></tr>")
            let today = CalendarDate(ReportDates.day(of: model.generatedAt))
            for item in model.missing {
                // The deadline in the year the report is written: past it, the form is overdue.
                let deadline = model.catalog.form(id: item.formID).flatMap {
                    ReportModel.deadline(of: $0, record: nil, received: today, dueDates: model.dueDates)
                }
                let overdue = deadline.flatMap { deadline in today.map { $0.dayNumber - deadline.dayNumber } }.flatMap { $0 > 0 ? $0 : nil }
                output.writeTableRow(
                    item.branch, item.member?.name ?? "（支部）", item.member?.category ?? "", item.member?.rank ?? "", item.formName,
                    (deadline?.iso ?? "") + (overdue.map { "（已逾期 \($0) 天）" } ?? ""))
            }
            output.write("</table>")
        }
        let late = model.entries.filter { $0.lateDays != nil }
        guard !late.isEmpty else { return }
        output.write("<h3>逾期报送</h3><table><tr><th>所在支部</th><th>表格 / 提交人</th><th>收到日期</th><th>截止日期</th><th class=\"n\">逾期（天）</th></tr>")
        var dayOf = ReportDates.dayMemo()
        for entry in late {
            let name = model.form(of: entry).name + (entry.subject.isEmpty ? "" : " " + entry.subject)
            output.writeTableRow(
                model.branches[entry.branchIndex], name, dayOf(entry.receivedAt), entry.deadline?.iso ?? "",
                String(entry.lateDays ?? 0))
        }
        output.write("</table>")
    }

    // MARK: Findings, one branch after another

    /// Opens a branch's table of findings; `entries` are its current submissions that have findings.
    func beginBranch(_ branch: String, entries: [ReportModel.Entry]) {
        let errors = entries.reduce(0) { $0 + $1.errors }
        let warnings = entries.reduce(0) { $0 + $1.warnings }
        output.write("<div class=\"branch\"><h3>\(HTML.escape(branch))</h3><span>")
        output.write("<span class=\"err\">错误 \(errors)</span>　<span class=\"warn\">提醒 \(warnings)</span>　\(noticeLink(branch))</span></div>")
        output.write("<table><tr><th style=\"width:24%\">文件</th><th style=\"width:16%\">表格 / 提交人</th><th style=\"width:15%\">字段</th>")
        output.write("<th style=\"width:5%\">级别</th><th>问题说明</th></tr>")
    }

    func addFindings(_ findings: [Finding], of submission: StoredSubmission, entry: ReportModel.Entry) {
        let form = model.form(of: entry)
        for finding in findings {
            let error = finding.severity == .error
            output.write(error ? "<tr class=\"bad\"><td class=\"path\">" : "<tr><td class=\"path\">")
            output.writeEscaped(submission.sourcePath)
            output.write("</td><td>")
            output.writeEscaped(form.name)
            if !entry.subject.isEmpty {
                output.write("<br>")
                output.writeEscaped(entry.subject)
            }
            output.write("</td><td>")
            output.writeEscaped(model.places.display(finding.path, formIndex: entry.formIndex))
            let level = WorkbookReport.level(of: finding)
            output.write(error && finding.source == .content ? "</td><td class=\"err\">" : "</td><td class=\"warn\">")
            output.write(level + "</td><td>")
            output.writeMultiline(finding.message)
            output.write("</td></tr>")
        }
    }

    func endBranch() {
        output.write("</table>")
    }

    /// Closes the findings and writes the study-hours chart.
    func endFindings() {
        closeSection()
        openSection("hours", "四、分布图")
        if model.charts.isEmpty { output.write("<p class=\"muted\">表格定义中没有要画的分布图（x-form.chart）。</p>") }
        for chart in model.charts {
            output.write("<h3>\(HTML.escape(chart.title))</h3>")
            output.write(chart.svg() + chart.table())
        }
        closeSection()
    }

    // MARK: Corrections and rejected files

    /// Opens the corrections: the counts by day, then the head of the list `addCorrection` fills.
    func beginCorrections() {
        openSection("corrections", "五、更正情况")
        guard model.correctionCount > 0 else { return output.write("<p class=\"muted\">还没有更正后重新报送的表格。</p>") }
        output.write("<h3>按日期</h3><table style=\"width:auto\"><tr><th>收到日期</th><th class=\"n\">收到文件</th>")
        output.write("<th class=\"n\">其中更正</th><th class=\"n\">更正后合格</th></tr>")
        for day in model.days.keys.sorted() {
            let counts = model.days[day] ?? ReportModel.DayCounts()
            output.write("<tr><td>\(HTML.escape(day))</td><td class=\"n\">\(counts.received)</td><td class=\"n\">\(counts.corrected)</td>")
            output.write("<td class=\"n\">\(counts.fixed)</td></tr>")
        }
        output.write(
            "</table><h3>更正明细</h3><table><tr><th>收到时间</th><th>所在支部</th><th>表格 / 提交人</th><th>原文件</th><th>更正文件</th><th>结果</th></tr>")
    }

    func addCorrection(_ correction: ReportWriter.Correction) {
        output.write("<tr><td>")
        output.writeEscaped(correction.receivedAt)
        output.write("</td><td>")
        output.writeEscaped(correction.branch)
        output.write("</td><td>")
        output.writeEscaped(correction.formName)
        if !correction.subject.isEmpty {
            output.write("<br>")
            output.writeEscaped(correction.subject)
        }
        output.write("</td><td class=\"path\">")
        output.writeEscaped(correction.earlierPath)
        if correction.earlierErrors > 0 { output.write("<br><span class=\"err\">\(correction.earlierErrors) 处错误</span>") }
        output.write("</td><td class=\"path\">")
        output.writeEscaped(correction.laterPath)
        output.write("</td><td>")
        output.write(correction.laterStatus == .valid ? "<span class=\"ok\">合格</span>" : "<span class=\"err\">仍需整改</span>")
        output.write("</td></tr>")
    }

    /// A current submission's reading findings, for the 待核对 section.
    func addReview(_ items: [ReportWriter.ReviewItem], of submission: StoredSubmission, entry: ReportModel.Entry, branch: String) {
        for item in items {
            reviewRows += "<tr><td>" + HTML.escape(branch) + "</td><td class=\"path\">" + HTML.escape(submission.sourcePath)
            reviewRows += "<br>" + HTML.escape(model.form(of: entry).name)
            if !entry.subject.isEmpty { reviewRows += " " + HTML.escape(entry.subject) }
            reviewRows += "</td><td>" + HTML.escape(item.place) + "</td><td>" + HTML.escape(item.seen) + "</td><td>"
            reviewRows += HTML.escape(item.finding.message) + "</td><td><code>"
            reviewRows += HTML.escape(ReportWriter.ReviewItem.command(for: submission)) + "</code></td></tr>"
        }
    }

    /// Closes the corrections, writes the 待核对 list, and opens the rejected files.
    func beginRejected() {
        if model.correctionCount > 0 { output.write("</table>") }
        closeSection()
        openSection("review", "六、待核对（formpipe 读不准的地方，不发整改通知）")
        if reviewRows.isEmpty {
            output.write("<p class=\"ok\">没有需要核对的地方。</p>")
        } else {
            output.write("<p class=\"muted\">下列字段 formpipe 没能可靠读出，请对照原件核对；核对后可用所列命令记下正确的值，或转给支部整改。</p>")
            output.write("<table><tr><th>所在支部</th><th style=\"width:24%\">文件 / 表格</th><th>字段</th><th>读到的内容</th>")
            output.write("<th>为什么待核对</th><th>核对方法</th></tr>")
            output.write(reviewRows)
            output.write("</table>")
        }
        closeSection()
        openSection("rejected", "七、无法识别的文件")
        if model.rejectedCount == 0 {
            output.write("<p class=\"ok\">没有无法识别的文件。</p>")
        } else {
            output.write("<table><tr><th style=\"width:40%\">文件</th><th>原因</th></tr>")
        }
    }

    func addRejected(_ submission: StoredSubmission) {
        output.write("<tr><td class=\"path\">")
        output.writeEscaped(submission.sourcePath)
        output.write("</td><td>")
        output.writeEscaped(submission.reason ?? "")
        output.write("</td></tr>")
    }

    /// Ends the page; `commit` on `output` puts it in place.
    func finish() {
        if model.rejectedCount > 0 { output.write("</table>") }
        closeSection()
        output.write(HTML.pageEnd)
    }
}
