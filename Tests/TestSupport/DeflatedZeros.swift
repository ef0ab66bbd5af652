import FormTemplates
public import Foundation

/// A raw deflate stream (RFC 1951) of `count` zero bytes, built bit by bit in a few milliseconds, so a test
/// can wrap a gigabyte-sized zip bomb in about a megabyte without any compression library.
///
/// One dynamic-Huffman block whose only codes are: literal 0 and end-of-block (2 bits each), match length
/// 258 (1 bit) and distance 1 (1 bit). After one literal zero, every 258 further zeros cost the two bits "00",
/// so the body of the stream is plain zero bytes; that is what makes it cheap to write.
public enum DeflatedZeros {
    public static func stream(count: Int) -> Data {
        precondition(count >= 1)
        var bits = BitWriter()
        bits.write(1, bits: 1)  // BFINAL
        bits.write(2, bits: 2)  // BTYPE = dynamic Huffman
        bits.write(286 - 257, bits: 5)  // HLIT: literal/length codes 0…285
        bits.write(0, bits: 5)  // HDIST: one distance code
        bits.write(18 - 4, bits: 4)  // HCLEN: 18 code-length code lengths follow
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1]
        let codeLengthLengths: [Int: UInt32] = [18: 1, 1: 2, 2: 2]  // canonical: 18 → 0, 1 → 10, 2 → 11
        for symbol in order { bits.write(codeLengthLengths[symbol] ?? 0, bits: 3) }
        // Literal/length code lengths: 0 → 2, 1…255 → 0, 256 → 2, 257…284 → 0, 285 → 1; distance 0 → 1.
        bits.code(0b11, length: 2)  // length 2 for literal 0
        bits.code(0, length: 1)
        bits.write(138 - 11, bits: 7)  // 138 zeros
        bits.code(0, length: 1)
        bits.write(117 - 11, bits: 7)  // 117 zeros: literals 1…255 unused
        bits.code(0b11, length: 2)  // length 2 for end-of-block
        bits.code(0, length: 1)
        bits.write(28 - 11, bits: 7)  // lengths 257…284 unused
        bits.code(0b10, length: 2)  // length 1 for length 258
        bits.code(0b10, length: 2)  // length 1 for distance 1
        // Canonical codes now: 285 → "0", literal 0 → "10", end-of-block → "11"; distance 1 → "0".
        bits.code(0b10, length: 2)
        let matches = (count - 1) / 258
        bits.zeros(matches * 2)
        for _ in 0..<(count - 1) % 258 { bits.code(0b10, length: 2) }
        bits.code(0b11, length: 2)
        return bits.finish()
    }

    /// CRC-32 of 1 GiB of zeros (zlib.crc32(bytes(1 << 30))), so tests need not spend seconds computing it.
    public static let crcOfOneGiB: UInt32 = 0x5B64_C2B0

    public static func crc(count: Int) -> UInt32 {
        CRC32.checksum(Data(count: count))
    }
}

struct BitWriter {
    private var data = Data()
    private var current: UInt8 = 0
    private var used = 0

    /// Header fields and extra bits: least significant bit first.
    mutating func write(_ value: UInt32, bits: Int) {
        for index in 0..<bits { push(UInt8((value >> UInt32(index)) & 1)) }
    }

    /// Huffman codes: most significant bit first.
    mutating func code(_ value: UInt32, length: Int) {
        for index in stride(from: length - 1, through: 0, by: -1) { push(UInt8((value >> UInt32(index)) & 1)) }
    }

    mutating func zeros(_ count: Int) {
        var left = count
        while left > 0 && used != 0 {
            push(0)
            left -= 1
        }
        data.append(Data(count: left / 8))
        for _ in 0..<(left % 8) { push(0) }
    }

    private mutating func push(_ bit: UInt8) {
        current |= bit << UInt8(used)
        used += 1
        if used == 8 {
            data.append(current)
            current = 0
            used = 0
        }
    }

    mutating func finish() -> Data {
        if used > 0 { data.append(current) }
        current = 0
        used = 0
        return data
    }
}
