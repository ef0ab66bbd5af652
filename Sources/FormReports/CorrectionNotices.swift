import FormSchema
import FormStore
import Foundation

/// 整改通知: one HTML page per branch, ready to send back, saying for each submission exactly which field to
/// fix and why, and who in the branch has not submitted yet.
struct CorrectionNotices {
    let branches: [String]

    static let folderName = "notices"

    /// Branch → file name inside the notices folder. Names come from what branches typed, so they are made
    /// safe as file names (no separators, no leading dot) and kept distinct.
    func fileNames() -> [String: String] {
        var names: [String: String] = [:]
        var used = Set<String>()
        for branch in branches {
            let forbidden = Set("/\\:*?\"<>|")
            // Bidi controls become visible text (U+202E would make "整改通知-…lmth.exe" read backwards).
            var stem = String(OutputText.visible(branch).unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            stem = String(stem.map { forbidden.contains($0) ? "_" : $0 })
            stem = stem.trimmingCharacters(in: CharacterSet(charactersIn: ". ").union(.whitespacesAndNewlines))
            if stem.isEmpty || stem == ReportModel.noBranch { stem = "未填所在支部" }
            stem = Self.prefix(of: stem, utf8Bytes: Self.maxNameBytes - Self.fixedNameBytes)
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

    /// File systems allow 255 bytes a name, and the notice is first written under a longer temporary name
    /// (`.<name>.<UUID>.tmp`, 42 bytes more): 200 bytes leave room for both. Characters are not the measure —
    /// 60 of U+20000 are 240 bytes, and one `a` with 300 combining accents is one character of 601 bytes.
    static let maxNameBytes = 200
    /// "整改通知-", ".html" and room for a "-123456" that keeps two branches' names apart.
    static let fixedNameBytes = "整改通知-".utf8.count + ".html".utf8.count + 7

    /// The longest prefix of `text` within `limit` UTF-8 bytes, cut between characters; a character longer than
    /// what is left (a letter with hundreds of combining marks) is cut between its scalars, never inside one.
    static func prefix(of text: String, utf8Bytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size <= limit {
                result.append(character)
                used += size
                continue
            }
            for scalar in character.unicodeScalars {
                let scalarSize = String(scalar).utf8.count
                guard used + scalarSize <= limit else { break }
                result.unicodeScalars.append(scalar)
                used += scalarSize
            }
            break
        }
        return result
    }

    /// One branch's notice, written while the report walks the branch's submissions: the invalid ones
    /// (`addSubmission`), then `addMissing`, then the valid ones with warnings (`addSubmission`), then `finish`.
    final class Notice {
        let output: OutputFile
        private var number = 0
        private let invalidCount: Int
        private let hasWarned: Bool

        /// Opens the notice with its greeting and, when there are invalid submissions, their heading.
        init(
            branch: String, invalid: Int, warned: Int, missing: Int, replyBy: Date, destination: URL
        ) throws(ReportError) {
            output = try OutputFile(destination)
            invalidCount = invalid
            hasWarned = warned > 0
            output.write(HTML.pageStart(title: "整改通知 — \(branch)", style: CorrectionNotices.style))
            output.write("<h1 class=\"title\">整改通知</h1>")
            output.write("<p class=\"to\">\(HTML.escape(branch))：</p>")
            if invalid == 0 && missing == 0 && warned == 0 {
                output.write("<p>经机关党委审核，你支部报送的材料符合要求，无需整改。</p>")
            } else {
                output.write("<p>经机关党委审核，你支部报送的材料存在以下问题。请逐项修改后，于 <b>")
                output.writeEscaped(ReportDates.dayStamp(replyBy))
                output.write("</b> 前重新报送（修改后的文件可直接覆盖原文件报送，系统以最新一份为准）。</p>")
            }
            if invalid > 0 { output.write("<h2>一、需要修改的表格（\(invalid) 份）</h2>") }
        }

        /// Who has not sent what, then the heading of the warnings that follow.
        func addMissing(_ missing: [ReportModel.Missing]) {
            if !missing.isEmpty {
                output.write("<h2>\(invalidCount == 0 ? "一" : "二")、尚未报送的材料</h2><table><tr><th>姓名</th><th>党员类别</th><th>职级</th><th>应报送</th></tr>")
                for item in missing {
                    output.writeTableRow(
                        item.member?.name ?? "本支部", item.member?.category ?? "", item.member?.rank ?? "", item.formName)
                }
                output.write("</table>")
            }
            if hasWarned {
                output.write("<h2>请核实的提醒事项</h2><p class=\"muted\">以下表格已通过审核，但有需要核实的内容，如确有问题请一并修改。</p>")
            }
        }

        func addSubmission(
            _ submission: StoredSubmission, entry: ReportModel.Entry, form: FormSchema, findings: [Finding], places: FieldPlaces
        ) {
            number += 1
            output.write("<h3>\(number). ")
            output.writeEscaped(form.name)
            if !entry.subject.isEmpty {
                output.write("（")
                output.writeEscaped(entry.subject)
                output.write("）")
            }
            output.write("</h3><p class=\"path\">文件：")
            // The name the branch gave its file: the notice leaves the office, and this machine's folders are
            // none of the branch's business.
            output.writeEscaped(CorrectionNotices.nameAsSent(submission.sourcePath, part: submission.part))
            output.write("</p>")
            output.write("<table><tr><th class=\"nw\">序号</th><th style=\"width:24%\">位置</th><th>问题及修改要求</th><th class=\"nw\">类别</th></tr>")
            for (index, finding) in findings.enumerated() {
                let error = finding.severity == .error
                output.write(error ? "<tr class=\"bad\"><td class=\"n\">\(index + 1)</td><td>" : "<tr><td class=\"n\">\(index + 1)</td><td>")
                output.writeEscaped(places.display(finding.path, formIndex: entry.formIndex))
                output.write("</td><td>")
                output.writeMultiline(finding.message)
                output.write(error ? "</td><td class=\"nw err\">必须修改</td></tr>" : "</td><td class=\"nw warn\">请核实</td></tr>")
            }
            output.write("</table>")
        }

        func finish(generatedAt: Date) {
            output.write("<p class=\"sign\">机关党委<br>\(HTML.escape(ReportDates.stamp(generatedAt)))</p>")
            output.write(HTML.pageEnd)
        }
    }

    static let style = """
        .title{text-align:center;font-size:26px;letter-spacing:8px;margin:8px 0 20px}.to{font-weight:600;font-size:16px}
        .sign{text-align:right;margin-top:32px}body{max-width:900px}.nw{white-space:nowrap;width:1%}
        @media print{body{padding:0}tr.bad td{background:none}}

        """

    /// The file name of a path as taken in (`/srv/drop/机关第三党支部/王五.docx` → `王五.docx`), with the form it
    /// is when the file holds several: `合并.docx（第 2 份）`, `材料.zip 中的 1_王五.docx`.
    static func nameAsSent(_ sourcePath: String, part: String? = nil) -> String {
        let file = String(sourcePath.dropLast(part?.count ?? 0))
        var shown = file.split(separator: "/").last.map(String.init) ?? file
        guard let part else { return shown }
        let instance = part.lastIndex(of: "#").map { part[$0...] } ?? part[part.endIndex...]
        let member = part[..<instance.startIndex].drop { $0 == "/" }
        if !member.isEmpty { shown += " 中的 " + member }
        if let number = Int(instance.dropFirst()), instance.first == "#" { shown += "（第 \(number) 份）" }
        return shown
    }
}
