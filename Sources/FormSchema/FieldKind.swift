import Foundation

/// What kind of value a form field holds; read from a property's `x-kind`.
///
/// Extraction uses it to normalise what it reads (dates, numbers, ticked boxes), the store to type its columns.
public enum FieldKind: String, Sendable, CaseIterable {
    /// One line of text.
    case string
    /// Free text; its length counts Unicode characters (字数).
    case text
    case integer
    case number
    /// An ISO date `YYYY-MM-DD` (or `YYYY-MM` where the schema accepts a month-only date).
    case date
    /// One of `FieldSpec.options`, exactly as written in the schema.
    case `enum`
    /// Repeating rows, each an object keyed by `FieldSpec.columns`.
    case table

    /// The largest magnitude an `integer` or `number` field may hold, whatever its schema says. No form asks
    /// for more than a few thousand; beyond this a value is a typing accident or an attack, and the reports'
    /// arithmetic (bins, sums, Excel cells) must never meet 1e20 or an Int it cannot hold.
    public static let numberBound = 1e9

    /// Whether a number may be stored as the value of an `integer` or `number` field.
    public static func isWithinNumberBound(_ number: Double) -> Bool {
        number.isFinite && abs(number) <= numberBound
    }
}
