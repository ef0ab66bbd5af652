import Foundation

/// Times as the office reads them, in the machine's time zone.
package enum ReportDates {
    static func stamp(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%d年%d月%d日 %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// A day as a notice writes it: `2026年12月13日`.
    static func dayStamp(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return "\(parts.year ?? 0)年\(parts.month ?? 0)月\(parts.day ?? 0)日"
    }

    static func date(fromISO text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    /// The local calendar day of an ISO intake time (`2026-11-29`), or the text's own date part.
    static func day(of iso: String) -> String {
        guard let date = date(fromISO: iso) else { return String(iso.prefix(10)) }
        return day(of: date)
    }

    /// The local calendar day of a moment (`2026-11-29`).
    static func day(of date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    package static func readable(_ iso: String) -> String {
        date(fromISO: iso).map(stamp) ?? iso
    }

    /// Remembers what it worked out for recent intake times: a batch takes in many files each second, and
    /// parsing a time and asking the calendar costs more than the rest of a report line.
    struct Memo<Value> {
        private var known: [String: Value] = [:]
        private let work: (String) -> Value
        /// Past this many distinct times the memo starts again, so it stays small however long the store.
        static var limit: Int { 4096 }

        init(_ work: @escaping (String) -> Value) {
            self.work = work
        }

        mutating func callAsFunction(_ iso: String) -> Value {
            if let value = known[iso] { return value }
            let value = work(iso)
            if known.count >= Self.limit { known.removeAll(keepingCapacity: true) }
            known[iso] = value
            return value
        }
    }

    static func dayMemo() -> Memo<String> { Memo(day(of:)) }
    static func readableMemo() -> Memo<String> { Memo(readable) }
    /// Intake times as date-and-time cells of the workbook.
    static func momentMemo() -> Memo<CellValue> { Memo(CellValue.moment(iso:)) }
}
