import Foundation

/// Length-prefixed frames over pipes between the pipeline and its unpack workers: 8 bytes little-endian
/// length, then the payload.
enum Frames {
    static let headerSize = 8
    /// A frame larger than this is a protocol error, not a document.
    static let maximumPayload = 1 << 31

    static func header(for count: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt64(count).littleEndian) { Array($0) }
    }

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

    static func writeFrame(_ fd: Int32, _ payload: some ContiguousBytes) -> Bool {
        payload.withUnsafeBytes { payload in
            header(for: payload.count).withUnsafeBytes { writeAll(fd, $0) } && writeAll(fd, payload)
        }
    }

    /// Reads exactly `count` bytes, blocking; nil at end of input.
    static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = buffer[offset...].withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { return nil }
            offset += got
        }
        return buffer
    }

    static func readFrame(_ fd: Int32) -> Data? {
        guard let header = readExactly(fd, headerSize) else { return nil }
        let length = length(from: header[...])
        guard length <= maximumPayload, let payload = readExactly(fd, length) else { return nil }
        return Data(payload)
    }
}
