import FormSchema
import FormStore
import Foundation

/// What every output shows, worked out once from the store so the workbook, the CSVs, the overview and the
/// notices can never disagree with one another.
struct ReportModel {
    /// A current submission (valid or invalid, of a known form): what the per-form sheets and the matrix count.
    struct Entry {
        let submission: StoredSubmission
        let form: FormSchema
        let branch: String
        /// Who or what the submission is about, from its identity fields (姓名; 老教工、新教工、阶段).
        let subject: String
        /// The stored findings followed by the copied-text warnings the report adds.
        let findings: [Finding]

        var errors: Int { findings.filter { $0.severity == .error }.count }
        var warnings: Int { findings.count - errors }
        var isInvalid: Bool { submission.status == .invalid }
    }

    /// One cell of the completeness matrix. `missing` is nil where nobody is expected to send this form.
    struct Completeness: Equatable {
        var submitted = 0
        var valid = 0
        var invalid = 0
        var missing: Int?
    }

    /// Someone (or a branch) the roster says should have sent a form, with no current submission of it.
    struct Missing: Equatable {
        let branch: String
        /// nil for a form owed by the branch itself (the self-check).
        let member: Roster.Member?
        let formID: String
        let formName: String
    }

    /// A later submission that superseded an earlier one with the same identity.
    struct Correction {
        let earlier: StoredSubmission
        let later: StoredSubmission
        let branch: String
        let subject: String
        let formName: String
    }

    let catalog: SchemaCatalog
    let generatedAt: Date
    let all: [StoredSubmission]
    let current: [Entry]
    let currentByForm: [String: [Entry]]
    /// Current submissions per branch, in intake order.
    let currentOfBranch: [String: [Entry]]
    let branches: [String]
    /// Position of each branch in `branches`: roster order first, then natural order.
    let branchRank: [String: Int]
    let matrix: [String: [String: Completeness]]
    let missing: [Missing]
    let corrections: [Correction]
    let rejected: [StoredSubmission]
    let roster: Roster?

    static let noBranch = "（未填所在支部）"

    init(submissions: [StoredSubmission], catalog: SchemaCatalog, roster: Roster?, copiedTextSimilarity: Double, generatedAt: Date) {
        self.catalog = catalog
        self.generatedAt = generatedAt
        self.all = submissions
        self.roster = roster
        let byID = Dictionary(submissions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // A branch typed with other spacing than the roster's is the roster's branch.
        var rosterSpelling: [String: String] = [:]
        for member in roster?.members ?? [] where rosterSpelling[Roster.normalised(member.branch)] == nil {
            rosterSpelling[Roster.normalised(member.branch)] = member.branch
        }
        let branchOf = { (submission: StoredSubmission) -> String in
            let typed = Self.branch(of: submission)
            return rosterSpelling[Roster.normalised(typed)] ?? typed
        }

        var base: [(StoredSubmission, FormSchema)] = []
        for submission in submissions where submission.status == .valid || submission.status == .invalid {
            guard let form = submission.form.flatMap(catalog.form(id:)) else { continue }
            base.append((submission, form))
        }
        let copied = Self.copiedTextFindings(base, similarity: copiedTextSimilarity, byID: byID, catalog: catalog)
        current = base.map { submission, form in
            Entry(
                submission: submission, form: form, branch: branchOf(submission), subject: Self.subject(of: submission, in: form),
                findings: submission.findings + (copied[submission.id] ?? []))
        }
        currentByForm = Dictionary(grouping: current, by: { $0.form.id })
        currentOfBranch = Dictionary(grouping: current, by: \.branch)
        rejected = submissions.filter { $0.status == .rejected }

        corrections = submissions.compactMap { earlier in
            guard let laterID = earlier.supersededBy, let later = byID[laterID] else { return nil }
            let form = earlier.form.flatMap(catalog.form(id:))
            return Correction(
                earlier: earlier, later: later, branch: branchOf(later),
                subject: form.map { Self.subject(of: later, in: $0) } ?? "", formName: form?.name ?? "")
        }.sorted { ($0.later.intakeAt, $0.later.id) < ($1.later.intakeAt, $1.later.id) }

        var branchOrder: [String] = []
        var seen = Set<String>()
        for branch in roster?.members.map(\.branch) ?? [] where seen.insert(branch).inserted {
            branchOrder.append(branch)
        }
        let others = Set(current.map(\.branch)).subtracting(seen)
        let keys = Dictionary(uniqueKeysWithValues: others.map { ($0, Self.sortKey($0)) })
        branchOrder += others.sorted { (keys[$0] ?? "", $0) < (keys[$1] ?? "", $1) }
        branches = branchOrder
        branchRank = Dictionary(uniqueKeysWithValues: branchOrder.enumerated().map { ($1, $0) })
        let rank = branchRank
        // By branch, so each branch's people read together; within a branch the roster's order is kept.
        let missing = Self.missing(roster: roster, branches: branchOrder, current: current, catalog: catalog)
            .enumerated().sorted { (rank[$0.element.branch] ?? Int.max, $0.offset) < (rank[$1.element.branch] ?? Int.max, $1.offset) }
            .map(\.element)
        self.missing = missing
        matrix = Self.matrix(branches: branchOrder, current: current, missing: missing, catalog: catalog, roster: roster)
    }

    /// Current submissions by branch (in `branches` order), then in intake order.
    var currentByBranch: [Entry] {
        branches.flatMap { currentOfBranch[$0] ?? [] }
    }

    func entries(ofBranch branch: String) -> [Entry] {
        currentOfBranch[branch] ?? []
    }

    func missing(ofBranch branch: String) -> [Missing] {
        missing.filter { $0.branch == branch }
    }

    // MARK: Who a submission belongs to

    static func branch(of submission: StoredSubmission) -> String {
        let branch = submission.record?["branch"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return branch.isEmpty ? noBranch : branch
    }

    /// The identity fields that name a person or pair; the branch and dates are shown elsewhere.
    static func subject(of submission: StoredSubmission, in form: FormSchema) -> String {
        form.identity.compactMap { key -> String? in
            guard key != "branch", let field = form.field(key), field.kind == .string || field.kind == .enum else { return nil }
            let value = CellValue.display(submission.record?[key]).trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }.joined(separator: "、")
    }

    /// A key that sorts 第二 before 第十 and 第10 after 第9, as a person reads branch names.
    static func sortKey(_ text: String) -> String {
        let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        var key = ""
        var run = ""
        func flush() {
            guard !run.isEmpty else { return }
            var value = 0
            var pending = 0
            for character in run {
                if let digit = digits[character] {
                    pending = pending * 10 + digit
                } else if character == "十" {
                    value += max(pending, 1) * 10
                    pending = 0
                } else if character == "百" {
                    value += max(pending, 1) * 100
                    pending = 0
                } else if let digit = character.wholeNumberValue {
                    pending = pending * 10 + digit
                }
            }
            let number = value + pending
            key += String(repeating: "0", count: max(0, 6 - String(number).count)) + String(number)
            run = ""
        }
        for character in text {
            if digits[character] != nil || character == "十" || character == "百" || (character.isASCII && character.isNumber) {
                run.append(character)
            } else {
                flush()
                key.append(character)
            }
        }
        flush()
        return key
    }

    // MARK: Completeness

    /// What the office expects, as FORMS.md states it: a target book from every member, a study plan from
    /// every member at 副处级 and above (both known only from a roster), and a self-check from every branch.
    /// Mentoring pairs are not on the roster, so nobody is counted missing for them.
    static func missing(roster: Roster?, branches: [String], current: [Entry], catalog: SchemaCatalog) -> [Missing] {
        var result: [Missing] = []
        let personForms: [(id: String, owes: (Roster.Member) -> Bool)] = [
            ("annual_target_book", { _ in true }), ("study_plan", { $0.owesStudyPlan }),
        ]
        for (formID, owes) in personForms {
            guard let roster, let form = catalog.form(id: formID) else { continue }
            let submitted = Set(
                current.filter { $0.form.id == formID }.map { entry in
                    Roster.normalised(entry.branch) + "\u{0}" + Roster.normalised(entry.submission.record?["name"]?.stringValue ?? "")
                })
            for member in roster.members where owes(member) {
                if !submitted.contains(Roster.normalised(member.branch) + "\u{0}" + Roster.normalised(member.name)) {
                    result.append(Missing(branch: member.branch, member: member, formID: formID, formName: form.name))
                }
            }
        }
        if let form = catalog.form(id: "branch_self_check") {
            let submitted = Set(current.filter { $0.form.id == form.id }.map(\.branch))
            for branch in branches where branch != noBranch && !submitted.contains(branch) {
                result.append(Missing(branch: branch, member: nil, formID: form.id, formName: form.name))
            }
        }
        return result
    }

    static func matrix(
        branches: [String], current: [Entry], missing: [Missing], catalog: SchemaCatalog, roster: Roster?
    ) -> [String: [String: Completeness]] {
        let counted: Set<String> = roster == nil ? ["branch_self_check"] : ["branch_self_check", "annual_target_book", "study_plan"]
        var matrix: [String: [String: Completeness]] = [:]
        for branch in branches {
            var row: [String: Completeness] = [:]
            for form in catalog.forms {
                row[form.id] = Completeness(missing: counted.contains(form.id) && branch != noBranch ? 0 : nil)
            }
            matrix[branch] = row
        }
        for entry in current {
            var cell = matrix[entry.branch]?[entry.form.id] ?? Completeness()
            cell.submitted += 1
            if entry.isInvalid { cell.invalid += 1 } else { cell.valid += 1 }
            matrix[entry.branch, default: [:]][entry.form.id] = cell
        }
        for item in missing {
            matrix[item.branch, default: [:]][item.formID, default: Completeness(missing: 0)].missing? += 1
        }
        return matrix
    }

    // MARK: Copied text

    static func copiedTextFindings(
        _ entries: [(StoredSubmission, FormSchema)], similarity: Double, byID: [Int64: StoredSubmission], catalog: SchemaCatalog
    ) -> [Int64: [Finding]] {
        var texts: [CopiedTextDetector.Text] = []
        for (submission, form) in entries {
            guard let record = submission.record else { continue }
            for field in form.fields {
                if field.kind == .text, let text = record[field.key]?.stringValue {
                    texts.append(.init(submissionID: submission.id, group: "\(form.id)/\(field.key)", path: field.key, text: text))
                }
                guard field.kind == .table, let rows = record[field.key]?.arrayValue else { continue }
                for column in field.columns where column.kind == .text {
                    for (index, row) in rows.enumerated() {
                        guard let text = row[column.key]?.stringValue else { continue }
                        texts.append(
                            .init(
                                submissionID: submission.id, group: "\(form.id)/\(field.key).\(column.key)",
                                path: "\(field.key)[\(index)].\(column.key)", text: text))
                    }
                }
            }
        }
        var findings: [Int64: [Finding]] = [:]
        for match in CopiedTextDetector(threshold: similarity).matches(in: texts) {
            guard let other = byID[match.otherSubmissionID] else { continue }
            let form = other.form.flatMap(catalog.form(id:))
            let who = [branch(of: other), form.map { subject(of: other, in: $0) } ?? ""].filter { !$0.isEmpty }
                .joined(separator: " ")
            let field = FieldPath.display(match.otherPath, in: form)
            let percent = Int((match.similarity * 100).rounded(.down))
            let more = match.matches > 1 ? "（共与 \(match.matches) 处内容相似）" : ""
            findings[match.submissionID, default: []].append(
                Finding(
                    path: match.path, severity: .warning, rule: Self.copiedTextRule,
                    message: "与\(who)（\(other.sourcePath)）的“\(field)”相似度 \(percent)%\(more)，疑似抄袭：学习体会应为本人所感所悟，不得抄袭"))
        }
        return findings
    }

    static let copiedTextRule = "copiedText"
}
