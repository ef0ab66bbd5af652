import ArgumentParser
import FormExtraction
import FormPipeline
import FormReports
import FormSchema
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Unpack, extract and validate one file; print it; write nothing.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The file to check.")
    var file: String

    @Flag(help: "Print one JSON object (the export format) instead of text.")
    var json = false

    @Flag(help: "For each field: the label found and where, the raw text, the value, and why a value was not trusted.")
    var explain = false

    func run() async throws {
        let environment = try global.environment()
        var info = stat()
        guard stat(file, &info) == 0 else { throw PipelineError.missingInput(file) }
        let bytes: Data
        // The file the user named, read by its real path through the same limits as a batch's files.
        switch SubmittedFile.read(path: URL(fileURLWithPath: file).resolvingSymlinksInPath().path, limits: environment.config.limits) {
        case .success(let read):
            bytes = read
        case .failure(let refusal):
            let result = SubmissionProcessor.Result.rejected(reason: refusal.reason)
            print(json ? CheckOutput.json(result, file: file) : CheckOutput.text(result, file: file))
            return
        }
        let processing = environment.makeProcessing(executable: GlobalOptions.executable, workers: 1)
        defer { processing.shutdown() }
        let result = await processing.process(bytes).result
        if explain, case .form = result, let (form, fields) = environment.makeProcessor().explain(bytes) {
            print(CheckOutput.explanation(fields, form: form, result: result, file: file))
        } else if json {
            print(CheckOutput.json(result, file: file))
        } else {
            print(CheckOutput.text(result, file: file))
        }
    }
}

enum CheckOutput {
    static func json(_ result: SubmissionProcessor.Result, file: String) -> String {
        var object = JSONObject()
        object["file"] = .string(file)
        switch result {
        case .rejected(let reason):
            object["form"] = .null
            object["status"] = "rejected"
            object["fields"] = .object(JSONObject())
            object["findings"] = []
            object["reason"] = .string(reason)
        case .form(let form, let record, let findings):
            object["form"] = .string(form.id)
            object["status"] = .string(result.status.rawValue)
            object["fields"] = record
            object["findings"] = .array(findings.map(JSONLExport.findingObject))
        }
        return JSONValue.object(object).serialized()
    }

    static func text(_ result: SubmissionProcessor.Result, file: String) -> String {
        switch result {
        case .rejected(let reason):
            return "\(file.printable)：无法识别 —— \(reason.printable)"
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
            } else {
                if !explained.raw.isEmpty { lines.append("  原文：\(display(.string(explained.raw)))") }
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

    static func display(_ value: JSONValue) -> String {
        if let text = value.stringValue { return text.replacingOccurrences(of: "\n", with: " / ").printable }
        return value.serialized()
    }
}
