import FormDocument
import FormSchema
import Foundation

/// What extraction does on a scan only: OCR misreads labels, choices, dates and digits in ways a typed or printed
/// document never shows, and each rule here puts one kind of misreading right — or, when it cannot, makes what is
/// wrong formpipe's doubt (待核对) rather than the branch's mistake.
extension FormExtractor {
    /// A content error about a value read from a scan with little confidence is formpipe's doubt, not the
    /// branch's mistake: a smudge must never send a branch a 整改通知. `uncertain` holds the lines OCR was unsure
    /// of (`Document.uncertainTexts`); a value holding one, or held in one, is in doubt.
    static func doubted(_ finding: Finding, in record: JSONValue, uncertain: [String]) -> Finding {
        guard !uncertain.isEmpty, finding.severity == .error, finding.source == .content,
            let value = RecordPath.value(at: finding.path, in: record).flatMap(text(of:)),
            !doubtfulLines(of: value, uncertain: uncertain).isEmpty
        else { return finding }
        return finding.attributed(to: .reading, message: finding.message + "（此值从扫描件识别，把握不大，请对照原件核对）")
    }

    /// The lines OCR was unsure of that hold a value as written, or lie within it (a long value runs over
    /// lines); one character only where it is the whole value or the whole line.
    static func doubtfulLines(of value: String, uncertain: [String]) -> [String] {
        uncertain.filter { holds(value, line: $0) }
    }

    /// Whether a line OCR read holds this value or is held in it (spaces aside; a value or line of one character
    /// only when they are the same, or every line with a 1 in it would hold the value 1).
    static func holds(_ value: String, line: String) -> Bool {
        let compactValue = value.filter { !$0.isWhitespace }
        let compactLine = line.filter { !$0.isWhitespace }
        guard !compactValue.isEmpty, !compactLine.isEmpty else { return false }
        if compactValue.count < 2 || compactLine.count < 2 { return compactLine == compactValue }
        return compactValue.contains(compactLine) || compactLine.contains(compactValue)
    }

    /// On a scan, a choice read as a part of one option and of no other ((三)运行 for 运行是否规范: a cell's second
    /// line lost) is likely that option misread, not the branch's own word: the clerk's to check.
    func partChoiceDoubts(_ findings: [Finding], in record: JSONValue) -> [Finding] {
        findings.map { finding in
            guard finding.severity == .error, finding.source == .content, finding.rule == "enum",
                let text = RecordPath.value(at: finding.path, in: record)?.stringValue, let field = spec(at: finding.path)
            else { return finding }
            let written = Self.withoutListNumber(text.filter { !$0.isWhitespace })
            guard written.count >= 2, field.options.filter({ $0.contains(written) }).count == 1 else { return finding }
            return finding.attributed(to: .reading, message: finding.message + "（扫描件上只读出了一部分，请对照原件核对）")
        }
    }

    /// A content error about a field whose label OCR misread (所在部扑 read for 所在部门) is formpipe's doubt: a
    /// page that garbled the label may well have garbled the value beside it (a total of 158 read as 8).
    func misreadLabelDoubt(_ finding: Finding, found: FoundValues) -> Finding {
        guard finding.severity == .error, finding.source == .content, let asRead = found.misreadLabels[finding.path] else { return finding }
        return finding.attributed(to: .reading, message: finding.message + "（这一栏的标签在扫描件上读作“\(asRead)”，值也可能读错，请对照原件核对）")
    }

    /// A required choice whose boxes were all read empty on a scan is formpipe's doubt, not a choice the branch
    /// left out: a tick drawn light or thin is lost when the page is made black and white far more often than a
    /// branch sends a signed form with its category unticked.
    func untickedDoubt(_ finding: Finding, found: FoundValues) -> Finding {
        guard finding.severity == .error, finding.source == .content, finding.rule == "required", form.field(finding.path)?.kind == .enum,
            let raw = found.scalars[finding.path], raw.contains("☐"), !raw.contains("☑")
        else { return finding }
        return finding.attributed(to: .reading, message: finding.message + "（扫描件上没有看出勾选了哪一项，勾可能太淡，请对照原件核对）")
    }

    /// The field or table column a finding's path points at.
    func spec(at path: String) -> FieldSpec? {
        guard let (table, _) = RecordPath.row(of: path) else { return form.field(path) }
        guard let dot = path.lastIndex(of: "."), let column = form.field(table)?.column(String(path[path.index(after: dot)...])) else {
            return nil
        }
        return column
    }

    /// What a scan makes doubtful beyond OCR's own confidence: a choice whose tick boxes were seen (☐) but no
    /// option came out of them — a box not found, or a tick read as a letter — and a table said to lack a row
    /// (`columnSet`) when a value of that table was already formpipe's doubt: the row is likely there, misread.
    static func scanDoubts(_ findings: [Finding], in record: JSONValue) -> [Finding] {
        let doubtedTables = Set(
            findings.filter { $0.source == .reading }.compactMap { finding in
                RecordPath.row(of: finding.path)?.table
            })
        return findings.map { finding in
            guard finding.severity == .error, finding.source == .content else { return finding }
            if finding.rule == "enum", let text = RecordPath.value(at: finding.path, in: record)?.stringValue,
                text.contains("☐") || text.contains("☑")
            {
                return finding.attributed(to: .reading, message: finding.message + "（扫描件上的勾选框没能可靠识别，请对照原件核对）")
            }
            if finding.rule == "columnSet", doubtedTables.contains(finding.path) {
                return finding.attributed(to: .reading, message: finding.message + "（同一表中有读不准的值，请对照原件核对）")
            }
            return finding
        }
    }

    /// On a scan, what the form itself says a value must be puts right what OCR misread:
    /// - a choice read a character or two away from one of its options (制度是否完 for 制度是否完善) is that
    ///   option — nearest by edit distance, within a third of its length, no other as near — also after the
    ///   list number the cell was printed with ((三)、3.) is set aside;
    /// - a choice holding exactly the characters of one option in another order (组健织全是否: a cell's two
    ///   lines read across each other), or every character of one option and at most half as many others
    ///   (活7经动是常是否五), and of no other option, is that option;
    /// - a choice of boxes where every option but one has its empty box before it (☐, or what OCR reads one as:
    ///   口 [ L …), and the one has a mark that is not an empty box (a tick read as y, 因, 内 or [人), is that
    ///   one — each option found where it stands, a character or so misread; when every option has an empty
    ///   box before it, one at least seen as a box, nothing was chosen;
    /// - a date with a digit read as its lookalike (3工日, 3 |日, 二十八旦) is the date it spells once they are
    ///   put back, when that is a date;
    /// - an opening quote or bracket a value ends with, or a closing one it begins with, is a speck OCR read as
    ///   one (机关第三党支部“), not the branch's writing;
    /// - a row number read as a lookalike (工 or L for 1), or as its place's digits with more (44 in the fourth
    ///   row), in a table whose other rows are numbered in order is the row's place.
    func snappedToOptions(_ record: JSONObject) -> JSONObject {
        func snapped(_ value: JSONValue, _ field: FieldSpec) -> JSONValue? {
            guard field.kind == .enum, case .string(let text) = value, !field.options.contains(text) else { return value }
            if let ticked = Self.tickedOption(in: text, options: field.options) { return .string(ticked) }
            if Self.noOptionTicked(in: text, options: field.options) { return nil }
            let written = Array(Self.withoutListNumber(text.filter { !$0.isWhitespace }))
            let distances = field.options.map { option in (option, Self.editDistance(written, Array(option))) }
            if let best = distances.min(by: { $0.1 < $1.1 }), best.1 <= max(1, best.0.count / 3),
                distances.filter({ $0.1 == best.1 }).count == 1
            {
                return .string(best.0)
            }
            let holding = field.options.filter { option in
                option.count >= 2 && Self.holdsAll(Array(option), of: written) && written.count - option.count <= option.count / 2
            }
            if holding.count == 1, let only = holding.first { return .string(only) }
            // Its number and the start of the option it numbers, the rest unread ((三)运行 for (三)运行是否规范, the
            // cell's second line lost): two readings agreeing on one option.
            if let number = Self.listNumber(of: text.filter { !$0.isWhitespace }), field.options.indices.contains(number - 1),
                written.count >= 2, field.options[number - 1].hasPrefix(String(written)),
                field.options.filter({ $0.contains(String(written)) }).count == 1
            {
                return .string(field.options[number - 1])
            }
            return value
        }
        func unquoted(_ value: JSONValue) -> JSONValue {
            guard case .string(let text) = value else { return value }
            return .string(Self.withoutStrayMarks(text))
        }
        func dated(_ value: JSONValue?, _ field: FieldSpec) -> JSONValue? {
            guard field.kind == .date, case .string(let text)? = value, ValueNormalizer.date(in: text) == nil,
                let repaired = Self.repairedDate(text)
            else { return value }
            return .string(repaired)
        }
        func renumbered(_ rows: [JSONValue], _ column: FieldSpec) -> [JSONValue] {
            // A number holding its place's digits and more (44 in the fourth row: a digit read twice) is misread too.
            func holdsItsPlace(_ number: Double, _ index: Int) -> Bool {
                number > Double(index + 1) && number < 1000 && String(Int(number)).contains(String(index + 1))
            }
            var misread = 0
            let inOrder = rows.enumerated().allSatisfy { index, row in
                guard let number = row[column.key]?.numberValue, number != Double(index + 1) else { return true }
                misread += 1
                return holdsItsPlace(number, index)
            }
            guard inOrder, misread <= 1 || misread * 2 < rows.count else { return rows }
            return rows.enumerated().map { index, row in
                guard case .object(var cells) = row else { return row }
                switch cells[column.key] {
                case .string(let text)? where text.count <= 2: break
                case .number(let number)? where holdsItsPlace(number, index): break
                default: return row
                }
                cells[column.key] = .number(Double(index + 1))
                return .object(cells)
            }
        }
        var result = record
        for field in form.fields {
            guard let value = record[field.key] else { continue }
            if field.kind == .table, case .array(var rows) = value {
                rows = rows.map { row in
                    guard case .object(var cells) = row else { return row }
                    for column in field.columns {
                        if let cell = cells[column.key] { cells[column.key] = dated(snapped(unquoted(cell), column), column) }
                    }
                    return .object(cells)
                }
                for column in field.columns where column.isRowNumber { rows = renumbered(rows, column) }
                result[field.key] = .array(rows)
            } else {
                result[field.key] = dated(snapped(unquoted(value), field), field)
            }
        }
        return result
    }

    /// `text` without the opening quotes and brackets it ends with and the closing ones it begins with: marks
    /// that open or close nothing.
    static func withoutStrayMarks(_ text: String) -> String {
        var kept = Substring(text)
        while let last = kept.last, openingMarks.contains(last) { kept = kept.dropLast() }
        while let first = kept.first, closingMarks.contains(first) { kept = kept.dropFirst() }
        return kept.isEmpty ? text : String(kept)
    }

    static let openingMarks: Set<Character> = ["“", "‘", "「", "『", "《", "（", "(", "〈", "【"]
    static let closingMarks: Set<Character> = ["”", "’", "」", "』", "》", "）", ")", "〉", "】"]

    /// What OCR reads an empty tick box as.
    static let emptyBoxLookalikes: Set<Character> = ["☐", "□", "口", "[", "]", "【", "】", "「", "」", "L", "l", "I", "|", "丨", "(", ")"]

    /// The option of a printed choice whose box is marked: each option found in order (a third of it may be
    /// misread), the text before each its box; nil unless every box but one reads as an empty box and that one
    /// holds something else (a tick, read as 因, 内, [人 or nothing at all), at most three characters.
    static func tickedOption(in text: String, options: [String]) -> String? {
        boxMarks(in: text, options: options).flatMap { marked in marked.count == 1 ? marked.first : nil }
    }

    /// Whether a choice of boxes, some seen as boxes (☐), has every option after what reads as an empty box: no
    /// option was chosen (OCR read a box whose outline broke as [ or L).
    static func noOptionTicked(in text: String, options: [String]) -> Bool {
        text.contains("☐") && boxMarks(in: text, options: options)?.isEmpty == true
    }

    /// The options of a choice of boxes whose box holds a mark (not an empty box), each option found where it
    /// stands, a character or so misread; nil when the text is not the options, each after its box.
    private static func boxMarks(in text: String, options: [String]) -> [String]? {
        let characters = Array(text.filter { !$0.isWhitespace })
        guard options.count >= 2, !characters.contains("☑") else { return nil }
        var from = 0
        var marked: [String] = []
        for option in options {
            guard let found = bestMatch(of: Array(option), in: characters, from: from), found.distance <= option.count / 3 else { return nil }
            let box = characters[from..<found.start]
            if box.isEmpty || box.count <= 3 && !box.allSatisfy({ emptyBoxLookalikes.contains($0) }) {
                marked.append(option)
            } else if !box.allSatisfy({ emptyBoxLookalikes.contains($0) }) {
                return nil
            }
            from = found.end
        }
        return marked
    }

    /// Where `pattern` stands in `text` (from `from` on) with the fewest characters changed (Sellers' search), the
    /// longest such stretch when several tie: a misread first character is part of the option, not of its box.
    static func bestMatch(of pattern: [Character], in text: [Character], from: Int) -> (start: Int, end: Int, distance: Int)? {
        guard !pattern.isEmpty, from < text.count else { return nil }
        let slice = Array(text[from...])
        // cost[j]: the least edits to match the pattern so far ending at slice[j-1]; start[j]: where that match began.
        var cost = [Int](repeating: 0, count: slice.count + 1)
        var start = Array(0...slice.count)
        for (i, p) in pattern.enumerated() {
            var next = [Int](repeating: i + 1, count: slice.count + 1)
            var nextStart = [Int](repeating: 0, count: slice.count + 1)
            for j in 1...slice.count {
                let options = [
                    (cost[j - 1] + (slice[j - 1] == p ? 0 : 1), start[j - 1]), (cost[j] + 1, start[j]), (next[j - 1] + 1, nextStart[j - 1]),
                ]
                let best = options.min { $0.0 < $1.0 || $0.0 == $1.0 && $0.1 < $1.1 } ?? options[0]
                next[j] = best.0
                nextStart[j] = best.1
            }
            cost = next
            start = nextStart
        }
        guard let end = (1...slice.count).min(by: { cost[$0] < cost[$1] }) else { return nil }
        return (from + start[end], from + end, cost[end])
    }

    /// A date OCR misread a digit of (1 as 工 | L, 0 as o) or its 日 (as 旦), or read a speck beside (，2017-01-14),
    /// as an ISO date once put back; a lookalike that makes no date as a digit is taken for a speck (31工日). Nil
    /// when that is no date either.
    static func repairedDate(_ text: String) -> String? {
        let ones: Set<Character> = ["工", "|", "I", "l", "L", "丨"]
        let zeros: Set<Character> = ["o", "O"]
        let monthLookalikes: Set<Character> = ["明", "用"]
        let specks: Set<Character> = [",", "，", ".", "。", "、", ":", "：", "'", "‘", "’", "`", "“", "”"]
        var characters = Array(text.filter { !$0.isWhitespace })
        while let first = characters.first, specks.contains(first) { characters.removeFirst() }
        while let last = characters.last, specks.contains(last) { characters.removeLast() }
        if characters.last == "旦" { characters[characters.count - 1] = "日" }
        func isDigit(_ index: Int) -> Bool { characters.indices.contains(index) && characters[index].isASCII && characters[index].isNumber }
        func nearDigit(_ index: Int) -> Bool { isDigit(index - 1) || isDigit(index + 1) }
        var asDigits = characters
        var withoutThem: [Character] = []
        for index in characters.indices {
            // 月 with a stroke too many, between the month's digits and the day's (2019年6明2日).
            if monthLookalikes.contains(characters[index]), isDigit(index - 1), isDigit(index + 1) { asDigits[index] = "月" }
            if ones.contains(characters[index]), nearDigit(index) {
                asDigits[index] = "1"
                continue
            }
            if zeros.contains(characters[index]), nearDigit(index) { asDigits[index] = "0" }
            withoutThem.append(asDigits[index])
        }
        if String(asDigits) != text, let date = ValueNormalizer.date(in: String(asDigits)) ?? ValueNormalizer.date(in: String(withoutThem)) {
            return date
        }
        return separatorRepairedDate(text, digits: asDigits)
    }

    /// A date whose separator OCR lost or misread: a blank where 月 stood (2017年10 28), the last separator read as
    /// 7 or 1 when only one reading makes a date (2017/11730), or the closing 日 read as something else
    /// (二〇一六年八月二十八2).
    static func separatorRepairedDate(_ text: String, digits characters: [Character]) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var spaced = ""
        var previous: Character?
        var blank = false
        for character in trimmed {
            if character.isWhitespace {
                blank = true
                continue
            }
            if blank, previous?.isNumber == true, character.isNumber { spaced.append("-") }
            blank = false
            spaced.append(character)
            previous = character
        }
        if spaced != trimmed.filter({ !$0.isWhitespace }), let date = ValueNormalizer.date(in: spaced) { return date }

        if let last = characters.last, characters.contains("年"), characters.contains("月"), last != "日", last != "号",
            let date = ValueNormalizer.date(in: String(characters.dropLast()) + "日")
        {
            return date
        }

        // Every separator lost (201653 for 2016年5月3日): the year, then the one split of the rest into a month and a day.
        if (6...8).contains(characters.count), characters.allSatisfy({ $0.isASCII && $0.isNumber }),
            ["19", "20"].contains(String(characters.prefix(2)))
        {
            let year = String(characters.prefix(4))
            let rest = Array(characters.dropFirst(4))
            let readings = Set(
                (1..<rest.count).compactMap { split in ValueNormalizer.date(in: year + "-" + String(rest[..<split]) + "-" + String(rest[split...])) })
            return readings.count == 1 ? readings.first : nil
        }

        guard let runStart = characters.lastIndex(where: { !($0.isASCII && $0.isNumber) }).map({ $0 + 1 }),
            characters.count - runStart >= 3, characters.count - runStart <= 5
        else { return nil }
        var readings = Set<String>()
        for split in (runStart + 1)..<(characters.count - 1) where characters[split] == "7" || characters[split] == "1" {
            let candidate = String(characters[..<split]) + "-" + String(characters[(split + 1)...])
            if let date = ValueNormalizer.date(in: candidate) { readings.insert(date) }
        }
        return readings.count == 1 ? readings.first : nil
    }

    /// The list number a text starts with — (三), （3）, 三、, 3. — as a number from 1; nil without one.
    static func listNumber(of text: String) -> Int? {
        let stripped = withoutListNumber(text)
        guard stripped != text, text.hasSuffix(stripped) else { return nil }
        let numeral = text.dropLast(stripped.count).filter { !"(（)）、.．".contains($0) }
        if let arabic = Int(numeral) { return arabic }
        let chinese: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10]
        guard numeral.count == 1, let first = numeral.first else { return nil }
        return chinese[first]
    }

    /// The text without the list number a cell was printed with: (三), （3）, 三、, 3. and the like.
    static func withoutListNumber(_ text: String) -> String {
        let numerals: Set<Character> = Set("一二三四五六七八九十0123456789")
        var rest = Substring(text)
        if let first = rest.first, "(（".contains(first), let close = rest.firstIndex(where: { ")）".contains($0) }),
            rest[rest.index(after: rest.startIndex)..<close].allSatisfy({ numerals.contains($0) }), close > rest.index(after: rest.startIndex)
        {
            rest = rest[rest.index(after: close)...]
        } else if let end = rest.firstIndex(where: { !numerals.contains($0) }), end > rest.startIndex, "、.．".contains(rest[end]) {
            rest = rest[rest.index(after: end)...]
        }
        return rest.isEmpty ? text : String(rest)
    }

    /// Whether `text` holds every character of `option`, as many times as the option has it.
    static func holdsAll(_ option: [Character], of text: [Character]) -> Bool {
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        for character in option {
            guard let count = counts[character], count > 0 else { return false }
            counts[character] = count - 1
        }
        return true
    }

    /// The fewest characters substituted, left out or added to turn one text into the other.
    static func editDistance(_ one: [Character], _ other: [Character]) -> Int {
        guard !one.isEmpty else { return other.count }
        guard !other.isEmpty else { return one.count }
        var previous = Array(0...other.count)
        var current = previous
        for (i, a) in one.enumerated() {
            current[0] = i + 1
            for (j, b) in other.enumerated() {
                current[j + 1] = min(previous[j] + (a == b ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
            }
            swap(&previous, &current)
        }
        return previous[other.count]
    }

    // MARK: Labels OCR misread

    /// On a scan, the labels of fields not found at all, looked for again as OCR may have read them: a character
    /// misread in four (所在部扑 for 所在部门, 计划集中学习字时 for 计划集中学习学时, 十表日期 for 填表日期) or a stray
    /// character or two after the label (所在党支部帮二); a shorter label only before a colon (部内: for 部门:); or a line
    /// of a value cell that is a label (a row border not seen). Only when it is the one label of the form that near
    /// (column and section labels included), and only for a field whose label was not met anywhere: what the exact
    /// reading found always stands.
    func readMisreadLabels(_ grids: [TableGrid], paragraphs: [String], into found: inout FoundValues) {
        var missing = Set(form.fields.filter { $0.kind != .table && !$0.fromTitle && found.places[$0.key] == nil }.map(\.key))
        guard !missing.isEmpty else { return }
        func misread(_ text: String, beforeColon: Bool = false) -> (key: String, label: String)? {
            guard let near = labels.misreadScalarLabel(ValueNormalizer.labelKey(text), beforeColon: beforeColon), missing.contains(near.key)
            else { return nil }
            return near
        }
        for (table, grid) in grids.enumerated() {
            for (row, starts) in grid.starts.enumerated() {
                for (column, index) in starts {
                    let cell = grid.cells[index]
                    guard cell.label == nil else { continue }
                    func place(_ label: String, _ how: String) -> String {
                        "表格 \(table + 1) 第 \(row + 1) 行第 \(column + 1) 格“\(cell.text)”（扫描读作此，按“\(label)”读）\(how)"
                    }
                    if cell.colonPairs.isEmpty, let near = misread(cell.text) {
                        guard let value = valueOfLabel(in: grid, row: row, column: column) else { continue }
                        found.offer(near.key, value.text, at: place(near.label, value.place))
                        found.misreadLabels[near.key] = cell.text
                        missing.remove(near.key)
                        retakeValueBelow(leftOf: column, row: row, misreadLabel: cell.text, in: grid, table: table, into: &found)
                    } else if let (before, after) = Self.splitAtFirstColon(cell.text), let near = misread(before, beforeColon: true),
                        !FoundValues.isBlank(after)
                    {
                        found.offer(near.key, after, at: place(near.label, "冒号之后"))
                        found.misreadLabels[near.key] = before
                        missing.remove(near.key)
                    } else if cell.colonPairs.isEmpty, let split = labelLine(in: cell.text, missing: missing) {
                        // A row's border lost: the next row's label and value read as lines of this cell.
                        for (key, value) in found.scalars where value == cell.text { found.scalars[key] = split.before }
                        found.offer(split.key, split.after, at: place(split.label, "中这一行之后（上一行的格线没有读出）"))
                        found.misreadLabels[split.key] = split.label
                        missing.remove(split.key)
                    }
                }
            }
        }
        for (index, paragraph) in paragraphs.enumerated() {
            guard let (before, after) = Self.splitAtFirstColon(paragraph), let near = misread(before, beforeColon: true) else { continue }
            let value = FoundValues.isBlank(after) ? valueBelow(paragraphs[(index + 1)...]) : after
            guard !FoundValues.isBlank(value) else { continue }
            found.offer(near.key, value, at: "表格外第 \(index + 1) 段“\(before)”（扫描读作此，按“\(near.label)”读）之后")
            found.misreadLabels[near.key] = before
            missing.remove(near.key)
        }
    }

    /// The label left of a cell found to be a misread label took that cell for its value, as the cell right of a
    /// label that is no label; in a row of labels (计划集中学习学时 | 主题发言欠数 | …) each label's value is the
    /// cell below it, and it takes that instead.
    private func retakeValueBelow(
        leftOf column: Int, row: Int, misreadLabel text: String, in grid: TableGrid, table: Int, into found: inout FoundValues
    ) {
        guard let left = grid.starts[row].last(where: { $0.column < column }), grid.cells[left.cell].label != nil,
            let below = grid.below(of: row, column: left.column), !below.isLabel
        else { return }
        for (key, value) in found.scalars where value == text {
            found.scalars[key] = below.text
            if found.explaining {
                found.sightings[key] = ("表格 \(table + 1) 第 \(row + 1) 行第 \(left.column + 1) 格“\(grid.cells[left.cell].text)”下面的格子", below.text)
            }
        }
    }

    /// On a scan, two fields whose values came from one cell — the border between their rows not seen, so
    /// 下阶段计划 and 填表日期 both read "丰富活动形式…\n二〇一六年六月十九日" — part its lines where the field that
    /// takes a date or a number reads its side as one, when only one place to part them does.
    func partSharedValues(_ found: inout FoundValues) {
        let fields = form.fields.filter { $0.kind != .table }
        func typed(_ field: FieldSpec) -> Bool { field.kind == .date || field.kind == .integer || field.kind == .number }
        func reads(_ text: String, as field: FieldSpec) -> Bool {
            let clean = ValueNormalizer.cleanText(text)
            return field.kind == .date ? ValueNormalizer.date(in: clean) != nil : ValueNormalizer.number(in: clean) != nil
        }
        for (index, upper) in fields.enumerated() {
            guard let text = found.scalars[upper.key], text.contains("\n") else { continue }
            for lower in fields[(index + 1)...] where found.scalars[lower.key] == text && (typed(upper) || typed(lower)) {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let parts = (1..<lines.count).map { (lines[..<$0].joined(separator: "\n"), lines[$0...].joined(separator: "\n")) }
                    .filter { above, below in
                        (!typed(upper) || reads(above, as: upper)) && (!typed(lower) || reads(below, as: lower))
                    }
                guard parts.count == 1, let (above, below) = parts.first else { continue }
                found.scalars[upper.key] = above
                found.scalars[lower.key] = below
                break
            }
        }
    }

    /// A line of a value cell, after its first, that is the label of a field not found (生活上关心帮助，), with the
    /// lines before it and those after it: on a scan whose ruling line between two rows was not seen, the
    /// lower row's label and value are read as lines of the cell above.
    func labelLine(in text: String, missing: Set<String>) -> (key: String, label: String, before: String, after: String)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { return nil }
        for index in 1..<(lines.count - 1) {
            let line = lines[index].trimmingCharacters(in: CharacterSet(charactersIn: "，,、。.:： \t"))
            let key = ValueNormalizer.labelKey(line)
            guard let field = labels.entry(forKey: key)?.scalar ?? labels.misreadScalarLabel(key)?.key, missing.contains(field) else { continue }
            let after = ValueNormalizer.cleanText(lines[(index + 1)...].joined(separator: "\n"))
            guard !FoundValues.isBlank(after) else { continue }
            return (field, line, ValueNormalizer.cleanText(lines[..<index].joined(separator: "\n")), after)
        }
        return nil
    }

    /// The text before the first colon and after it, when there is one.
    static func splitAtFirstColon(_ text: String) -> (before: String, after: String)? {
        guard let colon = text.firstIndex(where: LabelIndex.colons.contains) else { return nil }
        return (String(text[..<colon]), ValueNormalizer.cleanText(String(text[text.index(after: colon)...])))
    }
}
