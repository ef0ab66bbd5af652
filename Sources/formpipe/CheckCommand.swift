import ArgumentParser
import FormDocument
import FormExtraction
import FormPipeline
import FormReports
import FormSchema
import FormStore
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Unpack, extract and validate one file; print it; write nothing.")

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Formpipe
    /// The shared options, given before or after the subcommand's name.
    var options: GlobalOptions { global.resolved(with: root.global) }

    @Argument(help: "The file to check, or a folder: each file in it is checked.")
    var file: String

    @Flag(help: "Print one JSON object (the export format) instead of text.")
    var json = false

    @Flag(help: "For each field: the label found and where, the raw text, the value, and why a value was not trusted.")
    var explain = false

    func run() async throws {
        let environment = try options.environment()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else { throw PipelineError.missingInput(file) }
        // A folder: each file a batch would take, checked in turn, nothing written.
        let files = isFolder.boolValue ? try SubmissionFiles.find([file]).map(\.shownPath) : [file]
        let processing = environment.makeProcessing(executable: GlobalOptions.executable, workers: 1)
        defer { processing.shutdown() }
        for (index, path) in files.enumerated() {
            let bytes: Data
            // Each file read by its real path through the same limits as a batch's files.
            switch SubmittedFile.read(path: URL(fileURLWithPath: path).resolvingSymlinksInPath().path, limits: environment.config.limits) {
            case .success(let read):
                bytes = read
            case .failure(let refusal):
                let result = SubmissionProcessor.Result.rejected(refusal.rejection)
                print(json ? CheckOutput.json(result, file: path) : CheckOutput.text(result, file: path))
                continue
            }
            // A file that holds several forms (or a bundle) is checked form by form: `x.docx#2`, `b.zip/材料/1.docx`.
            let parts = await processing.process(bytes).parts
            let explanations =
                explain && parts.contains { if case .form = $0.result { true } else { false } }
                ? environment.makeProcessor().explain(bytes) : []
            // A refused .doc/WPS file: say whether this machine could have read it.
            if !json, parts.contains(where: { if case .rejected(let rejection) = $0.result { rejection.asksForDocx } else { false } }) {
                print(LegacyConversionStatus.line(config: environment.config))
            }
            for part in parts {
                let shown = path + (part.name ?? "")
                if let explained = explanations.first(where: { $0.part == part.name }) {
                    print(CheckOutput.explanation(explained.fields, form: explained.form, result: part.result, file: shown))
                } else if json {
                    print(CheckOutput.json(part.result, file: shown))
                } else {
                    print(CheckOutput.text(part.result, file: shown) + (index + 1 < files.count || parts.count > 1 ? "\n" : ""))
                }
            }
        }
    }
}

enum CheckOutput {
    static func json(_ result: SubmissionProcessor.Result, file: String) -> String {
        switch result {
        case .rejected(let rejection):
            let shown = SubmissionProcessor.Result.rejection(rejection, fileName: file)
            return JSONLExport.object(
                file: file, sha256: nil, form: nil, status: .rejected, fields: nil, findings: [], reason: shown.text,
                reasonCode: shown.code.rawValue
            ).serialized()
        case .form(let form, let record, let findings):
            return JSONLExport.object(
                file: file, sha256: nil, form: form.id, status: result.status, fields: record, findings: findings, reason: nil
            ).serialized()
        }
    }

    static func text(_ result: SubmissionProcessor.Result, file: String) -> String {
        switch result {
        case .rejected(let rejection):
            return "\(file.printable)：无法识别 —— \(SubmissionProcessor.Result.rejection(rejection, fileName: file).text.printable)"
        case .form(let form, let record, let findings):
            var lines = ["\(file.printable)：\(form.name)（\(form.id)）"]
            for field in form.fields {
                guard let value = record[field.key] else {
                    lines.append("  \(field.title)：（空）")
                    continue
                }
                if case .array(let rows) = value {
                    lines.append("  \(field.title)：\(rows.count) 行")
                    for (index, row) in rows.enumerated() {
                        let cells = field.columns.compactMap { column in
                            row[column.key].map { "\(column.title)=\(display($0))" }
                        }
                        lines.append("    \(index + 1). " + cells.joined(separator: "；"))
                    }
                } else {
                    lines.append("  \(field.title)：\(display(value))")
                }
            }
            let errors = findings.filter { $0.severity == .error }.count
            let warnings = findings.count - errors
            let counts = [errors > 0 ? "\(errors) 处错误" : nil, warnings > 0 ? "\(warnings) 处提醒" : nil].compactMap { $0 }
            let detail = counts.isEmpty ? "" : "（\(counts.joined(separator: "，"))）"
            switch result.status {
            case .review: lines.append("结论：待核对\(detail)——formpipe 有读不准的地方，请对照原件核对，不是支部填写的问题")
            case .invalid: lines.append("结论：需整改\(detail)")
            default: lines.append("结论：合格\(detail)")
            }
            for finding in findings {
                let kind = finding.severity == .warning ? "提醒" : (finding.source == .reading ? "待核对" : "错误")
                lines.append("  [\(kind)] \(FieldPath.display(finding.path, in: form))：\(finding.message.printable)")
            }
            return lines.joined(separator: "\n")
        }
    }

    static func explanation(_ fields: [FieldExplanation], form: FormSchema, result: SubmissionProcessor.Result, file: String) -> String {
        var lines = ["\(file.printable)：\(form.name)（\(form.id)）"]
        for explained in fields {
            let field = explained.field
            lines.append("\(field.title)（\(field.key)）")
            if explained.places.isEmpty {
                lines.append("  位置：没有找到标签（\(field.labels.joined(separator: "、"))）")
            }
            for place in explained.places { lines.append("  位置：\(place.printable)") }
            if let rows = explained.rows {
                lines.append("  读出：\(rows) 行")
                for cell in explained.cells {
                    let value = cell.value.map(display) ?? "（空）"
                    let written = display(.string(cell.raw))
                    lines.append("  第 \(cell.row) 行 \(cell.column.title)：\(value)" + (written == value ? "" : "（原文：\(written)）"))
                    lines += scanned(cell.scanned, uncertain: cell.uncertain, indent: "    ")
                }
            } else {
                if !explained.raw.isEmpty { lines.append("  原文：\(display(.string(explained.raw)))") }
                lines += scanned(explained.scanned, uncertain: explained.uncertain, indent: "  ")
                lines.append("  取值：" + (explained.value.map(display) ?? "（空）"))
            }
            for finding in explained.findings {
                let kind = finding.severity == .warning ? "提醒" : (finding.source == .reading ? "不可信（待核对）" : "错误")
                lines.append("  \(kind)：\(FieldPath.display(finding.path, in: form))：\(finding.message.printable)")
            }
        }
        lines.append(text(result, file: file).split(separator: "\n").first { $0.hasPrefix("结论") }.map(String.init) ?? "")
        return lines.joined(separator: "\n")
    }

    /// The lines OCR read a value from, each with its confidence and its box on the page in points, so the
    /// clerk can find it on the paper; then those OCR was unsure of.
    static func scanned(_ lines: [ScannedLine], uncertain: [String], indent: String) -> [String] {
        var shown = lines.map { line in
            "\(indent)扫描识别：「\(line.text.printable)」置信度 \(line.confidence)，第 \(line.page) 页 "
                + "(\(Int(line.left.rounded())), \(Int(line.top.rounded())))–(\(Int(line.right.rounded())), \(Int(line.bottom.rounded()))) 点"
        }
        if !uncertain.isEmpty {
            shown.append("\(indent)扫描识别把握不大（OCR 置信度低于 ocr_min_confidence）：\(uncertain.joined(separator: "、"))")
        }
        return shown
    }

    static func display(_ value: JSONValue) -> String {
        if let text = value.stringValue { return text.replacingOccurrences(of: "\n", with: " / ").printable }
        return value.serialized()
    }
}
