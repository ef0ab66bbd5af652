public import FormDocument
import FormSchema
public import Foundation

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
        // O_NOFOLLOW: the folder walk hands over real paths; a file swapped for a link since is not read.
        let fd = RawPath.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW) }
        guard fd >= 0 else { return .failure(.unreadable(errno == ELOOP ? "是符号链接，不是普通文件" : describe(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(describe(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.unreadable("不是普通文件")) }
        let size = Int(info.st_size)
        if size > limit { return .failure(.tooLarge(size: size)) }
        // One byte more than fstat said, so a file that grew since is noticed and read on to its end. Read into
        // memory the Data then owns, not a zero-filled Data: filling every file's size with zeros first cost
        // as much as reading it.
        var capacity = size + 1
        guard var memory = malloc(capacity) else { return .failure(.unreadable(FileErrorText.describe(errno: ENOMEM))) }
        var filled = 0
        while true {
            if filled == capacity {
                if filled > limit {
                    free(memory)
                    return .failure(.tooLarge(size: filled))
                }
                capacity += max(4096, filled / 2)
                guard let grown = realloc(memory, capacity) else {
                    free(memory)
                    return .failure(.unreadable(FileErrorText.describe(errno: ENOMEM)))
                }
                memory = grown
            }
            let got = Foundation.read(fd, memory + filled, capacity - filled)
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                let reason = describe(errno)
                free(memory)
                return .failure(.unreadable(reason))
            }
            if got == 0 { break }
            filled += got
        }
        if filled > limit {
            free(memory)
            return .failure(.tooLarge(size: filled))
        }
        return .success(Data(bytesNoCopy: memory, count: filled, deallocator: .free))
    }

    /// A file the folder walk found and is gone when read was there a moment ago.
    static func describe(_ code: Int32) -> String {
        code == ENOENT ? "文件已不存在" : FileErrorText.describe(errno: code)
    }
}

/// A submitted file read for any command — `batch`, `watch` and `check` alike — so the size limit is applied
/// the same way everywhere, from fstat before a byte is read: `check` once read a file of gigabytes whole, into
/// memory, before the reader refused it.
public enum SubmittedFile {
    /// Why a file was not taken in, worded for the clerk, with the size known of it (0 when unreadable).
    public struct Refusal: Error, Sendable, Equatable {
        public let size: Int
        public let rejection: Rejection
    }

    /// A file's bytes held already (an upload), under the same size limit as one read from disk.
    public static func accept(_ bytes: Data, limits: InputLimits) -> Result<Data, Refusal> {
        guard bytes.count <= limits.maxFileBytes else { return .failure(tooLarge(bytes.count, limits: limits)) }
        return .success(bytes)
    }

    static func tooLarge(_ size: Int, limits: InputLimits) -> Refusal {
        Refusal(
            size: size,
            rejection: Rejection(.tooLarge, "文件过大（\(size / 1_048_576) MB，上限 \(limits.maxFileBytes / 1_048_576) MB，max_file_mb），已拒绝"))
    }

    public static func read(path: String, limits: InputLimits) -> Result<Data, Refusal> {
        switch WholeFile.read(path: path, limit: limits.maxFileBytes) {
        case .success(let bytes):
            return .success(bytes)
        case .failure(.tooLarge(let size)):
            return .failure(tooLarge(size, limits: limits))
        case .failure(.unreadable(let reason)):
            return .failure(Refusal(size: 0, rejection: Rejection(.unreadable, "无法读取文件（\(reason)）")))
        }
    }
}
