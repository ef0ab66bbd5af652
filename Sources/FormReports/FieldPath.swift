public import FormSchema
import Foundation

/// Finding paths the way a clerk refers to a place in the form.
public enum FieldPath {
    /// `items[2].measures` → `查摆情况 第3行 整改措施`; a path the schema does not know stays as it is.
    public static func display(_ path: String, in form: FormSchema?) -> String {
        guard let form else { return path }
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard let head = parts.first else { return path }
        var key = head
        var row: Int?
        if let bracket = head.firstIndex(of: "["), head.hasSuffix("]") {
            key = String(head[..<bracket])
            row = Int(head[head.index(after: bracket)..<head.index(before: head.endIndex)])
        }
        guard let field = form.field(key) else { return path }
        var shown = field.title
        if let row { shown += " 第\(row + 1)行" }
        if parts.count > 1 {
            shown += " " + (field.columns.first { $0.key == parts[1] }?.title ?? parts[1])
        }
        return shown
    }

}

/// `FieldPath.display` remembered per form and path: the same few paths recur in thousands of findings,
/// and each is shown in four outputs.
final class FieldPlaces {
    private let forms: [FormSchema]
    private var known: [[String: String]]
    /// Past this many paths of one form the memo starts again, so it stays small whatever the tables hold.
    static let limit = 4096

    init(forms: [FormSchema]) {
        self.forms = forms
        known = Array(repeating: [:], count: forms.count)
    }

    func display(_ path: String, formIndex: Int) -> String {
        if let place = known[formIndex][path] { return place }
        let place = FieldPath.display(path, in: forms[formIndex])
        if known[formIndex].count >= Self.limit { known[formIndex].removeAll(keepingCapacity: true) }
        known[formIndex][path] = place
        return place
    }
}
