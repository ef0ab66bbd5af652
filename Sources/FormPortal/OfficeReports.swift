import FormReports
import FormSchema
import FormStore
import Foundation

/// The reports a batch writes (overview, workbook, CSVs, notices), made on demand from the store for the office's
/// pages and downloads, and kept until the store changes: a folder per change mark under the state folder.
actor OfficeReports {
    let store: SubmissionStore
    let catalog: SchemaCatalog
    let settings: ReportSettings
    let cache: URL
    /// What a writing makes: every report (for downloads and notices), or the overview alone (the live page:
    /// without the workbook, CSVs and notices it is written in about half the time).
    enum Product { case all, overview }
    /// The latest folder of each product, with the store's state it shows.
    private var made: [Product: (mark: String, walk: Int, folder: URL)] = [:]
    /// The folder before the latest of each product, kept until the next is written: a download or an overview
    /// may still be reading it.
    private var previous: [Product: URL] = [:]
    private var writing: [Product: (mark: String, task: Task<URL, any Error>)] = [:]
    /// The facts of the latest walk, from a walk of their own or from writing the reports (which walks too).
    private var facts: (mark: String, walk: Int, facts: ReportWriter.BranchFacts)?
    private var walking: (mark: String, number: Int, task: Task<ReportWriter.BranchFacts, any Error>)?
    /// Every walk, for the reports or for the facts, numbered as it starts: older facts never replace newer.
    private var walksStarted = 0
    private let writingThread = LowPriorityThread(name: "formpipe.portal.reports", niceness: 0)
    private let walkingThread = LowPriorityThread(name: "formpipe.portal.facts")
    private var walkScheduled = false
    private var lastWalkStart: ContinuousClock.Instant?
    private var lastWalkTook = Duration.zero
    /// A walk shorter than this (a store of a few thousand forms) is waited for: the page is exact. After a
    /// longer one, a branch's page answers with the last list at once while the next walk runs, so a store of
    /// years of forms under a flood of uploads keeps its pages fast and the list at most a few seconds old.
    static let quickWalk = Duration.milliseconds(50)
    /// Between the starts of two walks while the store keeps changing, this many times the last walk's length:
    /// back to back they would take a core from the uploads.
    static let walkSpacing = 3

    private var knownMark: (mark: String, at: ContinuousClock.Instant)?
    /// How long a change mark is taken as the store's: asking is a scan of the submissions (4 ms at 10,000) and
    /// every branch page asks. Changes made by this portal are known at once (`storeChanged`), another process's
    /// within this.
    static let markInterval = Duration.milliseconds(250)

    init(store: SubmissionStore, catalog: SchemaCatalog, settings: ReportSettings, cache: URL) {
        self.store = store
        self.catalog = catalog
        self.settings = settings
        self.cache = cache
    }

    /// The folder holding the reports as of the store's present state, written now when the store changed. The
    /// writing (a second or so for a large store) runs off this actor and once per state: a request that comes
    /// while it runs waits for the same folder, and the branches' pages are not held up by it.
    func folder() async throws -> URL {
        let mark = try changeMark()
        if let all = made[.all], all.mark == mark { return all.folder }
        return try await writing(.all, mark).value
    }

    /// The overview page (the HTML report) as of the present state; when writing it takes longer than
    /// `overviewWait` (years of forms while branches upload), the last one written, while the next is written.
    /// The page says when it was made.
    func overview() async throws -> Data {
        let mark = try changeMark()
        if made[.all]?.mark != mark, made[.overview]?.mark != mark {
            let task = writing(.overview, mark)
            // The task records what it wrote itself; its value only carries its error.
            if made[.overview] == nil, made[.all] == nil {
                _ = try await task.value
            } else if await task.ended(within: Self.overviewWait) {
                _ = try await task.value
            }
        }
        let newest = [made[.all], made[.overview]].compactMap { $0 }.max { $0.walk < $1.walk }
        guard let newest else { throw CocoaError(.fileNoSuchFile) }
        return try Data(contentsOf: newest.folder.appendingPathComponent(ReportWriter.overviewName))
    }

    static let overviewWait = Duration.milliseconds(1_000)

    /// The writing of `product` as of `mark`: the one under way, or a new one. Writings run one after the other
    /// on their own thread, off this actor.
    private func writing(_ product: Product, _ mark: String) -> Task<URL, any Error> {
        if let writing = writing[product], writing.mark == mark { return writing.task }
        let (store, catalog, settings, thread) = (self.store, self.catalog, self.settings, writingThread)
        let folder = cache.appendingPathComponent(UUID().uuidString)
        walksStarted += 1
        let number = walksStarted
        let task = Task {
            defer { if self.writing[product]?.mark == mark { self.writing[product] = nil } }
            do {
                let facts = try await thread.run {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    return try ReportWriter(folder: folder, catalog: catalog, settings: settings)
                        .writeWithFacts(from: store, onlyOverview: product == .overview)
                }
                self.walked(number: number, mark: mark, facts: facts)
                self.written(product, number: number, mark: mark, folder: folder)
                return folder
            } catch {
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
        }
        writing[product] = (mark, task)
        return task
    }

    private func written(_ product: Product, number: Int, mark: String, folder: URL) {
        guard (made[product]?.walk ?? 0) < number else {
            try? FileManager.default.removeItem(at: folder)
            return
        }
        if let previous = previous[product] { try? FileManager.default.removeItem(at: previous) }
        previous[product] = made[product]?.folder
        made[product] = (mark, number, folder)
    }

    /// What a branch still owes by the roster (its members' forms and its own).
    func owed(by branch: String) async throws -> [(member: String?, form: String)] {
        try await branchFacts(exact: false).owed.filter { $0.branch == branch }.map { ($0.member, $0.form) }
    }

    /// A branch's current notice, when it has one: always as of the store's present state (a branch that has
    /// just handed in a corrected form must not be shown the notice it answered).
    func notice(of branch: String) async throws -> URL? {
        guard let name = try await branchFacts(exact: true).noticeFiles[branch] else { return nil }
        return try await downloads()["notices/" + name]
    }

    /// The store changed (an upload was stored): the facts are brought up to date now rather than when the next
    /// page asks, so the page a branch opens after its upload is usually exact without waiting.
    func storeChanged() {
        knownMark = nil
        scheduleWalk()
    }

    private func changeMark() throws -> String {
        if let knownMark, ContinuousClock.now - knownMark.at < Self.markInterval { return knownMark.mark }
        let mark = try store.changeMark()
        knownMark = (mark, .now)
        return mark
    }

    /// The facts as of the store's present state; when not `exact` and walks are long, the last facts while a
    /// walk brings them up to date. The very first walk is always waited for.
    private func branchFacts(exact: Bool) async throws -> ReportWriter.BranchFacts {
        let mark = try changeMark()
        if let facts, facts.mark == mark { return facts.facts }
        if let stale = facts?.facts, !exact, lastWalkTook > Self.quickWalk {
            scheduleWalk()
            return stale
        }
        if let walking, walking.mark == mark { return try await walking.task.value }
        if let walking {
            // A walk of an earlier state: the present one follows it (a walk ends the actor's record of itself
            // before its value is seen, so this cannot find the same walk again).
            _ = try? await walking.task.value
            return try await branchFacts(exact: exact)
        }
        return try await startWalk(mark: mark).value
    }

    /// Starts a walk now, or once `walkSpacing` times the last walk's length has passed since it started; one at
    /// a time.
    private func scheduleWalk() {
        guard walking == nil, !walkScheduled, let mark = try? changeMark(), facts?.mark != mark else { return }
        let spacing = lastWalkTook * Self.walkSpacing
        let waited = lastWalkStart.map { ContinuousClock.now - $0 } ?? spacing
        guard waited < spacing else {
            _ = startWalk(mark: mark)
            return
        }
        walkScheduled = true
        Task {
            try? await Task.sleep(for: spacing - waited)
            self.scheduledWalkDue()
        }
    }

    private func scheduledWalkDue() {
        walkScheduled = false
        scheduleWalk()
    }

    /// The walk itself runs off this actor, so downloads and the overview do not queue behind it.
    private func startWalk(mark: String) -> Task<ReportWriter.BranchFacts, any Error> {
        let writer = ReportWriter(folder: cache, catalog: catalog, settings: settings)
        let (store, thread) = (self.store, walkingThread)
        walksStarted += 1
        let number = walksStarted
        let task = Task {
            do {
                let walked = try await thread.run { try writer.branchFacts(from: store) }
                self.walkEnded(number: number, mark: mark, facts: walked)
                return walked
            } catch {
                self.walkEnded(number: number, mark: mark, facts: nil)
                throw error
            }
        }
        walking = (mark, number, task)
        lastWalkStart = .now
        return task
    }

    private func walked(number: Int, mark: String, facts walked: ReportWriter.BranchFacts) {
        if (facts?.walk ?? 0) < number { facts = (mark, number, walked) }
    }

    private func walkEnded(number: Int, mark: String, facts walked: ReportWriter.BranchFacts?) {
        if walking?.number == number { walking = nil }
        if let walked { self.walked(number: number, mark: mark, facts: walked) }
        if let lastWalkStart { lastWalkTook = .now - lastWalkStart }
        // Changes that came during the walk: the next one, after the spacing.
        scheduleWalk()
    }

    /// The files a person may download, by name (the notices are one per branch, in their folder).
    func downloads() async throws -> [String: URL] {
        let folder = try await folder()
        var files: [String: URL] = [:]
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".xlsx") || name.hasSuffix(".csv") {
            files[name] = folder.appendingPathComponent(name)
        }
        let notices = folder.appendingPathComponent("notices")
        for name in (try? manager.contentsOfDirectory(atPath: notices.path)) ?? [] {
            files["notices/" + name] = notices.appendingPathComponent(name)
        }
        return files
    }
}
