import Foundation

/// GB18030 (which contains GBK) to a String through glibc's iconv: zip entry names written by Windows on a
/// Chinese desktop come in it, and Foundation on Linux cannot decode it.
enum GB18030 {
    static func decode(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return "" }
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
        let converted: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let converted else { return nil }
        return String(validating: output[0..<converted].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
