public import FormDocument
public import FormSchema
import Foundation

/// How one field was read, for `formpipe check --explain`: the clerk's and the maintainer's view of why a form
/// was read as it was.
public struct FieldExplanation: Sendable {
    public let field: FieldSpec
    /// Where the value was found (table, row and cell of its label, a paragraph, a PDF form field, the title);
    /// nil when the label was not found. For a table, where its header rows are.
    public let places: [String]
    /// The text as written there (empty when nothing was).
    public let raw: String
    /// The value as stored: normalised, or the text kept as written when it could not be; nil when empty.
    public let value: JSONValue?
    /// Rows read, for a table.
    public let rows: Int?
    /// The findings at this field (and, for a table, its cells), with where each comes from.
    public let findings: [Finding]
    /// On a scan: the lines of the text where OCR read a word with a confidence below `ocr_min_confidence`.
    public var uncertain: [String] = []
    /// On a scan: the lines OCR read that hold the value (or are held in it), each with its confidence and box.
    public var scanned: [ScannedLine] = []
}

extension FormExtractor {
    /// Every field of the form as it was read from the document, in schema order.
    public func explain(_ document: Document) -> [FieldExplanation] {
        let (record, _, found) = extractRecord(document, explaining: true)
        let findings = extractAndValidate(document).findings
        return form.fields.map { field in
            let own = findings.filter { $0.path == field.key || $0.path.hasPrefix(field.key + "[") }
            if field.kind == .table {
                let rows = record[field.key]?.arrayValue?.count ?? 0
                return FieldExplanation(
                    field: field, places: found.tablePlaces[field.key] ?? [], raw: "", value: nil, rows: rows, findings: own)
            }
            let sighting = found.sightings[field.key]
            var explanation = FieldExplanation(
                field: field, places: sighting.map { [$0.place] } ?? [], raw: sighting?.raw ?? "", value: record[field.key], rows: nil,
                findings: own)
            explanation.uncertain = Self.doubtfulLines(of: explanation.raw, uncertain: document.uncertainTexts)
            explanation.scanned = document.scannedLines.filter { Self.holds(explanation.raw, line: $0.text) }
            return explanation
        }
    }
}
