public import FormDocument
import FormSchema
import Foundation

/// One form found in a document, with the part of the document that holds it.
public struct FormInstance: Sendable {
    public let extractor: FormExtractor
    public let document: Document
}

extension FormClassifier {
    /// The forms in a document: usually one; several when a form's title appears again after a page or section
    /// break — members' forms pasted one after another into one .docx, or that file printed to one PDF. A
    /// cover letter or attachment without a title stays with the form it comes with, and a title repeated at
    /// the top of each page of one form (a running head printed into a PDF) starts nothing: a new form must
    /// also carry a label of one of its identity fields (姓名, 党支部名称…) before the next break.
    public func instances(_ document: Document) throws(ExtractionError) -> [FormInstance] {
        let whole = try classify(document)
        let single = [FormInstance(extractor: whole, document: document)]
        let breaks = document.pageStarts.filter { $0 > 0 && $0 < document.blocks.count }
        guard !breaks.isEmpty else { return single }

        // Where a form starts: at 0 when the document opens with a title, and at each break followed by one.
        // The breaks are looked at first: most documents have no second title, and then the opening need not be.
        let boundaries = [0] + breaks + [document.blocks.count]
        var starts: [(block: Int, extractor: FormExtractor)] = []
        for (index, start) in boundaries.dropLast().enumerated() where index > 0 {
            let end = boundaries[index + 1]
            guard start < end, let extractor = titled(document.blocks[start..<end]) else { continue }
            starts.append((start, extractor))
        }
        guard !starts.isEmpty else { return single }
        if let opening = titled(document.blocks[0..<boundaries[1]]) { starts.insert((0, opening), at: 0) }
        guard starts.count > 1 else { return single }
        // What comes before the first title (a cover letter) belongs to the first form.
        starts[0].block = 0
        var result: [FormInstance] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].block : document.blocks.count
            // A fillable PDF's fields belong to the whole file, not to one of the forms in it.
            let part = Document(
                format: document.format, blocks: Array(document.blocks[start.block..<end]), formFields: [],
                headersAndFooters: document.headersAndFooters,
                pageStarts: document.pageStarts.filter { $0 > start.block && $0 < end }.map { $0 - start.block })
            result.append(FormInstance(extractor: start.extractor, document: part))
        }
        return result
    }

    /// The form whose title opens these blocks (within their first few texts) and that also carries a label of
    /// one of its identity fields.
    private func titled(_ blocks: ArraySlice<Block>) -> FormExtractor? {
        let opening = Document.texts(inReadingOrder: Array(blocks), limit: 8).map(ValueNormalizer.labelKey)
        guard let extractor = extractors.first(where: { extractor in opening.contains(where: extractor.holdsTitle) }) else { return nil }
        let identityLabels = extractor.form.identity.compactMap { extractor.form.field($0) }.flatMap(\.labels).map(ValueNormalizer.labelKey)
        let keys = Document.texts(inReadingOrder: Array(blocks)).lazy.map(ValueNormalizer.labelKey)
        return keys.contains { key in identityLabels.contains { key.contains($0) } } ? extractor : nil
    }
}
