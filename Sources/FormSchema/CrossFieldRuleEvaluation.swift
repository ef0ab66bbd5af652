import Foundation

extension CrossFieldRule {
    /// The findings of this rule for a record. Inputs that are absent or not normalised make the rule silent:
    /// the per-field findings already say what is wrong with them.
    func findings(for record: JSONValue, fields: [FieldSpec]) -> [Finding] {
        let evaluation = Evaluation(rule: self, record: record, fields: fields)
        switch check {
        case .sum(let table, let column, let filter, let equals):
            return evaluation.sum(of: column, in: table, filter: filter, equals: equals)
        case .dateNotAfter(let target, let limit):
            guard let limitDay = limitDate(limit, in: record, fields: fields) else { return [] }
            return evaluation.dates(of: target, notAfter: limitDay)
        case .columnSet(let table, let column, let expected):
            return evaluation.column(column, of: table, holdsEachOnce: expected)
        case .differ(let keys):
            return evaluation.repeatedValues(among: keys)
        }
    }

    /// The limit day, in the year an integer field holds or a date field falls in.
    private func limitDate(_ limit: DateLimit, in record: JSONValue, fields: [FieldSpec]) -> CalendarDate? {
        guard let source = record[limit.yearOf] else { return nil }
        let year: Int
        if let number = source.numberValue, source.isInteger, abs(number) < 100_000 {
            year = Int(number)
        } else if let text = source.stringValue, let parsed = CalendarDate.year(of: text) {
            year = parsed
        } else {
            return nil
        }
        // A limit such as 02-29 in a common year means the last day of that month.
        let day = min(limit.day, CalendarDate.daysIn(month: limit.month, year: year))
        return CalendarDate(year: year, month: limit.month, day: day)
    }

    /// The earliest day a date value can mean: the day itself, or the first of the month for `YYYY-MM`.
    static func earliestDay(of text: String) -> CalendarDate? {
        if let day = CalendarDate(text) { return day }
        guard text.utf8.count == 7, let year = CalendarDate.year(of: text), let month = Int(text.suffix(2)) else { return nil }
        return CalendarDate(year: year, month: month, day: 1)
    }
}

/// One rule applied to one record: the titles its messages name and how a finding is worded.
private struct Evaluation {
    let rule: CrossFieldRule
    let record: JSONValue
    let fields: [FieldSpec]

    func title(_ key: String) -> String { fields.first { $0.key == key }?.title ?? key }

    func columnTitle(_ table: String, _ column: String) -> String {
        fields.first { $0.key == table }?.column(column)?.title ?? column
    }

    /// A finding in the rule's own message (`x-message`), or in `fallback`.
    func make(_ path: String, _ values: MessageTemplate.Values, _ fallback: String) -> Finding {
        let text = rule.message.map { MessageTemplate(text: $0).render(values) } ?? fallback
        return Finding(path: path, severity: rule.severity, rule: rule.name, message: text)
    }

    /// A table's rows, or nil when it is not a table of objects.
    func rows(_ table: String) -> [JSONObject]? {
        guard let array = record[table]?.arrayValue else { return nil }
        let objects = array.compactMap(\.objectValue)
        return objects.count == array.count ? objects : nil
    }

    func sum(of column: String, in table: String, filter: CrossFieldRule.RowFilter?, equals: String) -> [Finding] {
        guard let rows = rows(table), let stated = record[equals]?.numberValue else { return [] }
        var total = 0.0
        for row in rows {
            if let filter {
                let listed = row[filter.column]?.stringValue.map(filter.values.contains) ?? false
                if listed == filter.excludes { continue }
            }
            guard let cell = row[column] else { continue }
            guard let hours = cell.numberValue else { return [] }
            total += hours
        }
        guard abs(total - stated) > 1e-9 * max(1, abs(stated)) else { return [] }
        var values = MessageTemplate.Values(label: title(equals))
        values.value = JSONValue.format(number: stated)
        values.expected = JSONValue.format(number: total)
        var scope = "\(title(table))中\(columnTitle(table, column))之和"
        if let filter {
            let list = filter.values.joined(separator: "、")
            scope =
                filter.excludes
                ? "\(title(table))中除\(columnTitle(table, filter.column))为\(list)外的\(columnTitle(table, column))之和"
                : "\(title(table))中\(columnTitle(table, filter.column))为\(list)的\(columnTitle(table, column))之和"
        }
        return [make(equals, values, "\(values.label)为 \(values.value)，与\(scope) \(values.expected) 不一致")]
    }

    func dates(of target: CrossFieldRule.DateTarget, notAfter limitDay: CalendarDate) -> [Finding] {
        var cells: [(path: String, label: String, row: Int?, value: String)] = []
        switch target {
        case .field(let key):
            if let text = record[key]?.stringValue { cells.append((key, title(key), nil, text)) }
        case .column(let table, let column):
            for (index, row) in (record[table]?.arrayValue ?? []).enumerated() {
                if let text = row[column]?.stringValue {
                    cells.append(("\(table)[\(index)].\(column)", columnTitle(table, column), index + 1, text))
                }
            }
        }
        return cells.compactMap { cell in
            guard let day = CrossFieldRule.earliestDay(of: cell.value), limitDay < day else { return nil }
            var values = MessageTemplate.Values(label: cell.label, value: cell.value, expected: limitDay.iso)
            values.row = cell.row.map(String.init) ?? ""
            return make(cell.path, values, "\(values.location)为 \(cell.value)，不应晚于 \(limitDay.iso)")
        }
    }

    /// Each expected value once in the column: a value listed twice, one not expected (unless the column is an
    /// enum, whose own check says so), and each one missing.
    func column(_ column: String, of table: String, holdsEachOnce expected: [String]) -> [Finding] {
        guard let array = record[table]?.arrayValue else { return [] }
        let checksMembership = fields.first { $0.key == table }?.column(column)?.kind != .enum
        var findings: [Finding] = []
        var seen: Set<String> = []
        for (index, row) in array.enumerated() {
            guard let value = row[column]?.stringValue else { continue }
            let path = "\(table)[\(index)].\(column)"
            var values = MessageTemplate.Values(label: columnTitle(table, column), value: value)
            values.row = String(index + 1)
            values.expected = expected.joined(separator: "、")
            if !expected.contains(value) {
                if checksMembership {
                    findings.append(make(path, values, "\(values.location)为 \(value)，应为 \(values.expected) 之一"))
                }
            } else if !seen.insert(value).inserted {
                findings.append(make(path, values, "\(values.location) \(value) 重复填写，每项只应出现一次"))
            }
        }
        for value in expected where !seen.contains(value) {
            var values = MessageTemplate.Values(label: title(table), value: value)
            values.expected = expected.joined(separator: "、")
            findings.append(make(table, values, "\(title(table))缺少\(columnTitle(table, column))：\(value)"))
        }
        return findings
    }

    /// Each field that holds the same value as one before it.
    func repeatedValues(among keys: [String]) -> [Finding] {
        var findings: [Finding] = []
        for (position, key) in keys.enumerated() {
            guard let value = record[key], !value.isNull else { continue }
            let earlier = keys[..<position].filter { record[$0] == value }
            guard !earlier.isEmpty else { continue }
            let others = earlier.map(title).joined(separator: "、")
            var values = MessageTemplate.Values(label: title(key), value: MessageTemplate.show(value))
            values.expected = others
            findings.append(make(key, values, "\(title(key))与\(others)相同"))
        }
        return findings
    }
}
