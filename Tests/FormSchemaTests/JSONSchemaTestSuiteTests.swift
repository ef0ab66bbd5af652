import Foundation
import Testing
@testable import FormSchema

/// Runs the official JSON-Schema-Test-Suite (draft 2020-12) against `JSONSchemaValidator`.
///
/// The corpus lives outside the package, at `<package root>/../shared/corpus` or `$FORMPIPE_CORPUS`.
enum JSONSchemaTestSuite {
    /// The suite's `tests/draft2020-12` folder, or nil when the corpus is not on this machine.
    static var folder: URL? {
        let corpus: URL
        if let override = ProcessInfo.processInfo.environment["FORMPIPE_CORPUS"], !override.isEmpty {
            corpus = URL(fileURLWithPath: override)
        } else if let root = TestSupport.packageRoot() {
            corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        } else {
            return nil
        }
        let folder = corpus.appendingPathComponent("JSON-Schema-Test-Suite/tests/draft2020-12")
        return FileManager.default.fileExists(atPath: folder.path) ? folder : nil
    }

    /// Files of the draft that are not run, each with why: the keyword is out of the validator's scope.
    static let skippedFiles: [String: String] = [
        "defs.json": "its only case validates against the remote draft 2020-12 meta-schema",
        "dynamicRef.json": "$dynamicRef/$dynamicAnchor are not supported",
        "refRemote.json": "references to other documents (remote refs) are not supported",
        "unevaluatedItems.json": "unevaluatedItems is not supported",
        "unevaluatedProperties.json": "unevaluatedProperties is not supported",
        "vocabulary.json": "$vocabulary (custom meta-schemas) is not supported",
    ]

    /// Groups inside run files that need what is out of scope, keyed "file: group description".
    static let skippedCases: [String: String] = [
        "ref.json: remote ref, containing refs itself":
            "refers to the remote draft 2020-12 meta-schema",
        "ref.json: ref creates new scope when adjacent to keywords":
            "relies on unevaluatedProperties, which is not supported",
        "not.json: collect annotations inside a 'not', even if collection is disabled":
            "relies on unevaluatedProperties, which is not supported",
    ]

    /// Optional files that are run too; formats are assertions in them (they test the `date` format we assert).
    static let optionalFiles: [String] = ["optional/format/date.json"]

    struct Outcome {
        var passed = 0
        var failed: [String] = []
    }

    static func run(in folder: URL) throws -> Outcome {
        var outcome = Outcome()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") && skippedFiles[$0] == nil }
            .sorted()
        for name in names {
            try run(file: name, in: folder, assertFormats: false, into: &outcome)
        }
        for name in optionalFiles {
            try run(file: name, in: folder, assertFormats: true, into: &outcome)
        }
        return outcome
    }

    static func run(file name: String, in folder: URL, assertFormats: Bool, into outcome: inout Outcome) throws {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        guard let groups = try JSONValue.parse(data).arrayValue else {
            outcome.failed.append("\(name): not an array of test groups")
            return
        }
        for group in groups {
            let groupName = group["description"]?.stringValue ?? "?"
            if skippedCases["\(name): \(groupName)"] != nil { continue }
            let tests = group["tests"]?.arrayValue ?? []
            let validator: JSONSchemaValidator
            do {
                validator = try JSONSchemaValidator(schema: group["schema"] ?? .null, assertFormats: assertFormats)
            } catch {
                outcome.failed.append(contentsOf: tests.map { "\(name): \(groupName) / \($0["description"]?.stringValue ?? "?"): schema not compiled: \(error)" })
                continue
            }
            for test in tests {
                let caseName = test["description"]?.stringValue ?? "?"
                guard let expected = test["valid"]?.boolValue else {
                    outcome.failed.append("\(name): \(groupName) / \(caseName): no \"valid\"")
                    continue
                }
                let errors = validator.validate(test["data"] ?? .null)
                if errors.isEmpty == expected {
                    outcome.passed += 1
                } else {
                    let found = errors.map(\.description).joined(separator: "; ")
                    outcome.failed.append("\(name): \(groupName) / \(caseName): expected \(expected ? "valid" : "invalid") \(found)")
                }
            }
        }
    }
}

@Suite struct JSONSchemaTestSuiteTests {
    @Test(.enabled(
        if: JSONSchemaTestSuite.folder != nil,
        "the JSON-Schema-Test-Suite corpus is missing (expected at ../shared/corpus or $FORMPIPE_CORPUS)"))
    func everyCaseOfTheSupportedKeywordsPasses() throws {
        let folder = try #require(JSONSchemaTestSuite.folder)
        let outcome = try JSONSchemaTestSuite.run(in: folder)
        print("JSON-Schema-Test-Suite: \(outcome.passed) passed, \(outcome.failed.count) failed")
        for failure in outcome.failed { Issue.record(Comment(rawValue: failure)) }
        #expect(outcome.passed > 1000)
    }
}
