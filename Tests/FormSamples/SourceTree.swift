public import Foundation

/// Where this source tree is: the benchmarks, the fuzz harnesses and the tests read its Schemas/ and Samples/.
public enum SourceTree {
    /// The folder holding Package.swift, found by walking up from this file; the working folder if there is none.
    public static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()
}
