public import FormSchema
public import FormStore
public import Foundation

/// The `export --format jsonl` contract of DESIGN.md: one JSON object per stored submission.
public enum JSONLExport {
    /// Every submission of the snapshot, one line each, in intake order, handed out in blocks of about 64 KiB so
    /// memory stays flat however many submissions the store holds. A byte duplicate's line carries the form,
    /// fields and findings of the submission it duplicates (its status stays `duplicate`): it is the same form.
    public static func write(_ snapshot: StoreSnapshot, to output: (Data) -> Void) throws {
        let duplicated = try snapshot.duplicatedSubmissionIDs()
        // A first submission always has a lower id than its duplicates, so it is met first in intake order.
        var findingsOfDuplicated: [Int64: [Finding]] = [:]
        var block: [UInt8] = []
        block.reserveCapacity(1 << 16)
        try snapshot.forEachSubmission(records: true) { submission in
            if duplicated.contains(submission.id) { findingsOfDuplicated[submission.id] = submission.findings }
            let findings = submission.duplicateOf.flatMap { findingsOfDuplicated[$0] } ?? submission.findings
            block.append(contentsOf: line(for: submission, findings: findings).utf8)
            block.append(0x0A)
            if block.count >= 1 << 16 {
                output(Data(block))
                block.removeAll(keepingCapacity: true)
            }
        }
        output(Data(block))
    }

    public static func line(for submission: StoredSubmission) -> String {
        line(for: submission, findings: submission.findings)
    }

    static func line(for submission: StoredSubmission, findings: [Finding]) -> String {
        object(
            file: submission.sourcePath, sha256: submission.sha256, form: submission.form, status: submission.status,
            fields: submission.record, findings: findings, reason: submission.status == .rejected ? submission.reason ?? "" : nil,
            reasonCode: submission.status == .rejected ? submission.reasonCode : nil
        ).serialized()
    }

    /// One submission as the export (with its sha256) and `check --json` (without) show it: the same keys in the
    /// same order, so a line of one reads like a line of the other.
    public static func object(
        file: String, sha256: String?, form: String?, status: SubmissionStatus, fields: JSONValue?, findings: [Finding], reason: String?,
        reasonCode: String? = nil
    ) -> JSONValue {
        var object = JSONObject()
        object["file"] = .string(file)
        if let sha256 { object["sha256"] = .string(sha256) }
        object["form"] = form.map(JSONValue.string) ?? .null
        object["status"] = .string(status.rawValue)
        object["fields"] = fields ?? .object(JSONObject())
        object["findings"] = .array(findings.map(findingObject))
        if let reason { object["reason"] = .string(reason) }
        if let reasonCode { object["reason_code"] = .string(reasonCode) }
        return .object(object)
    }

    /// A finding as the export and `check --json` show it.
    public static func findingObject(_ finding: Finding) -> JSONValue {
        [
            "path": .string(finding.path), "severity": .string(finding.severity.rawValue),
            "source": .string(finding.source.rawValue), "rule": .string(finding.rule), "message": .string(finding.message),
        ]
    }
}
