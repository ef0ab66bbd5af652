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
    /// For a table: each cell of each row read, in row and column order.
    public var cells: [CellExplanation] = []
}

/// One cell of a table as it was read, for `formpipe check --explain`.
public struct CellExplanation: Sendable {
    /// The row as the record counts it, from 1 (rows holding nothing but their printed number are not rows).
    public let row: Int
    public let column: FieldSpec
    /// The cell's text as written.
    public let raw: String
    /// The value as stored; nil when it is empty.
    public let value: JSONValue?
    /// On a scan: the lines of the cell where OCR was unsure of a word.
    public var uncertain: [String]
    /// On a scan: the lines OCR read that hold the cell's text, each with its confidence and box.
    public var scanned: [ScannedLine]
}

extension FormExtractor {
    /// Every field of the form as it was read from the document, in schema order.
    public func explain(_ document: Document) -> [FieldExplanation] {
        let (record, _, found) = extractRecord(document, explaining: true)
        let findings = extractAndValidate(document).findings
        return form.fields.map { field in
            let own = findings.filter { $0.path == field.key || $0.path.hasPrefix(field.key + "[") }
            if field.kind == .table {
                let rows = record[field.key]?.arrayValue ?? []
                var explanation = FieldExplanation(
                    field: field, places: found.tablePlaces[field.key] ?? [], raw: "", value: nil, rows: rows.count, findings: own)
                // The record's rows are the rows read less those with nothing but their number, in the same order.
                let rawRows = (found.tables[field.key] ?? []).filter { normalizeRow($0, of: field) != nil }
                for (index, (raw, value)) in zip(rawRows, rows).enumerated() {
                    for column in field.columns {
                        let text = raw[column.key] ?? ""
                        guard !text.isEmpty || value[column.key] != nil else { continue }
                        explanation.cells.append(
                            CellExplanation(
                                row: index + 1, column: column, raw: text, value: value[column.key], uncertain: [],
                                scanned: document.scannedLines.filter { Self.holds(text, line: $0.text) }))
                    }
                }
                explanation.cells = Self.withinTheirCells(explanation.cells, uncertain: document.uncertainTexts)
                return explanation
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

    /// A table repeats texts from row to row (the same person, the same year) and within a row (活动 in the aspect
    /// and in the measures), so a line OCR read is a cell's only when it lies across the cell's row and down its
    /// column: where the lines that this row's (this column's) cells hold and no other's do lie. What OCR was
    /// unsure of is then told of the lines kept.
    static func withinTheirCells(_ cells: [CellExplanation], uncertain: [String]) -> [CellExplanation] {
        func bands<Part: Hashable>(of part: (CellExplanation) -> Part, across span: (ScannedLine) -> ClosedRange<Double>)
            -> [Part: [Int: ClosedRange<Double>]]
        {
            var holders: [ScannedLine: Set<Part>] = [:]
            for cell in cells { for line in cell.scanned { holders[line, default: []].insert(part(cell)) } }
            var bands: [Part: [Int: ClosedRange<Double>]] = [:]  // row or column → page → the span of its own lines
            for (line, parts) in holders where parts.count == 1 {
                guard let part = parts.first else { continue }
                let own = span(line)
                let band = bands[part]?[line.page].map { min($0.lowerBound, own.lowerBound)...max($0.upperBound, own.upperBound) }
                bands[part, default: [:]][line.page] = band ?? own
            }
            return bands
        }
        let rows = bands(of: \.row, across: { $0.top...$0.bottom })
        let columns = bands(of: \.column.key, across: { $0.left...$0.right })
        let unsure = Set(uncertain)
        return cells.map { cell in
            let row = rows[cell.row]
            let column = columns[cell.column.key]
            var placed = cell
            placed.scanned = cell.scanned.filter { line in
                (row.map { $0[line.page]?.overlaps(line.top...line.bottom) ?? false } ?? true)
                    && (column.map { $0[line.page]?.overlaps(line.left...line.right) ?? false } ?? true)
            }
            placed.uncertain =
                cell.scanned.isEmpty
                ? doubtfulLines(of: cell.raw, uncertain: uncertain) : placed.scanned.map(\.text).filter { unsure.contains($0) }
            return placed
        }
    }
}
