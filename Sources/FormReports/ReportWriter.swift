import FormSchema
import FormStore
import Foundation

/// Writes the consolidated outputs from the store. Every file is written to a temporary name and renamed,
/// so a reader never sees half a report.
public struct ReportWriter: Sendable {
    public let folder: URL
    public let catalog: SchemaCatalog

    public init(folder: URL, catalog: SchemaCatalog) {
        self.folder = folder
        self.catalog = catalog
    }

    public static let statusNames: [SubmissionStatus: String] = [
        .pending: "处理中", .valid: "合格", .invalid: "需整改", .rejected: "无法识别",
        .superseded: "已被更正版本取代", .duplicate: "重复提交",
    ]

    /// Writes submissions.csv and findings.csv; returns the files written.
    @discardableResult
    public func write(from store: SubmissionStore) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let submissions = try store.allSubmissions()
        var overview = CSVTable(header: ["文件", "表格", "所在支部", "姓名", "状态", "错误数", "提醒数", "说明"])
        var findings = CSVTable(header: ["文件", "表格", "所在支部", "姓名", "字段", "级别", "问题说明"])
        for submission in submissions {
            let form = submission.form.flatMap(catalog.form(id:))
            let branch = submission.record?["branch"]?.stringValue ?? ""
            let person = submission.record?["name"]?.stringValue ?? submission.record?["mentor_name"]?.stringValue ?? ""
            let errors = submission.findings.filter { $0.severity == .error }
            overview.append([
                submission.sourcePath, form?.name ?? "", branch, person,
                Self.statusNames[submission.status] ?? submission.status.rawValue,
                String(errors.count), String(submission.findings.count - errors.count), submission.reason ?? "",
            ])
            guard submission.status == .valid || submission.status == .invalid else { continue }
            for finding in submission.findings {
                findings.append([
                    submission.sourcePath, form?.name ?? "", branch, person, displayPath(finding.path, in: form),
                    finding.severity == .error ? "错误" : "提醒", finding.message,
                ])
            }
        }
        return [
            try writeAtomically(overview.text, name: "submissions.csv"),
            try writeAtomically(findings.text, name: "findings.csv"),
        ]
    }

    /// `items[2].measures` → `查摆情况 第3行 整改措施`, the way a clerk refers to a place in the form.
    func displayPath(_ path: String, in form: FormSchema?) -> String {
        guard let form else { return path }
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard let head = parts.first else { return path }
        var key = head
        var row: Int?
        if let bracket = head.firstIndex(of: "["), head.hasSuffix("]") {
            key = String(head[..<bracket])
            row = Int(head[head.index(after: bracket)..<head.index(before: head.endIndex)])
        }
        guard let field = form.field(key) else { return path }
        var shown = field.title
        if let row { shown += " 第\(row + 1)行" }
        if parts.count > 1 {
            shown += " " + (field.columns.first { $0.key == parts[1] }?.title ?? parts[1])
        }
        return shown
    }

    private func writeAtomically(_ text: String, name: String) throws -> URL {
        let destination = folder.appendingPathComponent(name)
        let temporary = folder.appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, destination.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
        }
        return destination
    }
}
