import FormDocument
import FormReports
import FormSchema
public import Foundation
import Logging

/// Reading pipeline.conf: each key, what it accepts, and where in `PipelineConfig` it goes.
extension PipelineConfig {
    /// One key of pipeline.conf: how to read and apply its value. The table is the documentation of record
    /// for which keys exist; pipeline.conf carries a comment for each.
    struct Key: Sendable {
        let name: String
        let expected: String
        let apply: @Sendable (inout PipelineConfig, String, URL) -> Bool
    }

    /// Whether `key=value` sets a pipeline.conf key (`formpipe review ID --set 姓名=张三` sets a form field instead).
    public static func isSetting(_ assignment: String) -> Bool {
        let name = assignment.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return keys.contains { $0.name == name }
    }

    static let keys: [Key] = [
        Key(name: "state_dir", expected: "一个文件夹路径") { config, value, base in
            guard !value.isEmpty else { return false }
            config.stateFolder = resolve(value, against: base)
            return true
        },
        Key(name: "db", expected: "一个文件路径，或留空（使用 state_dir/formpipe.sqlite）") { config, value, base in
            config.databaseFile = value.isEmpty ? nil : resolve(value, against: base)
            return true
        },
        Key(name: "drop_dir", expected: "一个文件夹路径，或留空（使用 state_dir/drop）") { config, value, base in
            config.watch.dropFolder = value.isEmpty ? nil : resolve(value, against: base)
            return true
        },
        secondsKey("watch.poll_interval", 0...3600) { $0.watch.pollInterval = $1 },
        secondsKey("watch.settle_seconds", 0...600) { $0.watch.settleSeconds = $1 },
        secondsKey("watch.rescan_seconds", 1...86_400) { $0.watch.rescanSeconds = $1 },
        secondsKey("watch.report_quiet_seconds", 0...3600) { $0.watch.reportQuietSeconds = $1 },
        Key(name: "schemas_dir", expected: "一个文件夹路径") { config, value, base in
            guard !value.isEmpty else { return false }
            config.schemaFolder = resolve(value, against: base)
            return true
        },
        Key(name: "workers", expected: "auto 或 1–64 的整数") { config, value, _ in
            if value == "auto" {
                config.workers.count = ProcessInfo.processInfo.activeProcessorCount
                return true
            }
            guard let count = Int(value), (1...64).contains(count) else { return false }
            config.workers.count = count
            return true
        },
        Key(name: "log_level", expected: "debug、info、warning 或 error") { config, value, _ in
            guard ["debug", "info", "warning", "error"].contains(value), let level = Logger.Level(rawValue: value) else { return false }
            config.logLevel = level
            return true
        },
        Key(name: "unpack_isolation", expected: "process（独立进程，推荐）或 in_process") { config, value, _ in
            guard let isolation = WorkerSettings.Isolation(rawValue: value) else { return false }
            config.workers.isolation = isolation
            return true
        },
        integerKey("worker_memory_mb", 64...65_536) { $0.workers.memoryBytes = $1 * 1024 * 1024 },
        integerKey("worker_recycle_mb", 0...65_536) { $0.workers.recycleBytes = $1 * 1024 * 1024 },
        integerKey("worker_recycle_scan_mb", 0...65_536) { $0.workers.scanRecycleBytes = $1 * 1024 * 1024 },
        Key(name: "roster", expected: "一个 CSV 文件路径，或留空（不列未交名单）") { config, value, base in
            config.reports.rosterFile = value.isEmpty ? nil : resolve(value, against: base)
            return true
        },
        integerKey("notice_reply_days", 1...90) { $0.reports.noticeReplyDays = $1 },
        Key(name: "copied_text_similarity", expected: "0.5 到 1 之间的小数，如 0.85") { config, value, _ in
            guard let similarity = Double(value), similarity >= 0.5, similarity <= 1 else { return false }
            config.reports.copiedTextSimilarity = similarity
            return true
        },
        Key(name: "state_mode", expected: "八进制的文件夹权限，如 0750 或 0700（属主须可读写进入）") { config, value, _ in
            guard let mode = UInt32(value, radix: 8), mode <= 0o777, mode & 0o700 == 0o700 else { return false }
            config.stateMode = mode_t(mode)
            return true
        },
        integerKey("max_file_mb", 1...2048) { $0.limits.maxFileBytes = $1 * 1024 * 1024 },
        integerKey("max_zip_entries", 10...100_000) { $0.limits.maxZipEntries = $1 },
        integerKey("max_entry_mb", 1...4096) { $0.limits.maxEntryBytes = $1 * 1024 * 1024 },
        integerKey("max_total_mb", 1...8192) { $0.limits.maxTotalInflatedBytes = $1 * 1024 * 1024 },
        Key(name: "min_inflate_ratio", expected: "0 到 1 之间的小数，如 0.01") { config, value, _ in
            guard let ratio = Double(value), ratio >= 0, ratio < 1 else { return false }
            config.limits.minInflateRatio = ratio
            return true
        },
        integerKey("inflate_ratio_grace_kb", 0...1_048_576) { $0.limits.inflateRatioGraceBytes = $1 * 1024 },
        // libxml2 without XML_PARSE_HUGE stops at 256 levels whatever is set, so larger values would only mislead.
        integerKey("max_xml_depth", 16...256) { $0.limits.maxXMLDepth = $1 },
        integerKey("max_pdf_pages", 1...10_000) { $0.limits.maxPDFPages = $1 },
        integerKey("max_text_chars", 1000...100_000_000) { $0.limits.maxTextCharacters = $1 },
        secondsKey("seconds_per_file", 0.1...3600) { $0.limits.secondsPerFile = $1 },
        integerKey("max_image_megapixels", 1...1000) { $0.limits.maxImagePixels = $1 * 1_000_000 },
        integerKey("max_scanned_pages", 1...1000) { $0.limits.maxScannedPages = $1 },
        secondsKey("seconds_per_scanned_page", 0.5...3600) { $0.limits.secondsPerScannedPage = $1 },
        integerKey("ocr_min_confidence", 0...100) { $0.limits.ocrMinimumConfidence = Double($1) },
        Key(name: "convert_legacy", expected: "true 或 false") { config, value, _ in
            guard let flag = Bool(value.lowercased()) else { return false }
            config.limits.convertLegacy = flag
            return true
        },
    ]

    static func integerKey(
        _ name: String, _ range: ClosedRange<Int>, _ set: @escaping @Sendable (inout PipelineConfig, Int) -> Void
    ) -> Key {
        rangeKey(name, range, expected: "\(range.lowerBound)–\(range.upperBound) 的整数", set)
    }

    static func secondsKey(
        _ name: String, _ range: ClosedRange<Double>, _ set: @escaping @Sendable (inout PipelineConfig, Double) -> Void
    ) -> Key {
        let shown = { (seconds: Double) in seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds) }
        return rangeKey(name, range, expected: "\(shown(range.lowerBound)) 到 \(shown(range.upperBound)) 之间的秒数", set)
    }

    /// A key whose value is a number within `range`.
    private static func rangeKey<Number: Comparable & LosslessStringConvertible & Sendable>(
        _ name: String, _ range: ClosedRange<Number>, expected: String,
        _ set: @escaping @Sendable (inout PipelineConfig, Number) -> Void
    ) -> Key {
        Key(name: name, expected: expected) { config, value, _ in
            guard let number = Number(value), range.contains(number) else { return false }
            set(&config, number)
            return true
        }
    }

    static func resolve(_ path: String, against base: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return base.appendingPathComponent(expanded).standardizedFileURL
    }

    /// Reads pipeline.conf; an unknown key or a bad value stops with the file, line and key named.
    public static func load(file: URL, overrides: [String] = []) throws(ConfigError) -> PipelineConfig {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ConfigError(place: file.path, message: "无法读取配置文件（\(FileErrorText.describe(error))）")
        }
        let folder = file.deletingLastPathComponent()
        var config = PipelineConfig(defaultsBeside: folder)
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let place = "\(file.path) 第 \(offset + 1) 行"
            try config.apply(line: String(rawLine), place: place, base: folder)
        }
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for override in overrides {
            try config.apply(line: override, place: "命令行 --set \(override)", base: workingDirectory)
        }
        return config
    }

    mutating func apply(line rawLine: String, place: String, base: URL) throws(ConfigError) {
        var line = rawLine
        if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
        line = line.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { return }
        guard let equals = line.firstIndex(of: "=") else {
            throw ConfigError(place: place, message: "应为 “键 = 值” 的形式，实际为 “\(line)”")
        }
        let name = line[..<equals].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        // A deadline of this round for one form: `due.<form id> = 2017-07-05`.
        if name.hasPrefix("due."), name.count > 4 {
            guard CalendarDate(value) != nil else {
                throw ConfigError(place: place, message: "配置项 \(name) 的值 “\(value)” 无效，应为日期，如 2017-07-05")
            }
            reports.dueDates[String(name.dropFirst(4))] = value
            return
        }
        guard let key = Self.keys.first(where: { $0.name == name }) else {
            let known = Self.keys.map(\.name).joined(separator: ", ")
            throw ConfigError(place: place, message: "未知的配置项 “\(name)”（可用的配置项：\(known)）")
        }
        guard key.apply(&self, value, base) else {
            throw ConfigError(place: place, message: "配置项 \(name) 的值 “\(value)” 无效，应为\(key.expected)")
        }
    }
}

/// A configuration problem: where it is and what is wrong. Exit code 1.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let place: String
    public let message: String

    public var description: String { "配置错误（\(place)）：\(message)" }
}
