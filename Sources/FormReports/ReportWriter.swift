import FormSchema
import FormStore
import Foundation

/// The settings of pipeline.conf that shape the reports.
public struct ReportSettings: Sendable {
    /// The roster CSV (pipeline.conf `roster`); nil: no missing lists of people.
    public var rosterFile: URL?
    /// pipeline.conf `copied_text_similarity`: the trigram Jaccard at which two texts count as copied.
    public var copiedTextSimilarity: Double

    public init(rosterFile: URL? = nil, copiedTextSimilarity: Double = 0.85) {
        self.rosterFile = rosterFile
        self.copiedTextSimilarity = copiedTextSimilarity
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

    public static let workbookName = "report.xlsx"
    public static let overviewName = "overview.html"
    public static let noticesFolderName = CorrectionNotices.folderName

    public init(folder: URL, catalog: SchemaCatalog, settings: ReportSettings = ReportSettings()) {
        self.folder = folder
        self.catalog = catalog
        self.settings = settings
    }

    public static let statusNames: [SubmissionStatus: String] = [
        .pending: "处理中", .valid: "合格", .invalid: "需整改", .rejected: "无法识别",
        .superseded: "已被更正版本取代", .duplicate: "重复提交",
    ]

    /// Writes every report from the store's current contents; returns the files written (the notices as
    /// their folder).
    @discardableResult
    public func write(from store: SubmissionStore, at time: Date = Date()) throws -> [URL] {
        try write(submissions: try store.allSubmissions(), at: time)
    }

    @discardableResult
    public func write(submissions: [StoredSubmission], at time: Date = Date()) throws(ReportError) -> [URL] {
        var roster: Roster?
        if let file = settings.rosterFile {
            do throws(RosterError) {
                roster = try Roster.load(from: file)
            } catch {
                throw .roster(error)
            }
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
        let model = ReportModel(
            submissions: submissions, catalog: catalog, roster: roster, copiedTextSimilarity: settings.copiedTextSimilarity,
            generatedAt: time)
        var written: [URL] = []

        let workbook = folder.appendingPathComponent(Self.workbookName)
        try WorkbookReport(model: model).write(to: workbook)
        written.append(workbook)

        for (name, table) in CSVReports(model: model).tables() {
            let url = folder.appendingPathComponent(name)
            try AtomicFile.write(table.text, to: url)
            written.append(url)
        }

        let notices = CorrectionNotices(model: model)
        let names = notices.fileNames()
        let noticesFolder = folder.appendingPathComponent(CorrectionNotices.folderName)
        try AtomicFile.replaceFolder(noticesFolder) { (staging: URL) throws(ReportError) in
            for branch in model.branches {
                guard let name = names[branch] else { continue }
                try AtomicFile.write(notices.html(for: branch), to: staging.appendingPathComponent(name))
            }
        }
        written.append(noticesFolder)

        let overview = folder.appendingPathComponent(Self.overviewName)
        try AtomicFile.write(HTMLOverview(model: model, notices: names).html(), to: overview)
        written.append(overview)
        return written
    }
}
