import ArgumentParser
import FormPipeline
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

    func run() async throws {
        let environment = try global.environment()
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw PipelineError.missingInput(file)
        }
        let processing = environment.makeProcessing(executable: GlobalOptions.executable, workers: 1)
        defer { processing.shutdown() }
        let result = await processing.process(bytes).result
        if json {
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
            object["status"] = findings.contains { $0.severity == .error } ? "invalid" : "valid"
            object["fields"] = record
            object["findings"] = .array(
                findings.map {
                    ["path": .string($0.path), "severity": .string($0.severity.rawValue), "rule": .string($0.rule), "message": .string($0.message)]
                })
        }
        return JSONValue.object(object).serialized()
    }

    static func text(_ result: SubmissionProcessor.Result, file: String) -> String {
        switch result {
        case .rejected(let reason):
            return "\(file)：无法识别 —— \(reason)"
        case .form(let form, let record, let findings):
            var lines = ["\(file)：\(form.name)（\(form.id)）"]
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
            let errors = findings.filter { $0.severity == .error }
            lines.append(errors.isEmpty ? "结论：合格" : "结论：需整改（\(errors.count) 处错误）")
            for finding in findings {
                lines.append("  [\(finding.severity == .error ? "错误" : "提醒")] \(finding.path)：\(finding.message)")
            }
            return lines.joined(separator: "\n")
        }
    }

    static func display(_ value: JSONValue) -> String {
        if let text = value.stringValue { return text.replacingOccurrences(of: "\n", with: " / ") }
        return value.serialized()
    }
}
