import FormSchema
import Foundation

/// Building blocks for the HTML reports. Every value from a submission goes through `escape`, and the pages
/// carry no script at all, so nothing a branch types into a form can run in the office's browser.
package enum HTML {
    /// The text with `& < > " '` as entities. Byte by byte on UTF-8, with no bridging to NSString: these are
    /// ASCII, which UTF-8 never hides inside another character, and a quote followed by a combining mark is
    /// escaped too (comparing Characters would see one grapheme that is not a quote and let it through).
    package static func escape(_ raw: String) -> String {
        // Only XML's characters, with bidi controls shown: the pages are also read as XHTML and copied into
        // workbooks, and U+202E in a name would reverse the line around it.
        let text = OutputText.visible(raw)
        guard text.utf8.contains(where: needsEscape) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if needsEscape(byte) {
                appendEntity(for: byte, to: &bytes)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Escaped text whose line breaks stay visible: LF and CRLF become `<br>` (a lone CR is kept).
    package static func multiline(_ raw: String) -> String {
        let text = OutputText.visible(raw)
        guard text.utf8.contains(where: { needsEscape($0) || $0 == 0x0A }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        appendMultiline(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }

    static func appendEntity(for byte: UInt8, to bytes: inout [UInt8]) {
        switch byte {
        case 0x26: bytes.append(contentsOf: "&amp;".utf8)
        case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
        case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
        case 0x22: bytes.append(contentsOf: "&quot;".utf8)
        case 0x27: bytes.append(contentsOf: "&#39;".utf8)
        default: bytes.append(byte)
        }
    }

    static func appendMultiline(_ raw: String, to bytes: inout [UInt8]) {
        var carriageReturn = false
        for byte in OutputText.visible(raw).utf8 {
            if carriageReturn {
                carriageReturn = false
                // CRLF is one break: the CR goes, the LF below writes it.
                if byte != 0x0A { bytes.append(0x0D) }
            }
            if byte == 0x0D {
                carriageReturn = true
            } else if byte == 0x0A {
                bytes.append(contentsOf: "<br>".utf8)
            } else if needsEscape(byte) {
                appendEntity(for: byte, to: &bytes)
            } else {
                bytes.append(byte)
            }
        }
        if carriageReturn { bytes.append(0x0D) }
    }

    /// A page up to and including `<body>` and its line break; the body follows, then `pageEnd`. Inline
    /// style only, so the file opens the same from a USB stick with no network.
    static func pageStart(title: String, style: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>\(escape(title))</title>
        <style>\(baseStyle)\(style)</style>
        </head>
        <body>

        """
    }

    static let pageEnd = "\n</body>\n</html>\n"

    static let baseStyle = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Zen Hei",sans-serif;\
        font-size:15px;line-height:1.55;color:#1f2933;margin:0 auto;padding:24px 32px;max-width:1240px;background:#fff}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid #2f5d8c}
        h3{font-size:16px;margin:18px 0 6px}.meta{color:#52606d;margin:0 0 16px}
        table{border-collapse:collapse;width:100%;margin:6px 0 12px}
        th,td{border:1px solid #cbd2d9;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#e4ecf5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        tr.bad td{background:#fde8e8}.err{color:#b42318;font-weight:600}.warn{color:#9a6700;font-weight:600}
        .ok{color:#1e7b34}.muted{color:#7b8794}.na{background:#f2f2f2;color:#9aa5b1;text-align:center}
        .path{word-break:break-all;color:#52606d;font-size:13px}

        """
}
