import FormSchema
import Foundation
import TestSupport
import Testing

/// A file that crashes, hangs or floods the reader costs only itself: its worker is replaced, it is
/// rejected with the reason, and the batch goes on.
@Suite struct WorkerIsolationTests {
    @Test func crashHangAndMemoryBlowUpRejectOnlyTheirFiles() throws {
        let folder = try TestPaths.temporaryFolder("isolation")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try SyntheticForms.studyPlan(name: "甲一").write(to: inbox.appendingPathComponent("1-good.docx"))
        try Data("FORMPIPE-FAULT:crash".utf8).write(to: inbox.appendingPathComponent("2-crash.pdf"))
        try Data("FORMPIPE-FAULT:hang".utf8).write(to: inbox.appendingPathComponent("3-hang.pdf"))
        try Data("FORMPIPE-FAULT:memory".utf8).write(to: inbox.appendingPathComponent("4-memory.pdf"))
        try SyntheticForms.studyPlan(name: "乙二").write(to: inbox.appendingPathComponent("5-good.docx"))
        let state = folder.appendingPathComponent("state").path

        let started = Date()
        let batch = try FormpipeBinary.run(
            ["batch", "--state", state, "--set", "seconds_per_file=2", "--set", "worker_memory_mb=128", "--set", "workers=2", inbox.path],
            extraEnvironment: ["FORMPIPE_FAULT_INJECTION": "1"])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(Date().timeIntervalSince(started) < TestPace.seconds(20))

        let export = try FormpipeBinary.run(["export", "--format", "jsonl", "--state", state])
        let lines = try export.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let byName = Dictionary(uniqueKeysWithValues: lines.map { (URL(fileURLWithPath: $0["file"]?.stringValue ?? "").lastPathComponent, $0) })
        #expect(byName.count == 5)
        #expect(byName["1-good.docx"]?["status"] == "valid")
        #expect(byName["5-good.docx"]?["status"] == "valid")
        #expect(byName["2-crash.pdf"]?["reason"]?.stringValue?.contains("崩溃") == true, "\(byName["2-crash.pdf"]?.serialized() ?? "")")
        #expect(byName["3-hang.pdf"]?["reason"]?.stringValue?.contains("超时") == true, "\(byName["3-hang.pdf"]?.serialized() ?? "")")
        #expect(byName["4-memory.pdf"]?["reason"]?.stringValue?.contains("内存超限") == true, "\(byName["4-memory.pdf"]?.serialized() ?? "")")
    }

    @Test func withoutTheTestSwitchAFaultMarkerIsJustAnUnreadableFile() throws {
        let folder = try TestPaths.temporaryFolder("isolation-off")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("x.pdf")
        try Data("FORMPIPE-FAULT:crash".utf8).write(to: file)
        let check = try FormpipeBinary.run(["check", file.path])
        #expect(check.status == 0)
        #expect(check.stdout.contains("PDF 文件已损坏"), "an unreadable .pdf, named as such: \(check.stdout)")
    }
}
