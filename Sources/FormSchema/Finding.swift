/// How bad a finding is: an error makes the record invalid, a warning is reported but the record is accepted.
public enum Severity: String, Sendable, Codable, Hashable {
    case error
    case warning
}

/// One problem found in a record, worded for the clerk who has to fix the form.
public struct Finding: Sendable, Hashable, Codable {
    /// Where in the record: `planned_study_hours`, `goals`, or a cell `items[2].measures` (0-based row index).
    public let path: String
    public let severity: Severity
    /// The JSON Schema keyword that failed (`required`, `minimum`, …) or the x-rule name (`sum`, `differ`, …).
    public let rule: String
    /// Chinese, naming the field, the actual value and what was expected.
    public let message: String

    public init(path: String, severity: Severity, rule: String, message: String) {
        self.path = path
        self.severity = severity
        self.rule = rule
        self.message = message
    }
}
