/// Building blocks for the HTML reports. Every value from a submission goes through `escape`, and the pages
/// carry no script at all, so nothing a branch types into a form can run in the office's browser.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Escaped text whose line breaks stay visible.
    static func multiline(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "<br>")
    }

    /// A complete page: inline style only, so the file opens the same from a USB stick with no network.
    static func page(title: String, style: String, body: String) -> String {
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
        \(body)
        </body>
        </html>

        """
    }

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
