import FormSchema
import Foundation
import TestSupport
import Testing

/// Runs the built command on Samples/ exactly as `make demo` does and holds the export to Samples/expected/.
@Suite(.serialized) struct SamplesEndToEndTests {
    struct Expected {
        let name: String
        let file: String
        let form: String?
        let status: String
        let fields: JSONValue
        let findings: Set<String>
        let reasonContains: String?
    }

    static func expectedResults(in relativeFolder: String = "Samples/expected") throws -> [Expected] {
        let folder = TestPaths.repositoryRoot.appendingPathComponent(relativeFolder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let value = try JSONValue.parse(Data(contentsOf: folder.appendingPathComponent(name)))
            return Expected(
                name: name, file: value["file"]?.stringValue ?? "", form: value["form"]?.stringValue,
                status: value["status"]?.stringValue ?? "", fields: value["fields"] ?? .null,
                findings: findingKeys(value["findings"]), reasonContains: value["reason_contains"]?.stringValue)
        }
    }

    static func findingKeys(_ findings: JSONValue?) -> Set<String> {
        Set(
            (findings?.arrayValue ?? []).map { finding in
                [finding["path"], finding["severity"], finding["rule"]].map { $0?.stringValue ?? "?" }.joined(separator: " ")
            })
    }

    static func export(state: URL) throws -> [String: JSONValue] {
        let result = try FormpipeBinary.run(["export", "--format", "jsonl", "--state", state.path])
        #expect(result.status == 0, "export failed: \(result.stderr)")
        var byFile: [String: JSONValue] = [:]
        for line in result.stdout.split(separator: "\n") {
            let object = try JSONValue.parse(String(line))
            byFile[object["file"]?.stringValue ?? ""] = object
        }
        return byFile
    }

    @Test func batchOnSamplesReproducesEveryExpectedFieldStatusAndFinding() throws {
        let state = try TestPaths.temporaryFolder("e2e-samples")
        defer { try? FileManager.default.removeItem(at: state) }
        let batch = try FormpipeBinary.run(["batch", "Samples", "--state", state.path])
        #expect(batch.status == 0, "batch failed: \(batch.stderr)")
        #expect(batch.stdout.contains("无法识别 2"))
        #expect(batch.stdout.contains("Samples/expected/"), "the summary must say what it left out")
        try Self.compare(try Self.export(state: state), with: try Self.expectedResults(), count: 14)
    }

    @Test func batchOnPrintedPDFsReadsThemLikeTheWordFiles() throws {
        let state = try TestPaths.temporaryFolder("e2e-pdf")
        defer { try? FileManager.default.removeItem(at: state) }
        let batch = try FormpipeBinary.run(["batch", "Samples/pdf", "--state", state.path])
        #expect(batch.status == 0, "batch failed: \(batch.stderr)")
        try Self.compare(try Self.export(state: state), with: try Self.expectedResults(in: "Samples/expected/pdf"), count: 17)
    }

    static func compare(_ exported: [String: JSONValue], with expected: [Expected], count: Int) throws {
        #expect(expected.count == count)
        #expect(exported.count == expected.count, "one export line per sample, nothing else")
        for sample in expected {
            guard let line = exported[sample.file] else {
                Issue.record("\(sample.file) is missing from the export")
                continue
            }
            #expect(line["status"]?.stringValue == sample.status, "\(sample.name): status")
            #expect(line["form"]?.stringValue == sample.form, "\(sample.name): form")
            #expect(
                line["fields"] == sample.fields,
                "\(sample.name): fields differ:\n got \(line["fields"]?.serialized(sortedKeys: true) ?? "nil")\nwant \(sample.fields.serialized(sortedKeys: true))"
            )
            #expect(Self.findingKeys(line["findings"]) == sample.findings, "\(sample.name): findings")
            if let reason = sample.reasonContains {
                #expect(line["reason"]?.stringValue?.contains(reason) == true, "\(sample.name): reason \(line["reason"]?.stringValue ?? "none")")
            } else {
                #expect(line["reason"] == nil, "\(sample.name): only rejected lines carry a reason")
            }
            for finding in line["findings"]?.arrayValue ?? [] {
                #expect(finding["message"]?.stringValue?.isEmpty == false, "\(sample.name): every finding has a message")
            }
        }
    }

    @Test func runningTheSameBatchAgainChangesNothing() throws {
        let state = try TestPaths.temporaryFolder("e2e-rerun")
        defer { try? FileManager.default.removeItem(at: state) }
        _ = try FormpipeBinary.run(["batch", "Samples", "--state", state.path])
        let first = try Self.export(state: state)
        let again = try FormpipeBinary.run(["batch", "Samples", "--state", state.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("本次处理 0 个文件"))
        #expect(again.stdout.contains("内容未变：14"))
        #expect(try Self.export(state: state) == first)
    }

    @Test func reportsAreWrittenWithBOMAndChineseHeaders() throws {
        let state = try TestPaths.temporaryFolder("e2e-reports")
        defer { try? FileManager.default.removeItem(at: state) }
        _ = try FormpipeBinary.run(["batch", "Samples", "--state", state.path])
        let overview = try Data(contentsOf: state.appendingPathComponent("reports/submissions.csv"))
        #expect(overview.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: overview, as: UTF8.self)
        #expect(text.contains("文件,表格,所在支部,姓名,状态"))
        #expect(text.split(separator: "\r\n").count == 15)
        let findings = String(decoding: try Data(contentsOf: state.appendingPathComponent("reports/findings.csv")), as: UTF8.self)
        #expect(findings.contains("查摆情况 第3行 整改措施"))
    }
}
