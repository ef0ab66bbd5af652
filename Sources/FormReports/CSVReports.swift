import FormSchema
import FormStore
import Foundation

/// The CSV files: one per form (one row per current submission), one per repeating table, the findings,
/// and every submission with its outcome.
struct CSVReports {
    let model: ReportModel

    /// File name → table, in the order they are written.
    func tables() -> [(name: String, table: CSVTable)] {
        var result: [(String, CSVTable)] = [("submissions.csv", submissions()), ("findings.csv", findings())]
        for form in model.catalog.forms {
            let entries = model.currentByForm[form.id] ?? []
            result.append(("\(form.id).csv", formTable(form, entries)))
            for table in form.fields where table.kind == .table {
                result.append(("\(form.id).\(table.key).csv", rowsTable(form, table, entries)))
            }
        }
        return result
    }

    func submissions() -> CSVTable {
        var csv = CSVTable(header: ["文件", "表格", "所在支部", "姓名", "状态", "错误数", "提醒数", "说明"])
        for submission in model.all {
            let form = submission.form.flatMap(model.catalog.form(id:))
            let errors = submission.findings.filter { $0.severity == .error }.count
            csv.append([
                submission.sourcePath, form?.name ?? "", submission.record?["branch"]?.stringValue ?? "",
                form.map { ReportModel.subject(of: submission, in: $0) } ?? "",
                ReportWriter.statusNames[submission.status] ?? submission.status.rawValue,
                String(errors), String(submission.findings.count - errors), submission.reason ?? "",
            ])
        }
        return csv
    }

    func findings() -> CSVTable {
        var csv = CSVTable(header: ["文件", "表格", "所在支部", "姓名", "字段", "级别", "问题说明", "规则"])
        for entry in model.currentByBranch {
            for finding in entry.findings {
                csv.append([
                    entry.submission.sourcePath, entry.form.name, entry.branch, entry.subject,
                    FieldPath.display(finding.path, in: entry.form), finding.severity == .error ? "错误" : "提醒",
                    finding.message, finding.rule,
                ])
            }
        }
        return csv
    }

    func formTable(_ form: FormSchema, _ entries: [ReportModel.Entry]) -> CSVTable {
        var csv = CSVTable(
            header: ["文件", "状态", "错误数", "提醒数"] + form.fields.map { $0.kind == .table ? "\($0.title)（行数）" : $0.title })
        for entry in entries {
            csv.append(
                [
                    entry.submission.sourcePath, ReportWriter.statusNames[entry.submission.status] ?? "",
                    String(entry.errors), String(entry.warnings),
                ] + form.fields.map { CellValue.display(entry.submission.record?[$0.key]) })
        }
        return csv
    }

    func rowsTable(_ form: FormSchema, _ table: FieldSpec, _ entries: [ReportModel.Entry]) -> CSVTable {
        var csv = CSVTable(header: ["文件", "所在支部", "提交人", "行号"] + table.columns.map(\.title))
        for entry in entries {
            for (index, row) in (entry.submission.record?[table.key]?.arrayValue ?? []).enumerated() {
                csv.append(
                    [entry.submission.sourcePath, entry.branch, entry.subject, String(index + 1)]
                        + table.columns.map { CellValue.display(row[$0.key]) })
            }
        }
        return csv
    }
}
