import Foundation

/// File names are bytes, and Swift strings are Unicode: a name that is not UTF-8 (a Windows share's GBK
/// names, a hostile sender) would become U+FFFD and name no file at all. In a path string here, each byte of
/// a name that is not valid UTF-8 stands as one scalar of U+10FF80–U+10FFFF (the end of a private use
/// plane, which no file name of a branch uses), so the path opens the same file, and `shown` makes it
/// readable (`\xFF`) wherever a person sees it or it is recorded.
enum RawPath {
    private static let base: UInt32 = 0x10FF00

    /// A name or path from the bytes the kernel gave.
    static func string(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var result = String.UnicodeScalarView()
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var pending = Array(bytes)[...]
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                result.append(Unicode.UTF8.decode(encoded))
                pending = pending.dropFirst(encoded.count)
            case .error(let length):
                for byte in pending.prefix(length) {
                    if let scalar = Unicode.Scalar(base + UInt32(byte)) { result.append(scalar) }
                }
                pending = pending.dropFirst(length)
            case .emptyInput:
                return String(result)
            }
        }
    }

    /// The bytes a path string stands for, as a C string for a system call.
    static func withCString<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        guard path.unicodeScalars.contains(where: { $0.value >= base + 0x80 }) else { return try path.withCString(body) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count + 1)
        for scalar in path.unicodeScalars {
            if scalar.value >= base + 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: scalar.value - base))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { chars in
                // Never nil: the buffer holds at least the terminating zero.
                guard let start = chars.baseAddress else { return try "".withCString(body) }
                return try body(start)
            }
        }
    }

    /// The path as a person reads it, and as it is recorded: each byte that was not UTF-8 as `\xFF`.
    static func shown(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: { $0.value >= base + 0x80 }) else { return path }
        var result = ""
        for scalar in path.unicodeScalars {
            if scalar.value >= base + 0x80 {
                result += "\\x" + String(scalar.value - base, radix: 16, uppercase: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The names in a folder (without `.` and `..`), each as `string` makes it; nil when it cannot be opened.
    static func names(in folder: String) -> [String]? {
        guard let directory = withCString(folder, { opendir($0) }) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in string(raw.prefix { $0 != 0 }) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `lstat(2)` of the path: true when it succeeded.
    static func linkStatus(_ path: String, _ info: inout stat) -> Bool {
        withCString(path) { lstat($0, &info) } == 0
    }

    /// `stat(2)` of the path (links followed): true when it succeeded.
    static func status(_ path: String, _ info: inout stat) -> Bool {
        withCString(path) { stat($0, &info) } == 0
    }

    /// The real path, links resolved; nil when some part does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return string(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
    }
}
