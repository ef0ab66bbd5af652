import Foundation

/// Runs a command and watches the memory of it and all its descendants (the unpack workers).
enum ProcessTree {
    struct Result {
        let status: Int32
        let seconds: Double
        /// Peak resident memory of the whole tree, and of the pipeline process alone.
        let peakBytes: Int
        let peakRootBytes: Int
        /// Peak proportional set size of the tree: each shared page (the Swift runtime, Foundation's ICU data,
        /// poppler) counted once across the processes that map it, where summing RSS counts it in each.
        let peakProportionalBytes: Int
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
        var peakProportional = 0
        var samples = 0
        while process.isRunning {
            let (tree, root) = residentBytes(ofTree: process.processIdentifier)
            peak = max(peak, tree)
            peakRoot = max(peakRoot, root)
            // smaps_rollup makes the kernel walk every mapping: every fifth sample is enough.
            if samples % 5 == 0 { peakProportional = max(peakProportional, proportionalBytes(ofTree: process.processIdentifier)) }
            samples += 1
            usleep(20_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        let cpuSeconds = childrenCPUSeconds() - cpuBefore
        try handle.close()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return Result(
            status: process.terminationStatus, seconds: seconds, peakBytes: peak, peakRootBytes: peakRoot,
            peakProportionalBytes: peakProportional, cpuSeconds: cpuSeconds, output: output)
    }

    private static func childrenCPUSeconds() -> Double { cpuSeconds(RUSAGE_CHILDREN) }

    /// User + system time of this process (`RUSAGE_SELF`) or of its reaped children (`RUSAGE_CHILDREN`).
    static func cpuSeconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(who.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Proportional set size of `root` and its descendants, from /proc/<pid>/smaps_rollup.
    static func proportionalBytes(ofTree root: Int32) -> Int {
        var total = 0
        for pid in tree(of: root) {
            guard let rollup = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .ascii),
                let line = rollup.split(separator: "\n").first(where: { $0.hasPrefix("Pss:") }),
                let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
            else { continue }
            total += kilobytes * 1024
        }
        return total
    }

    /// `root` and every process descending from it.
    static func tree(of root: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var parent: [Int32: Int32] = [:]
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .ascii),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = Int32(fields[1]) { parent[pid] = ppid }
        }
        return parent.keys.filter { pid in
            var current: Int32? = pid
            var depth = 0
            while let node = current, node != root, depth < 64 {
                current = parent[node]
                depth += 1
            }
            return current == root
        }
    }

    /// Resident memory of `root` and every process descending from it, and of `root` alone, from /proc.
    static func residentBytes(ofTree root: Int32) -> (tree: Int, root: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var total = 0
        var rootBytes = 0
        for pid in tree(of: root) {
            guard let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .ascii) else { continue }
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) {
                total += pages * page
                if pid == root { rootBytes = pages * page }
            }
        }
        return (total, rootBytes)
    }
}
