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
    private var refreshingFacts = false
    private var firstWalk: Task<ReportWriter.BranchFacts, any Error>?
    private var lastWalk = ContinuousClock.now
    /// How stale what a branch owes may be while the store keeps changing.
    static let factsInterval = Duration.seconds(10)

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
        try await branchFacts().owed.filter { $0.branch == branch }.map { ($0.member, $0.form) }
    }

    /// A branch's current notice, when it has one.
    func notice(of branch: String) async throws -> URL? {
        guard let name = try await branchFacts().noticeFiles[branch] else { return nil }
        return try await downloads()["notices/" + name]
    }

    /// The facts of the last walk over the store. They take a walk over all of it, which a branch's page must not
    /// wait for on every change while uploads arrive: after a change the last facts answer at once and a walk in
    /// the background replaces them (one at a time); only the first call waits for its walk.
    private func branchFacts() async throws -> ReportWriter.BranchFacts {
        let mark = try store.changeMark()
        if let facts, facts.mark == mark || refreshingFacts { return facts.facts }
        if let facts {
            // While uploads keep changing the store, a walk at most every `factsInterval`: each is a walk over all
            // of it, and back to back they would take a core from the uploads.
            if ContinuousClock.now - lastWalk >= Self.factsInterval {
                refreshingFacts = true
                lastWalk = .now
                Task { await self.refreshFacts() }
            }
            return facts.facts
        }
        // The first call: every page that comes meanwhile waits for this one walk.
        if let firstWalk { return try await firstWalk.value }
        let task = walk()
        firstWalk = task
        defer { firstWalk = nil }
        let walked = try await task.value
        if self.facts == nil { self.facts = (mark, walked) }
        return walked
    }

    private func refreshFacts() async {
        defer { refreshingFacts = false }
        guard let mark = try? store.changeMark(), let walked = try? await walk().value else { return }
        facts = (mark, walked)
    }

    /// The walk itself, off this actor, so downloads and the overview do not queue behind it.
    private func walk() -> Task<ReportWriter.BranchFacts, any Error> {
        let writer = ReportWriter(folder: cache, catalog: catalog, settings: settings)
        let store = self.store
        return Task.detached { try writer.branchFacts(from: store) }
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
