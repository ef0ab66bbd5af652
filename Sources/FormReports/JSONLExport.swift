import FormSchema
import FormStore

/// The `export --format jsonl` contract of DESIGN.md: one JSON object per stored submission.
public enum JSONLExport {
    public static func line(for submission: StoredSubmission) -> String {
        var object = JSONObject()
        object["file"] = .string(submission.sourcePath)
        object["sha256"] = .string(submission.sha256)
        object["form"] = submission.form.map(JSONValue.string) ?? .null
        object["status"] = .string(submission.status.rawValue)
        object["fields"] = submission.record ?? .object(JSONObject())
        object["findings"] = .array(
            submission.findings.map { finding in
                [
                    "path": .string(finding.path), "severity": .string(finding.severity.rawValue),
                    "rule": .string(finding.rule), "message": .string(finding.message),
                ]
            })
        if submission.status == .rejected {
            object["reason"] = .string(submission.reason ?? "")
        }
        return JSONValue.object(object).serialized()
    }
}
