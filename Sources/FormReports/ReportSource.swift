import FormSchema
import FormStore
import Foundation

/// What the report reads: the submissions, walked in id order, fetched again by id when an output needs them
/// in another order, and the supersessions. The store answers from one snapshot, page by page, so the report
/// never holds every record; an array answers the same questions for tests and callers that have one.
protocol ReportSource {
    /// Every submission in id order; `records: false` may leave `record` nil.
    func forEachSubmission(records: Bool, _ body: (StoredSubmission) throws -> Void) throws
    /// The submissions with these ids, in id order; `records: false` may leave `record` nil.
    func submissions(ids: [Int64], records: Bool) throws -> [StoredSubmission]
    /// Every supersession, ordered by the later submission's intake time and id, then the earlier one's id.
    func forEachSupersession(_ body: (Supersession) throws -> Void) throws
}

extension StoreSnapshot: ReportSource {}

/// Submissions already in memory, answering as the store would.
struct SubmissionList: ReportSource {
    let all: [StoredSubmission]
    private let byID: [Int64: StoredSubmission]

    init(_ submissions: [StoredSubmission]) {
        all = submissions.sorted { $0.id < $1.id }
        byID = Dictionary(submissions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func forEachSubmission(records: Bool, _ body: (StoredSubmission) throws -> Void) throws {
        for submission in all { try body(submission) }
    }

    func submissions(ids: [Int64], records: Bool) throws -> [StoredSubmission] {
        ids.sorted().compactMap { byID[$0] }
    }

    func forEachSupersession(_ body: (Supersession) throws -> Void) throws {
        let pairs: [(earlier: StoredSubmission, later: StoredSubmission)] = all.compactMap { earlier in
            guard let laterID = earlier.supersededBy, let later = byID[laterID] else { return nil }
            return (earlier, later)
        }
        for (earlier, later) in pairs.sorted(by: {
            ($0.later.intakeAt, $0.later.id, $0.earlier.id) < ($1.later.intakeAt, $1.later.id, $1.earlier.id)
        }) {
            try body(
                Supersession(
                    earlierID: earlier.id, laterID: later.id, laterIntakeAt: later.intakeAt, laterStatus: later.status,
                    earlierErrors: earlier.findings.filter { $0.severity == .error }.count, earlierForm: earlier.form,
                    earlierPath: earlier.sourcePath, laterPath: later.sourcePath))
        }
    }
}
