public import FormDocument
public import FormSchema
import Foundation

/// Decides which of the known forms a document is: by its title, else by how many of a form's labels it has.
public struct FormClassifier: Sendable {
    public let extractors: [FormExtractor]

    /// Share of a form's required single-value labels that must be present to recognise it without a title.
    static let labelShareWithoutTitle = 0.6

    public init(catalog: SchemaCatalog) {
        extractors = catalog.forms.map(FormExtractor.init(form:))
    }

    public func classify(_ document: Document) throws(ExtractionError) -> FormExtractor {
        // The body first; a header or footer counts only when the body carries no title. Its first texts are
        // enough for that (most documents have their title first); all of them only when it is not found.
        for text in Document.texts(inReadingOrder: document.blocks, limit: 60) + document.headersAndFooters {
            let compact = ValueNormalizer.labelKey(text)
            if let match = extractors.first(where: { $0.holdsTitle(compact) }) {
                return match
            }
        }
        // A scan's title may come back with a character or two misread (查皖 for 查摆): near enough counts there,
        // where a typed title is exact.
        if document.scannedPages > 0 {
            for text in Document.texts(inReadingOrder: document.blocks, limit: 60) {
                let compact = Array(ValueNormalizer.labelKey(text))
                if let match = extractors.first(where: { extractor in
                    extractor.form.titles.contains { title in
                        title.count >= 4 && Self.approximatelyContains(compact, Array(title), errors: max(1, title.count / 5))
                    }
                }) {
                    return match
                }
            }
        }
        let texts = Document.texts(inReadingOrder: document.blocks)
        // A fillable PDF may carry no printed labels at all, only fields named by key or label.
        let present = Set(texts.map(ValueNormalizer.labelKey)).union(
            document.formFields.flatMap { [$0.name, $0.alternateName ?? ""] }.map(ValueNormalizer.labelKey))
        var best: (extractor: FormExtractor, share: Double)?
        for extractor in extractors {
            let required = extractor.form.fields.filter { $0.isRequired && $0.kind != .table }
            guard !required.isEmpty else { continue }
            let hits = required.filter { field in
                present.contains(field.key) || field.labels.contains { present.contains(ValueNormalizer.labelKey($0)) }
            }
            let share = Double(hits.count) / Double(required.count)
            if share > (best?.share ?? 0) { best = (extractor, share) }
        }
        if let best, best.share >= Self.labelShareWithoutTitle { return best.extractor }
        throw .notAKnownForm(firstLine: texts.first { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
    }

    /// Whether `pattern` occurs in `text` with at most `errors` characters substituted, left out or added
    /// (Sellers' approximate matching: edit distance to the best-matching stretch of the text).
    static func approximatelyContains(_ text: [Character], _ pattern: [Character], errors: Int) -> Bool {
        guard !pattern.isEmpty else { return true }
        guard text.count + errors >= pattern.count else { return false }
        // column[i]: the fewest edits turning pattern[0..<i] into a stretch of the text ending here.
        var column = Array(0...pattern.count)
        for character in text {
            var diagonal = column[0]
            column[0] = 0
            for index in 1...pattern.count {
                let above = column[index]
                column[index] = min(diagonal + (pattern[index - 1] == character ? 0 : 1), above + 1, column[index - 1] + 1)
                diagonal = above
            }
            if column[pattern.count] <= errors { return true }
        }
        return false
    }

}

public enum ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAKnownForm(firstLine: String?)

    /// The code and reason shown to the office and the branch.
    public var rejection: Rejection {
        switch self {
        case .notAKnownForm(let firstLine):
            let shown = firstLine.map { "“\(String(ValueNormalizer.cleanText($0).prefix(30)))”" } ?? "空文档"
            return Rejection(.notAKnownForm, "不是机关党委下发的四种表格之一（未找到表格标题，文档开头为 \(shown)）；请使用下发的表格模板填写")
        }
    }

    /// For logs and test failures; the office sees `rejection.text`.
    public var description: String { "\(rejection.code.rawValue): \(rejection.text)" }
}
