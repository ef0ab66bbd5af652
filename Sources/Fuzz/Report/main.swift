// libFuzzer harness: the report stage fed random stored records. The input's JSON is the record (or the `fields`
// of an export line); it is validated against each form in Schemas/, loaded into a fresh store as that form's
// submission (valid or invalid with the validator's findings, as the pipeline loads it), and ReportWriter.write
// writes the workbook, CSVs, overview and notices from the store. In an ordinary build the program does nothing.
import FormReports
import FormSchema
import FormStore
import Foundation
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let record = FuzzSupport.record(from: FuzzSupport.data(data, size)) else { return 0 }
    let folder = FuzzSupport.scratchFolder("fuzz-report")
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
        let store = try SubmissionStore(path: folder.appendingPathComponent("formpipe.sqlite").path, catalog: FuzzSupport.catalog)
        let run = try store.beginRun(command: "fuzz")
        var outcomes: [Outcome] = []
        for (index, form) in FuzzSupport.catalog.forms.enumerated() {
            let file = IntakeFile(sourcePath: "branch/\(form.id).docx", sha256: String(repeating: "\(index)", count: 64), size: size)
            guard case .process(let id) = try store.intake(file, runID: run) else { FuzzSupport.fail("intake of a new file") }
            let findings = form.validate(record)
            let identity = form.identity(of: record).map { JSONValue.array($0).serialized() }
            outcomes.append(
                Outcome(
                    submissionID: id, form: form.id, status: findings.contains { $0.severity == .error } ? .invalid : .valid,
                    reason: nil, record: record, identity: identity, formDate: form.dateField.flatMap { record[$0]?.stringValue },
                    findings: findings))
        }
        try store.load(outcomes)
        try store.finishRun(run)
        _ = try ReportWriter(folder: folder.appendingPathComponent("reports"), catalog: FuzzSupport.catalog).write(from: store)
    } catch {
        // The store and the report may refuse a record (e.g. a value SQLite cannot hold) with an error; only a
        // crash is a finding.
    }
    return 0
}
