import CZip
import Foundation

/// A zip archive read from memory through libzip, with POI-style bounds checked before anything is inflated.
///
/// Entry names are only ever looked up, never turned into paths, so `../` names are harmless here.
final class ZipArchive {
    private let archive: OpaquePointer
    private let limits: InputLimits
    private let deadline: Deadline?
    /// Entry name → index, built once; a duplicate name is a rejection because two readers could disagree on it.
    private(set) var entries: [String: UInt64] = [:]
    /// Bytes inflated so far, against `maxTotalInflatedBytes`.
    private var inflated = 0

    init(bytes: Data, limits: InputLimits, deadline: Deadline? = nil) throws(DocumentError) {
        self.limits = limits
        self.deadline = deadline
        guard !bytes.isEmpty, let buffer = malloc(bytes.count) else { throw .damaged("空文件") }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { buffer.copyMemory(from: base, byteCount: bytes.count) }
        }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // freep = 1: from here on libzip owns the buffer and frees it with the source.
        guard let source = zip_source_buffer_create(buffer, zip_uint64_t(bytes.count), 1, &error) else {
            free(buffer)
            throw .damaged("无法读取压缩结构")
        }
        guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)
            throw .damaged("不是完整的 Word 文档压缩包，可能传输不完整")
        }
        self.archive = archive
        try indexEntries()
    }

    deinit {
        zip_discard(archive)
    }

    private func indexEntries() throws(DocumentError) {
        let count = zip_get_num_entries(archive, 0)
        guard count >= 0 else { throw .damaged("压缩目录无法读取") }
        if count > limits.maxZipEntries {
            throw .limitExceeded(limit: "max_zip_entries", detail: "\(count) 个条目，上限 \(limits.maxZipEntries)")
        }
        for index in 0..<UInt64(count) {
            guard let rawName = zip_get_name(archive, index, zip_flags_t(ZIP_FL_ENC_RAW)) else { continue }
            let name = Self.decodedName(rawName)
            if entries.updateValue(index, forKey: name) != nil {
                throw .forbiddenXML("压缩包内有重名条目 \(name)")
            }
        }
    }

    func contains(_ name: String) -> Bool { entries[name] != nil }

    /// An entry name as written: UTF-8 when it is valid UTF-8 (as zips made by current tools mark it); else
    /// GB18030, which is what Windows' own zip writes on a Chinese desktop (GBK is its subset); else CP437 as
    /// the zip format's default. A name is only ever compared or shown, never used as a path.
    static func decodedName(_ raw: UnsafePointer<CChar>) -> String {
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw)))
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        if let chinese = GB18030.decode(bytes) { return chinese }
        return String(decoding: bytes, as: Unicode.ASCII.self)
    }

    /// The inflated bytes of one entry, or nil when there is no such entry.
    func read(_ name: String) throws(DocumentError) -> Data? {
        guard let index = entries[name] else { return nil }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(archive, index, 0, &stat) == 0 else { throw .damaged("条目 \(name) 无法读取") }
        if stat.encryption_method != UInt16(ZIP_EM_NONE) { throw .encrypted }
        let declared = Int(clamping: stat.size)
        if declared > limits.maxEntryBytes {
            throw .limitExceeded(
                limit: "max_entry_mb", detail: "\(name) 解压后 \(declared) 字节，上限 \(limits.maxEntryBytes) 字节")
        }
        if declared > limits.inflateRatioGraceBytes {
            let ratio = Double(stat.comp_size) / Double(max(declared, 1))
            if ratio < limits.minInflateRatio {
                throw .limitExceeded(
                    limit: "min_inflate_ratio",
                    detail: "\(name) 压缩比 \(String(format: "%.4f", ratio)) 低于 \(limits.minInflateRatio)，疑似压缩炸弹")
            }
        }
        if inflated + declared > limits.maxTotalInflatedBytes {
            throw .limitExceeded(
                limit: "max_total_mb", detail: "解压总量将超过 \(limits.maxTotalInflatedBytes) 字节（在 \(name) 处）")
        }
        guard let file = zip_fopen_index(archive, index, 0) else { throw .damaged("条目 \(name) 无法解压") }
        defer { zip_fclose(file) }
        // Never trust the declared size: read at most one byte past it, and stop at the cap.
        let cap = min(declared, limits.maxEntryBytes) + 1
        var output = Data()
        output.reserveCapacity(min(declared, 1 << 20))
        // Parts are often a few hundred bytes: a 64 KiB buffer zeroed for each would cost more than the read.
        var chunk = [UInt8](repeating: 0, count: min(64 * 1024, cap))
        while output.count < cap {
            try deadline?.check()
            let wanted = min(chunk.count, cap - output.count)
            let got = chunk.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t(wanted)) }
            if got < 0 { throw .damaged("条目 \(name) 解压失败") }
            if got == 0 { break }
            output.append(contentsOf: chunk[0..<Int(got)])
        }
        if output.count > declared {
            // The headers understated the size, which is how bombs slip past size and ratio checks.
            throw .limitExceeded(
                limit: "min_inflate_ratio", detail: "\(name) 实际解压大小超过压缩包声明的 \(declared) 字节，疑似压缩炸弹")
        }
        inflated += output.count
        return output
    }
}
