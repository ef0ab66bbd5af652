import FormDocument
import FormExtraction
import FormSamples
import FormSchema
import Foundation

// In-process CPU per stage: reading a .docx into the document model, classifying it, extracting and validating
// it, each timed with this thread's CPU clock (so other processes on a shared machine disturb it little), over
// several repetitions (the minimum is the figure to compare). With --dump, writes every document model, form
// (each of the forms one file holds), record and finding to a file, so two builds can be shown to give the same
// results (`cmp`).
//
//   swift build -c release --product stage-bench
//   .build/release/stage-bench --reps 5 --dump /tmp/a.txt /tmp/docx3k Samples layout:4
//
// PATH: a file, a folder (its .docx and .pdf, recursively), or
// layout:N for the generated layout set with N seeds per layout. --stage read|extract times one stage only.

func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func describe(_ blocks: [Block], into out: inout String, indent: String) {
    for block in blocks {
        switch block {
        case .paragraph(let text):
            out += indent + "P " + JSONValue.string(text).serialized() + "\n"
        case .table(let table):
            out += indent + "T\n"
            for row in table.rows {
                out += indent + " R \(row.gridBefore)\n"
                for cell in row.cells {
                    out += indent + "  C \(cell.columnSpan) \(cell.verticalMerge)\n"
                    describe(cell.blocks, into: &out, indent: indent + "   ")
                }
            }
        }
    }
}

/// "min 0.1234 median 0.1300 ms" per item, from each repetition's total.
func summary(_ totals: [Double], items: Int) -> String {
    let perItem = totals.sorted().map { $0 / Double(max(items, 1)) * 1000 }
    guard let minimum = perItem.first else { return "not run" }
    return String(format: "min %.4f median %.4f ms", minimum, perItem[perItem.count / 2])
}

var reps = 3
var dumpPath: String?
var stage = "all"
var paths: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--reps": reps = max(1, Int(arguments.popFirst() ?? "") ?? 3)
    case "--dump": dumpPath = arguments.popFirst()
    case "--stage": stage = arguments.popFirst() ?? "all"
    default: paths.append(argument)
    }
}
guard !paths.isEmpty else {
    print("usage: stage-bench [--reps N] [--dump FILE] [--stage read|extract|all] PATH...")
    exit(2)
}

let catalog = try SchemaCatalog.load(from: SourceTree.root.appendingPathComponent("Schemas"))
var inputs: [(name: String, bytes: Data)] = []
for path in paths {
    if path.hasPrefix("layout:") {
        for sample in LayoutSetGenerator(catalog: catalog).samples(seedsPerLayout: Int(path.dropFirst(7)) ?? 4) {
            inputs.append(("layout/\(sample.form)/\(sample.layout)/\(sample.seed)", sample.docx))
        }
        continue
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        let names = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
        for name in names where name.hasSuffix(".docx") || name.hasSuffix(".pdf") {
            if let bytes = FileManager.default.contents(atPath: path + "/" + name) { inputs.append((path + "/" + name, bytes)) }
        }
    } else if let bytes = FileManager.default.contents(atPath: path) {
        inputs.append((path, bytes))
    }
}

let reader = DocumentReader()
let classifier = FormClassifier(catalog: catalog)
let docx = inputs.filter { !$0.name.hasSuffix(".pdf") }
var documents: [(name: String, document: Document?)] = []

let pdfs = inputs.filter { $0.name.hasSuffix(".pdf") }

/// Reads every input `reps` times (once when only extraction is timed), keeping the documents of the first
/// round; returns each round's CPU total.
@MainActor func timeReads(of inputs: [(name: String, bytes: Data)]) -> [Double] {
    var totals: [Double] = []
    for repetition in 0..<(stage == "extract" ? 1 : reps) {
        var total = 0.0
        for (name, bytes) in inputs {
            let start = threadCPUSeconds()
            let document = try? reader.read(bytes)
            total += threadCPUSeconds() - start
            if repetition == 0 { documents.append((name, document)) }
        }
        totals.append(total)
    }
    return totals
}
let readTotals = timeReads(of: docx)
let pdfReadTotals = timeReads(of: pdfs)

var classifyTotals: [Double] = []
var extractTotals: [Double] = []
var dump = ""
for repetition in 0..<(stage == "read" ? 1 : reps) {
    var classifying = 0.0
    var extracting = 0.0
    for (name, document) in documents {
        guard let document else {
            if repetition == 0 { dump += "== \(name)\nREJECTED\n" }
            continue
        }
        // As a worker does: the forms in the document (one, or several after page breaks), each extracted.
        let start = threadCPUSeconds()
        let instances = (try? classifier.instances(document)) ?? []
        let classified = threadCPUSeconds()
        let results = instances.map { ($0.extractor.form.id, $0.extractor.extractAndValidate($0.document)) }
        classifying += classified - start
        extracting += threadCPUSeconds() - classified
        guard repetition == 0, dumpPath != nil else { continue }
        dump += "== \(name)\n"
        describe(document.blocks, into: &dump, indent: "")
        for text in document.headersAndFooters { dump += "H " + JSONValue.string(text).serialized() + "\n" }
        for field in document.formFields { dump += "F \(field.name) \(field.alternateName ?? "-") \(field.value)\n" }
        do { _ = try classifier.classify(document) } catch { dump += "NOTFORM \(error.rejection.text)\n" }
        for (index, (form, result)) in results.enumerated() {
            dump += "FORM \(form)" + (results.count > 1 ? " #\(index + 1)" : "") + "\nRECORD \(result.record.serialized())\n"
            for finding in result.findings { dump += "FINDING \(finding.path) \(finding.severity) \(finding.rule) \(finding.message)\n" }
        }
    }
    classifyTotals.append(classifying)
    extractTotals.append(extracting)
}
if let dumpPath { try dump.write(toFile: dumpPath, atomically: true, encoding: .utf8) }

print("\(docx.count) .docx read, \(documents.count) documents extracted, \(reps) repetitions, CPU per item:")
if stage != "extract" {
    print("  read .docx          " + summary(readTotals, items: docx.count))
    if !pdfs.isEmpty { print("  read PDF            " + summary(pdfReadTotals, items: pdfs.count)) }
}
if stage != "read" {
    print("  classify            " + summary(classifyTotals, items: documents.count))
    print("  extract + validate  " + summary(extractTotals, items: documents.count))
}
