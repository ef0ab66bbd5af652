import FormDocument
import Foundation

/// The parse floor over a folder: every file read and opened with the same libraries on every core, nothing
/// else.
enum ParseFloorRun {
    struct Measured {
        let seconds: Double
        /// User + system time of this process over the run (it does nothing else meanwhile): compared with the
        /// batch's CPU, a ratio that does not depend on how well the work kept both cores busy.
        let cpuSeconds: Double
    }

    static func measure(folder: URL) -> Measured {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()) ?? []
        let urls = names.map { folder.appendingPathComponent($0) }
        let cpuBefore = ownCPUSeconds()
        let started = Date()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        DispatchQueue.concurrentPerform(iterations: cores) { lane in
            var checksum = 0
            for index in stride(from: lane, to: urls.count, by: cores) {
                guard let bytes = try? Data(contentsOf: urls[index]) else { continue }
                checksum &+= ParseFloor.openAndParse(bytes)
            }
            if checksum == Int.min { print("") }  // keeps the work observable
        }
        return Measured(seconds: Date().timeIntervalSince(started), cpuSeconds: ownCPUSeconds() - cpuBefore)
    }

    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
