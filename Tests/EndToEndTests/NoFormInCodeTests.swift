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
}
