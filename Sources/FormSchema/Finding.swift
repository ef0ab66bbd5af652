import Foundation

/// How bad a finding is: an error makes the record invalid, a warning is reported but the record is accepted.
public enum Severity: String, Sendable, Codable, Hashable {
    case error
    case warning
}

/// Where a finding comes from. Only *content* findings are the branch's to fix; a *reading* finding says
/// formpipe could not read what is there (the label is there but no value it trusts, a table it could not
/// recover, a value it could not normalise), so the clerk looks at the original instead of a notice going out.
public enum FindingSource: String, Sendable, Codable, Hashable {
    case content
    case reading
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
    public let source: FindingSource

    public init(path: String, severity: Severity, rule: String, message: String, source: FindingSource = .content) {
        self.path = path
        self.severity = severity
        self.rule = rule
        self.message = message
        self.source = source
    }

    /// The same finding, said to come from `source` with this message.
    public func attributed(to source: FindingSource, message: String? = nil) -> Finding {
        Finding(path: path, severity: severity, rule: rule, message: message ?? self.message, source: source)
    }
}

extension Sequence<Finding> {
    /// Whether the errors, if any, are all formpipe's own reading problems: a record with such errors and no
    /// others needs the clerk's review (待核对), not the branch's correction.
    public var errorsAreAllReading: Bool {
        var sawError = false
        for finding in self where finding.severity == .error {
            if finding.source == .content { return false }
            sawError = true
        }
        return sawError
    }
}
