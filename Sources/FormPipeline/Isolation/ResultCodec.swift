import FormDocument
package import FormSchema
import Foundation

/// What one file became where it was processed (a worker process or this one), and how long the two
/// CPU-heavy steps took there, for `batch --timings`.
public struct ProcessedFile: Sendable {
    /// One part for a file that is one form or could not be read; one per form for a file that holds several
    /// (`#2`), one per member for a bundle (`/材料/1.docx`, `/材料/2.docx#2`), in the order they stand.
    public let parts: [ProcessedPart]
    public let unpackNanoseconds: UInt64
    public let extractNanoseconds: UInt64
    /// Pages read by OCR: the worker that read them holds an OCR engine from then on.
    public let scannedPages: Int

    public init(parts: [ProcessedPart], unpackNanoseconds: UInt64 = 0, extractNanoseconds: UInt64 = 0, scannedPages: Int = 0) {
        self.parts = parts
        self.unpackNanoseconds = unpackNanoseconds
        self.extractNanoseconds = extractNanoseconds
        self.scannedPages = scannedPages
    }

    /// A file that is one part: one form, or a rejection.
    public init(result: SubmissionProcessor.Result, unpackNanoseconds: UInt64 = 0, extractNanoseconds: UInt64 = 0) {
        self.init(parts: [ProcessedPart(name: nil, result: result)], unpackNanoseconds: unpackNanoseconds, extractNanoseconds: extractNanoseconds)
    }

    /// The part with this name (nil: the file itself), or the file's single part.
    public func part(named name: String?) -> SubmissionProcessor.Result? {
        parts.first { $0.name == name }?.result
    }
}

/// One form (or one rejected member) of a file.
public struct ProcessedPart: Sendable {
    /// nil for the file itself; `#2` for its 2nd form; `/材料/1.docx` for a bundle member (`…#2` for its 2nd form).
    public let name: String?
    public let result: SubmissionProcessor.Result

    public init(name: String?, result: SubmissionProcessor.Result) {
        self.name = name
        self.result = result
    }
}

/// A compact binary form of `ProcessedFile`, for the answer of a worker process: the record and findings,
/// not the document they came from, so the pipe carries a few hundred bytes per file and the pipeline
/// decodes in one pass without JSON. `package` for the frame harness (`Sources/Fuzz/Frames`).
package enum ResultCodec {
    private static let rejectedTag: UInt8 = 0x52  // "R"
    private static let formTag: UInt8 = 0x46  // "F"

    package static func encode(_ processed: ProcessedFile) -> [UInt8] {
        var writer = ByteWriter()
        writer.varint(Int(clamping: processed.unpackNanoseconds))
        writer.varint(Int(clamping: processed.extractNanoseconds))
        writer.varint(processed.scannedPages)
        writer.varint(processed.parts.count)
        for part in processed.parts {
            // The name with a leading flag: a part named "" and the file itself are not the same.
            writer.byte(part.name == nil ? 0 : 1)
            if let name = part.name { writer.string(name) }
            switch part.result {
            case .rejected(let rejection):
                writer.byte(rejectedTag)
                writer.string(rejection.code.rawValue)
                writer.string(rejection.text)
            case .form(let form, let record, let findings):
                writer.byte(formTag)
                writer.string(form.id)
                writer.value(record)
                writer.varint(findings.count)
                for finding in findings {
                    writer.string(finding.path)
                    // Bit 0: warning; bit 1: a reading finding.
                    writer.byte((finding.severity == .error ? 0 : 1) | (finding.source == .reading ? 2 : 0))
                    writer.string(finding.rule)
                    writer.string(finding.message)
                }
            }
        }
        return writer.bytes
    }

    /// The form is looked up in the pipeline's own catalog, which is the one the worker was started with.
    package static func decode(_ bytes: [UInt8], catalog: SchemaCatalog) throws(ResultCodecError) -> ProcessedFile {
        var reader = ByteReader(bytes: bytes)
        let unpack = UInt64(try reader.varint())
        let extract = UInt64(try reader.varint())
        let scannedPages = try reader.varint()
        var parts: [ProcessedPart] = []
        for _ in 0..<(try reader.count()) {
            let name: String?
            switch try reader.byte() {
            case 0: name = nil
            case 1: name = try reader.string()
            case let flag: throw ResultCodecError(reason: "unknown part flag \(flag)")
            }
            let result: SubmissionProcessor.Result
            switch try reader.byte() {
            case rejectedTag:
                let code = try reader.string()
                guard let known = Rejection.Code(rawValue: code) else { throw ResultCodecError(reason: "unknown rejection code \(code)") }
                result = .rejected(Rejection(known, try reader.string()))
            case formTag:
                let id = try reader.string()
                guard let form = catalog.form(id: id) else { throw ResultCodecError(reason: "unknown form \(id)") }
                let record = try reader.value(depth: 0)
                var findings: [Finding] = []
                for _ in 0..<(try reader.count()) {
                    let path = try reader.string()
                    let kind = try reader.byte()
                    guard kind < 4 else { throw ResultCodecError(reason: "unknown finding kind \(kind)") }
                    let severity: Severity = kind & 1 == 0 ? .error : .warning
                    let source: FindingSource = kind & 2 == 0 ? .content : .reading
                    findings.append(
                        Finding(path: path, severity: severity, rule: try reader.string(), message: try reader.string(), source: source))
                }
                result = .form(form, record: record, findings: findings)
            case let tag:
                throw ResultCodecError(reason: "unknown tag \(tag)")
            }
            parts.append(ProcessedPart(name: name, result: result))
        }
        guard !parts.isEmpty else { throw ResultCodecError(reason: "no parts") }
        guard reader.isAtEnd else { throw ResultCodecError(reason: "trailing bytes") }
        return ProcessedFile(parts: parts, unpackNanoseconds: unpack, extractNanoseconds: extract, scannedPages: scannedPages)
    }
}

package struct ResultCodecError: Error, Sendable, CustomStringConvertible {
    package let reason: String
    package var description: String { "bad result encoding: \(reason)" }
}

private struct ByteWriter {
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1024)
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: Int) {
        var remaining = UInt64(max(0, value))
        repeat {
            var byte = UInt8(remaining & 0x7F)
            remaining >>= 7
            if remaining != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while remaining != 0
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func value(_ value: JSONValue) {
        switch value {
        case .null:
            byte(0)
        case .bool(let flag):
            byte(flag ? 2 : 1)
        case .number(let number):
            byte(3)
            withUnsafeBytes(of: number.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .string(let string):
            byte(4)
            self.string(string)
        case .array(let items):
            byte(5)
            varint(items.count)
            for item in items { self.value(item) }
        case .object(let object):
            byte(6)
            varint(object.count)
            for (key, member) in object {
                string(key)
                self.value(member)
            }
        }
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func byte() throws(ResultCodecError) -> UInt8 {
        guard position < bytes.count else { throw ResultCodecError(reason: "truncated") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(ResultCodecError) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { break }
            shift += 7
            if shift > 56 { throw ResultCodecError(reason: "varint too long") }
        }
        guard value <= UInt64(Int.max) else { throw ResultCodecError(reason: "varint too large") }
        return Int(value)
    }

    /// A count of items still to come; never more than the bytes left, so a corrupt frame cannot allocate much.
    mutating func count() throws(ResultCodecError) -> Int {
        let value = try varint()
        guard value <= bytes.count - position else { throw ResultCodecError(reason: "count past the end") }
        return value
    }

    mutating func string() throws(ResultCodecError) -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: bytes[position..<position + length], as: UTF8.self)
    }

    mutating func value(depth: Int) throws(ResultCodecError) -> JSONValue {
        guard depth < 64 else { throw ResultCodecError(reason: "nesting too deep") }
        switch try byte() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3:
            guard position + 8 <= bytes.count else { throw ResultCodecError(reason: "truncated") }
            var bits: UInt64 = 0
            for offset in 0..<8 { bits |= UInt64(bytes[position + offset]) << (8 * UInt64(offset)) }
            position += 8
            return .number(Double(bitPattern: bits))
        case 4:
            return .string(try string())
        case 5:
            var items: [JSONValue] = []
            for _ in 0..<(try count()) { items.append(try value(depth: depth + 1)) }
            return .array(items)
        case 6:
            var object = JSONObject()
            for _ in 0..<(try count()) {
                let key = try string()
                object[key] = try value(depth: depth + 1)
            }
            return .object(object)
        case let tag:
            throw ResultCodecError(reason: "unknown value \(tag)")
        }
    }
}
