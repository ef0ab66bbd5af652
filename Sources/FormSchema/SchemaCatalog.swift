public import Foundation

/// Every form schema of a folder: what the pipeline recognises, extracts and validates.
public struct SchemaCatalog: Sendable {
    /// The forms, sorted by id.
    public let forms: [FormSchema]

    public init(forms: [FormSchema]) {
        self.forms = forms.sorted { $0.id < $1.id }
    }

    /// Loads and checks every `*.schema.json` file of `folder`; the first broken file stops the load.
    ///
    /// A missing or empty folder is an error too: running without schemas would reject every document.
    public static func load(from folder: URL) throws -> SchemaCatalog {
        let results = try loadEach(from: folder)
        return SchemaCatalog(forms: try results.map { try $0.get() })
    }

    /// Every schema file of `folder`, each loaded on its own: a broken one does not hide the next
    /// (`formpipe schemas check` reports them all). Throws only when the folder itself cannot be read.
    public static func loadEach(from folder: URL) throws -> [Result<FormSchema, any Error>] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SchemaError(file: folder.path, pointer: "", reason: "the schema folder does not exist")
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw SchemaError(file: folder.path, pointer: "", reason: "cannot list the schema folder: \(error.localizedDescription)")
        }
        let files = names.filter { $0.hasSuffix(FormSchema.fileSuffix) && !$0.hasPrefix(".") }.sorted()
        guard !files.isEmpty else {
            throw SchemaError(file: folder.path, pointer: "", reason: "the folder holds no *\(FormSchema.fileSuffix) file")
        }
        return files.map { name in Result { try FormSchema.load(contentsOf: folder.appendingPathComponent(name)) } }
    }

    /// The form with this id.
    public func form(id: String) -> FormSchema? {
        forms.first { $0.id == id }
    }
}
