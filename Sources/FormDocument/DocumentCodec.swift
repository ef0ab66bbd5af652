import Foundation

/// A compact binary form of `Document` and `DocumentError`, for handing results from an unpack worker
/// process to the pipeline: no JSON, no reflection, one pass each way.
public enum DocumentCodec {
    static let documentTag: UInt8 = 0x44  // "D"
    static let errorTag: UInt8 = 0x45  // "E"

    public static func encode(_ result: Result<Document, DocumentError>) -> Data {
        var writer = ByteWriter()
        switch result {
        case .success(let document):
            writer.byte(documentTag)
            writer.string(document.format.rawValue)
            writer.blocks(document.blocks)
            writer.varint(document.headersAndFooters.count)
            for text in document.headersAndFooters { writer.string(text) }
            writer.varint(document.formFields.count)
            for field in document.formFields {
                writer.string(field.name)
                writer.optionalString(field.alternateName)
                writer.string(field.value)
            }
        case .failure(let error):
            writer.byte(errorTag)
            writer.error(error)
        }
        return writer.data
    }

    public static func decode(_ data: Data) throws(DocumentCodecError) -> Result<Document, DocumentError> {
        var reader = ByteReader(bytes: [UInt8](data))
        let tag = try reader.byte()
        switch tag {
        case documentTag:
            let format = FileKind(rawValue: try reader.string()) ?? .unknown
            let blocks = try reader.blocks(depth: 0)
            var headersAndFooters: [String] = []
            for _ in 0..<(try reader.count()) { headersAndFooters.append(try reader.string()) }
            var fields: [FormFieldValue] = []
            for _ in 0..<(try reader.count()) {
                fields.append(FormFieldValue(name: try reader.string(), alternateName: try reader.optionalString(), value: try reader.string()))
            }
            return .success(Document(format: format, blocks: blocks, formFields: fields, headersAndFooters: headersAndFooters))
        case errorTag:
            return .failure(try reader.error())
        default:
            throw DocumentCodecError(reason: "unknown tag \(tag)")
        }
    }
}

public struct DocumentCodecError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "bad document encoding: \(reason)" }
}

struct ByteWriter {
    var data = Data()

    mutating func byte(_ value: UInt8) { data.append(value) }

    mutating func varint(_ value: Int) {
        var remaining = UInt64(max(0, value))
        repeat {
            var byte = UInt8(remaining & 0x7F)
            remaining >>= 7
            if remaining != 0 { byte |= 0x80 }
            data.append(byte)
        } while remaining != 0
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        varint(utf8.count)
        data.append(contentsOf: utf8)
    }

    mutating func optionalString(_ value: String?) {
        byte(value == nil ? 0 : 1)
        if let value { string(value) }
    }

    mutating func blocks(_ blocks: [Block]) {
        varint(blocks.count)
        for block in blocks {
            switch block {
            case .paragraph(let text):
                byte(0)
                string(text)
            case .table(let table):
                byte(1)
                varint(table.rows.count)
                for row in table.rows {
                    varint(row.gridBefore)
                    varint(row.cells.count)
                    for cell in row.cells {
                        varint(cell.columnSpan)
                        switch cell.verticalMerge {
                        case .none: byte(0)
                        case .restart: byte(1)
                        case .continue: byte(2)
                        }
                        self.blocks(cell.blocks)
                    }
                }
            }
        }
    }

    mutating func error(_ error: DocumentError) {
        switch error {
        case .unsupported(let kind): byte(0); string(kind.rawValue)
        case .damaged(let detail): byte(1); string(detail)
        case .limitExceeded(let limit, let detail): byte(2); string(limit); string(detail)
        case .forbiddenXML(let detail): byte(3); string(detail)
        case .encrypted: byte(4)
        case .noTextLayer: byte(5)
        case .timedOut(let seconds): byte(6); double(seconds)
        case .workerCrashed(let detail): byte(7); string(detail)
        case .memoryExceeded(let megabytes): byte(8); varint(megabytes)
        case .conversionFailed(let kind, let detail): byte(9); string(kind.rawValue); string(detail)
        }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    mutating func byte() throws(DocumentCodecError) -> UInt8 {
        guard position < bytes.count else { throw DocumentCodecError(reason: "truncated") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(DocumentCodecError) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { break }
            shift += 7
            if shift > 56 { throw DocumentCodecError(reason: "varint too long") }
        }
        guard value <= UInt64(Int.max) else { throw DocumentCodecError(reason: "varint too large") }
        return Int(value)
    }

    /// A count of items still to come; never more than the bytes left, so a corrupt frame cannot allocate much.
    mutating func count() throws(DocumentCodecError) -> Int {
        let value = try varint()
        guard value <= bytes.count - position else { throw DocumentCodecError(reason: "count past the end") }
        return value
    }

    mutating func double() throws(DocumentCodecError) -> Double {
        guard position + 8 <= bytes.count else { throw DocumentCodecError(reason: "truncated") }
        var bits: UInt64 = 0
        for offset in 0..<8 { bits |= UInt64(bytes[position + offset]) << (8 * UInt64(offset)) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func string() throws(DocumentCodecError) -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: bytes[position..<position + length], as: UTF8.self)
    }

    mutating func optionalString() throws(DocumentCodecError) -> String? {
        try byte() == 0 ? nil : try string()
    }

    mutating func blocks(depth: Int) throws(DocumentCodecError) -> [Block] {
        guard depth < 64 else { throw DocumentCodecError(reason: "nesting too deep") }
        var result: [Block] = []
        for _ in 0..<(try count()) {
            switch try byte() {
            case 0:
                result.append(.paragraph(try string()))
            case 1:
                var rows: [Row] = []
                for _ in 0..<(try count()) {
                    let gridBefore = try varint()
                    var cells: [Cell] = []
                    for _ in 0..<(try count()) {
                        let span = try varint()
                        let merge: Cell.VerticalMerge
                        switch try byte() {
                        case 1: merge = .restart
                        case 2: merge = .continue
                        default: merge = .none
                        }
                        cells.append(Cell(blocks: try blocks(depth: depth + 1), columnSpan: span, verticalMerge: merge))
                    }
                    rows.append(Row(gridBefore: gridBefore, cells: cells))
                }
                result.append(.table(Table(rows: rows)))
            default:
                throw DocumentCodecError(reason: "unknown block")
            }
        }
        return result
    }

    mutating func error() throws(DocumentCodecError) -> DocumentError {
        switch try byte() {
        case 0: return .unsupported(FileKind(rawValue: try string()) ?? .unknown)
        case 1: return .damaged(try string())
        case 2: return .limitExceeded(limit: try string(), detail: try string())
        case 3: return .forbiddenXML(try string())
        case 4: return .encrypted
        case 5: return .noTextLayer
        case 6: return .timedOut(seconds: try double())
        case 7: return .workerCrashed(try string())
        case 8: return .memoryExceeded(megabytes: try varint())
        case 9: return .conversionFailed(FileKind(rawValue: try string()) ?? .unknown, try string())
        default: throw DocumentCodecError(reason: "unknown error")
        }
    }
}
