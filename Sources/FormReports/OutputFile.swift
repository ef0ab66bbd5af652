import FormSchema
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One report file written while it is produced, so memory holds a buffer and not the whole file: the bytes
/// go to a hidden temporary file beside the destination, `commit` renames it into place (a reader still only
/// ever sees a whole old file or a whole new one), and a file never committed is removed.
final class OutputFile {
    let destination: URL
    let temporary: URL
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Why the first write failed; reported by `commit`, so writing a line needs no error handling.
    private var failure: String?

    static let bufferSize = 1 << 16

    /// Opens the temporary file for `destination`.
    init(_ destination: URL) throws(ReportError) {
        self.destination = destination
        temporary = AtomicFile.temporaryURL(for: destination)
        descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
        }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        discard()
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.bufferSize { drain() }
    }

    func write(byte: UInt8) {
        buffer.append(byte)
    }

    /// Text for HTML: the five characters that could end a text or an attribute value become entities. The
    /// test is on UTF-8 bytes, where these ASCII characters never hide inside another character.
    func writeEscaped(_ raw: String) {
        var text = OutputText.visible(raw)
        text.withUTF8 { utf8 in
            guard utf8.contains(where: HTML.needsEscape) else { return buffer.append(contentsOf: utf8) }
            for byte in utf8 {
                if HTML.needsEscape(byte) {
                    HTML.appendEntity(for: byte, to: &buffer)
                } else {
                    buffer.append(byte)
                }
            }
        }
        if buffer.count >= Self.bufferSize { drain() }
    }

    /// One HTML table row of plain text cells, each escaped.
    func writeTableRow(_ cells: String...) {
        write("<tr>")
        for cell in cells {
            write("<td>")
            writeEscaped(cell)
            write("</td>")
        }
        write("</tr>")
    }

    /// Escaped text whose line breaks (LF or CRLF) show as `<br>`.
    func writeMultiline(_ raw: String) {
        var text = OutputText.visible(raw)
        // Over the contiguous bytes: String.UTF8View's own iterator costs several times more per byte.
        guard text.withUTF8({ $0.contains { HTML.needsEscape($0) || $0 == 0x0A } }) else { return write(text) }
        HTML.appendMultiline(text, to: &buffer)
        if buffer.count >= Self.bufferSize { drain() }
    }

    /// One CSV cell as `CSVFile.appendCell` writes it (the separators between cells are the caller's).
    func writeCSVCell(_ text: String) {
        CSVFile.appendCell(text, to: &buffer)
        if buffer.count >= Self.bufferSize { drain() }
    }

    private func drain() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, descriptor >= 0 else { return }
        buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
    }

    /// Writes what is buffered and renames the file into place.
    func commit() throws(ReportError) {
        drain()
        guard descriptor >= 0 else { throw .cannotWrite(path: destination.path, reason: "文件已关闭") }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        descriptor = -1
        if let failure {
            AtomicFile.remove(temporary)
            throw .cannotWrite(path: destination.path, reason: failure)
        }
        try AtomicFile.move(temporary, to: destination)
    }

    /// Abandons the file: closes and removes the temporary file (nothing once committed).
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        AtomicFile.remove(temporary)
    }
}
