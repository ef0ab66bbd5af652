public import FormSchema
public import FormStore
public import Foundation

/// The settings of pipeline.conf that shape the reports.
public struct ReportSettings: Sendable {
    /// The roster CSV (pipeline.conf `roster`); nil: no missing lists of people.
    public var rosterFile: URL?
    /// pipeline.conf `copied_text_similarity`: the trigram Jaccard at which two texts count as copied.
    public var copiedTextSimilarity: Double
    /// pipeline.conf `due.<form> = YYYY-MM-DD`: this round's deadline of a form, over its schema's `x-form.due`.
    public var dueDates: [String: String]
    /// pipeline.conf `notice_reply_days`: a notice asks for the corrected forms this many days after it is written.
    public var noticeReplyDays: Int

    public init(rosterFile: URL? = nil, copiedTextSimilarity: Double = 0.85, dueDates: [String: String] = [:], noticeReplyDays: Int = 7) {
        self.rosterFile = rosterFile
        self.copiedTextSimilarity = copiedTextSimilarity
        self.dueDates = dueDates
        self.noticeReplyDays = noticeReplyDays
    }
}

/// Writes the consolidated outputs from the store into one folder (`<state>/reports` by default):
///
/// - `report.xlsx`: summary, a sheet per form and per repeating table, findings, corrections;
/// - `overview.html`: the one-page overview, self-contained;
/// - `notices/整改通知-<支部>.html`: one correction notice per branch;
/// - `submissions.csv`, `findings.csv`, `<form>.csv`, `<form>.<table>.csv`.
///
/// Every file is written to a temporary name and renamed (the notices folder is swapped whole), so a reader
/// never sees half a report.
public struct ReportWriter: Sendable {
    public let folder: URL
    public let catalog: SchemaCatalog
    public let settings: ReportSettings
    /// Told of each output that could not be written (a notice whose name the file system refuses, a full
    /// disk for one file); the other outputs are written all the same, since one branch's odd name must not
    /// cost the office every report.
    public let warn: @Sendable (ReportError) -> Void

    public static let workbookName = "report.xlsx"
    public static let overviewName = "overview.html"
    public static let noticesFolderName = CorrectionNotices.folderName

    public init(
        folder: URL, catalog: SchemaCatalog, settings: ReportSettings = ReportSettings(),
        warn: @escaping @Sendable (ReportError) -> Void = { _ in }
    ) {
        self.folder = folder
        self.catalog = catalog
        self.settings = settings
        self.warn = warn
    }

    /// Runs `body`, turning a failure to write one output into a warning; true when it succeeded.
    @discardableResult
    func warning(_ body: () throws(ReportError) -> Void) -> Bool {
        do throws(ReportError) {
            try body()
            return true
        } catch {
            warn(error)
            return false
        }
    }

    /// Removes the temporary files and folders of reports being written (for a signal handler: the run is
    /// ending, and half-written reports must not stay behind as `.tmp` files).
    public static func removeUnfinishedFiles() {
        AtomicFile.removeUnfinished()
    }

    public static let statusNames: [SubmissionStatus: String] = [
        .pending: "处理中", .valid: "合格", .invalid: "需整改", .review: "待核对", .rejected: "无法识别",
        .superseded: "已被更正版本取代", .duplicate: "重复提交",
    ]

    private func loadRoster() throws(ReportError) -> Roster? {
        guard let file = settings.rosterFile else { return nil }
        do throws(RosterError) {
            return try Roster.load(from: file)
        } catch {
            throw ReportError.roster(error)
        }
    }

    /// What the portal shows of each branch without the whole report: who still owes which form, as the
    /// overview's 未交名单 has it (a member by name, or the branch itself: member nil), and the file name of each
    /// branch's notice in the notices folder — the names `write` gives them, not a guess at them.
    package struct BranchFacts: Sendable {
        package let owed: [(branch: String, member: String?, form: String)]
        package let noticeFiles: [String: String]

        init(_ model: ReportModel, noticeFiles: [String: String]) {
            owed = model.missing.map { ($0.branch, $0.member?.name, $0.formName) }
            self.noticeFiles = noticeFiles
        }
    }

    package func branchFacts(from store: SubmissionStore) throws -> BranchFacts {
        let roster = try loadRoster()
        return try store.withSnapshot { snapshot in
            let model = try ReportModel(
                source: snapshot, catalog: catalog, roster: roster, copiedTextSimilarity: settings.copiedTextSimilarity, generatedAt: Date(),
                dueDates: settings.dueDates)
            return BranchFacts(model, noticeFiles: CorrectionNotices(branches: model.branches).fileNames())
        }
    }

    /// Writes every report from the store's current contents (as of one moment: the whole report is read from
    /// one snapshot); returns the files written (the notices as their folder).
    @discardableResult
    public func write(from store: SubmissionStore, at time: Date = Date()) throws -> [URL] {
        try store.withSnapshot { snapshot in try write(source: snapshot, at: time).files }
    }

    /// Writes every report as `write(from:at:)` does (only the overview, with `onlyOverview`: no workbook, CSVs
    /// or notices, for the portal's live overview), and gives the branches' facts of the same walk.
    package func writeWithFacts(from store: SubmissionStore, onlyOverview: Bool = false) throws -> BranchFacts {
        try store.withSnapshot { snapshot in try write(source: snapshot, at: Date(), onlyOverview: onlyOverview).facts }
    }

    /// Writes every report from these submissions, as `write(from:at:)` does from the store.
    @discardableResult
    public func write(submissions: [StoredSubmission], at time: Date = Date()) throws(ReportError) -> [URL] {
        do {
            return try write(source: SubmissionList(submissions), at: time).files
        } catch let error as ReportError {
            throw error
        } catch {
            // An array cannot fail to be read; this only keeps the signature honest.
            throw .cannotWrite(path: folder.path, reason: String(describing: error))
        }
    }

    /// A correction as the workbook and the overview list it.
    struct Correction {
        let receivedAt: String
        /// The local day it was received (`2026-12-06`), for the workbook's date cell.
        let receivedDay: String
        let branch: String
        let formName: String
        let subject: String
        let earlierPath: String
        let earlierErrors: Int
        let laterPath: String
        let laterStatus: SubmissionStatus
    }

    /// Submissions read back per query when an output needs them in another order than the first walk.
    static let pageSize = 500

    /// The report in four walks, each writing every output that reads in its order, so nothing but counts
    /// and a few small facts per current submission is held: all submissions in intake order (the model,
    /// submissions.csv and the table sheets), the current ones form by form (the form sheets and CSVs), branch
    /// by branch (the findings everywhere, and the notices), then the corrections and rejected files.
    func write(source: some ReportSource, at time: Date, onlyOverview: Bool = false) throws -> (files: [URL], facts: BranchFacts) {
        let roster = try loadRoster()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(path: folder.path, reason: FileErrorText.describe(error))
        }
        // Two processes on one state folder (a watch and a clerk's batch) write the reports one after the other:
        // each output is swapped in whole, and the notices folder cannot be swapped by two at once.
        let lock: FileLock
        do {
            // Beside the folder, not in it: the folder holds the office's files only.
            lock = try FileLock(path: folder.path + ".lock")
        } catch {
            throw ReportError.cannotWrite(path: folder.path, reason: error.description)
        }
        defer { lock.release() }
        let csv = onlyOverview ? nil : try CSVReports(folder: folder, catalog: catalog)
        let workbookURL = folder.appendingPathComponent(Self.workbookName)
        let workbook = onlyOverview ? nil : OutputLane(try WorkbookReport(catalog: catalog, destination: workbookURL), name: "workbook")
        do {
            // The table sheets fill during the model's walk, on the workbook's thread, which has nothing else to
            // do before the model is known.
            let model = try ReportModel(
                source: source, catalog: catalog, roster: roster, copiedTextSimilarity: settings.copiedTextSimilarity,
                generatedAt: time, dueDates: settings.dueDates
            ) { visit in
                csv?.addSubmission(visit.submission, form: visit.formIndex.map { catalog.forms[$0] }, subject: visit.subject)
                if let workbook, let branch = visit.currentBranch, let formIndex = visit.formIndex {
                    let submission = visit.submission
                    let subject = visit.subject
                    workbook.add { workbook in
                        try workbook.addTableRows(submission, formIndex: formIndex, branch: branch, subject: subject)
                    }
                }
            }
            let summary = WorkbookReport.Summary(model)
            workbook?.add { workbook in try workbook.begin(summary) }
            if let workbook, let csv { try writeForms(source, model, workbook, csv) }
            let names = CorrectionNotices(branches: model.branches).fileNames()
            let overview = try HTMLOverview(
                model: model, notices: names, destination: folder.appendingPathComponent(Self.overviewName))
            let noticesFolder = folder.appendingPathComponent(CorrectionNotices.folderName)
            let staging = onlyOverview ? nil : try AtomicFile.stagingFolder(for: noticesFolder)
            do {
                try writeBranches(source, model, workbook, csv, overview, staging: staging, names: names)
                try writeReview(source, model, workbook, overview)
                overview.endFindings()
                overview.beginCorrections()
                try writeCorrections(source, model, workbook, overview)
                overview.beginRejected()
                for page in Self.pages(model.rejectedIDs) {
                    for submission in try source.submissions(ids: page, records: false) {
                        workbook?.add { workbook in try workbook.addRejected(submission) }
                        overview.addRejected(submission)
                    }
                }
                workbook?.add { workbook in try workbook.finish() }
                overview.finish()
                try workbook?.wait()
                // Everything is written: now each output replaces the old one, in the order they are listed.
                var written: [URL] = []
                do {
                    if let workbook {
                        try workbook.run { workbook in try workbook.commit() }
                        written.append(workbookURL)
                    }
                } catch let error as ReportError {
                    warn(error)
                }
                for file in csv?.files ?? [] where warning({ () throws(ReportError) in try file.commit() }) {
                    written.append(file.destination)
                }
                if let staging, warning({ () throws(ReportError) in try AtomicFile.swapIn(staging, for: noticesFolder) }) {
                    written.append(noticesFolder)
                }
                if warning({ () throws(ReportError) in try overview.output.commit() }) {
                    written.append(overview.output.destination)
                }
                return (written, BranchFacts(model, noticeFiles: names))
            } catch {
                if let staging { AtomicFile.remove(staging) }
                throw error
            }
        } catch {
            workbook?.run { workbook in workbook.discard() }
            throw error
        }
    }

    /// The form sheets and CSVs: each form's current submissions in intake order.
    private func writeForms(
        _ source: some ReportSource, _ model: ReportModel, _ workbook: OutputLane<WorkbookReport>, _ csv: CSVReports
    ) throws {
        for formIndex in catalog.forms.indices {
            try Self.forEach(model.entries(ofForm: formIndex), in: source, records: true) { submission, entry in
                workbook.add { workbook in try workbook.addSubmission(submission, entry: entry) }
                csv.addCurrent(submission, entry: entry, branch: model.branches[entry.branchIndex])
            }
        }
    }

    /// The findings (workbook, findings.csv, overview) and the notices, branch by branch.
    private func writeBranches(
        _ source: some ReportSource, _ model: ReportModel, _ workbook: OutputLane<WorkbookReport>?, _ csv: CSVReports?,
        _ overview: HTMLOverview, staging: URL?, names: [String: String]
    ) throws {
        for (branchIndex, branch) in model.branches.enumerated() {
            let entries = model.entries(ofBranch: branchIndex)
            let withFindings = entries.filter { $0.findingCount > 0 }
            let invalid = entries.filter(\.isInvalid).count
            // A submission waiting for the clerk's review is not the branch's to act on yet.
            let warned = entries.filter { !$0.isInvalid && !$0.needsReview && $0.warnings > 0 }
            let missing = model.missing(ofBranch: branch)
            var notice: CorrectionNotices.Notice?
            if let staging, let name = names[branch] {
                warning { () throws(ReportError) in
                    notice = try CorrectionNotices.Notice(
                        branch: branch, invalid: invalid, warned: warned.count, missing: missing.count,
                        replyBy: model.generatedAt.addingTimeInterval(Double(settings.noticeReplyDays) * 86_400),
                        destination: staging.appendingPathComponent(name))
                }
            }
            if !withFindings.isEmpty { overview.beginBranch(branch, entries: withFindings) }
            try Self.forEach(entries.filter { $0.isInvalid || $0.findingCount > 0 }, in: source, records: false) { submission, entry in
                let form = model.form(of: entry)
                let findings = model.findings(of: submission)
                if !findings.isEmpty {
                    csv?.addFindings(findings, of: submission, entry: entry, form: form, branch: branch, places: model.places)
                    workbook?.add { workbook in try workbook.addFindings(findings, of: submission, entry: entry, branch: branch) }
                    overview.addFindings(findings, of: submission, entry: entry)
                }
                if entry.isInvalid {
                    // Only what the branch wrote is its to fix; what formpipe could not read is the clerk's.
                    let content = findings.filter { $0.source == .content }
                    notice?.addSubmission(submission, entry: entry, form: form, findings: content, places: model.places)
                }
            }
            if !withFindings.isEmpty { overview.endBranch() }
            guard let notice else { continue }
            notice.addMissing(missing)
            try Self.forEach(warned, in: source, records: false) { submission, entry in
                notice.addSubmission(
                    submission, entry: entry, form: model.form(of: entry), findings: model.findings(of: submission), places: model.places)
            }
            notice.finish(generatedAt: model.generatedAt)
            warning { () throws(ReportError) in try notice.output.commit() }
        }
    }

    /// The 待核对 list (workbook sheet and overview section): every reading finding of a current submission,
    /// in intake order, with what was read there.
    private func writeReview(
        _ source: some ReportSource, _ model: ReportModel, _ workbook: OutputLane<WorkbookReport>?, _ overview: HTMLOverview
    ) throws {
        try Self.forEach(model.entries.filter { $0.readingFindings > 0 }, in: source, records: true) { submission, entry in
            let branch = model.branches[entry.branchIndex]
            let items = submission.findings.filter { $0.source == .reading }.map { finding in
                ReviewItem(
                    finding: finding, place: model.places.display(finding.path, formIndex: entry.formIndex),
                    seen: CellValue.display(submission.record.flatMap { RecordPath.value(at: finding.path, in: $0) }))
            }
            workbook?.add { workbook in try workbook.addReview(items, of: submission, entry: entry, branch: branch) }
            overview.addReview(items, of: submission, entry: entry, branch: branch)
        }
    }

    /// A reading finding as the 待核对 list shows it.
    struct ReviewItem {
        let finding: Finding
        /// The field as the form names it (`查摆情况 第3行 整改措施`).
        let place: String
        /// What was read there, as text; empty when nothing was.
        let seen: String

        /// What the clerk runs to look at the submission.
        static func command(for submission: StoredSubmission) -> String { "formpipe review \(submission.id)" }
    }

    /// The corrections sheet and the overview's list of corrections, in the order they came in. The supersessions
    /// carry the paths and the form; the model knows the later submission's branch and subject.
    private func writeCorrections(
        _ source: some ReportSource, _ model: ReportModel, _ workbook: OutputLane<WorkbookReport>?, _ overview: HTMLOverview
    ) throws {
        var readable = ReportDates.readableMemo()
        var dayOf = ReportDates.dayMemo()
        let formIndex = Dictionary(catalog.forms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        try source.forEachSupersession { supersession in
            let form = supersession.earlierForm.flatMap { formIndex[$0] }
            // The later submission has the earlier one's form (a correction has the same identity); only a
            // mismatch makes its record read.
            var shown: (branch: String, formIndex: Int?, subject: String)?
            if let index = ReportModel.index(of: supersession.laterID, in: model.entries) {
                let entry = model.entries[index]
                shown = (model.branches[entry.branchIndex], entry.formIndex, entry.subject)
            } else if let replacing = model.replacing[supersession.laterID] {
                shown = (replacing.branch, replacing.formIndex, replacing.subject)
            }
            let branch: String
            let subject: String
            if let shown, form == nil || form == shown.formIndex {
                branch = shown.branch
                subject = form == nil ? "" : shown.subject
            } else {
                guard let later = try source.submissions(ids: [supersession.laterID], records: true).first else { return }
                branch = model.branchName(of: later)
                subject = form.map { ReportModel.subject(of: later, in: catalog.forms[$0]) } ?? ""
            }
            let correction = Correction(
                receivedAt: readable(supersession.laterIntakeAt), receivedDay: dayOf(supersession.laterIntakeAt), branch: branch,
                formName: form.map { catalog.forms[$0].name } ?? "", subject: subject, earlierPath: supersession.earlierPath,
                earlierErrors: supersession.earlierErrors, laterPath: supersession.laterPath, laterStatus: supersession.laterStatus)
            workbook?.add { workbook in try workbook.addCorrection(correction) }
            overview.addCorrection(correction)
        }
    }

    /// Reads the entries' submissions back a page at a time, in the entries' order (intake order).
    static func forEach(
        _ entries: [ReportModel.Entry], in source: some ReportSource, records: Bool,
        _ body: (StoredSubmission, ReportModel.Entry) throws -> Void
    ) throws {
        var start = 0
        while start < entries.count {
            let page = entries[start..<min(entries.count, start + pageSize)]
            start += page.count
            let submissions = try source.submissions(ids: page.map(\.id), records: records)
            var next = 0
            for entry in page {
                while next < submissions.count, submissions[next].id < entry.id { next += 1 }
                guard next < submissions.count, submissions[next].id == entry.id else { continue }
                try body(submissions[next], entry)
            }
        }
    }

    static func pages(_ ids: [Int64]) -> [[Int64]] {
        stride(from: 0, to: ids.count, by: pageSize).map { Array(ids[$0..<min(ids.count, $0 + pageSize)]) }
    }
}
