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
        let cpuBefore = ProcessTree.cpuSeconds(RUSAGE_SELF)
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
        return Measured(seconds: Date().timeIntervalSince(started), cpuSeconds: ProcessTree.cpuSeconds(RUSAGE_SELF) - cpuBefore)
    }
}
