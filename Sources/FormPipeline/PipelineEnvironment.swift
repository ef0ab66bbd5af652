import FormDocument
public import FormSchema
public import FormStore
public import Foundation

/// What every command needs, opened once: the configuration, the schemas and (for commands that use it)
/// the store. Each failure here is operational: a clear one-line message and exit code 1.
public struct PipelineEnvironment: Sendable {
    public let config: PipelineConfig
    public let catalog: SchemaCatalog

    public init(configFile: String, stateFolder: String?, databaseFile: String?, overrides: [String]) throws {
        let config = try Self.configuration(configFile: configFile, stateFolder: stateFolder, databaseFile: databaseFile, overrides: overrides)
        self.config = config
        do {
            catalog = try SchemaCatalog.load(from: config.schemaFolder)
        } catch {
            throw PipelineError.schemas(String(describing: error))
        }
    }

    /// The configuration alone, with the command line's overrides (for `schemas check`, which must not stop at
    /// the first broken schema as loading the catalog does).
    public static func configuration(
        configFile: String, stateFolder: String?, databaseFile: String?, overrides: [String]
    ) throws -> PipelineConfig {
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var config = try PipelineConfig.load(
            file: PipelineConfig.resolve(configFile, against: workingDirectory), overrides: overrides)
        if let stateFolder { config.stateFolder = PipelineConfig.resolve(stateFolder, against: workingDirectory) }
        if let databaseFile { config.databaseFile = PipelineConfig.resolve(databaseFile, against: workingDirectory) }
        return config
    }

    /// Where files are processed, as the configuration asks; `executable` is the formpipe binary that runs
    /// the workers.
    /// - Parameter niceness: the worker processes' nice value (in-process processing keeps this process's).
    public func makeProcessing(executable: URL, workers: Int? = nil, niceness: Int32 = 0) -> any SubmissionProcessing {
        guard config.workers.isolation == .process else { return InProcessProcessing(catalog: catalog, limits: config.limits) }
        return WorkerPool(
            size: workers ?? config.workers.count, executable: executable, catalog: catalog, schemaFolder: config.schemaFolder,
            limits: config.limits, memoryLimitBytes: config.workers.memoryBytes, recycleBytes: config.workers.recycleBytes,
            scanRecycleBytes: config.workers.scanRecycleBytes, niceness: niceness)
    }

    /// The processing steps themselves, in this process.
    public func makeProcessor() -> SubmissionProcessor {
        SubmissionProcessor(catalog: catalog, limits: config.limits)
    }

    /// Opens the store that batch or watch made. A folder without one is most often a mistyped `--state`:
    /// creating an empty store there would look like lost data, so it is an error instead.
    public func openExistingStore() throws -> SubmissionStore {
        guard FileManager.default.fileExists(atPath: config.database.path) else {
            throw PipelineError.noStore(path: config.database.path)
        }
        return try openStore()
    }

    /// Creates the state folder if needed, proves it writable, and opens the store (creating it): for the
    /// commands that take submissions in. `mapped`: see ``SubmissionStore/init(path:catalog:mapped:)``.
    public func openStore(mapped: Bool = false) throws -> SubmissionStore {
        let manager = FileManager.default
        let folder = config.stateFolder
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            let probe = folder.appendingPathComponent(".write-test-\(getpid())")
            try Data().write(to: probe)
            try manager.removeItem(at: probe)
        } catch {
            throw PipelineError.stateFolderUnusable(path: folder.path, reason: "无法写入（\(FileErrorText.describe(error))）")
        }
        try manager.createDirectory(at: config.database.deletingLastPathComponent(), withIntermediateDirectories: true)
        return try SubmissionStore(path: config.database.path, catalog: catalog, mapped: mapped)
    }
}
