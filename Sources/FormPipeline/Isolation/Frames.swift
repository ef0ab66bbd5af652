package import Foundation

/// Length-prefixed frames over pipes between the pipeline and its unpack workers: 8 bytes little-endian
/// length, then the payload. `package` for the frame harness (`Sources/Fuzz/Frames`).
package enum Frames {
    package static let headerSize = 8
    /// A frame larger than this is a protocol error, not a document.
    package static let maximumPayload = 1 << 31

    static func length(from header: ArraySlice<UInt8>) -> Int {
        var value: UInt64 = 0
        for (offset, byte) in header.prefix(headerSize).enumerated() { value |= UInt64(byte) << (8 * UInt64(offset)) }
        return Int(clamping: value)
    }

    /// Writes all bytes, retrying on interruption; false when the other side is gone.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Writes a header and its body with one system call where the file takes both at once (then the rest as it
    /// goes); false when the other side is gone. Written separately, a reader blocked on a pipe woke for the
    /// header and went back to sleep for the body.
    static func writeAll(_ fd: Int32, _ header: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer) -> Bool {
        var parts = [
            iovec(iov_base: UnsafeMutableRawPointer(mutating: header.baseAddress), iov_len: header.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: body.baseAddress), iov_len: body.count),
        ]
        var written = -1
        repeat { written = writev(fd, &parts, Int32(parts.count)) } while written < 0 && errno == EINTR
        guard written >= 0 else { return false }
        if written < header.count {
            return writeAll(fd, UnsafeRawBufferPointer(rebasing: header[written...])) && writeAll(fd, body)
        }
        return writeAll(fd, UnsafeRawBufferPointer(rebasing: body[(written - header.count)...]))
    }

    package static func writeFrame(_ fd: Int32, _ payload: some ContiguousBytes) -> Bool {
        payload.withUnsafeBytes { payload in
            withUnsafeBytes(of: UInt64(payload.count).littleEndian) { header in writeAll(fd, header, payload) }
        }
    }

    /// Reads exactly `buffer.count` bytes into `buffer`, blocking; false at end of input.
    static func readExactly(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let got = read(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if got < 0 {
                if errno == EINTR { continue }
                return false
            }
            if got == 0 { return false }
            offset += got
        }
        return true
    }

    /// The next frame's payload, read straight into the memory the returned Data owns (no zero-filling, no
    /// copy: a worker reads every file this way); nil at end of input or for a length past the maximum.
    package static func readFrame(_ fd: Int32) -> Data? {
        var header: UInt64 = 0
        guard withUnsafeMutableBytes(of: &header, { readExactly(fd, into: $0) }) else { return nil }
        let length = Int(clamping: UInt64(littleEndian: header))
        guard length <= maximumPayload else { return nil }
        guard length > 0 else { return Data() }
        guard let memory = malloc(length) else { return nil }
        guard readExactly(fd, into: UnsafeMutableRawBufferPointer(start: memory, count: length)) else {
            free(memory)
            return nil
        }
        return Data(bytesNoCopy: memory, count: length, deallocator: .free)
    }
}
