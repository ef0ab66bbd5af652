import FormSchema
import Foundation
import TestSupport

@testable import FormReports
@testable import FormStore

/// A store filled with hand-made outcomes, and the catalog of the repository's schemas, for report tests.
struct ReportFixture {
    let folder: URL
    let store: SubmissionStore
    let catalog: SchemaCatalog

    init(_ label: String = "reports") throws {
        folder = try TestPaths.temporaryFolder(label)
        store = try SubmissionStore(path: folder.appendingPathComponent("formpipe.sqlite").path)
        catalog = try SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))
    }

    var reports: URL { folder.appendingPathComponent("reports") }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    struct UnexpectedIntake: Error {}

    /// Takes in a file and loads its outcome; a record validated against the form's schema when `findings`
    /// is nil, so invalid records carry the findings the validator really produces.
    @discardableResult
    func add(
        _ path: String, form: String?, record: JSONValue?, status: SubmissionStatus? = nil, findings: [Finding]? = nil,
        reason: String? = nil
    ) throws -> Int64 {
        // Each file arrives in a run of its own, as corrections do: a later run supersedes an earlier one.
        let run = try store.beginRun(command: "fixture")
        guard case .process(let id) = try store.intake(IntakeFile(sourcePath: path, sha256: "sha-\(path)", size: 1), runID: run) else {
            throw UnexpectedIntake()
        }
        let schema = form.flatMap(catalog.form(id:))
        let found = findings ?? record.flatMap { record in schema?.validate(record) } ?? []
        let outcomeStatus = status ?? (form == nil ? .rejected : (found.contains { $0.severity == .error } ? .invalid : .valid))
        let identity = record.flatMap { record in schema?.identity(of: record) }.map { JSONValue.array($0).serialized() }
        try store.load([
            Outcome(
                submissionID: id, form: form, status: outcomeStatus, reason: reason, record: record, identity: identity,
                findings: found)
        ])
        return id
    }

    @discardableResult
    func write(settings: ReportSettings = ReportSettings()) throws -> [URL] {
        try ReportWriter(folder: reports, catalog: catalog, settings: settings).write(from: store)
    }

    func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: reports.appendingPathComponent(name)), as: UTF8.self)
    }

    // MARK: Records

    static func targetBook(
        branch: String = "机关第一党支部", name: String, category: String = "普通党员", hours: Int = 40,
        joined: String = "1998-06-26", duties: String = "负责综合科全面工作"
    ) -> JSONValue {
        [
            "year": 2017, "branch": .string(branch), "name": .string(name), "position": "科员",
            "member_category": .string(category), "joined_party_on": .string(joined), "duties": .string(duties),
            "goals": [["seq": 1, "content": "认真学习党章党规", "deadline": "2017-12-31"]],
            "tasks": [["seq": 1, "content": "完成手册修订", "deadline": "2017-06-30"]],
            "planned_study_hours": .number(Double(hours)), "planned_speeches": 2, "planned_reflections": 3,
            "review_opinion": "同意", "reviewer": "李明", "reviewed_on": "2017-03-01", "signed_on": "2017-02-28",
        ]
    }

    static let aspects = ["组织是否健全", "制度是否完善", "运行是否规范", "活动是否经常", "档案是否齐全", "作用是否突出"]

    static func selfCheck(branch: String, measures: [String]? = nil, filled: String = "2017-03-25") -> JSONValue {
        let rows: [JSONValue] = aspects.enumerated().map { index, aspect in
            [
                "aspect": .string(aspect), "problems": .string("\(aspect)方面存在不足，需要加强"),
                "measures": .string(measures?[index] ?? "针对\(aspect)的问题，\(branch)制定第\(index + 1)项专门整改方案并落实到人"),
                "deadline": "2017-06-30", "owner": "王小燕",
            ]
        }
        return [
            "branch": .string(branch), "secretary": "吴海峰", "member_count": 18, "filled_on": .string(filled),
            "items": .array(rows),
        ]
    }
}
