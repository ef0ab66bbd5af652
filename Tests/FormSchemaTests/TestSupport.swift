import Foundation
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
