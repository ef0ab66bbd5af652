public import FormDocument
import FormSamples
public import FormSchema
public import Foundation

/// What the libFuzzer harnesses share: where the repository is, its schemas, scratch folders, and the record a
/// fuzz input stands for.
public enum FuzzSupport {
    /// The repository (the harnesses run from anywhere, e.g. `make fuzz` from the repository, a reproduction from
    /// elsewhere).
    public static var repositoryRoot: URL { SourceTree.root }

    /// The defaults of pipeline.conf, with a deadline well inside libFuzzer's -timeout, so a slow input shows as
    /// the reader's own rejection and a hang as a libFuzzer timeout.
    public static let readerLimits: InputLimits = {
        var limits = InputLimits()
        limits.secondsPerFile = 10
        // A page without text would be drawn and OCR'd: a second or more an input, which libFuzzer cannot
        // explore at. The harnesses stop at the first such page (a max_scanned_pages rejection); the OCR path
        // is covered by the scan tests instead.
        limits.maxScannedPages = 0
        return limits
    }()

    /// The repository's `Schemas/`, loaded once; a harness cannot run without them.
    public static let catalog: SchemaCatalog = {
        let folder = repositoryRoot.appendingPathComponent("Schemas")
        do {
            return try SchemaCatalog.load(from: folder)
        } catch {
            fatalError("fuzz harness: cannot load the schemas in \(folder.path): \(error)")
        }
    }()

    /// The fuzz input as Data (copied: libFuzzer owns its buffer).
    public static func data(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Data {
        Data(bytes: bytes, count: size)
    }

    /// A record from a fuzz input: its JSON, or the `fields` of an export line / `Samples/expected` file (so those
    /// files seed the record harnesses as they are); nil when the input is not JSON.
    public static func record(from data: Data) -> JSONValue? {
        guard let value = try? JSONValue.parse(data) else { return nil }
        if let object = value.objectValue, object["form"] != nil, let fields = object["fields"] { return fields }
        return value
    }

    /// A fresh empty folder for one input, under /dev/shm when there is one (a harness that writes files runs
    /// thousands of times a second), removed by the caller.
    public static func scratchFolder(_ label: String) -> URL {
        let shm = URL(fileURLWithPath: "/dev/shm")
        let base = FileManager.default.isWritableFile(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("formpipe-\(label)-\(getpid())-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            fatalError("fuzz harness: cannot create \(folder.path): \(error)")
        }
        return folder
    }

    /// A failed property: libFuzzer records the input as a crash. The message is cut short (the input is in the
    /// crash file).
    public static func fail(_ message: String) -> Never {
        let shown = message.count > 300 ? message.prefix(300) + "…" : Substring(message)
        fatalError("fuzz property failed: \(shown)")
    }
}
