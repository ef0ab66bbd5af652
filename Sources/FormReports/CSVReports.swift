import FormSchema
import FormStore
import Foundation

/// The CSV files: every submission with its outcome, the findings, one per form (one row per current
/// submission) and one per repeating table. Each is written row by row as the report walks the store.
final class CSVReports {
    private let submissions: CSVFile
    private let findings: CSVFile
    private struct FormFiles {
        let form: FormSchema
        let file: CSVFile
        let tables: [(field: FieldSpec, file: CSVFile)]
    }
    private let forms: [FormFiles]

    /// Opens every file, in the order they are listed (and committed).
    init(folder: URL, catalog: SchemaCatalog) throws(ReportError) {
        submissions = try CSVFile(
            folder.appendingPathComponent("submissions.csv"),
            header: ["编号", "收到时间", "文件", "表格", "所在支部", "姓名", "状态", "错误数", "提醒数", "说明"])
        // The same columns in the same order as the workbook's sheets, so a CSV and its sheet read alike.
        findings = try CSVFile(folder.appendingPathComponent("findings.csv"), header: WorkbookReport.findingsTitles)
        var forms: [FormFiles] = []
        for form in catalog.forms {
            let file = try CSVFile(
                folder.appendingPathComponent("\(form.id).csv"),
                header: WorkbookReport.formFixedTitles + form.fields.map { $0.kind == .table ? "\($0.title)（行数）" : $0.title })
            var tables: [(FieldSpec, CSVFile)] = []
            for table in form.fields where table.kind == .table {
                tables.append(
                    (
                        table,
                        try CSVFile(
                            folder.appendingPathComponent("\(form.id).\(table.key).csv"),
                            header: WorkbookReport.tableFixedTitles + table.columns.map(\.title))
                    ))
            }
            forms.append(FormFiles(form: form, file: file, tables: tables))
        }
        self.forms = forms
    }

    /// Every file, in the order they are listed.
    var files: [OutputFile] {
        [submissions.output, findings.output] + forms.flatMap { [$0.file.output] + $0.tables.map(\.file.output) }
    }

    /// Intake times as the CSV shows them; the same few seconds recur across a batch.
    private var readable = ReportDates.readableMemo()

    /// A row of submissions.csv (every submission, in intake order): two rows are never alike, since each has its
    /// number, and a superseded or duplicate one names the submission it gives way to.
    func addSubmission(_ submission: StoredSubmission, form: FormSchema?, subject: String) {
        let errors = submission.findings.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) }
        submissions.cell(String(submission.id))
        submissions.cell(readable(submission.intakeAt))
        submissions.cell(submission.sourcePath)
        submissions.cell(form?.name ?? "")
        submissions.cell(form?.roles.branchField.flatMap { submission.record?[$0]?.stringValue } ?? "")
        submissions.cell(subject)
        submissions.cell(ReportWriter.statusNames[submission.status] ?? submission.status.rawValue)
        submissions.cell(String(errors))
        submissions.cell(String(submission.findings.count - errors))
        if let later = submission.supersededBy {
            submissions.cell("被第 \(later) 号（更正后的提交）取代")
        } else if let first = submission.duplicateOf {
            submissions.cell("与第 \(first) 号内容完全相同")
        } else {
            submissions.cell(submission.reason ?? "")
        }
        submissions.endRow()
    }

    /// A current submission's row in its form's file and its table rows in the table files.
    func addCurrent(_ submission: StoredSubmission, entry: ReportModel.Entry, branch: String) {
        let files = forms[entry.formIndex]
        let record = submission.record
        let file = files.file
        file.cell(ReportWriter.statusNames[submission.status] ?? "")
        file.cell(String(entry.errors))
        file.cell(String(entry.warnings))
        file.cell(submission.sourcePath)
        file.cell(readable(entry.receivedAt))
        file.cell(entry.lateDays.map(String.init) ?? "")
        for field in files.form.fields { file.cell(CellValue.display(record?[field.key])) }
        file.endRow()
        let received = readable(submission.intakeAt)
        for (table, tableFile) in files.tables {
            for (index, row) in (record?[table.key]?.arrayValue ?? []).enumerated() {
                tableFile.cell(branch)
                tableFile.cell(entry.subject)
                tableFile.cell(submission.sourcePath)
                tableFile.cell(received)
                tableFile.cell(String(index + 1))
                for column in table.columns { tableFile.cell(CellValue.display(row[column.key])) }
                tableFile.endRow()
            }
        }
    }

    /// Rows of findings.csv (called in branch order, then intake order).
    func addFindings(
        _ list: [Finding], of submission: StoredSubmission, entry: ReportModel.Entry, form: FormSchema, branch: String, places: FieldPlaces
    ) {
        for finding in list {
            findings.cell(branch)
            findings.cell(form.name)
            findings.cell(entry.subject)
            findings.cell(submission.sourcePath)
            findings.cell(places.display(finding.path, formIndex: entry.formIndex))
            findings.cell(WorkbookReport.level(of: finding))
            findings.cell(finding.message)
            findings.cell(finding.rule)
            findings.endRow()
        }
    }
}
