// The layout-set generator and the .docx builder live in FormSamples (the benchmarks use them too); tests get
// them with TestSupport.
@_exported import FormSamples
public import Foundation

/// Where the repository and the shared corpus are, seen from a test source file.
public enum TestPaths {
    /// The folder holding Package.swift.
    public static var repositoryRoot: URL { SourceTree.root }

    /// `../shared/corpus` beside the repository, or `FORMPIPE_CORPUS`; nil when it is not there.
    public static var corpus: URL? {
        let url: URL
        if let override = ProcessInfo.processInfo.environment["FORMPIPE_CORPUS"], !override.isEmpty {
            url = URL(fileURLWithPath: override)
        } else {
            url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        }
        return FileManager.default.fileExists(atPath: url.path) ? url.standardizedFileURL : nil
    }

    public static func temporaryFolder(_ label: String = "formpipe-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
