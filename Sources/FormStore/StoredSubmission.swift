public import FormSchema
import Foundation

/// Where a submission stands. `pending` exists only between intake and load: after a crash, those are resumed.
/// `review` (待核对): stored and current like valid and invalid, but its only errors are reading findings, so the
/// clerk looks at it and no notice goes to the branch.
public enum SubmissionStatus: String, Sendable, Codable, CaseIterable {
    case pending, valid, invalid, review, rejected, superseded, duplicate

    /// Whether a submission with this status is someone's current form (valid, invalid or needing review).
    public var isCurrentForm: Bool { self == .valid || self == .invalid || self == .review }
}

/// A file as intake saw it: recorded before any other work, so nothing that entered is ever lost.
public struct IntakeFile: Sendable {
    public let sourcePath: String
    public let sha256: String
    public let size: Int
    /// Where intake put the original in an archive pack (nil when it was archived earlier, or not at all).
    public let archived: ArchiveLocation?
    /// Who handed it in through the portal (nil for every other door): recorded in the intake's transaction.
    public let upload: Upload?

    public init(sourcePath: String, sha256: String, size: Int, archived: ArchiveLocation? = nil, upload: Upload? = nil) {
        self.sourcePath = sourcePath
        self.sha256 = sha256
        self.size = size
        self.archived = archived
        self.upload = upload
    }
}

/// Where an original lies in the archive: a byte range of one pack file.
public struct ArchiveLocation: Sendable, Equatable {
    /// The pack's file name, inside the archive's pack folder.
    public let pack: String
    public let offset: Int64
    public let length: Int

    public init(pack: String, offset: Int64, length: Int) {
        self.pack = pack
        self.offset = offset
        self.length = length
    }
}

/// What intake decided for a file.
public enum IntakeDecision: Sendable, Equatable {
    /// New (or left pending by an interrupted run): process it.
    case process(submissionID: Int64)
    /// The same bytes from the same path already have an outcome: nothing to do.
    case alreadyDone(submissionID: Int64)
    /// The same bytes arrived before under another path (`firstPath`): recorded as a duplicate of that submission.
    case duplicate(submissionID: Int64, of: Int64, firstPath: String)
    /// Another live process has taken this file in and is working on it.
    case inProgressElsewhere(submissionID: Int64)
}

/// A submission left pending by an interrupted run, to be processed again from the archived original.
public struct ResumableSubmission: Sendable, Equatable {
    public let id: Int64
    public let sourcePath: String
    public let sha256: String
}

/// The result of processing one submission, written in one transaction.
public struct Outcome: Sendable {
    public let submissionID: Int64
    public let form: String?
    /// valid, invalid, review or rejected.
    public let status: SubmissionStatus
    public let reason: String?
    /// The rejection's stable code (`Rejection.Code` of FormDocument: `damaged`, `too-large` …).
    public var reasonCode: String?
    public let record: JSONValue?
    /// The identity values joined as JSON, or nil when the record lacks one of them.
    public let identity: String?
    /// The form's own date (its `x-form.date` field), which orders corrections taken in by the same run.
    public let formDate: String?
    public let findings: [Finding]
    /// Which part of its file this is, for a file that holds several forms or a bundle: `#2`, `/材料/1.docx`;
    /// nil for a file that is one form.
    public var part: String?
    /// The part's place among its file's parts: the first is loaded into the file's own submission, each
    /// other into a submission of its own made for it.
    public var partIndex = 0

    public init(
        submissionID: Int64, form: String?, status: SubmissionStatus, reason: String?, record: JSONValue?,
        identity: String?, formDate: String? = nil, findings: [Finding]
    ) {
        self.submissionID = submissionID
        self.form = form
        self.status = status
        self.reason = reason
        self.record = record
        self.identity = identity
        self.formDate = formDate
        self.findings = findings
    }

    public static func rejected(_ submissionID: Int64, reason: String, code: String) -> Outcome {
        var outcome = Outcome(submissionID: submissionID, form: nil, status: .rejected, reason: reason, record: nil, identity: nil, findings: [])
        outcome.reasonCode = code
        return outcome
    }
}

/// One submission as stored, with its findings: what `export` prints.
public struct StoredSubmission: Sendable {
    public let id: Int64
    /// The path it was taken in from, with the part of the file it is (`x.docx#2`, `b.zip/材料/1.docx`).
    public let sourcePath: String
    public let sha256: String
    /// ISO 8601 time the file was taken in.
    public let intakeAt: String
    public let status: SubmissionStatus
    public let form: String?
    public let reason: String?
    /// The rejection's stable code; nil for a rejection stored before codes were kept (store v7 and older).
    public var reasonCode: String? = nil
    public let record: JSONValue?
    public let findings: [Finding]
    public let duplicateOf: Int64?
    public let supersededBy: Int64?
    /// For a part of a file other than its first: the submission of the file.
    public var parentID: Int64? = nil
    /// Which part of its file it is (`#2`, `/材料/1.docx`); nil for a file that is one form.
    public var part: String? = nil
}
