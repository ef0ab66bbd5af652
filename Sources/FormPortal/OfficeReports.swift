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
    private var owedAsOf: (mark: String, list: [(branch: String, member: String?, form: String)])?

    init(store: SubmissionStore, catalog: SchemaCatalog, settings: ReportSettings, cache: URL) {
        self.store = store
        self.catalog = catalog
        self.settings = settings
        self.cache = cache
    }

    /// The folder holding the reports as of the store's present state, written now when the store changed.
    func folder() throws -> URL {
        let mark = try store.changeMark()
        if let current, current.mark == mark { return current.folder }
        let manager = FileManager.default
        let folder = cache.appendingPathComponent(UUID().uuidString)
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        try ReportWriter(folder: folder, catalog: catalog, settings: settings).write(from: store)
        if let old = current?.folder { try? manager.removeItem(at: old) }
        current = (mark, folder)
        return folder
    }

    /// What a branch still owes by the roster (its members' forms and its own), as of the store's present state.
    func owed(by branch: String) throws -> [(member: String?, form: String)] {
        let mark = try store.changeMark()
        if owedAsOf?.mark != mark {
            owedAsOf = (mark, try ReportWriter(folder: cache, catalog: catalog, settings: settings).owed(from: store))
        }
        return (owedAsOf?.list ?? []).filter { $0.branch == branch }.map { ($0.member, $0.form) }
    }

    /// The files a person may download, by name (the notices are one per branch, in their folder).
    func downloads() throws -> [String: URL] {
        let folder = try folder()
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
