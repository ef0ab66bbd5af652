import FormSchema
public import FormStore
public import Foundation
public import Logging

/// `formpipe watch`: takes every file dropped into the drop folder exactly once, only when it is completely
/// written, and leaves the folder tidy: originals move to processed/YYYY-MM-DD/ or rejected/ (with a
/// `<name>.原因.txt` a clerk can read), never overwriting anything.
///
/// Nothing is lost across a kill: intake records a file before work starts, a file stays in the drop folder
/// until its outcome is stored, and on restart a file whose outcome is already stored is only moved.
public struct DropFolderWatcher: Sendable {
    let config: PipelineConfig
    let store: SubmissionStore
    let runner: BatchRunner
    let writeReports: @Sendable () throws -> Void
    let logger: Logger

    /// How often the loop looks at events and settling files.
    static let tick: Duration = .milliseconds(100)
    /// Most files taken in one go.
    static let batchSize = 32

    public init(
        config: PipelineConfig, store: SubmissionStore, runner: BatchRunner, logger: Logger,
        writeReports: @escaping @Sendable () throws -> Void
    ) {
        self.config = config
        self.store = store
        self.runner = runner
        self.logger = logger
        self.writeReports = writeReports
    }

    /// Checks the drop folder exists (creating it) and can be written, before anything is taken.
    public static func prepare(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let probe = folder.appendingPathComponent(".formpipe-write-test-\(getpid())")
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw PipelineError.dropFolderUnusable(path: folder.path, reason: FileErrorText.describe(error))
        }
    }

    public func run(until stop: StopSignal) async throws {
        try DropFolderScope.checkLayout(config)
        try Self.prepare(config.dropFolder)
        let scope = DropFolderScope(config: config)
        let drop = scope.drop
        let inotify = config.watch.pollInterval > 0 ? nil : InotifyWatch(scope: scope)
        let mode = inotify == nil ? "polling every \(config.watch.pollInterval > 0 ? config.watch.pollInterval : 2) s" : "inotify"
        logger.notice("watching", metadata: ["drop": .string(drop.path), "mode": .string(mode)])
        var tracker = StabilityTracker(settle: config.watch.settleSeconds)
        var lastFullScan = Date.distantPast
        var lastActivity = Date()
        var reportsOutOfDate = false
        let pollInterval = inotify == nil ? (config.watch.pollInterval > 0 ? config.watch.pollInterval : 2) : config.watch.rescanSeconds

        while !stop.isRequested {
            let now = Date()
            if now.timeIntervalSince(lastFullScan) >= min(pollInterval, config.watch.rescanSeconds) {
                for file in DropFolderRules.scan(scope) { tracker.notice(file.url) }
                lastFullScan = now
            }
            for url in inotify?.drain() ?? [] where !DropFolderRules.isIgnored(url.lastPathComponent) {
                tracker.notice(url)
            }
            let stable = tracker.takeStable()
            if !stable.isEmpty {
                // Small batches, so a stop request is honoured after the files in flight, not after hundreds.
                let now = stable.prefix(Self.batchSize)
                for file in stable.dropFirst(Self.batchSize) { tracker.notice(file.url) }
                // A file still pending (its earlier intake is being resumed right now) is looked at again.
                for url in try await take(Array(now), from: scope) { tracker.notice(url) }
                lastActivity = Date()
                reportsOutOfDate = true
            } else if reportsOutOfDate, Date().timeIntervalSince(lastActivity) >= config.watch.reportQuietSeconds {
                do {
                    try writeReports()
                } catch {
                    logger.error("reports not written", metadata: ["error": .string(String(describing: error))])
                }
                reportsOutOfDate = false
            }
            try? await Task.sleep(for: Self.tick)
        }
        if reportsOutOfDate { try? writeReports() }
        logger.notice("stopped")
    }

    /// Processes settled files as one small batch, then moves each original to where its outcome says.
    /// Returns the files whose outcome is not stored yet; they stay in the drop folder.
    private func take(_ stable: [(url: URL, stableSince: Date)], from scope: DropFolderScope) async throws -> [URL] {
        let drop = scope.drop
        // Looked at again just before it is read: a file replaced by a link (or a folder on its path by a link
        // to elsewhere) since it was found is not taken, so nothing outside the drop folder is read or moved.
        let stable = stable.filter { entry in
            guard scope.isPlainFileInside(entry.url) else {
                logger.warning("not a plain file inside the drop folder; left alone", metadata: ["file": .string(entry.url.path)])
                return false
            }
            return true
        }
        let files = stable.map { (url: $0.url, shownPath: Self.shownPath(of: $0.url)) }
        _ = try await runner.run(files: files, command: "watch")
        let stored = Date()
        var notYet: [URL] = []
        for (file, entry) in zip(files, stable) {
            guard let state = try store.latestState(ofPath: file.shownPath), state.status != .pending else {
                notYet.append(file.url)
                continue
            }
            let relative = Self.relativePath(of: file.url, in: drop)
            let milliseconds = Int(stored.timeIntervalSince(entry.stableSince) * 1000)
            guard scope.isPlainFileInside(file.url) else {
                logger.warning("not a plain file inside the drop folder; left alone", metadata: ["file": .string(relative)])
                continue
            }
            do {
                let destination = try move(file.url, relative: relative, status: state.status, reason: state.reason, code: state.reasonCode)
                logger.info(
                    "taken",
                    metadata: [
                        "file": .string(relative), "form": .string(state.form ?? "-"),
                        "outcome": .string(state.status.rawValue), "reason_code": .string(state.reasonCode ?? "-"),
                        "ms": .string(String(milliseconds)),
                        "moved_to": .string(destination.path),
                    ])
            } catch {
                logger.error("could not move a processed file", metadata: ["file": .string(relative), "error": .string("\(error)")])
            }
        }
        return notYet
    }

    /// The path recorded for a dropped file: absolute, in NFC, whatever normalisation the writer used.
    static func shownPath(of url: URL) -> String {
        RawPath.shown(url.standardizedFileURL.path).precomposedStringWithCanonicalMapping
    }

    static func relativePath(of url: URL, in folder: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = folder.standardizedFileURL.path + "/"
        let relative = path.hasPrefix(base) ? String(path.dropFirst(base.count)) : url.lastPathComponent
        return RawPath.shown(relative).precomposedStringWithCanonicalMapping
    }

    private func move(_ file: URL, relative: String, status: SubmissionStatus, reason: String?, code: String?) throws -> URL {
        let base: URL
        if status == .rejected {
            base = config.rejectedFolder
        } else {
            base = config.processedFolder.appendingPathComponent(Self.dayFolderName(Date()))
        }
        // The destination is named as a person reads the name (a byte that was not UTF-8 shows as \xFF), and
        // kept short enough that " (2)" and the note's ".原因.txt" still fit in a file name.
        let destination = Self.unusedName(Self.fitted(base.appendingPathComponent(relative), room: Self.noteSuffix.utf8.count + 8))
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        if RawPath.withCString(file.path, { Foundation.rename($0, destination.path) }) != 0 {
            // Another filesystem (a network drop folder): copy, then remove the original.
            try FileManager.default.copyItem(at: file, to: destination)
            try FileManager.default.removeItem(at: file)
        }
        if status == .rejected {
            let note = Self.unusedName(
                destination.deletingLastPathComponent()
                    .appendingPathComponent(destination.lastPathComponent + Self.noteSuffix))
            let text =
                "文件：\(relative)\n结果：已拒收（已登记在案，未生成表格数据）\n原因：\(reason ?? "未知")\n"
                + (code.map { "原因代码：\($0)\n" } ?? "")
                + "处理时间：\(Date().formatted(.iso8601))\n请按原因修改后重新投递。\n"
            // The name and the reason come from the sender: shown, never applied (U+202E, controls).
            try Data(OutputText.visible(text).utf8).write(to: note)
        }
        return destination
    }

    static let noteSuffix = ".原因.txt"
    /// Most bytes in one file name (Linux's NAME_MAX).
    static let maxNameBytes = 255

    /// `url` with its last name cut (on a character boundary, keeping the extension) so that `room` more
    /// bytes still fit in a file name: a 255-byte name left no room for its note, and the file was taken
    /// again and again.
    static func fitted(_ url: URL, room: Int) -> URL {
        let name = url.lastPathComponent
        let limit = maxNameBytes - room
        guard name.utf8.count > limit else { return url }
        let ext = url.pathExtension.utf8.count <= 16 ? url.pathExtension : ""
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        var kept = ""
        var used = ext.isEmpty ? 0 : ext.utf8.count + 1
        for character in stem {
            used += character.utf8.count
            if used > limit { break }
            kept.append(character)
        }
        return url.deletingLastPathComponent().appendingPathComponent(ext.isEmpty ? kept : kept + "." + ext)
    }

    static func dayFolderName(_ date: Date) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: .current, from: date)
        return String(format: "%04d-%02d-%02d", components.year ?? 0, components.month ?? 0, components.day ?? 0)
    }

    /// `name.docx`, else `name (2).docx`, `name (3).docx`…: an existing file is never overwritten.
    static func unusedName(_ url: URL) -> URL {
        guard FileManager.default.fileExists(atPath: url.path) else { return url }
        let folder = url.deletingLastPathComponent()
        let ext = url.pathExtension
        let stem = ext.isEmpty ? url.lastPathComponent : String(url.lastPathComponent.dropLast(ext.count + 1))
        var number = 2
        while true {
            let candidate = folder.appendingPathComponent(ext.isEmpty ? "\(stem) (\(number))" : "\(stem) (\(number)).\(ext)")
            if !FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            number += 1
        }
    }
}
