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
        /// CPU time this process spent watching (it shares the cores with the command).
        let samplerCPUSeconds: Double
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
        let samplerBefore = cpuSeconds(RUSAGE_SELF)
        let started = Date()
        try process.run()
        var peak = 0
        var peakRoot = 0
        var peakProportional = 0
        var samples = 0
        // The sampler shares the cores with what it measures (and the floor runs unobserved), so it must cost
        // next to nothing: the tree is looked for in /proc only every half second (or when a process in it has
        // gone, as a replaced worker has), each sample is a raw read of each process's statm, and smaps_rollup
        // (the kernel walks every mapping, under the process's memory lock) is read with the tree. Walking all
        // of /proc through Foundation every 20 ms, and smaps_rollup every 100 ms, took a tenth of the batch's
        // own CPU.
        var members: [Int32] = []
        while process.isRunning {
            if samples % 25 == 0 || members.isEmpty { members = tree(of: process.processIdentifier) }
            let (tree, root, complete) = residentBytes(of: members, root: process.processIdentifier)
            if !complete { members = [] }
            peak = max(peak, tree)
            peakRoot = max(peakRoot, root)
            if samples % 25 == 0 { peakProportional = max(peakProportional, proportionalBytes(of: members)) }
            samples += 1
            usleep(20_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        let cpuSeconds = childrenCPUSeconds() - cpuBefore
        let samplerCPUSeconds = Self.cpuSeconds(RUSAGE_SELF) - samplerBefore
        try handle.close()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return Result(
            status: process.terminationStatus, seconds: seconds, peakBytes: peak, peakRootBytes: peakRoot,
            peakProportionalBytes: peakProportional, cpuSeconds: cpuSeconds, samplerCPUSeconds: samplerCPUSeconds, output: output)
    }

    private static func childrenCPUSeconds() -> Double { cpuSeconds(RUSAGE_CHILDREN) }

    /// User + system time of this process (`RUSAGE_SELF`) or of its reaped children (`RUSAGE_CHILDREN`).
    static func cpuSeconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(who.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Proportional set size of these processes, from /proc/<pid>/smaps_rollup.
    static func proportionalBytes(of pids: [Int32]) -> Int {
        var total = 0
        for pid in pids {
            guard let rollup = procText("/proc/\(pid)/smaps_rollup", limit: 4096),
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
            guard let pid = Int32(entry), let stat = procText("/proc/\(pid)/stat", limit: 1024),
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

    /// Resident memory of these processes together and of `root` alone, from /proc; `complete` is false when
    /// one of them has gone (the tree has changed).
    static func residentBytes(of pids: [Int32], root: Int32) -> (tree: Int, root: Int, complete: Bool) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var total = 0
        var rootBytes = 0
        var complete = true
        for pid in pids {
            guard let statm = procText("/proc/\(pid)/statm", limit: 256) else {
                complete = false
                continue
            }
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) {
                total += pages * page
                if pid == root { rootBytes = pages * page }
            }
        }
        return (total, rootBytes, complete)
    }

    /// A small /proc file read with open and read (Foundation's file reading cost more than the kernel's work).
    static func procText(_ path: String, limit: Int) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress.map { $0 + filled }, limit - filled) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            filled += got
        }
        return filled > 0 ? String(decoding: buffer[0..<filled], as: UTF8.self) : nil
    }
}
