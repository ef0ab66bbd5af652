import FormSchema
import Foundation
import GRDB
import TestSupport
import Testing

@testable import FormStore

@Suite struct StoreSnapshotTests {
    /// A store of `count` study plans in one run: every third invalid with two findings, every fifth a
    /// correction of the one before it (same identity), and a rejected file after every seventh.
    func filledStore(_ count: Int) throws -> (SubmissionStore, URL) {
        let folder = try TestPaths.temporaryFolder("snapshot")
        let store = try SubmissionStore(path: folder.appendingPathComponent("formpipe.sqlite").path)
        for index in 0..<count {
            let run = try store.beginRun(command: "test")
            var files = [IntakeFile(sourcePath: "plans/\(index).docx", sha256: "h\(index)", size: 1)]
            if index % 7 == 6 { files.append(IntakeFile(sourcePath: "junk/\(index).bin", sha256: "j\(index)", size: 1)) }
            var outcomes: [Outcome] = []
            for (file, decision) in zip(files, try store.intake(files, runID: run)) {
                guard case .process(let id) = decision else { continue }
                if file.sourcePath.hasPrefix("junk/") {
                    outcomes.append(.rejected(id, reason: "无法识别", code: "not-a-form-file"))
                    continue
                }
                let person = index % 5 == 4 ? index - 1 : index
                let findings =
                    index % 3 == 0
                    ? [
                        Finding(path: "total_hours", severity: .error, rule: "minimum", message: "学时不足 \(index)"),
                        Finding(path: "items[0].content", severity: .warning, rule: "minLength", message: "内容过短 \(index)"),
                    ] : []
                outcomes.append(
                    Outcome(
                        submissionID: id, form: "study_plan", status: findings.isEmpty ? .valid : .invalid, reason: nil,
                        record: ["name": .string("党员\(person)"), "total_hours": .number(Double(index))],
                        identity: "[2017,\"党员\(person)\"]", findings: findings))
            }
            // A run of its own each time, so a correction supersedes what came before it.
            try store.load(outcomes)
        }
        return (store, folder)
    }

    func same(_ a: StoredSubmission, _ b: StoredSubmission, records: Bool = true) -> Bool {
        a.id == b.id && a.sourcePath == b.sourcePath && a.sha256 == b.sha256 && a.intakeAt == b.intakeAt && a.status == b.status
            && a.form == b.form && a.reason == b.reason && a.findings == b.findings && a.duplicateOf == b.duplicateOf
            && a.supersededBy == b.supersededBy && (records ? a.record == b.record : b.record == nil)
    }

    @Test func walkGivesEverySubmissionInIdOrderWithItsOwnFindings() throws {
        // More than a page of rows, whose records are parsed together (on two threads).
        let (store, folder) = try filledStore(StoreSnapshot.parsePage + 45)
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = try store.allSubmissions()
        #expect(all.contains { $0.status == .rejected } && all.contains { $0.status == .superseded })
        for records in [true, false] {
            var walked: [StoredSubmission] = []
            try store.withSnapshot { snapshot in try snapshot.forEachSubmission(records: records) { walked.append($0) } }
            #expect(walked.count == all.count)
            #expect(zip(all, walked).allSatisfy { same($0, $1, records: records) }, "records: \(records)")
        }
    }

    @Test func byIdReadsPagesAndKeepsIdOrder() throws {
        let (store, folder) = try filledStore(StoreSnapshot.pageSize + 80)
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = try store.allSubmissions()
        #expect(all.count > StoreSnapshot.pageSize)
        // Asked in reverse and with an unknown id: answered in id order, the unknown one left out.
        let wanted = all.map(\.id).filter { $0 % 2 == 0 }.reversed() + [999_999]
        let fetched = try store.withSnapshot { try $0.submissions(ids: Array(wanted), records: true) }
        let expected = all.filter { $0.id % 2 == 0 }
        #expect(fetched.count == expected.count)
        #expect(zip(expected, fetched).allSatisfy { same($0, $1) })
    }

    @Test func supersessionsComeInTheOrderTheCorrectionsArrived() throws {
        let (store, folder) = try filledStore(30)
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = try store.allSubmissions()
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        var supersessions: [Supersession] = []
        try store.withSnapshot { try $0.forEachSupersession { supersessions.append($0) } }
        let expected = all.compactMap { earlier -> Supersession? in
            guard let laterID = earlier.supersededBy, let later = byID[laterID] else { return nil }
            return Supersession(
                earlierID: earlier.id, laterID: later.id, laterIntakeAt: later.intakeAt, laterStatus: later.status,
                earlierErrors: earlier.findings.filter { $0.severity == .error }.count, earlierForm: earlier.form,
                earlierPath: earlier.sourcePath, laterPath: later.sourcePath)
        }.sorted { ($0.laterIntakeAt, $0.laterID, $0.earlierID) < ($1.laterIntakeAt, $1.laterID, $1.earlierID) }
        #expect(!expected.isEmpty)
        #expect(supersessions == expected)
    }

    @Test func aSnapshotDoesNotSeeWhatIsLoadedWhileItIsRead() throws {
        let (store, folder) = try filledStore(10)
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try store.allSubmissions().count
        let other = try SubmissionStore(path: store.path)
        let counts = try store.withSnapshot { snapshot -> (Int, Int) in
            var first = 0
            try snapshot.forEachSubmission(records: false) { _ in first += 1 }
            // Another process takes a file in meanwhile.
            let run = try other.beginRun(command: "test")
            _ = try other.intake(IntakeFile(sourcePath: "late.docx", sha256: "late", size: 1), runID: run)
            var second = 0
            try snapshot.forEachSubmission(records: false) { _ in second += 1 }
            return (first, second)
        }
        #expect(counts == (before, before))
        #expect(try store.allSubmissions().count == before + 1)
    }
}
