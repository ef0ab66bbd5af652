import FormSchema
import Foundation
import TestSupport
import Testing

/// The dev set (`../shared/corpus/dev`: forms made by a generator independent of this repository, with an answer
/// key) scored as `make accuracy` scores it, so accuracy cannot slide back unnoticed. The floors are the issue's:
/// fields ≥ 99%, every form recognised, at most 3 wrong outcomes, every real error found and nine in ten errors
/// real, no form and no container below 97% of its fields.
enum DevSetScorer {
    /// `../shared/tools/score.py` beside the corpus, when the dev set and the scorer are both there.
    static var script: URL? {
        guard let corpus = TestPaths.corpus,
            FileManager.default.fileExists(atPath: corpus.appendingPathComponent("dev/expected.jsonl").path)
        else { return nil }
        let script = corpus.deletingLastPathComponent().appendingPathComponent("tools/score.py")
        return FileManager.default.fileExists(atPath: script.path) ? script : nil
    }
}

@Suite(.enabled(if: DevSetScorer.script != nil, "the dev set and its scorer (../shared/corpus/dev, ../shared/tools) are not on this machine"))
struct DevSetAccuracyTests {

    @Test func theDevSetIsReadAboveTheFloors() throws {
        let corpus = try #require(TestPaths.corpus).appendingPathComponent("dev")
        let scorer = try #require(DevSetScorer.script)
        let folder = try TestPaths.temporaryFolder("accuracy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state")
        let batch = try FormpipeBinary.run([
            "batch", "--state", state.path, corpus.appendingPathComponent("corpus").path, corpus.appendingPathComponent("adversarial").path,
        ])
        #expect(batch.status == 0, "\(batch.stderr)")
        let export = try FormpipeBinary.run(["export", "--format", "jsonl", "--state", state.path])
        let exportFile = folder.appendingPathComponent("export.jsonl")
        try Data(export.stdout.utf8).write(to: exportFile)

        let metricsFile = folder.appendingPathComponent("metrics.json")
        let score = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [scorer.path, exportFile.path, "--section", "corpus", "--json", metricsFile.path])
        #expect(score.status == 0, "\(score.stderr)")
        let metrics = try JSONValue.parse(String(decoding: try Data(contentsOf: metricsFile), as: UTF8.self))
        func metric(_ key: String) -> Double { metrics[key]?.numberValue ?? -1 }
        let summary = score.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(metrics["files"] == 163, "\(summary)")
        #expect(metric("fields") >= 99.0, "\(summary)")
        #expect(metric("forms") == 100.0, "\(summary)")
        #expect(metric("outcomes") >= 98.0, "\(summary)")
        #expect(metric("errors_recall") == 100.0, "\(summary)")
        #expect(metric("errors_precision") >= 90.0, "\(summary)")
        for (group, values) in metrics["groups"]?.objectValue ?? JSONObject()
        where group.hasPrefix("form:") || group.hasPrefix("container:") {
            #expect((values["fields"]?.numberValue ?? 100) >= 97.0, "\(group): \(values.serialized())")
        }

        // The hostile and broken files: each ends with an outcome, and a rejected one says why.
        let lines = try export.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let adversarial = lines.filter { $0["file"]?.stringValue?.contains("/adversarial/") == true }
        let expectedCount = try FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent("adversarial").path)
            .filter { !$0.hasPrefix(".") }.count
        #expect(adversarial.count == expectedCount)
        for line in adversarial {
            let status = line["status"]?.stringValue ?? ""
            #expect(["valid", "invalid", "review", "rejected", "duplicate"].contains(status), "\(line.serialized())")
            if status == "rejected" { #expect(line["reason"]?.stringValue?.isEmpty == false, "\(line.serialized())") }
        }
    }
}
