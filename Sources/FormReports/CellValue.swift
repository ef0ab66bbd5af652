import FormSchema
import Foundation

/// A field value as a spreadsheet cell: numbers stay numbers and dates become dates, so the office can sum,
/// sort and filter; anything that does not fit its kind is kept as the text that was read.
enum CellValue: Equatable {
    case empty
    case text(String)
    case number(Double)
    /// An Excel serial day number (days since 1899-12-30); `monthOnly` for a `YYYY-MM` value.
    case date(serial: Double, monthOnly: Bool)
    /// A moment as an Excel serial (days and the fraction of a day since 1899-12-30), in local time.
    case moment(serial: Double)

    init(_ value: JSONValue?, kind: FieldKind) {
        guard let value, !value.isNull else {
            self = .empty
            return
        }
        switch (kind, value) {
        case (.integer, .number(let number)), (.number, .number(let number)):
            self = .number(number)
        case (.date, .string(let text)):
            if let serial = Self.excelSerial(of: text) {
                self = .date(serial: serial, monthOnly: text.utf8.count == 7)
            } else {
                self = .text(text)
            }
        case (.table, .array(let rows)):
            self = .number(Double(rows.count))
        default:
            let shown = Self.display(value)
            self = shown.isEmpty ? .empty : .text(shown)
        }
    }

    /// An ISO intake time as a date-and-time cell in the machine's time zone; the text itself if it is not one.
    static func moment(iso: String) -> CellValue {
        guard let date = ReportDates.date(fromISO: iso) else { return iso.isEmpty ? .empty : .text(iso) }
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return .text(iso) }
        let days = CalendarDate.dayNumber(year: year, month: month, day: day) - CalendarDate.dayNumber(year: 1899, month: 12, day: 30)
        let seconds = (parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0)
        return .moment(serial: Double(days) + Double(seconds) / 86_400)
    }

    /// How a value reads in CSV and HTML: numbers without a trailing `.0`, dates as stored.
    static func display(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .bool(let flag)?: return flag ? "是" : "否"
        case .number(let number)?: return format(number)
        // A table shows as its row count, under a header that says so (年度目标（行数）).
        case .array(let rows)?: return String(rows.count)
        case .object(let object)?: return JSONValue.object(object).serialized()
        }
    }

    static func format(_ number: Double) -> String {
        if number.isFinite, number.rounded(.towardZero) == number, abs(number) < 1e15 {
            return String(Int64(number))
        }
        return String(number)
    }

    /// `YYYY-MM-DD` or `YYYY-MM` (the first of the month) as an Excel serial day; nil for anything else.
    static func excelSerial(of text: String) -> Double? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
            let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        let day = parts.count == 3 ? Int(parts[2]) : 1
        guard let day, day >= 1, day <= CalendarDate.daysIn(month: month, year: year), year > 1900 else { return nil }
        return Double(CalendarDate.dayNumber(year: year, month: month, day: day) - CalendarDate.dayNumber(year: 1899, month: 12, day: 30))
    }
}
