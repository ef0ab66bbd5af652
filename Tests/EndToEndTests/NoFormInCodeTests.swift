import FormSchema
import Foundation
import TestSupport
import Testing

/// A fifth form is a schema file: nothing in Sources may know the four forms by their ids.
@Suite struct NoFormInCodeTests {
    @Test func noSourceFileNamesAFormOfTheSchemas() throws {
        let root = TestPaths.repositoryRoot
        let ids = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Schemas").path)
            .filter { $0.hasSuffix(".schema.json") }.map { String($0.dropLast(".schema.json".count)) }
        #expect(ids.count == 4)
        var offenders: [String] = []
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") || file.hasSuffix(".cpp") || file.hasSuffix(".h") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for id in ids where text.contains(id) { offenders.append("\(file): \(id)") }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    /// Nor by their fields: a key of one form's own (`planned_study_hours`, `member_category`) is never spelt in
    /// code outside comments; what code needs of a field it finds through the schema's `x-form` roles. The
    /// roster file's column names are the roster's own vocabulary, which may coincide with a field's key.
    @Test func noSourceLineSpellsAFieldKeyOfOneForm() throws {
        let root = TestPaths.repositoryRoot
        let schemas = root.appendingPathComponent("Schemas")
        var keys: Set<String> = []
        func collect(_ properties: JSONValue?) {
            for (key, value) in properties?.objectValue ?? JSONObject() {
                keys.insert(key)
                collect(value["items"]?["properties"])
            }
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: schemas.path) where file.hasSuffix(".schema.json") {
            collect(try JSONValue.parse(String(contentsOf: schemas.appendingPathComponent(file), encoding: .utf8))["properties"])
        }
        // Compound keys are each one form's vocabulary; single words ("date", "mode", "items") are also code's.
        let formKeys = keys.filter { $0.contains("_") }
        #expect(formKeys.count > 20, "\(formKeys.count) keys")
        var offenders: [String] = []
        let sources = root.appendingPathComponent("Sources")
        for file in FileManager.default.enumerator(atPath: sources.path)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
            let lines = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
            for line in lines where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for key in formKeys where line.contains("\"\(key)\"") {
                    if file.hasSuffix("Roster.swift"), line.contains("[\"") { continue }  // the roster's column names
                    offenders.append("\(file): \(key)")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
