import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// Field accuracy of extraction on the generated layout set: every form in every layout, several seeds each.
/// The README reports the figure this test measures; it fails when accuracy drops below it.
@Suite struct LayoutSetAccuracyTests {
    /// The accuracy the README reports, in per cent, and how far below it a run may fall.
    static let reportedAccuracy = 100.0
    static let margin = 0.5
    static let seedsPerLayout = 4

    struct Score {
        var correct = 0
        var total = 0
        var misses: [String] = []

        mutating func compare(_ path: String, _ found: JSONValue?, _ expected: JSONValue?) {
            guard found != nil || expected != nil else { return }
            total += 1
            if found == expected {
                correct += 1
            } else {
                misses.append("\(path): found \(found?.serialized() ?? "nothing"), expected \(expected?.serialized() ?? "nothing")")
            }
        }
    }

    /// One point per single value and per table cell, whether it was expected, found, or both.
    static func score(_ record: JSONValue, against truth: JSONValue, form: FormSchema) -> Score {
        var score = Score()
        for field in form.fields {
            let found = record[field.key]
            let expected = truth[field.key]
            guard field.kind == .table else {
                score.compare(field.key, found, expected)
                continue
            }
            let foundRows = found?.arrayValue ?? []
            let expectedRows = expected?.arrayValue ?? []
            for index in 0..<max(foundRows.count, expectedRows.count) {
                for column in field.columns {
                    score.compare(
                        "\(field.key)[\(index)].\(column.key)",
                        foundRows.indices.contains(index) ? foundRows[index][column.key] : nil,
                        expectedRows.indices.contains(index) ? expectedRows[index][column.key] : nil)
                }
            }
        }
        return score
    }

    @Test func extractionOnTheGeneratedLayoutSetIsNearPerfect() throws {
        let catalog = try SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))
        let classifier = FormClassifier(catalog: catalog)
        let samples = LayoutSetGenerator(catalog: catalog).samples(seedsPerLayout: Self.seedsPerLayout)
        var overall = Score()
        var byLayout: [String: Score] = [:]
        var misclassified: [String] = []
        for sample in samples {
            let form = try #require(catalog.form(id: sample.form))
            let document = try DocxReader().read(sample.docx)
            let record: JSONValue
            do {
                let extractor = try classifier.classify(document)
                if extractor.form.id != sample.form { misclassified.append("\(sample.form)/\(sample.layout) → \(extractor.form.id)") }
                record = extractor.extract(document)
            } catch {
                misclassified.append("\(sample.form)/\(sample.layout) → \(error)")
                record = .object(JSONObject())
            }
            let score = Self.score(record, against: sample.truth, form: form)
            overall.correct += score.correct
            overall.total += score.total
            overall.misses += score.misses.map { "\(sample.form)/\(sample.layout.rawValue)#\(sample.seed) \($0)" }
            byLayout[sample.layout.rawValue, default: Score()].correct += score.correct
            byLayout[sample.layout.rawValue, default: Score()].total += score.total
        }
        let accuracy = 100 * Double(overall.correct) / Double(max(overall.total, 1))
        print(
            "Layout set: \(samples.count) documents (\(catalog.forms.count) forms × \(LayoutSetGenerator.Layout.allCases.count) layouts × \(Self.seedsPerLayout) seeds), "
                + "\(overall.total) values, \(overall.correct) correct, field accuracy \(String(format: "%.2f", accuracy))%")
        if let dump = ProcessInfo.processInfo.environment["FORMPIPE_LAYOUT_MISSES"] {
            // A debugging aid: every miss, one per line, where the developer asked for them.
            try (overall.misses + misclassified).joined(separator: "\n").write(toFile: dump, atomically: true, encoding: .utf8)
        }
        #expect(misclassified.isEmpty, "\(misclassified)")
        #expect(overall.total > 3000, "the set is big enough to mean something")
        let perLayout = byLayout.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.correct)/\($0.value.total)" }
        #expect(
            accuracy >= Self.reportedAccuracy - Self.margin,
            "accuracy \(accuracy)%; per layout: \(perLayout); first misses: \(overall.misses.prefix(40).joined(separator: "\n"))")
    }
}
