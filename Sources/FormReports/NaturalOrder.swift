import Foundation

/// Branch names in the order people count them: 第二 before 第十, 第三 before 第十一 (Chinese and Arabic numerals
/// compared as numbers), as every output lists them.
public enum NaturalOrder {
    public static func sorted(_ names: some Sequence<String>) -> [String] {
        let keyed = names.map { (key: ReportModel.sortKey($0), name: $0) }
        return keyed.sorted { ($0.key, $0.name) < ($1.key, $1.name) }.map(\.name)
    }
}
