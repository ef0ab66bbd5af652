import FormPipeline
import FormReports
import FormSchema
import FormStore
import Foundation

/// The portal's pages: plain HTML in Chinese, one stylesheet, no script, readable on a phone. Every value
/// from a submission or a request goes through `HTML.escape`.
enum Pages {
    /// `reloadSeconds`: the page reloads itself after so long (a meta refresh: it needs no script).
    static func document(title: String, account: Account?, csrf: String?, body: String, reloadSeconds: Int? = nil) -> String {
        var header = ""
        if let account, let csrf {
            let who = account.role == .office ? "机关党委" : HTML.escape(account.branch ?? "")
            header = """
                <header><a class="home" href="/">表单报送</a><span class="who">\(HTML.escape(account.name))（\(who)）</span>\
                <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(HTML.escape(csrf))">\
                <button type="submit" class="link">退出</button></form></header>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">\(reloadSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title><link rel="stylesheet" href="/static/portal.css">
            <script src="/static/portal.js" defer></script></head>
            <body>\(header)<main>
            \(body)
            </main></body></html>
            """
    }

    static func signIn(csrf: String, message: String?) -> String {
        let notice = message.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return document(
            title: "登录 — 表单报送", account: nil, csrf: nil,
            body: """
                <h1>表单报送</h1>
                <p>各党支部在此提交《年度目标任务书》《学习计划表》《规范化建设问题查摆及整改措施》《结对活动阶段总结表》，提交后即可看到审核结果。</p>
                \(notice)
                <form method="post" action="/login" class="card">
                <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
                <label>账号<input name="name" autocomplete="username" required></label>
                <label>密码<input name="password" type="password" autocomplete="current-password" required></label>
                <button type="submit">登录</button>
                </form>
                """)
    }

    static func home(
        account: Account, csrf: String, submissions: [SubmissionListing], owed: [(member: String?, form: String)], catalog: SchemaCatalog
    ) -> String {
        let owedItems = owed.map { "<li>\(HTML.escape($0.member ?? "本支部"))：\(HTML.escape($0.form))</li>" }
        let owedSection =
            account.role == .office
            ? ""
            : owedItems.isEmpty
                ? "<p class=\"muted\">按花名册，本支部目前没有未交的表格。</p>"
                : "<section class=\"card\"><h2>尚未提交（按花名册）</h2><ul>\(owedItems.joined())</ul></section>"
        let office = account.role == .office
        let rows = submissions.map { submission -> String in
            let form = submission.form.flatMap { catalog.form(id: $0) }
            let branch =
                office
                ? "<td>"
                    + (submission.branch.map {
                        "<a href=\"/office/branch?name=\($0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")\">\(HTML.escape($0))</a>"
                    } ?? "机关党委") + "</td>"
                : ""
            return """
                <tr>\(branch)<td><a href="/s/\(submission.id)">\(HTML.escape(shownName(submission.sourcePath)))</a></td>\
                <td>\(HTML.escape(form?.name ?? "—"))</td><td>\(badge(submission.status))</td>\
                <td>\(HTML.escape(readableTime(submission.intakeAt)))</td></tr>
                """
        }
        let head = (office ? "<th>支部</th>" : "") + "<th>文件</th><th>表格</th><th>结果</th><th>提交时间</th>"
        let list =
            rows.isEmpty
            ? "<p class=\"muted\">还没有通过本页提交的表格。</p>"
            : "<div class=\"scroll\"><table><thead><tr>\(head)</tr></thead><tbody>\(rows.joined())</tbody></table></div>"
        return document(
            title: "提交表格", account: account, csrf: csrf,
            body: """
                <h1>提交表格</h1>
                <form method="post" action="/upload" enctype="multipart/form-data" class="card upload">
                <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
                <label>选择一个或多个文件（Word .docx、PDF、扫描件或照片），也可以直接拖到这里<input type="file" name="files" multiple required></label>
                <button type="submit">提交并查看结果</button>
                </form>
                \(account.role == .office ? "<p><a href=\"/office\">总览与报表下载</a></p>" : "<p><a href=\"/notice\">本支部的整改通知</a></p>")
                \(owedSection)
                <h2>\(account.role == .office ? "通过本页提交的表格" : "本支部提交的表格")</h2>
                \(list)
                """)
    }

    /// What became of each file just handed in, with what to do next.
    /// `replaced`: for each submission, the earlier ones it corrected.
    static func results(
        account: Account, csrf: String, files: [(name: String, parts: [StoredSubmission])], replaced: [Int64: [StoredSubmission]],
        reading: Bool, catalog: SchemaCatalog
    ) -> String {
        let sections = files.map { file -> String in
            let parts = file.parts.map { submission in
                var html = part(of: submission, catalog: catalog, heading: file.parts.count > 1)
                for earlier in replaced[submission.id] ?? [] {
                    html +=
                        "<p class=\"replaced\">已取代之前提交的 <a href=\"/s/\(earlier.id)\">\(HTML.escape(shownName(earlier.sourcePath)))</a>"
                        + "（\(HTML.escape(readableTime(earlier.intakeAt)))）。</p>"
                }
                return html
            }.joined()
            return "<section class=\"card\"><h2>\(HTML.escape(file.name))</h2>\(parts.isEmpty ? "<p>未能登记，请重新提交。</p>" : parts)</section>"
        }
        let waiting = reading ? "<p class=\"notice\" role=\"status\">正在检查，结果出来后本页会自动显示，请稍候。</p>" : ""
        return document(
            title: reading ? "正在检查" : "提交结果", account: account, csrf: csrf,
            body: "<h1>提交结果</h1>\(waiting)\(sections.joined())<p><a href=\"/\">继续提交</a></p>", reloadSeconds: reading ? 1 : nil)
    }

    /// `replaced`: the earlier submissions this one corrected; `replacedBy`: the one that corrected it.
    static func submission(
        _ submission: StoredSubmission, replaced: [StoredSubmission], replacedBy: StoredSubmission?, account: Account, csrf: String,
        catalog: SchemaCatalog
    ) -> String {
        let form = submission.form.flatMap { catalog.form(id: $0) }
        var fields = ""
        if let form, let record = submission.record {
            for field in form.fields {
                guard let value = record[field.key] else { continue }
                if case .array(let rows) = value {
                    let head = field.columns.map { "<th>\(HTML.escape($0.title))</th>" }.joined()
                    let body = rows.map { row in
                        "<tr>" + field.columns.map { "<td>\(HTML.multiline(row[$0.key].map(MessageTemplate.show) ?? ""))</td>" }.joined() + "</tr>"
                    }.joined()
                    fields +=
                        "<h3>\(HTML.escape(field.title))</h3><div class=\"scroll\"><table><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>"
                } else {
                    fields += "<p><b>\(HTML.escape(field.title))</b>：\(HTML.multiline(MessageTemplate.show(value)))</p>"
                }
            }
        }
        return document(
            title: shownName(submission.sourcePath), account: account, csrf: csrf,
            body: """
                <h1>\(HTML.escape(shownName(submission.sourcePath)))</h1>
                \(part(of: submission, catalog: catalog, heading: false, linked: false))
                \(history(replaced: replaced, replacedBy: replacedBy))
                <p><a href="/s/\(submission.id)/original">下载提交的原件</a></p>
                <section class="card"><h2>填写的内容</h2>\(fields.isEmpty ? "<p class=\"muted\">无</p>" : fields)</section>
                <p><a href="/">返回</a></p>
                """)
    }

    static func noNotice(account: Account, csrf: String) -> String {
        document(
            title: "整改通知", account: account, csrf: csrf,
            body: "<h1>整改通知</h1><p>本支部当前没有需要整改的表格。</p><p><a href=\"/\">返回</a></p>")
    }

    /// A report file as a clerk would name it: 汇总工作簿, 问题清单, a form's name and its table's title, 整改通知：支部.
    static func label(ofDownload name: String, catalog: SchemaCatalog) -> String {
        if name.hasPrefix("notices/整改通知-"), name.hasSuffix(".html") {
            return "整改通知：" + name.dropFirst("notices/整改通知-".count).dropLast(".html".count)
        }
        switch name {
        case "report.xlsx": return "汇总工作簿（Excel）"
        case "submissions.csv": return "全部提交记录（CSV）"
        case "findings.csv": return "问题清单（CSV）"
        default: break
        }
        let parts = name.dropLast(".csv".count).split(separator: ".").map(String.init)
        guard name.hasSuffix(".csv"), let form = parts.first.flatMap({ catalog.form(id: $0) }) else { return name }
        if parts.count == 2, let table = form.field(parts[1]) { return "\(form.name)·\(table.title)（CSV）" }
        return "\(form.name)（CSV）"
    }

    /// One branch as the office sees it: what it handed in through the portal, what it still owes, its notice.
    static func branch(
        _ name: String, account: Account, csrf: String, submissions: [SubmissionListing], owed: [(member: String?, form: String)],
        notice: String?, catalog: SchemaCatalog
    ) -> String {
        let rows = submissions.map { listing in
            """
            <tr><td><a href="/s/\(listing.id)">\(HTML.escape(shownName(listing.sourcePath)))</a></td>\
            <td>\(HTML.escape(listing.form.flatMap { catalog.form(id: $0)?.name } ?? "—"))</td><td>\(badge(listing.status))</td>\
            <td>\(HTML.escape(readableTime(listing.intakeAt)))</td></tr>
            """
        }
        let owedItems = owed.map { "<li>\(HTML.escape($0.member ?? "本支部"))：\(HTML.escape($0.form))</li>" }

        return document(
            title: name, account: account, csrf: csrf,
            body: """
                <h1>\(HTML.escape(name))</h1>
                \(notice.map { "<p><a href=\"/office/notices/\($0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")\">整改通知</a></p>" } ?? "<p class=\"muted\">当前没有整改通知。</p>")
                <section class="card"><h2>尚未提交（按花名册）</h2>\(owedItems.isEmpty ? "<p class=\"muted\">无</p>" : "<ul>\(owedItems.joined())</ul>")</section>
                <h2>通过本页提交的表格</h2>
                \(rows.isEmpty ? "<p class=\"muted\">无</p>" : "<div class=\"scroll\"><table><thead><tr><th>文件</th><th>表格</th><th>结果</th><th>提交时间</th></tr></thead><tbody>\(rows.joined())</tbody></table></div>")
                <p><a href="/office">返回</a></p>
                """)
    }

    /// Search by a member's name, a branch, a form's name or a file's name.
    static func search(account: Account, csrf: String, query: String, found: [SubmissionListing], catalog: SchemaCatalog) -> String {
        let rows = found.map { listing in
            """
            <tr><td><a href="/s/\(listing.id)">\(HTML.escape(shownName(listing.sourcePath)))</a></td>\
            <td>\(HTML.escape(listing.form.flatMap { catalog.form(id: $0)?.name } ?? "—"))</td><td>\(badge(listing.status))</td>\
            <td>\(HTML.escape(readableTime(listing.intakeAt)))</td></tr>
            """
        }
        let results =
            query.isEmpty
            ? ""
            : rows.isEmpty
                ? "<p class=\"muted\">没有找到。</p>"
                : "<p>找到 \(rows.count) 份\(rows.count == 200 ? "（只列出最新的 200 份）" : "")：</p><div class=\"scroll\"><table><thead><tr><th>文件</th>"
                    + "<th>表格</th><th>结果</th><th>提交时间</th></tr></thead><tbody>\(rows.joined())</tbody></table></div>"
        return document(
            title: "查找", account: account, csrf: csrf,
            body: """
                <h1>查找</h1>
                <form method="get" action="/office/search" class="card">
                <label>姓名、支部、表格名称或文件名<input name="q" value="\(HTML.escape(query))"></label>
                <button type="submit">查找</button>
                </form>
                \(results)
                """)
    }

    /// 待核对: forms formpipe could not read well, for the office to look at (no notice goes to the branch).
    static func review(account: Account, csrf: String, listings: [SubmissionListing], catalog: SchemaCatalog) -> String {
        let rows = listings.map { listing in
            """
            <tr><td>\(HTML.escape(listing.branch ?? "—"))</td><td><a href="/s/\(listing.id)">\(HTML.escape(shownName(listing.sourcePath)))</a></td>\
            <td>\(HTML.escape(listing.form.flatMap { catalog.form(id: $0)?.name } ?? "—"))</td>\
            <td>\(HTML.escape(readableTime(listing.intakeAt)))</td></tr>
            """
        }
        let table =
            rows.isEmpty
            ? "<p class=\"muted\">没有需要核对的表格。</p>"
            : "<div class=\"scroll\"><table><thead><tr><th>支部</th><th>文件</th><th>表格</th><th>提交时间</th></tr></thead>"
                + "<tbody>\(rows.joined())</tbody></table></div>"
        return document(
            title: "待核对", account: account, csrf: csrf,
            body: "<h1>待核对</h1><p>formpipe 未能可靠读出其中部分内容的表格；用 formpipe review 逐项核对。</p>\(table)")
    }

    /// RFC 3986's unreserved characters, ASCII only: what a query value or a `filename*` keeps unencoded.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The office's page: the live overview and every report to download.
    static func office(account: Account, csrf: String, downloads: [String], catalog: SchemaCatalog) -> String {
        let options = catalog.forms.map { "<option value=\"\(HTML.escape($0.id))\">\(HTML.escape($0.name))</option>" }.joined()
        let links = downloads.map { name in
            let query = name.addingPercentEncoding(withAllowedCharacters: Pages.unreserved) ?? ""
            return "<li><a href=\"/office/download?file=\(query)\">\(HTML.escape(label(ofDownload: name, catalog: catalog)))</a></li>"
        }
        return document(
            title: "机关党委", account: account, csrf: csrf,
            body: """
                <h1>机关党委</h1>
                <p><a href="/office/overview">总览（与报表相同，随时更新）</a> · <a href="/office/review">待核对</a> · \
                <a href="/office/search">查找</a> · \
                <a href="/">通过本页提交的表格</a></p>
                <section class="card"><h2>下载报表</h2><p class="muted">由当前数据生成；数据有变化时重新生成。</p>
                <ul>\(links.joined())</ul></section>
                <form method="post" action="/office/revalidate" class="card">
                <h2>重新审核</h2><p class="muted">从存档的原件重新读取并按现行规则审核，列出结果有变化的表格。</p>
                <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
                <label>表格<select name="form"><option value="">全部表格</option>\(options)</select></label>
                <label>支部（可不填）<input name="branch"></label>
                <button type="submit">重新审核</button>
                </form>
                """)
    }

    /// What a re-validation changed, form by form.
    static func revalidated(
        account: Account, csrf: String, report: RevalidationReport, form: String?, branch: String?, catalog: SchemaCatalog
    ) -> String {
        let scope = [form.flatMap { catalog.form(id: $0)?.name }, branch].compactMap { $0 }.joined(separator: "，")
        let items = report.changes.map { change in
            let added = change.added.map { "<li>新问题：\(HTML.escape($0.message))</li>" }.joined()
            let cleared = change.cleared.map { "<li>已解决：\(HTML.escape($0.message))</li>" }.joined()
            return "<li>\(HTML.escape(shownName(change.path)))：\(badge(change.before)) → \(badge(change.after))<ul>\(added)\(cleared)</ul></li>"
        }
        return document(
            title: "重新审核结果", account: account, csrf: csrf,
            body: """
                <h1>重新审核结果</h1>
                <p>\(HTML.escape(scope.isEmpty ? "全部表格" : scope))：重新审核 \(report.checked) 份，\(report.changes.count) 份结果有变化。</p>
                \(items.isEmpty ? "" : "<ul class=\"findings\">\(items.joined())</ul>")
                <p><a href="/office">返回</a></p>
                """)
    }

    static func problem(status: Int, title: String, detail: String) -> String {
        document(
            title: title, account: nil, csrf: nil,
            body: "<h1>\(HTML.escape(title))</h1><p>\(HTML.escape(detail))</p><p><a href=\"/\">返回首页</a></p>")
    }

    /// One form's verdict: 合格, 需整改 with each finding by field and row, 待核对, 无法识别 with its reason.
    /// Which submissions this one corrected, and which corrected it.
    static func history(replaced: [StoredSubmission], replacedBy: StoredSubmission?) -> String {
        var lines = replaced.map { earlier in
            "<li>取代了 <a href=\"/s/\(earlier.id)\">\(HTML.escape(shownName(earlier.sourcePath)))</a>（\(HTML.escape(readableTime(earlier.intakeAt)))提交）</li>"
        }
        if let later = replacedBy {
            lines.append(
                "<li>已被 <a href=\"/s/\(later.id)\">\(HTML.escape(shownName(later.sourcePath)))</a>（\(HTML.escape(readableTime(later.intakeAt)))提交）取代</li>"
            )
        }
        return lines.isEmpty ? "" : "<section class=\"card\"><h2>更正记录</h2><ul>\(lines.joined())</ul></section>"
    }

    static func part(of submission: StoredSubmission, catalog: SchemaCatalog, heading: Bool, linked: Bool = true) -> String {
        let form = submission.form.flatMap { catalog.form(id: $0) }
        var html = heading ? "<h3>\(HTML.escape(form?.name ?? shownName(submission.sourcePath)))</h3>" : ""
        html += "<p class=\"verdict\">\(badge(submission.status)) \(HTML.escape(form?.name ?? ""))</p>"
        switch submission.status {
        case .valid:
            html += "<p>已收到，无需再做什么。</p>"
        case .invalid:
            html += "<p>请按下列意见修改表格后重新提交同一份表格，新的提交会自动取代这一份：</p>"
        case .review:
            html += "<p>系统未能可靠读出下列内容，机关党委会人工核对，暂不需要修改。</p>"
        case .rejected:
            html += "<p class=\"error\">\(HTML.escape(submission.reason ?? "无法识别"))</p>"
        case .superseded:
            html += "<p>已被之后提交的更正版本取代。</p>"
        case .duplicate:
            html += "<p>与之前提交的文件完全相同，按之前的结果计。</p>"
        case .pending:
            html += "<p>正在处理。</p>"
        }
        let findings = submission.findings
        if !findings.isEmpty {
            let items = findings.map { finding in
                let kind = finding.severity == .error ? "" : "（提醒）"
                return "<li><b>\(HTML.escape(FieldPath.display(finding.path, in: form)))</b>\(kind)：\(HTML.escape(finding.message))</li>"
            }
            html += "<ul class=\"findings\">\(items.joined())</ul>"
        }
        if linked { html += "<p><a href=\"/s/\(submission.id)\">查看详情</a></p>" }
        return html
    }

    static func badge(_ status: SubmissionStatus) -> String {
        "<span class=\"badge \(status.rawValue)\">\(HTML.escape(ReportWriter.statusNames[status] ?? status.rawValue))</span>"
    }

    /// `portal/第一党支部/王五.docx#2` → `王五.docx#2`.
    static func shownName(_ sourcePath: String) -> String {
        sourcePath.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? sourcePath
    }

    /// An intake time in this machine's time zone, as the reports show it.
    static func readableTime(_ iso: String) -> String {
        ReportDates.readable(iso)
    }

    /// The one script: files dropped on the upload form go into its file input, so a person may drag them from a
    /// folder. Without it (JavaScript off, an old phone) the file picker does the same.
    static let script = """
        "use strict";
        document.querySelectorAll("form.upload").forEach(function (form) {
          var input = form.querySelector("input[type=file]");
          form.addEventListener("dragover", function (event) { event.preventDefault(); form.classList.add("dropping"); });
          form.addEventListener("dragleave", function () { form.classList.remove("dropping"); });
          form.addEventListener("drop", function (event) {
            event.preventDefault();
            form.classList.remove("dropping");
            if (event.dataTransfer && event.dataTransfer.files.length > 0) { input.files = event.dataTransfer.files; }
          });
        });
        // A page waiting for verdicts reloads itself each second (a meta refresh, without script); with script,
        // sooner.
        if (document.querySelector("meta[http-equiv=refresh]")) { setTimeout(function () { location.reload(); }, 300); }
        """

    static let stylesheet = """
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#1d2330;line-height:1.6}
        header{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;padding:.6rem 1rem;background:#9e1b1b;color:#fff}
        header a.home{color:#fff;font-weight:bold;text-decoration:none;margin-right:auto}
        header form{margin:0}
        main{max-width:60rem;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem}h2{font-size:1.15rem}h3{font-size:1rem}
        .card{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:1rem;margin:1rem 0}
        label{display:block;margin:.6rem 0}
        input,select{display:block;width:100%;box-sizing:border-box;font-size:1rem;padding:.5rem;margin-top:.25rem}
        button{font-size:1rem;padding:.55rem 1.2rem;background:#9e1b1b;color:#fff;border:0;border-radius:4px}
        button.link{background:none;color:#fff;text-decoration:underline;padding:0}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{border:1px solid #dde1e8;padding:.35rem .5rem;text-align:left;vertical-align:top}
        .scroll{overflow-x:auto}
        .badge{display:inline-block;padding:0 .5rem;border-radius:3px;font-weight:bold;white-space:nowrap}
        @media (max-width:600px){main{padding:.6rem}table{font-size:.9rem}th,td{padding:.3rem}}
        .badge.valid{background:#e3f4e6;color:#17692b}.badge.invalid{background:#fde8e8;color:#a51d1d}
        .badge.review{background:#fff4d6;color:#7a5300}.badge.rejected{background:#eceff3;color:#3a4252}
        .badge.superseded,.badge.duplicate{background:#eceff3;color:#6b7385}
        .replaced{color:#17692b}
        .error{color:#a51d1d}.muted{color:#6b7385}
        .notice{background:#fff4d6;color:#7a5300;padding:.5rem .75rem;border-radius:4px}
        .findings li{margin:.3rem 0}
        form.upload.dropping{outline:3px dashed #9e1b1b;outline-offset:4px}
        """
}
