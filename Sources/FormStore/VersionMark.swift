import Foundation

/// What a file name says about which version of a form it is: people mark a corrected copy in its name
/// (v2, 第二版, 修改稿, 更正, 最终版, "(1)" from a second download) far more reliably than modification times
/// survive a copy or an e-mail. Between two submissions of one identity taken in by one run with the same form
/// date, the higher mark is the later version; the plain name order decides only between equal marks.
enum VersionMark {
    /// 0 for a plain name; a version number or copy number; 1 for a word that says corrected; higher for final.
    static func rank(ofPath path: String) -> Int {
        var name = Substring(path.split(separator: "/").last ?? Substring(path))
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        let text = String(name).lowercased()
        if ["最终版", "终稿", "定稿", "final"].contains(where: text.contains) { return 10_000 }
        var rank = 0
        // v2, ver2, V3, 版本2, 第2版, 第二版
        for prefix in ["ver", "v", "版本", "第"] {
            var search = text.startIndex
            while let found = text.range(of: prefix, range: search..<text.endIndex) {
                search = found.upperBound
                let rest = text[found.upperBound...]
                if let number = leadingNumber(rest), prefix != "第" || rest.dropFirst(number.length).first == "版" {
                    rank = max(rank, number.value)
                }
            }
        }
        // "(1)", "（2）", "-2", "_3" at the end of the name: a second copy or numbered revision.
        if let number = trailingCopyNumber(text) { rank = max(rank, number) }
        if rank == 0, ["修改", "更正", "修订", "改正", "重报", "补报", "新版"].contains(where: text.contains) { rank = 1 }
        return rank
    }

    private static let chineseDigits: [Character: Int] = [
        "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
    ]

    /// A number at the start (Arabic digits or one Chinese numeral up to 十) and how many characters it takes.
    private static func leadingNumber(_ text: Substring) -> (value: Int, length: Int)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, let value = Int(digits) { return (value, digits.count) }
        if let first = text.first, let value = chineseDigits[first] { return (value, 1) }
        return nil
    }

    private static func trailingCopyNumber(_ text: String) -> Int? {
        var rest = Substring(text)
        let closing = rest.last == ")" || rest.last == "）"
        if closing { rest = rest.dropLast() }
        let digits = String(rest.reversed().prefix { $0.isASCII && $0.isNumber }.reversed())
        guard !digits.isEmpty, digits.count <= 2, let value = Int(digits) else { return nil }
        rest = rest.dropLast(digits.count)
        if closing { return rest.last == "(" || rest.last == "（" ? value : nil }
        return rest.last == "-" || rest.last == "_" ? value : nil
    }
}
