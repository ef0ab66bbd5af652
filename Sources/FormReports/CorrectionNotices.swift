import FormSchema
import Foundation

/// 整改通知: one HTML page per branch, ready to send back, saying for each submission exactly which field to
/// fix and why, and who in the branch has not submitted yet.
struct CorrectionNotices {
    let model: ReportModel

    static let folderName = "notices"

    /// Branch → file name inside the notices folder. Names come from what branches typed, so they are made
    /// safe as file names (no separators, no leading dot) and kept distinct.
    func fileNames() -> [String: String] {
        var names: [String: String] = [:]
        var used = Set<String>()
        for branch in model.branches {
            let forbidden = Set("/\\:*?\"<>|")
            var stem = String(branch.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            stem = String(stem.map { forbidden.contains($0) ? "_" : $0 })
            stem = stem.trimmingCharacters(in: CharacterSet(charactersIn: ". ").union(.whitespacesAndNewlines))
            if stem.isEmpty || stem == ReportModel.noBranch { stem = "未填所在支部" }
            // 60 characters keep the name within the 255-byte limit of common file systems.
            stem = String(stem.prefix(60))
            var name = "整改通知-\(stem).html"
            var counter = 2
            while used.contains(name.lowercased()) {
                name = "整改通知-\(stem)-\(counter).html"
                counter += 1
            }
            used.insert(name.lowercased())
            names[branch] = name
        }
        return names
    }

    func html(for branch: String) -> String {
        let entries = model.entries(ofBranch: branch)
        let invalid = entries.filter(\.isInvalid)
        let warned = entries.filter { !$0.isInvalid && $0.warnings > 0 }
        let missing = model.missing(ofBranch: branch)
        var body = "<h1 class=\"title\">整改通知</h1>"
        body += "<p class=\"to\">\(HTML.escape(branch))：</p>"
        if invalid.isEmpty && missing.isEmpty && warned.isEmpty {
            body += "<p>经机关党委审核，你支部报送的材料符合要求，无需整改。</p>"
        } else {
            body += "<p>经机关党委审核，你支部报送的材料存在以下问题。请逐项修改后重新报送（修改后的文件可直接覆盖原文件报送，"
            body += "系统以最新一份为准）。</p>"
        }
        var number = 0
        if !invalid.isEmpty {
            body += "<h2>一、需要修改的表格（\(invalid.count) 份）</h2>"
            for entry in invalid {
                number += 1
                body += submission(entry, number: number)
            }
        }
        if !missing.isEmpty {
            body += "<h2>\(invalid.isEmpty ? "一" : "二")、尚未报送的材料</h2><table><tr><th>姓名</th><th>党员类别</th><th>职级</th><th>应报送</th></tr>"
            for item in missing {
                body += "<tr><td>\(HTML.escape(item.member?.name ?? "本支部"))</td><td>\(HTML.escape(item.member?.category ?? ""))</td>"
                body += "<td>\(HTML.escape(item.member?.rank ?? ""))</td><td>\(HTML.escape(item.formName))</td></tr>"
            }
            body += "</table>"
        }
        if !warned.isEmpty {
            body += "<h2>请核实的提醒事项</h2><p class=\"muted\">以下表格已通过审核，但有需要核实的内容，如确有问题请一并修改。</p>"
            for entry in warned {
                number += 1
                body += submission(entry, number: number)
            }
        }
        body += "<p class=\"sign\">机关党委<br>\(HTML.escape(ReportDates.stamp(model.generatedAt)))</p>"
        return HTML.page(title: "整改通知 — \(branch)", style: Self.style, body: body)
    }

    private func submission(_ entry: ReportModel.Entry, number: Int) -> String {
        var html = "<h3>\(number). \(HTML.escape(entry.form.name))\(entry.subject.isEmpty ? "" : "（" + HTML.escape(entry.subject) + "）")</h3>"
        html += "<p class=\"path\">文件：\(HTML.escape(entry.submission.sourcePath))</p>"
        html += "<table><tr><th class=\"nw\">序号</th><th style=\"width:24%\">位置</th><th>问题及修改要求</th><th class=\"nw\">类别</th></tr>"
        for (index, finding) in entry.findings.enumerated() {
            let error = finding.severity == .error
            html += "<tr\(error ? " class=\"bad\"" : "")><td class=\"n\">\(index + 1)</td>"
            html += "<td>\(HTML.escape(FieldPath.display(finding.path, in: entry.form)))</td><td>\(HTML.multiline(finding.message))</td>"
            html += "<td class=\"nw \(error ? "err" : "warn")\">\(error ? "必须修改" : "请核实")</td></tr>"
        }
        return html + "</table>"
    }

    static let style = """
        .title{text-align:center;font-size:26px;letter-spacing:8px;margin:8px 0 20px}.to{font-weight:600;font-size:16px}
        .sign{text-align:right;margin-top:32px}body{max-width:900px}.nw{white-space:nowrap;width:1%}
        @media print{body{padding:0}tr.bad td{background:none}}

        """
}
