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
        "optional/cross-draft.json": "refers to remote schemas of other drafts",
        "optional/dynamicRef.json": "$dynamicRef/$dynamicAnchor are not supported",
        "optional/dependencies-compatibility.json": "the draft-07 `dependencies` keyword is not part of 2020-12",
        "optional/format-assertion.json": "format-assertion vocabulary via a remote custom meta-schema",
    ]

    /// Why a file is not run, or nil when it is.
    static func skipReason(for path: String) -> String? {
        if let reason = skippedFiles[path] { return reason }
        if path.hasPrefix("optional/format/"), path != "optional/format/date.json" {
            return "only the date format is asserted; other formats are annotations"
        }
        return nil
    }

    /// Groups inside run files that need what is out of scope, keyed "file: group description".
    static let skippedCases: [String: String] = [
        "ref.json: remote ref, containing refs itself":
            "refers to the remote draft 2020-12 meta-schema",
        "ref.json: ref creates new scope when adjacent to keywords":
            "relies on unevaluatedProperties, which is not supported",
        "not.json: collect annotations inside a 'not', even if collection is disabled":
            "relies on unevaluatedProperties, which is not supported",
    ]

    struct Outcome {
        var passed = 0
        var failed: [String] = []
    }

    /// Every `.json` file under the draft folder, as paths relative to it (`optional/format/date.json`).
    static func files(in folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Runs every file not skipped. Formats are annotations in the main files, as the specification's default,
    /// and assertions in `optional/format/`, where the suite tests them as such.
    static func run(in folder: URL) throws -> Outcome {
        var outcome = Outcome()
        for path in files(in: folder) where skipReason(for: path) == nil {
            try run(file: path, in: folder, assertFormats: path.hasPrefix("optional/format/"), into: &outcome)
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
                outcome.failed.append(
                    contentsOf: tests.map { "\(name): \(groupName) / \($0["description"]?.stringValue ?? "?"): schema not compiled: \(error)" })
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
    @Test(
        .enabled(
            if: JSONSchemaTestSuite.folder != nil,
            "the JSON-Schema-Test-Suite corpus is missing (expected at ../shared/corpus or $FORMPIPE_CORPUS)"))
    func everyCaseOfTheSupportedKeywordsPasses() throws {
        let folder = try #require(JSONSchemaTestSuite.folder)
        let outcome = try JSONSchemaTestSuite.run(in: folder)
        print("JSON-Schema-Test-Suite: \(outcome.passed) passed, \(outcome.failed.count) failed")
        for failure in outcome.failed { Issue.record(Comment(rawValue: failure)) }
        #expect(outcome.passed > 1000)
        #expect(JSONSchemaTestSuite.files(in: folder).contains("optional/format/date.json"))
    }
}
