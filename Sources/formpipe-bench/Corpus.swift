import FormSamples
import FormSchema
import Foundation

/// The generated submissions: .docx in every layout of the layout set, and PDFs made distinct copies of the
/// printed and fillable sample PDFs (a comment after %%EOF makes each file's bytes, and so its hash, unique).
enum Corpus {
    struct Generated {
        var total = 0
        var docx = 0
        var pdf = 0
        var fillable = 0
        var bytes = 0
    }

    static func generate(count: Int, pdfShare: Double, into folder: URL, repository: URL) throws -> Generated {
        var generated = Generated()
        let pdfCount = Int((Double(count) * min(1, max(0, pdfShare))).rounded())
        let docxCount = count - pdfCount
        let catalog = try SchemaCatalog.load(from: repository.appendingPathComponent("Schemas"))
        let layouts = LayoutSetGenerator.Layout.allCases.count * catalog.forms.count
        let seeds = max(1, (docxCount + layouts - 1) / layouts)
        for (index, sample) in LayoutSetGenerator(catalog: catalog).samples(seedsPerLayout: seeds).prefix(docxCount).enumerated() {
            try sample.docx.write(to: folder.appendingPathComponent(String(format: "d%06d-%@.docx", index, sample.form)))
            generated.docx += 1
            generated.bytes += sample.docx.count
        }
        let pdfFolder = repository.appendingPathComponent("Samples/pdf")
        let names = try FileManager.default.contentsOfDirectory(atPath: pdfFolder.path).filter { $0.hasSuffix(".pdf") }.sorted()
        let printed = try names.filter { !$0.contains("fillable") }.map { try Data(contentsOf: pdfFolder.appendingPathComponent($0)) }
        let fillable = try names.filter { $0.contains("fillable") }.map { try Data(contentsOf: pdfFolder.appendingPathComponent($0)) }
        for index in 0..<pdfCount {
            let isFillable = index % 10 == 9 && !fillable.isEmpty
            let templates = isFillable ? fillable : printed
            guard !templates.isEmpty else { break }
            var bytes = templates[index % templates.count]
            bytes.append(Data("\n%formpipe-bench \(index)\n".utf8))
            try bytes.write(to: folder.appendingPathComponent(String(format: "p%06d.pdf", index)))
            generated.pdf += 1
            generated.fillable += isFillable ? 1 : 0
            generated.bytes += bytes.count
        }
        generated.total = generated.docx + generated.pdf
        return generated
    }
}
