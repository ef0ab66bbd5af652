import Foundation
import MultipartKit
import NIOCore

/// The fields and files of a `multipart/form-data` body, as a browser sends a form with a file input.
struct MultipartUpload {
    struct File {
        /// The name the sender's computer gave the file (never used as a path here).
        let name: String
        let data: Data
    }

    var fields: [String: String] = [:]
    var files: [File] = []

    /// The boundary of a `multipart/form-data` content type, or nil when it is not one.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count)
            return String(value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? value.dropFirst().dropLast() : value)
        }
        return nil
    }

    /// Parses a whole body. A part with a file name is a file (an empty file input sends one with an empty
    /// name and no bytes, which is skipped); any other part is a field.
    static func parse(_ body: ByteBuffer, boundary: String) throws -> MultipartUpload {
        var upload = MultipartUpload()
        let parser = MultipartParser(boundary: boundary)
        var headers: [(String, String)] = []
        var data = Data()
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { buffer in data.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            let parameters = Self.parameters(of: disposition)
            if let fileName = parameters["filename"] {
                if !fileName.isEmpty || !data.isEmpty { upload.files.append(File(name: fileName, data: data)) }
            } else if let name = parameters["name"] {
                upload.fields[name] = String(decoding: data, as: UTF8.self)
            }
            headers = []
            data = Data()
        }
        try parser.execute(body)
        return upload
    }

    /// `form-data; name="files"; filename="王五.docx"` → ["name": "files", "filename": "王五.docx"]. Browsers
    /// send the file name as UTF-8 between quotes, with `"` written as `%22`.
    static func parameters(of disposition: String) -> [String: String] {
        var parameters: [String: String] = [:]
        var rest = Substring(disposition)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if rest.first == "\"" {
                let afterQuote = rest.index(after: rest.startIndex)
                let close = rest[afterQuote...].firstIndex(of: "\"") ?? rest.endIndex
                value = rest[afterQuote..<close]
                rest = close < rest.endIndex ? rest[rest.index(after: close)...] : rest[close...]
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            parameters[key] = String(value).replacingOccurrences(of: "%22", with: "\"")
        }
        return parameters
    }
}
