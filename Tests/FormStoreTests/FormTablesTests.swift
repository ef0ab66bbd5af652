import FormSchema
import Foundation
import GRDB
import TestSupport
import Testing

@testable import FormStore

@Suite struct FormTablesTests {
    static func catalog(extraStudyPlanField: Bool) throws -> SchemaCatalog {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Schemas")
        var forms = try SchemaCatalog.load(from: folder).forms
        if extraStudyPlanField, let index = forms.firstIndex(where: { $0.id == "study_plan" }) {
            let source = folder.appendingPathComponent("study_plan.schema.json")
            guard case .object(var root) = try JSONValue.parse(Data(contentsOf: source)),
                case .object(var properties) = root["properties"] ?? .null
            else {
                Issue.record("study_plan schema is not an object")
                return SchemaCatalog(forms: forms)
            }
            properties["phone"] = ["title": "联系电话", "x-labels": ["联系电话"], "x-kind": "string", "type": "string"]
            root["properties"] = .object(properties)
            forms[index] = try FormSchema(document: .object(root), source: source)
        }
        return SchemaCatalog(forms: forms)
    }

    @Test func typedTablesCarryEveryFieldWithItsChineseLabel() throws {
        let folder = try TestPaths.temporaryFolder("tables")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("formpipe.sqlite").path
        _ = try SubmissionStore(path: path, catalog: try Self.catalog(extraStudyPlanField: false))
        let (columns, label, childColumns) = try DatabaseQueue(path: path).read { db in
            (
                try db.columns(in: "annual_target_book").map(\.name),
                try String.fetchOne(
                    db, sql: "SELECT label FROM field_labels WHERE table_name = 'branch_self_check_items' AND column_name = 'measures'"),
                try db.columns(in: "branch_self_check_items").map(\.name)
            )
        }
        #expect(columns.starts(with: ["submission_id", "status", "year", "branch", "name"]))
        #expect(columns.contains("planned_study_hours"))
        #expect(label == "整改措施")
        #expect(childColumns == ["submission_id", "row", "aspect", "problems", "measures", "deadline", "owner"])
    }

    @Test func aFieldAddedToASchemaBecomesAColumnAndKeepsTheData() throws {
        let folder = try TestPaths.temporaryFolder("tables-migrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("formpipe.sqlite").path
        let store = try SubmissionStore(path: path, catalog: try Self.catalog(extraStudyPlanField: false))
        let run = try store.beginRun(command: "test")
        guard case .process(let id) = try store.intake(IntakeFile(sourcePath: "x.docx", sha256: "x", size: 1), runID: run) else {
            Issue.record("not taken in")
            return
        }
        try store.load([
            Outcome(
                submissionID: id, form: "study_plan", status: .valid, reason: nil, record: ["year": 2017, "name": "甲", "total_hours": 112],
                identity: "[2017,\"甲\"]", findings: [])
        ])
        _ = try SubmissionStore(path: path, catalog: try Self.catalog(extraStudyPlanField: true))
        let (columns, hours, change) = try DatabaseQueue(path: path).read { db in
            (
                try db.columns(in: "study_plan").map(\.name),
                try Double.fetchOne(db, sql: "SELECT total_hours FROM study_plan WHERE submission_id = ?", arguments: [id]),
                try String.fetchOne(db, sql: "SELECT change FROM schema_changes WHERE table_name = 'study_plan' ORDER BY id DESC")
            )
        }
        #expect(columns.last == "phone")
        #expect(hours == 112)
        #expect(change == "added column phone")
    }
}
