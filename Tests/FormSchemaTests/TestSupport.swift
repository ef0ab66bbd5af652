import Foundation
import Testing

@testable import FormSchema

/// Locations and fixtures shared by the FormSchema tests.
enum TestSupport {
    /// The folder holding Package.swift, found by walking up from this file.
    static func packageRoot(from file: String = #filePath) -> URL? {
        var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    static var schemasFolder: URL? {
        packageRoot()?.appendingPathComponent("Schemas")
    }

    struct MissingFixture: Error, CustomStringConvertible {
        let description: String
    }

    static func catalog() throws -> SchemaCatalog {
        guard let folder = schemasFolder else { throw MissingFixture(description: "no Package.swift above the tests") }
        return try SchemaCatalog.load(from: folder)
    }

    static func form(_ id: String) throws -> FormSchema {
        guard let form = try catalog().form(id: id) else { throw MissingFixture(description: "no schema \(id)") }
        return form
    }

    /// A fresh empty folder under the temporary directory.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("formschema-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

extension TestSupport {
    /// The record with `changes` applied: a value sets a field, nil removes it.
    static func record(_ base: JSONValue, _ changes: [String: JSONValue?]) -> JSONValue {
        guard var object = base.objectValue else { return base }
        for (key, value) in changes { object[key] = value }
        return .object(object)
    }

    /// The record with one cell of a table row changed (nil removes the cell).
    static func record(_ base: JSONValue, table: String, row: Int, column: String, _ value: JSONValue?) -> JSONValue {
        guard var object = base.objectValue, var rows = object[table]?.arrayValue, row < rows.count,
            var cells = rows[row].objectValue
        else { return base }
        cells[column] = value
        rows[row] = .object(cells)
        object[table] = .array(rows)
        return .object(object)
    }
}

/// Asserts that exactly one finding has `path` and `rule`, with `severity` and a message holding every fragment.
func expectFinding(
    _ findings: [Finding], path: String, rule: String, severity: Severity = .error, mentions fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let matching = findings.filter { $0.path == path && $0.rule == rule }
    guard matching.count == 1, let finding = matching.first else {
        Issue.record("expected one \(rule) finding at \(path), got \(findings)", sourceLocation: sourceLocation)
        return
    }
    #expect(finding.severity == severity, "\(finding)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(finding.message.contains(fragment), "\(finding.message) lacks \(fragment)", sourceLocation: sourceLocation)
    }
}
