import Foundation

/// Why the reports could not be written: an operational failure (exit code 1), worded for the person running
/// formpipe, with the file to look at.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    /// libxlsxwriter refused an operation; `step` names it, `reason` is the library's own message.
    case workbook(path: String, step: String, reason: String)
    case roster(RosterError)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "无法写入报表 \(path)：\(reason)"
        case .workbook(let path, let step, let reason): "无法生成 Excel 报表 \(path)（\(step)）：\(reason)"
        case .roster(let error): error.description
        }
    }
}
