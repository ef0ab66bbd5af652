import Foundation

/// An exclusive advisory lock (flock) on a file, for work two formpipe processes must not do at once: opening
/// and migrating a new store, writing the reports. Held until `release`; the kernel drops it if the process dies.
public struct FileLock {
    private let descriptor: Int32

    /// Waits until the lock is free, then holds it.
    public init(path: String) throws(FileLockError) {
        // Created as the state folder's files are: the process umask (state_mode) decides its mode.
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw FileLockError(path: path, reason: String(cString: strerror(errno)))
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw FileLockError(path: path, reason: reason)
            }
        }
    }

    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

public struct FileLockError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "无法使用锁文件 \(path)：\(reason)" }
}
