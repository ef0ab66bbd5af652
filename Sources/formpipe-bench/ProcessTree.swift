import Foundation

/// Runs a command and watches the memory of it and all its descendants (the unpack workers).
enum ProcessTree {
    struct Result {
        let status: Int32
        let seconds: Double
        /// Peak resident memory of the whole tree, and of the pipeline process alone.
        let peakBytes: Int
        let peakRootBytes: Int
        /// CPU time (user + system) of the command and every child it waited for: unlike wall time, it does
        /// not depend on what else the machine is doing.
        let cpuSeconds: Double
        let output: String
    }

    static func run(_ executable: URL, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("formpipe-bench-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: outputFile.path])
        }
        let handle = try FileHandle(forWritingTo: outputFile)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        process.standardOutput = handle
        process.standardError = handle
        let cpuBefore = childrenCPUSeconds()
        let started = Date()
        try process.run()
        var peak = 0
        var peakRoot = 0
        while process.isRunning {
            let (tree, root) = residentBytes(ofTree: process.processIdentifier)
            peak = max(peak, tree)
            peakRoot = max(peakRoot, root)
            usleep(20_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        let cpuSeconds = childrenCPUSeconds() - cpuBefore
        try handle.close()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return Result(
            status: process.terminationStatus, seconds: seconds, peakBytes: peak, peakRootBytes: peakRoot,
            cpuSeconds: cpuSeconds, output: output)
    }

    private static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resident memory of `root` and every process descending from it, and of `root` alone, from /proc.
    static func residentBytes(ofTree root: Int32) -> (tree: Int, root: Int) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return (0, 0) }
        var parent: [Int32: Int32] = [:]
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .ascii),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = Int32(fields[1]) { parent[pid] = ppid }
        }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var total = 0
        var rootBytes = 0
        for pid in parent.keys {
            var current: Int32? = pid
            var depth = 0
            while let node = current, node != root, depth < 64 {
                current = parent[node]
                depth += 1
            }
            guard current == root,
                let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .ascii)
            else { continue }
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) {
                total += pages * page
                if pid == root { rootBytes = pages * page }
            }
        }
        return (total, rootBytes)
    }
}
