import FormSchema
import FormStore
import Foundation

/// The one-page overview for the office: who has sent what, what is wrong where, the study-hour figure and
/// how corrections came in. One self-contained file: it opens the same from a USB stick.
struct HTMLOverview {
    let model: ReportModel
    /// Branch → notice file name, for links next to each branch's findings.
    let notices: [String: String]

    func html() -> String {
        var body = header()
        body += section("completeness", "一、完成情况", completeness())
        body += section("missing", "二、未交名单", missingList())
        body += section("findings", "三、问题清单（按支部）", findings())
        let chart = StudyHoursChart(model: model)
        body += section("hours", "四、计划学时分布（按党员类别）", chart.svg() + chart.table())
        body += section("corrections", "五、更正情况", corrections())
        body += section("rejected", "六、无法识别的文件", rejected())
        return HTML.page(title: "表格汇总 \(ReportDates.stamp(model.generatedAt))", style: Self.style, body: body)
    }

    static let style = """
        nav{margin:8px 0 4px}nav a{margin-right:14px;color:#2f5d8c;text-decoration:none}
        .cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}.card{border:1px solid #cbd2d9;border-radius:6px;padding:8px 14px;min-width:120px}
        .card b{display:block;font-size:22px}.matrix td{white-space:nowrap}.matrix td.full{background:#e3f4e8}.matrix td.gap{background:#fdf0d5}
        .matrix td.bad{background:#fde8e8}.branch{display:flex;justify-content:space-between;align-items:baseline}

        """

    private func section(_ id: String, _ title: String, _ content: String) -> String {
        "<section id=\"\(id)\"><h2>\(HTML.escape(title))</h2>\n\(content)\n</section>\n"
    }

    private func header() -> String {
        let valid = model.current.filter { !$0.isInvalid }.count
        let invalid = model.current.count - valid
        var html = "<h1>机关党委 表格收集汇总</h1>"
        html += "<p class=\"meta\">生成时间 \(HTML.escape(ReportDates.stamp(model.generatedAt)))，共收到文件 \(model.all.count) 份。"
        html += "只统计每人（每支部）最新的一份；被更正取代的版本见“更正情况”。</p>"
        html += "<div class=\"cards\">"
        for (label, value, style) in [
            ("有效提交", model.current.count, ""), ("合格", valid, "ok"), ("需整改", invalid, invalid > 0 ? "err" : ""),
            ("未交", model.missing.count, model.missing.isEmpty ? "" : "warn"), ("已更正", model.corrections.count, ""),
            ("无法识别", model.rejected.count, model.rejected.isEmpty ? "" : "err"),
        ] {
            html += "<div class=\"card\">\(label)<b class=\"\(style)\">\(value)</b></div>"
        }
        html += "</div><nav><a href=\"#completeness\">完成情况</a><a href=\"#missing\">未交名单</a><a href=\"#findings\">问题清单</a>"
        html += "<a href=\"#hours\">学时分布</a><a href=\"#corrections\">更正情况</a><a href=\"#rejected\">无法识别</a></nav>"
        return html
    }

    private func completeness() -> String {
        guard !model.branches.isEmpty else { return "<p class=\"muted\">还没有收到任何可识别的表格。</p>" }
        var html = "<table class=\"matrix\"><tr><th>所在支部</th>"
        for form in model.catalog.forms { html += "<th>\(HTML.escape(form.name))</th>" }
        html += "<th>整改通知</th></tr>"
        for branch in model.branches {
            html += "<tr><td>\(HTML.escape(branch))</td>"
            for form in model.catalog.forms {
                let cell = model.matrix[branch]?[form.id] ?? ReportModel.Completeness()
                let missing = cell.missing ?? 0
                let style = cell.invalid > 0 ? "bad" : (missing > 0 ? "gap" : (cell.submitted > 0 ? "full" : ""))
                var parts: [String] = []
                if cell.valid > 0 { parts.append("<span class=\"ok\">合格 \(cell.valid)</span>") }
                if cell.invalid > 0 { parts.append("<span class=\"err\">需整改 \(cell.invalid)</span>") }
                if missing > 0 { parts.append("<span class=\"warn\">未交 \(missing)</span>") }
                if parts.isEmpty { parts.append("<span class=\"muted\">—</span>") }
                html += "<td class=\"\(style)\">\(parts.joined(separator: " · "))</td>"
            }
            html += "<td>\(noticeLink(branch))</td></tr>"
        }
        html += "</table>"
        if model.roster == nil {
            html += "<p class=\"muted\">未配置花名册（pipeline.conf 的 roster），无法统计未交的任务书和学习计划；只统计未交查摆整改表的支部。</p>"
        }
        return html
    }

    private func noticeLink(_ branch: String) -> String {
        guard let file = notices[branch] else { return "" }
        return "<a href=\"\(HTML.escape(CorrectionNotices.folderName + "/" + percentEncoded(file)))\">整改通知</a>"
    }

    private func percentEncoded(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? name
    }

    private func missingList() -> String {
        guard !model.missing.isEmpty else { return "<p class=\"ok\">没有未交的材料。</p>" }
        var html = "<table><tr><th>所在支部</th><th>姓名</th><th>党员类别</th><th>职级</th><th>未交表格</th></tr>"
        for item in model.missing {
            html += "<tr><td>\(HTML.escape(item.branch))</td><td>\(HTML.escape(item.member?.name ?? "（支部）"))</td>"
            html += "<td>\(HTML.escape(item.member?.category ?? ""))</td><td>\(HTML.escape(item.member?.rank ?? ""))</td>"
            html += "<td>\(HTML.escape(item.formName))</td></tr>"
        }
        return html + "</table>"
    }

    private func findings() -> String {
        guard model.current.contains(where: { !$0.findings.isEmpty }) else { return "<p class=\"ok\">所有提交均未发现问题。</p>" }
        var html = ""
        for branch in model.branches {
            let entries = model.entries(ofBranch: branch).filter { !$0.findings.isEmpty }
            guard !entries.isEmpty else { continue }
            let errors = entries.reduce(0) { $0 + $1.errors }
            let warnings = entries.reduce(0) { $0 + $1.warnings }
            html += "<div class=\"branch\"><h3>\(HTML.escape(branch))</h3><span>"
            html += "<span class=\"err\">错误 \(errors)</span>　<span class=\"warn\">提醒 \(warnings)</span>　\(noticeLink(branch))</span></div>"
            html += "<table><tr><th style=\"width:24%\">文件</th><th style=\"width:16%\">表格 / 提交人</th><th style=\"width:15%\">字段</th>"
            html += "<th style=\"width:5%\">级别</th><th>问题说明</th></tr>"
            for entry in entries {
                for finding in entry.findings {
                    let error = finding.severity == .error
                    html += "<tr\(error ? " class=\"bad\"" : "")><td class=\"path\">\(HTML.escape(entry.submission.sourcePath))</td>"
                    html += "<td>\(HTML.escape(entry.form.name))\(entry.subject.isEmpty ? "" : "<br>" + HTML.escape(entry.subject))</td>"
                    html += "<td>\(HTML.escape(FieldPath.display(finding.path, in: entry.form)))</td>"
                    html += "<td class=\"\(error ? "err" : "warn")\">\(error ? "错误" : "提醒")</td>"
                    html += "<td>\(HTML.multiline(finding.message))</td></tr>"
                }
            }
            html += "</table>"
        }
        return html
    }

    private func corrections() -> String {
        guard !model.corrections.isEmpty else { return "<p class=\"muted\">还没有更正后重新报送的表格。</p>" }
        var byDay: [String: (received: Int, corrected: Int, fixed: Int)] = [:]
        for submission in model.all { byDay[ReportDates.day(of: submission.intakeAt), default: (0, 0, 0)].received += 1 }
        for correction in model.corrections {
            let day = ReportDates.day(of: correction.later.intakeAt)
            byDay[day, default: (0, 0, 0)].corrected += 1
            if correction.earlier.findings.contains(where: { $0.severity == .error }), correction.later.status == .valid {
                byDay[day, default: (0, 0, 0)].fixed += 1
            }
        }
        var html = "<h3>按日期</h3><table style=\"width:auto\"><tr><th>收到日期</th><th class=\"n\">收到文件</th>"
        html += "<th class=\"n\">其中更正</th><th class=\"n\">更正后合格</th></tr>"
        for day in byDay.keys.sorted() {
            let counts = byDay[day] ?? (0, 0, 0)
            html += "<tr><td>\(HTML.escape(day))</td><td class=\"n\">\(counts.received)</td><td class=\"n\">\(counts.corrected)</td>"
            html += "<td class=\"n\">\(counts.fixed)</td></tr>"
        }
        html += "</table><h3>更正明细</h3><table><tr><th>收到时间</th><th>所在支部</th><th>表格 / 提交人</th><th>原文件</th><th>更正文件</th><th>结果</th></tr>"
        for correction in model.corrections {
            let errors = correction.earlier.findings.filter { $0.severity == .error }.count
            let result = correction.later.status == .valid ? "<span class=\"ok\">合格</span>" : "<span class=\"err\">仍需整改</span>"
            html += "<tr><td>\(HTML.escape(ReportDates.readable(correction.later.intakeAt)))</td><td>\(HTML.escape(correction.branch))</td>"
            html += "<td>\(HTML.escape(correction.formName))\(correction.subject.isEmpty ? "" : "<br>" + HTML.escape(correction.subject))</td>"
            html += "<td class=\"path\">\(HTML.escape(correction.earlier.sourcePath))\(errors > 0 ? "<br><span class=\"err\">\(errors) 处错误</span>" : "")</td>"
            html += "<td class=\"path\">\(HTML.escape(correction.later.sourcePath))</td><td>\(result)</td></tr>"
        }
        return html + "</table>"
    }

    private func rejected() -> String {
        guard !model.rejected.isEmpty else { return "<p class=\"ok\">没有无法识别的文件。</p>" }
        var html = "<table><tr><th style=\"width:40%\">文件</th><th>原因</th></tr>"
        for submission in model.rejected {
            html += "<tr><td class=\"path\">\(HTML.escape(submission.sourcePath))</td><td>\(HTML.escape(submission.reason ?? ""))</td></tr>"
        }
        return html + "</table>"
    }
}

/// Times as the office reads them, in the machine's time zone.
enum ReportDates {
    static func stamp(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%d年%d月%d日 %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    static func date(fromISO text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    /// The local calendar day of an ISO intake time (`2026-11-29`), or the text's own date part.
    static func day(of iso: String) -> String {
        guard let date = date(fromISO: iso) else { return String(iso.prefix(10)) }
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func readable(_ iso: String) -> String {
        date(fromISO: iso).map(stamp) ?? iso
    }
}
