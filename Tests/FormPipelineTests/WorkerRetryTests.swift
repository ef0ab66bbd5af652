import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormPipeline

/// A worker killed from outside (the OOM killer, an operator) while it reads a file costs that file nothing:
/// a fresh worker reads it again; only a file that fails twice is rejected, and its reason says so.
@Suite struct WorkerRetryTests {
    /// A worker program: a script that dies by SIGKILL while "reading" (first time only, when `once`), then
    /// runs the real worker.
    static func worker(script body: String, in folder: URL) throws -> ProcessingWorker {
        let script = folder.appendingPathComponent("worker.sh")
        try ("#!/bin/sh\n" + body).write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        let schemas = TestPaths.repositoryRoot.appendingPathComponent("Schemas")
        return ProcessingWorker(
            settings: .init(
                executable: script, catalog: try SchemaCatalog.load(from: schemas), schemaFolder: schemas,
                limits: InputLimits(), memoryLimitBytes: 1 << 30, recycleBytes: 0, scanRecycleBytes: 0, environment: nil))
    }

    static var sample: Data {
        get throws { try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Samples/study_plan_valid_a.docx")) }
    }

    @Test func aWorkerKilledFromOutsideWhileReadingIsReplacedAndTheFileReadAgain() throws {
        let folder = try TestPaths.temporaryFolder("worker-killed-once")
        defer { try? FileManager.default.removeItem(at: folder) }
        let marker = folder.appendingPathComponent("killed-once").path
        let worker = try Self.worker(
            script: """
                if [ ! -e '\(marker)' ]; then touch '\(marker)'; sleep 0.2; kill -9 $$; fi
                exec '\(FormpipeBinary.url.path)' "$@"
                """, in: folder)
        defer { worker.stop() }
        let processed = worker.process(try Self.sample)
        guard case .form(let form, _, _) = processed.part(named: nil) else {
            Issue.record("rejected: \(String(describing: processed.parts))")
            return
        }
        #expect(form.id == "study_plan")
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func aFileWhoseWorkerDiesTwiceIsRejectedSayingItWasRetried() throws {
        let folder = try TestPaths.temporaryFolder("worker-killed-twice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let worker = try Self.worker(script: "sleep 0.2; kill -9 $$\n", in: folder)
        defer { worker.stop() }
        let processed = worker.process(try Self.sample)
        guard case .rejected(let rejection) = processed.part(named: nil) else {
            Issue.record("not rejected: \(String(describing: processed.parts))")
            return
        }
        #expect(rejection.code == .readerCrashed)
        #expect(rejection.text.contains("崩溃") && rejection.text.contains("重试"), "\(rejection.text)")
    }
}
