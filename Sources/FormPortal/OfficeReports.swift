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
    private var current: (mark: String, folder: URL)?
    private var writing: (mark: String, task: Task<URL, any Error>)?
    private var facts: (mark: String, facts: ReportWriter.BranchFacts)?
    private var walking: (mark: String, number: Int, task: Task<ReportWriter.BranchFacts, any Error>)?
    private var walksStarted = 0
    private var walkScheduled = false
    private var lastWalkStart: ContinuousClock.Instant?
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    /// How long a branch's page waits for what it owes to be brought up to date before it answers with the
    /// last list: on a quiet store the walk takes milliseconds and the page is exact; under a flood of uploads
    /// the page stays fast and the list is at most a few seconds old.
    static let freshnessWait = Duration.milliseconds(120)
    /// The least time between the starts of two walks while the store keeps changing: each is a walk over all of
    /// it, and back to back they would take a core from the uploads.
    static let walkGap = Duration.seconds(3)

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
        let mark = try store.changeMark()
        if let current, current.mark == mark { return current.folder }
        if let writing, writing.mark == mark { return try await writing.task.value }
        let (store, catalog, settings) = (self.store, self.catalog, self.settings)
        let folder = cache.appendingPathComponent(UUID().uuidString)
        let task = Task.detached {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try ReportWriter(folder: folder, catalog: catalog, settings: settings).write(from: store)
            return folder
        }
        writing = (mark, task)
        defer { if writing?.mark == mark { writing = nil } }
        let written = try await task.value
        if let old = current?.folder, old != written { try? FileManager.default.removeItem(at: old) }
        current = (mark, written)
        return written
    }

    /// What a branch still owes by the roster (its members' forms and its own).
    func owed(by branch: String) async throws -> [(member: String?, form: String)] {
        try await branchFacts(waitingAtMost: Self.freshnessWait).owed.filter { $0.branch == branch }.map { ($0.member, $0.form) }
    }

    /// A branch's current notice, when it has one: always as of the store's present state (a branch that has
    /// just handed in a corrected form must not be shown the notice it answered).
    func notice(of branch: String) async throws -> URL? {
        guard let name = try await branchFacts(waitingAtMost: nil).noticeFiles[branch] else { return nil }
        return try await downloads()["notices/" + name]
    }

    /// The store changed (an upload was stored): the facts are brought up to date now rather than when the next
    /// page asks, so the page a branch opens after its upload is usually exact without waiting.
    func storeChanged() {
        scheduleWalk()
    }

    /// The facts as of the store's present state, waiting for the walk that brings them there at most `limit`
    /// (nil: as long as it takes); past it, the last facts. Only the very first walk is always waited for.
    private func branchFacts(waitingAtMost limit: Duration?) async throws -> ReportWriter.BranchFacts {
        let mark = try store.changeMark()
        if let facts, facts.mark == mark { return facts.facts }
        guard let stale = facts?.facts, let limit else {
            if let walking, walking.mark == mark { return try await walking.task.value }
            if let walking {
                // A walk of an earlier state: the present one follows it (a walk ends the actor's record of
                // itself before its value is seen, so this cannot find the same walk again).
                _ = try? await walking.task.value
                return try await branchFacts(waitingAtMost: nil)
            }
            return try await startWalk(mark: mark).value
        }
        scheduleWalk()
        await waitForWalk(upTo: limit)
        return facts?.facts ?? stale
    }

    /// Starts a walk now, or once `walkGap` has passed since the last one started; one at a time.
    private func scheduleWalk() {
        guard walking == nil, !walkScheduled, let mark = try? store.changeMark(), facts?.mark != mark else { return }
        let waited = lastWalkStart.map { ContinuousClock.now - $0 } ?? Self.walkGap
        guard waited < Self.walkGap else {
            _ = startWalk(mark: mark)
            return
        }
        walkScheduled = true
        Task {
            try? await Task.sleep(for: Self.walkGap - waited)
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
        let store = self.store
        walksStarted += 1
        let number = walksStarted
        let task = Task.detached {
            let walked = Result { try writer.branchFacts(from: store) }
            await self.walkEnded(number: number, mark: mark, facts: try? walked.get())
            return try walked.get()
        }
        walking = (mark, number, task)
        lastWalkStart = .now
        return task
    }

    private func walkEnded(number: Int, mark: String, facts walked: ReportWriter.BranchFacts?) {
        if walking?.number == number { walking = nil }
        if let walked { facts = (mark, walked) }
        for waiter in waiters.values { waiter.resume() }
        waiters.removeAll()
        // Changes that came during the walk: the next one, after the gap.
        scheduleWalk()
    }

    /// Returns when the running walk ends or `limit` has passed, whichever is first.
    private func waitForWalk(upTo limit: Duration) async {
        guard walking != nil else { return }
        let id = UUID()
        await withCheckedContinuation { continuation in
            waiters[id] = continuation
            Task {
                try? await Task.sleep(for: limit)
                self.stopWaiting(id)
            }
        }
    }

    private func stopWaiting(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
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
