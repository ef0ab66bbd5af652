import Foundation

/// Which names in a drop folder are work in progress or clutter, never submissions.
enum DropFolderRules {
    static let ignoredSuffixes = [".part", ".crdownload", ".tmp", ".原因.txt"]
    static let ignoredNames: Set<String> = ["Thumbs.db", "desktop.ini", ".DS_Store"]

    static func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix("~$") { return true }  // Word's lock file beside an open document
        if name.hasPrefix(".~lock.") { return true }  // LibreOffice's lock file
        if name.hasPrefix(".") { return true }  // hidden files, including .DS_Store
        if ignoredNames.contains(name) { return true }
        let lower = name.lowercased()
        return ignoredSuffixes.contains { lower.hasSuffix($0) }
    }

    /// Every file below `folder` that may be a submission, with its path relative to `folder` in NFC, so a
    /// name written in another Unicode normalisation (macOS writes NFD) is the same name.
    static func scan(_ folder: URL) -> [(url: URL, relative: String)] {
        var found: [(URL, String)] = []
        func walk(_ directory: URL, prefix: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
            for name in names.sorted() where !isIgnored(name) {
                let url = directory.appendingPathComponent(name)
                let relative = (prefix.isEmpty ? name : prefix + "/" + name).precomposedStringWithCanonicalMapping
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    walk(url, prefix: relative)
                } else {
                    found.append((url, relative))
                }
            }
        }
        walk(folder, prefix: "")
        return found
    }
}
