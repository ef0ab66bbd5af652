import FormSchema
import Foundation

/// Reads a submitted file whole with open, fstat and read: Foundation's `Data(contentsOf:)` cost more than
/// hashing the file, and a named pipe or device dropped among the forms would have blocked it forever.
enum WholeFile {
    enum Failure: Error, Equatable {
        case tooLarge(size: Int)
        /// Why, in words for the clerk.
        case unreadable(String)
    }

    static func read(path: String, limit: Int) -> Result<Data, Failure> {
        // Non-blocking, so opening a named pipe returns at once; it is turned away below as no regular file.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(.unreadable(describe(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(describe(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.unreadable("不是普通文件")) }
        let size = Int(info.st_size)
        if size > limit { return .failure(.tooLarge(size: size)) }
        // One byte more than fstat said, so a file that grew since is noticed and read on to its end.
        var bytes = Data(count: size + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                if filled > limit { return .failure(.tooLarge(size: filled)) }
                bytes.count += max(4096, filled / 2)
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(fd, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(.unreadable(describe(errno)))
            }
            if got == 0 { break }
            filled += got
        }
        if filled > limit { return .failure(.tooLarge(size: filled)) }
        bytes.count = filled
        return .success(bytes)
    }

    /// A file the folder walk found and is gone when read was there a moment ago.
    static func describe(_ code: Int32) -> String {
        code == ENOENT ? "文件已不存在" : FileErrorText.describe(errno: code)
    }
}
