import Foundation
import GRDB
import TestSupport
import Testing

/// `formpipe watch` as a service: the real process on a real drop folder.
@Suite(.serialized) struct WatchTests {
    final class Service {
        let root: URL
        var drop: URL { root.appendingPathComponent("drop") }
        var state: URL { root.appendingPathComponent("state") }
        var process: Process?

        init(_ label: String) throws {
            root = try TestPaths.temporaryFolder(label)
            try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        }

        var log: URL { root.appendingPathComponent("watch.log") }

        func start(_ extra: [String] = []) throws {
            process = try FormpipeBinary.start(["watch", "--state", state.path, "--drop", drop.path] + extra, log: log)
        }

        /// The milliseconds from settled to stored the watcher logs for each file it took.
        func loggedMilliseconds() -> [Int] {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").filter { $0.hasSuffix(" taken") }.compactMap { line in
                line.split(separator: " ").first { $0.hasPrefix("ms=") }.flatMap { Int($0.dropFirst(3)) }
            }
        }

        func stop(signal number: Int32 = SIGTERM) -> (seconds: Double, status: Int32, reason: Process.TerminationReason)? {
            guard let process else { return nil }
            let started = Date()
            kill(process.processIdentifier, number)
            process.waitUntilExit()
            self.process = nil
            return (Date().timeIntervalSince(started), process.terminationStatus, process.terminationReason)
        }

        func stored() -> [String] {
            let database = state.appendingPathComponent("formpipe.sqlite").path
            guard FileManager.default.fileExists(atPath: database),
                let paths = try? DatabaseQueue(path: database).read({ db in
                    try String.fetchAll(db, sql: "SELECT source_path FROM submissions WHERE status <> 'pending'")
                })
            else { return [] }
            return paths
        }

        /// Waits until `condition` holds, up to `seconds` (stretched in the sanitised run); true when it did.
        func wait(seconds: Double, until condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(TestPace.seconds(seconds))
            while Date() < deadline {
                if condition() { return true }
                usleep(50_000)
            }
            return condition()
        }

        /// Waits until `condition` holds for as long as `progress` keeps changing: false once it has stood still for
        /// `stalledAfter` seconds. For work whose speed depends on the machine (an ASan build on a busy CI runner is
        /// many times slower) but which must never stop moving.
        func wait(until condition: () -> Bool, whileProgressing progress: () -> Int, stalledAfter: Double) -> Bool {
            var last = progress()
            var lastMoved = Date()
            while !condition() {
                let now = progress()
                if now != last {
                    last = now
                    lastMoved = Date()
                } else if Date().timeIntervalSince(lastMoved) > stalledAfter {
                    return condition()
                }
                usleep(100_000)
            }
            return true
        }

        func filesLeftInDrop() -> [String] {
            (FileManager.default.enumerator(atPath: drop.path)?.allObjects as? [String] ?? []).filter {
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: drop.appendingPathComponent($0).path, isDirectory: &isFolder)
                    && !isFolder.boolValue
            }
        }

        deinit {
            if let process, process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: root)
        }
    }

    @Test func aDroppedFileIsStoredWithinSettleTimePlusOneSecondAndMovedAway() throws {
        let service = try Service("watch-latency")
        try service.start()
        usleep(800_000)
        let branch = service.drop.appendingPathComponent("机关第三党支部")
        try FileManager.default.createDirectory(at: branch, withIntermediateDirectories: true)
        usleep(300_000)
        let form = SyntheticForms.studyPlan(name: "卫三")
        let dropped = Date()
        try form.write(to: branch.appendingPathComponent("卫三.docx"))
        // The promise is the watcher's own: stored within a second of settling (2 s), by the time it logs. The
        // wall clock, which also counts this test's polling of the store beside the rest of the suite on two
        // cores, only guards against a hang.
        #expect(service.wait(seconds: 6) { service.stored().count == 1 }, "stored")
        #expect(Date().timeIntervalSince(dropped) < TestPace.seconds(6))
        #expect(service.wait(seconds: 2) { !service.loggedMilliseconds().isEmpty })
        #expect(service.loggedMilliseconds().allSatisfy { Double($0) < TestPace.seconds(1) * 1000 }, "\(service.loggedMilliseconds()) ms")
        #expect(service.wait(seconds: 2) { service.filesLeftInDrop().isEmpty })
        let processed = service.state.appendingPathComponent("processed")
        let moved = FileManager.default.enumerator(atPath: processed.path)?.allObjects as? [String] ?? []
        #expect(moved.contains { $0.hasSuffix("机关第三党支部/卫三.docx") }, "\(moved)")
        #expect(service.stop()?.status == 0)
    }

    @Test func aFileWrittenSlowlyIsNotTakenBeforeItIsComplete() throws {
        let service = try Service("watch-slow")
        try service.start()
        usleep(500_000)
        let bytes = SyntheticForms.studyPlan(name: "蒋四")
        let target = service.drop.appendingPathComponent("蒋四.docx")
        #expect(FileManager.default.createFile(atPath: target.path, contents: nil))
        let handle = try FileHandle(forWritingTo: target)
        let chunk = max(1, bytes.count / 8)
        var offset = 0
        while offset < bytes.count {
            try handle.write(contentsOf: bytes[offset..<min(bytes.count, offset + chunk)])
            offset += chunk
            usleep(700_000)  // slower than a copy, faster than the settle time
            #expect(service.stored().isEmpty || offset >= bytes.count, "taken while still being written")
        }
        try handle.close()
        #expect(service.wait(seconds: 4) { service.stored().count == 1 })
        let database = service.state.appendingPathComponent("formpipe.sqlite").path
        let status = try DatabaseQueue(path: database).read { try String.fetchOne($0, sql: "SELECT status FROM submissions") }
        #expect(status == "valid", "the whole file was read, not a prefix of it")
        _ = service.stop()
    }

    @Test func filesDroppedWhileDownAreTakenAtStartAndClutterIsLeftAlone() throws {
        let service = try Service("watch-start")
        for index in 0..<5 {
            try SyntheticForms.studyPlan(name: "韩\(index)").write(to: service.drop.appendingPathComponent("韩\(index).docx"))
        }
        for clutter in ["~$韩0.docx", ".~lock.韩1.docx#", "下载中.docx.part", "Thumbs.db", ".hidden.docx"] {
            try Data("x".utf8).write(to: service.drop.appendingPathComponent(clutter))
        }
        try service.start()
        #expect(service.wait(seconds: 6) { service.stored().count == 5 })
        usleep(500_000)
        #expect(service.stored().count == 5)
        #expect(Set(service.filesLeftInDrop()) == ["~$韩0.docx", ".~lock.韩1.docx#", "下载中.docx.part", "Thumbs.db", ".hidden.docx"])
        #expect(service.stop()?.status == 0)
    }

    @Test func fiveHundredFilesAtOnceAreEachStoredExactlyOnce() throws {
        let service = try Service("watch-500")
        try service.start()
        usleep(500_000)
        let staging = service.root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        for index in 0..<500 {
            try SyntheticForms.studyPlan(name: "批量\(index)").write(to: staging.appendingPathComponent("\(index).docx"))
        }
        for index in 0..<500 {
            _ = rename(staging.appendingPathComponent("\(index).docx").path, service.drop.appendingPathComponent("\(index).docx").path)
        }
        #expect(service.wait(until: { service.stored().count >= 500 }, whileProgressing: { service.stored().count }, stalledAfter: 30))
        let stored = service.stored()
        #expect(stored.count == 500)
        #expect(Set(stored).count == 500)
        #expect(service.wait(seconds: 5) { service.filesLeftInDrop().isEmpty })
        #expect(service.stop()?.status == 0)
    }

    @Test(arguments: [SIGTERM, SIGKILL])
    func stoppingMidwayAndRestartingLosesNothingAndTakesNothingTwice(_ number: Int32) throws {
        let service = try Service("watch-stop-\(number)")
        for index in 0..<200 {
            try SyntheticForms.studyPlan(name: "中断\(index)").write(to: service.drop.appendingPathComponent("\(index).docx"))
        }
        try service.start(["--set", "watch.settle_seconds=0.2"])
        #expect(service.wait(seconds: 30) { !service.stored().isEmpty })
        let stopped = try #require(service.stop(signal: number))
        if number == SIGTERM {
            #expect(stopped.status == 0, "SIGTERM ends the service cleanly")
            #expect(stopped.seconds < 5, "and within a few seconds")
        }
        try service.start(["--set", "watch.settle_seconds=0.2"])
        #expect(
            service.wait(
                until: { service.stored().count >= 200 && service.filesLeftInDrop().isEmpty }, whileProgressing: { service.stored().count },
                stalledAfter: 30))
        let stored = service.stored()
        #expect(stored.count == 200)
        #expect(Set(stored).count == 200)
        #expect(service.stop()?.status == 0)
    }

    @Test func anUnwritableDropFolderStopsWithAClearError() throws {
        let result = try FormpipeBinary.run([
            "watch", "--state", FileManager.default.temporaryDirectory.appendingPathComponent("w-\(UUID())").path, "--drop", "/proc/formpipe-drop",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/proc/formpipe-drop"))
    }
}
