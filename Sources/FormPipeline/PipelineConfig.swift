public import FormDocument
public import FormReports
import FormSchema
public import Foundation
public import Logging

/// The settings of pipeline.conf, after command-line overrides, with paths resolved; read by
/// `PipelineConfig.load` (PipelineConfigFile.swift), where each key of the file is defined.
///
/// Relative paths in the file resolve against the file's folder, so `--config /x/pipeline.conf` works from
/// anywhere; paths given on the command line resolve against the working directory, as a shell user expects.
public struct PipelineConfig: Sendable {
    public var stateFolder: URL
    /// nil: `<state>/formpipe.sqlite`.
    public var databaseFile: URL?
    public var schemaFolder: URL
    public var logLevel: Logger.Level = .warning
    /// What a file may cost to read (the readers' bounds).
    public var limits = InputLimits()
    public var workers: WorkerSettings
    public var watch = WatchSettings()
    public var reports = ReportSettings()
    /// The mode of the folders formpipe creates for its state (store, archive, reports, processed/, rejected/);
    /// the files in them get the same without execute bits (0750: folders 0750, files 0640). The archive holds
    /// every member's submissions, so nobody outside the owner and its group reads it.
    public var stateMode: mode_t = 0o750

    /// The process umask that gives `stateMode`: folders are created 0777 and files 0666 before it applies.
    public var stateUmask: mode_t { ~stateMode & 0o777 }

    public var database: URL { databaseFile ?? stateFolder.appendingPathComponent("formpipe.sqlite") }
    public var dropFolder: URL { watch.dropFolder ?? stateFolder.appendingPathComponent("drop") }
    public var processedFolder: URL { stateFolder.appendingPathComponent("processed") }
    public var rejectedFolder: URL { stateFolder.appendingPathComponent("rejected") }
    public var archiveFolder: URL { stateFolder.appendingPathComponent("archive") }
    public var reportsFolder: URL { stateFolder.appendingPathComponent("reports") }

    /// Defaults for a config file in `folder`: everything beside it.
    init(defaultsBeside folder: URL) {
        stateFolder = folder.appendingPathComponent("var")
        schemaFolder = folder.appendingPathComponent("Schemas")
        workers = WorkerSettings(count: ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// The processes that read the files.
public struct WorkerSettings: Sendable {
    /// Where files are unpacked: in worker processes (a reader crash costs one file) or in this process.
    public enum Isolation: String, Sendable, CaseIterable {
        case process
        case inProcess = "in_process"
    }

    /// How many files are read at once (`workers`: auto is one per core).
    public var count: Int
    public var isolation = Isolation.process
    /// Resident memory one worker may reach before it is killed and its file rejected.
    public var memoryBytes = 1024 * 1024 * 1024
    /// A worker still holding more than this after a file is replaced before the next one (0: never).
    public var recycleBytes = 80 * 1024 * 1024
    /// The same for a worker that has read a scan and holds an OCR engine (Tesseract's Chinese model keeps some
    /// 60 MB resident): `worker_recycle_scan_mb`.
    public var scanRecycleBytes = 300 * 1024 * 1024

    public init(count: Int) {
        self.count = count
    }
}

/// How `formpipe watch` follows its drop folder.
public struct WatchSettings: Sendable {
    /// nil: `<state>/drop`.
    public var dropFolder: URL?
    /// 0: follow the drop folder with inotify; more: look every so many seconds (network shares send no events).
    public var pollInterval = 0.0
    /// A dropped file is taken once its size and time have not changed for this long.
    public var settleSeconds = 2.0
    /// A full look through the drop folder this often, in case an event was missed.
    public var rescanSeconds = 300.0
    /// Reports are rewritten once no file has come in for this long.
    public var reportQuietSeconds = 10.0

    public init() {}
}
