import Foundation

/// A document reduced to what extraction needs: paragraphs and tables, in reading order.
///
/// Both readers (.docx and PDF) produce this model, so everything after unpack is blind to the format.
/// Checkboxes of every kind arrive as tick glyphs in the text (☑ checked, ☐ unchecked).
public struct Document: Sendable, Hashable {
    public var format: FileKind
    public var blocks: [Block]
    /// Values of a fillable PDF's AcroForm fields, by field name; extraction maps a field whose name or
    /// tooltip is a schema key or label straight to that field. (Every value is also placed in `blocks`
    /// where its widget sits, so fields with meaningless names are read by the printed label beside them.)
    public var formFields: [FormFieldValue]
    /// Text of the page headers and footers, one entry per paragraph or cell, kept apart from the body: a
    /// form's title sometimes lives there, but its fields never do.
    public var headersAndFooters: [String]
    /// Indexes into `blocks` where a new page begins: a PDF's pages, a .docx's explicit page and section
    /// breaks. A form that appears again after one of them is another form in the same file.
    public var pageStarts: [Int]
    /// Text read from a scan with too little confidence to be trusted (each line OCR was unsure of, as it stands
    /// in the blocks): a value holding one may be misread, so what is wrong with it is formpipe's to check, not the
    /// branch's. Empty for everything but scanned pages.
    public var uncertainTexts: [String]
    /// How many pages were read by OCR (scans and photos): slow work, counted for the batch's summary.
    public var scannedPages: Int
    /// Every line OCR read, with its confidence and where it stands: for `check --explain`, so a clerk can see
    /// how sure the reading of a value was and find it on the page.
    public var scannedLines: [ScannedLine]

    public init(
        format: FileKind, blocks: [Block], formFields: [FormFieldValue] = [], headersAndFooters: [String] = [], pageStarts: [Int] = [],
        uncertainTexts: [String] = [], scannedPages: Int = 0, scannedLines: [ScannedLine] = []
    ) {
        self.format = format
        self.blocks = blocks
        self.formFields = formFields
        self.headersAndFooters = headersAndFooters
        self.pageStarts = pageStarts
        self.uncertainTexts = uncertainTexts
        self.scannedPages = scannedPages
        self.scannedLines = scannedLines
    }

    /// A picture (a drawing, an embedded image or object) stands in the text as U+FFFC, Unicode's object
    /// replacement character: extraction drops it from values, but a value's place holding only a picture is
    /// something formpipe could not read, not a field the branch left blank.
    public static let pictureMark: Unicode.Scalar = "\u{FFFC}"

    /// Every table, nested ones included, in reading order (a nested table follows the table holding it).
    public var allTables: [Table] {
        var tables: [Table] = []
        func collect(_ blocks: [Block]) {
            for block in blocks {
                guard case .table(let table) = block else { continue }
                tables.append(table)
                for row in table.rows {
                    for cell in row.cells { collect(cell.blocks) }
                }
            }
        }
        collect(blocks)
        return tables
    }

    /// Paragraph and cell texts in the order a reader meets them: a cell's paragraphs as one text, then the
    /// tables nested in it. With a `limit`, only the first that many (a title is looked for near the top).
    public static func texts(inReadingOrder blocks: [Block], limit: Int = .max) -> [String] {
        var texts: [String] = []
        func collect(_ blocks: [Block], tablesOnly: Bool) {
            for block in blocks where texts.count < limit {
                switch block {
                case .paragraph(let text):
                    if !tablesOnly { texts.append(text) }
                case .table(let table):
                    for row in table.rows where texts.count < limit {
                        for cell in row.cells where texts.count < limit {
                            texts.append(cell.text)
                            // The cell's paragraphs are in its text already; its nested tables follow it.
                            collect(cell.blocks, tablesOnly: true)
                        }
                    }
                }
            }
        }
        collect(blocks, tablesOnly: false)
        return texts
    }

    /// Every paragraph outside tables, in reading order.
    public var topLevelParagraphs: [String] {
        blocks.compactMap { block in
            if case .paragraph(let text) = block { return text }
            return nil
        }
    }
}

/// One filled AcroForm field: its names and its value as text (checkboxes as ☑/☐).
public struct FormFieldValue: Sendable, Hashable {
    public var name: String
    public var alternateName: String?
    public var value: String

    public init(name: String, alternateName: String?, value: String) {
        self.name = name
        self.alternateName = alternateName
        self.value = value
    }
}

public enum Block: Sendable, Hashable {
    case paragraph(String)
    case table(Table)
}

public struct Table: Sendable, Hashable {
    public var rows: [Row]

    public init(rows: [Row]) {
        self.rows = rows
    }
}

public struct Row: Sendable, Hashable {
    /// Empty grid columns before the first cell (`w:gridBefore`).
    public var gridBefore: Int
    public var cells: [Cell]

    public init(gridBefore: Int = 0, cells: [Cell]) {
        self.gridBefore = gridBefore
        self.cells = cells
    }
}

public struct Cell: Sendable, Hashable {
    public enum VerticalMerge: Sendable, Hashable {
        case none
        /// The first cell of a vertical merge; it holds the text.
        case restart
        /// Covered by the merge cell above; its own content is ignored.
        case `continue`
    }

    public var blocks: [Block]
    /// How many grid columns the cell spans (`w:gridSpan`).
    public var columnSpan: Int
    public var verticalMerge: VerticalMerge

    public init(blocks: [Block], columnSpan: Int = 1, verticalMerge: VerticalMerge = .none) {
        self.blocks = blocks
        self.columnSpan = max(1, columnSpan)
        self.verticalMerge = verticalMerge
    }

    public init(text: String, columnSpan: Int = 1, verticalMerge: VerticalMerge = .none) {
        self.init(blocks: text.isEmpty ? [] : [.paragraph(text)], columnSpan: columnSpan, verticalMerge: verticalMerge)
    }

    /// The cell's paragraphs joined by line breaks; nested tables are left out (they are tables of their own).
    /// Most cells hold one paragraph, which is then the text itself, with no array or joining.
    public var text: String {
        var joined: String?
        for case .paragraph(let text) in blocks {
            if joined == nil {
                joined = text
            } else {
                joined? += "\n" + text
            }
        }
        return joined ?? ""
    }
}

/// A line of text as OCR read it from a scanned page.
public struct ScannedLine: Sendable, Hashable {
    public var text: String
    /// Tesseract's confidence (0–100) in the line's least certain word.
    public var confidence: Int
    /// The page of the file, from 1.
    public var page: Int
    /// The line's box on its page, in points from the top left corner (72 to the inch).
    public var left: Double
    public var top: Double
    public var right: Double
    public var bottom: Double

    public init(text: String, confidence: Int, page: Int, left: Double, top: Double, right: Double, bottom: Double) {
        self.text = text
        self.confidence = confidence
        self.page = page
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }
}
