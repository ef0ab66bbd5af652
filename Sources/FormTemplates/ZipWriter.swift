public import Foundation

/// Writes zip archives byte by byte (stored entries): the blank forms' .docx packages, and in tests exactly
/// the package a test means, including broken ones that a zip library would refuse to write (sizes that lie,
/// pre-deflated bombs). One writer for both, so the packages the tests read are made the way templates are.
///
/// Entries are stored, not deflated: a blank form is a few tens of kilobytes of XML, and a stored entry is
/// one that every reader (Word, WPS, LibreOffice, formpipe's own size-ratio limits) takes without question.
public struct ZipWriter: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var data: Data
        /// Overrides the uncompressed size written in the headers, to make an archive lie about itself.
        public var declaredSize: UInt32?
        /// 0 stored, 8 deflated (then `data` is the raw deflate stream and `crc` must be given).
        public var method: UInt16 = 0
        /// The CRC-32 of the uncompressed bytes, when `data` is not them.
        public var crc: UInt32?
        /// The name's bytes as another encoding wrote them (GBK from Windows' own zip), written without the
        /// UTF-8 flag; nil: `name` in UTF-8.
        public var rawName: [UInt8]?

        public init(name: String, data: Data, declaredSize: UInt32? = nil) {
            self.name = name
            self.data = data
            self.declaredSize = declaredSize
        }

        /// An entry whose bytes are already deflated: `declaredSize` and `crc` describe the inflated bytes.
        public static func deflated(name: String, stream: Data, declaredSize: UInt32, crc: UInt32) -> Entry {
            var entry = Entry(name: name, data: stream, declaredSize: declaredSize)
            entry.method = 8
            entry.crc = crc
            return entry
        }
    }

    public var entries: [Entry] = []

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    public mutating func add(_ name: String, _ text: String) {
        entries.append(Entry(name: name, data: Data(text.utf8)))
    }

    public mutating func add(_ name: String, data: Data) {
        entries.append(Entry(name: name, data: data))
    }

    public func archive() -> Data {
        var out = Data()
        var central = Data()
        for entry in entries {
            let offset = UInt32(out.count)
            let name = entry.rawName.map { Data($0) } ?? Data(entry.name.utf8)
            let flags: UInt16 = entry.rawName == nil ? 0x0800 : 0
            let crc = entry.crc ?? CRC32.checksum(entry.data)
            let size = entry.declaredSize ?? UInt32(entry.data.count)
            var local = Data()
            local.appendLE(UInt32(0x0403_4B50))
            local.appendLE(UInt16(20))
            local.appendLE(flags)
            local.appendLE(entry.method)  // version, UTF-8 names or not, method
            local.appendLE(UInt16(0))
            local.appendLE(UInt16(0x21))  // time, date
            local.appendLE(crc)
            local.appendLE(UInt32(entry.data.count))
            local.appendLE(size)
            local.appendLE(UInt16(name.count))
            local.appendLE(UInt16(0))
            out.append(local)
            out.append(name)
            out.append(entry.data)

            central.appendLE(UInt32(0x0201_4B50))
            central.appendLE(UInt16(20))
            central.appendLE(UInt16(20))
            central.appendLE(flags)
            central.appendLE(entry.method)
            central.appendLE(UInt16(0))
            central.appendLE(UInt16(0x21))
            central.appendLE(crc)
            central.appendLE(UInt32(entry.data.count))
            central.appendLE(size)
            central.appendLE(UInt16(name.count))
            central.appendLE(UInt16(0))
            central.appendLE(UInt16(0))
            central.appendLE(UInt16(0))
            central.appendLE(UInt16(0))
            central.appendLE(UInt32(0))
            central.appendLE(offset)
            central.append(name)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.appendLE(UInt32(0x0605_4B50))
        out.appendLE(UInt16(0))
        out.appendLE(UInt16(0))
        out.appendLE(UInt16(entries.count))
        out.appendLE(UInt16(entries.count))
        out.appendLE(UInt32(central.count))
        out.appendLE(centralOffset)
        out.appendLE(UInt16(0))
        return out
    }
}

/// The zip format's CRC-32 (IEEE 802.3, reflected).
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    public static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension Data {
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
