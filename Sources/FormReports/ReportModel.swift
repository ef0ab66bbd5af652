import FormSchema
import FormStore
import Foundation

/// What every output shows, worked out in one walk over the store so the workbook, the CSVs, the overview and
/// the notices can never disagree with one another. It keeps counts and a few small facts per current
/// submission, never the records: the outputs read those again, a page at a time, when they write them.
struct ReportModel {
    /// A current submission (valid or invalid, of a known form), reduced to what the outputs need besides its
    /// record, path and stored findings.
    struct Entry {
        let id: Int64
        /// Index into the catalog's forms.
        let formIndex: Int
        /// Index into `branches`.
        fileprivate(set) var branchIndex: Int
        /// Index into `typedBranches`: the branch as typed (trimmed), which the copied-text warning quotes.
        let typedBranchIndex: Int
        /// Who or what the submission is about, from its identity fields (姓名; 老教工、新教工、阶段).
        let subject: String
        let isInvalid: Bool
        /// 待核对: every error is a reading finding; the clerk looks at it, and no notice names it.
        let needsReview: Bool
        /// Reading findings (formpipe could not read what is there), listed for the clerk on their own.
        let readingFindings: Int
        /// Error findings (all stored: the report adds warnings only).
        let errors: Int
        /// Stored warnings plus the copied-text warnings the report adds.
        fileprivate(set) var warnings: Int
        /// ISO 8601 time it was taken in.
        let receivedAt: String
        /// The form's deadline (`x-form.due`, or pipeline.conf `due.<form>`), when it has one.
        let deadline: CalendarDate?
        /// Days it came in after its deadline; nil when on time or without a deadline.
        let lateDays: Int?

        var findingCount: Int { errors + warnings }
    }

    /// One cell of the completeness matrix. `missing` is nil where nobody is expected to send this form.
    struct Completeness: Equatable {
        var submitted = 0
        var valid = 0
        var invalid = 0
        var review = 0
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

    /// Submissions and corrections received on one local calendar day.
    struct DayCounts: Equatable {
        var received = 0
        var corrected = 0
        /// Corrections of a submission with errors that are now valid.
        var fixed = 0
    }

    /// What a correction shows of the submission that made it, kept for the ones no longer current.
    struct Replacing {
        let branch: String
        /// The form the subject was worked out with.
        let formIndex: Int?
        let subject: String
    }

    /// The submission another one's text resembles, as the copied-text warning names it.
    struct CopySource {
        let who: String
        let sourcePath: String
        let formIndex: Int
    }

    let catalog: SchemaCatalog
    let generatedAt: Date
    /// This round's deadlines from pipeline.conf, form id → `YYYY-MM-DD`.
    let dueDates: [String: String]
    let roster: Roster?
    /// Normalised branch → the roster's spelling of it.
    let rosterSpelling: [String: String]
    /// Every stored submission, whatever its status.
    let total: Int
    /// The rejected submissions, in id order.
    let rejectedIDs: [Int64]
    var rejectedCount: Int { rejectedIDs.count }
    /// Current submissions in id (intake) order.
    let entries: [Entry]
    let branches: [String]
    /// Position of each branch in `branches`: roster order first, then natural order.
    let branchRank: [String: Int]
    let typedBranches: [String]
    let matrix: [String: [String: Completeness]]
    let missing: [Missing]
    /// Copied-text matches per submission, ordered by path.
    let copied: [Int64: [CopiedTextDetector.Match]]
    let copySources: [Int64: CopySource]
    /// One chart per form that declares one (`x-form.chart`).
    let charts: [StudyHoursChart]
    /// Where findings point, as clerks read it.
    let places: FieldPlaces
    /// Rows of each repeating table over the current submissions: per form, per table field in field order.
    let tableRowCounts: [[Int]]
    let correctionCount: Int
    /// Submissions that replaced another but are no longer current themselves (corrected again since).
    let replacing: [Int64: Replacing]
    let days: [String: DayCounts]

    static let noBranch = "（未填所在支部）"

    /// A submission as the walk meets it, for outputs written in the same walk.
    struct Visit {
        let submission: StoredSubmission
        let formIndex: Int?
        /// Who or what the submission is about (empty without a known form).
        let subject: String
        /// The branch it counts for, when it is current (valid or invalid, of a known form); nil otherwise.
        let currentBranch: String?
    }

    /// Walks `source` once (and its supersessions once). `visit` sees every submission on the way, so the
    /// outputs in id order (submissions.csv, the table sheets) are written in the same walk.
    init(
        source: some ReportSource, catalog: SchemaCatalog, roster: Roster?, copiedTextSimilarity: Double, generatedAt: Date,
        dueDates: [String: String] = [:], visit: (Visit) throws -> Void = { _ in }
    ) throws {
        self.catalog = catalog
        self.generatedAt = generatedAt
        self.dueDates = dueDates
        self.roster = roster
        let forms = catalog.forms
        places = FieldPlaces(forms: forms)
        var walk = Walk(forms: forms, roster: roster, dueDates: dueDates)
        rosterSpelling = walk.rosterSpelling
        // The corrections first (no record is read for them), since a correction names the later one's branch
        // and subject even when it has been corrected again since and is no longer current.
        try source.forEachSupersession { walk.add($0) }
        try source.forEachSubmission(records: true) { try walk.add($0, visit: visit) }
        total = walk.total
        rejectedIDs = walk.rejectedIDs
        tableRowCounts = walk.tableRowCounts
        typedBranches = walk.typedBranches.names
        correctionCount = walk.correctionCount
        replacing = walk.replacing
        days = walk.days

        // Copied text: the matches are kept, and their warnings worded when an output writes them.
        var entries = walk.entries
        (copied, copySources) = try Self.copiedTexts(
            CopiedTextDetector(threshold: copiedTextSimilarity).matches(inGroups: walk.texts), entries: &entries, source: source,
            typedBranches: walk.typedBranches.names)
        walk.texts = []

        let branchOrder = Self.branchOrder(roster: roster, current: walk.currentBranches.names)
        branches = branchOrder
        let rank = Dictionary(uniqueKeysWithValues: branchOrder.enumerated().map { ($1, $0) })
        branchRank = rank
        let rankOfKey = walk.currentBranches.names.map { rank[$0] ?? 0 }
        for index in entries.indices {
            entries[index].branchIndex = rankOfKey[entries[index].branchIndex]
        }
        self.entries = entries

        let missing = Self.missing(
            forms: forms, roster: roster, delivered: walk.delivered, branchesDelivered: walk.branchesDelivered, branchOrder: branchOrder,
            rank: rank)
        self.missing = missing
        matrix = Self.matrix(branches: branchOrder, entries: entries, missing: missing, catalog: catalog, roster: roster)
        charts = Self.charts(of: forms, charted: walk.charted, values: walk.chartValues)
    }

    /// What the walk over the store gathers, a correction or a submission at a time.
    private struct Walk {
        let forms: [FormSchema]
        let formIndexByID: [String: Int]
        let dueDates: [String: String]
        /// Normalised branch → the roster's spelling of it: a branch typed with other spacing is the roster's.
        let rosterSpelling: [String: String]
        /// Who owes a person form, as branch + name keys: only these are looked for among the submissions.
        let owed: [String: Set<String>]
        let textFields: [[TextField]]
        let tableKeys: [[String]]
        /// The forms with a chart (x-form.chart).
        let charted: [Int]

        var dayOf = ReportDates.dayMemo()
        var days: [String: DayCounts] = [:]
        var correctionCount = 0
        /// Submissions that replaced another.
        var laterIDs = Set<Int64>()
        var replacing: [Int64: Replacing] = [:]
        var total = 0
        var rejectedIDs: [Int64] = []
        var entries: [Entry] = []
        var tableRowCounts: [[Int]]
        var texts: [[CopiedTextDetector.Text]]
        /// Per form, the branch + name keys of the people owed who have sent it.
        var delivered: [String: Set<String>] = [:]
        /// For each form one branch owes, the branches that have sent it.
        var branchesDelivered: [String: Set<String>] = [:]
        /// Branches of current submissions in the order met; entries point into this until the order is known.
        var currentBranches = NameList()
        var typedBranches = NameList()
        /// The charted values of each form, by category.
        var chartValues: [Int: [String: [Double]]] = [:]

        init(forms: [FormSchema], roster: Roster?, dueDates: [String: String]) {
            self.forms = forms
            self.dueDates = dueDates
            formIndexByID = Dictionary(forms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            var rosterSpelling: [String: String] = [:]
            for member in roster?.members ?? [] where rosterSpelling[Roster.normalised(member.branch)] == nil {
                rosterSpelling[Roster.normalised(member.branch)] = member.branch
            }
            self.rosterSpelling = rosterSpelling
            var owed: [String: Set<String>] = [:]
            for form in forms {
                guard let roster, let owes = ReportModel.memberOwes(form) else { continue }
                owed[form.id] = Set(roster.members.filter(owes).map { ReportModel.personKey(branch: $0.branch, name: $0.name) })
            }
            self.owed = owed
            let (textFields, groupCount) = ReportModel.textFields(of: forms)
            self.textFields = textFields
            texts = [[CopiedTextDetector.Text]](repeating: [], count: groupCount)
            tableKeys = forms.map { $0.fields.filter { $0.kind == .table }.map(\.key) }
            tableRowCounts = tableKeys.map { [Int](repeating: 0, count: $0.count) }
            charted = forms.indices.filter { forms[$0].roles.chart != nil }
        }

        /// A correction: its count, its day, and which submission replaced another.
        mutating func add(_ supersession: Supersession) {
            correctionCount += 1
            laterIDs.insert(supersession.laterID)
            let day = dayOf(supersession.laterIntakeAt)
            days[day, default: DayCounts()].corrected += 1
            if supersession.earlierErrors > 0, supersession.laterStatus == .valid { days[day, default: DayCounts()].fixed += 1 }
        }

        mutating func add(_ submission: StoredSubmission, visit: (Visit) throws -> Void) throws {
            total += 1
            days[dayOf(submission.intakeAt), default: DayCounts()].received += 1
            if submission.status == .rejected { rejectedIDs.append(submission.id) }
            let formIndex = submission.form.flatMap { formIndexByID[$0] }
            let form = formIndex.map { forms[$0] }
            let subject = form.map { ReportModel.subject(of: submission, in: $0) } ?? ""
            let current = submission.status.isCurrentForm
            // The branch is worked out only where it is shown: for a current submission, or one that made a
            // correction (most of a long history is neither).
            let typed = current || laterIDs.contains(submission.id) ? ReportModel.branch(of: submission, in: form) : nil
            let branch = typed.map { ReportModel.branchName(typed: $0, rosterSpelling: rosterSpelling) }
            try visit(
                Visit(submission: submission, formIndex: formIndex, subject: subject, currentBranch: current && form != nil ? branch : nil))
            if !current, let branch {
                replacing[submission.id] = Replacing(branch: branch, formIndex: formIndex, subject: subject)
            }
            guard current, let formIndex, let form, let typed, let branch else { return }
            addCurrent(submission, formIndex: formIndex, form: form, subject: subject, typed: typed, branch: branch)
        }

        private mutating func addCurrent(
            _ submission: StoredSubmission, formIndex: Int, form: FormSchema, subject: String, typed: String, branch: String
        ) {
            let errors = submission.findings.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) }
            let received = CalendarDate(dayOf(submission.intakeAt))
            let deadline = ReportModel.deadline(of: form, record: submission.record, received: received, dueDates: dueDates)
            let lateDays = deadline.flatMap { deadline in received.map { $0.dayNumber - deadline.dayNumber } }.flatMap { $0 > 0 ? $0 : nil }
            entries.append(
                Entry(
                    id: submission.id, formIndex: formIndex, branchIndex: currentBranches.index(of: branch),
                    typedBranchIndex: typedBranches.index(of: typed), subject: subject, isInvalid: submission.status == .invalid,
                    needsReview: submission.status == .review,
                    readingFindings: submission.findings.reduce(0) { $0 + ($1.source == .reading ? 1 : 0) }, errors: errors,
                    warnings: submission.findings.count - errors, receivedAt: submission.intakeAt, deadline: deadline, lateDays: lateDays))

            let record = submission.record
            if let record {
                for (index, key) in tableKeys[formIndex].enumerated() {
                    tableRowCounts[formIndex][index] += record[key]?.arrayValue?.count ?? 0
                }
                ReportModel.collectTexts(of: record, id: submission.id, fields: textFields[formIndex], into: &texts)
            }
            if let keys = owed[form.id], !keys.isEmpty, let person = form.roles.personField {
                let key = ReportModel.personKey(branch: branch, name: record?[person]?.stringValue ?? "")
                if keys.contains(key) { delivered[form.id, default: []].insert(key) }
            }
            if form.roles.owed == .eachBranch { branchesDelivered[form.id, default: []].insert(branch) }
            if let chart = form.roles.chart, let value = record?[chart.field]?.numberValue, FieldKind.isWithinNumberBound(value), value >= 0 {
                let options = form.field(chart.by)?.options ?? []
                let category = record?[chart.by]?.stringValue ?? ""
                chartValues[formIndex, default: [:]][options.contains(category) ? category : ReportModel.noCategory, default: []].append(value)
            }
        }
    }

    /// Each copy's warning is counted on the submission that holds it; the submissions copied from are named.
    private static func copiedTexts(
        _ matches: [CopiedTextDetector.Match], entries: inout [Entry], source: some ReportSource, typedBranches: [String]
    ) throws -> ([Int64: [CopiedTextDetector.Match]], [Int64: CopySource]) {
        var copied: [Int64: [CopiedTextDetector.Match]] = [:]
        for match in matches { copied[match.submissionID, default: []].append(match) }
        for (id, list) in copied {
            if let index = index(of: id, in: entries) { entries[index].warnings += list.count }
        }
        var copySources: [Int64: CopySource] = [:]
        let sourceIDs = Set(matches.map(\.otherSubmissionID))
        for other in try source.submissions(ids: Array(sourceIDs), records: false) {
            guard let index = index(of: other.id, in: entries) else { continue }
            let entry = entries[index]
            let who = [typedBranches[entry.typedBranchIndex], entry.subject].filter { !$0.isEmpty }.joined(separator: " ")
            copySources[other.id] = CopySource(who: who, sourcePath: other.sourcePath, formIndex: entry.formIndex)
        }
        return (copied, copySources)
    }

    /// The roster's branches in its order, then the others by their Chinese numerals (第二 before 第十).
    private static func branchOrder(roster: Roster?, current: [String]) -> [String] {
        var order: [String] = []
        var seen = Set<String>()
        for branch in roster?.members.map(\.branch) ?? [] where seen.insert(branch).inserted {
            order.append(branch)
        }
        let others = current.filter { !seen.contains($0) }
        let keys = Dictionary(uniqueKeysWithValues: others.map { ($0, sortKey($0)) })
        return order + others.sorted { (keys[$0] ?? "", $0) < (keys[$1] ?? "", $1) }
    }

    /// What is owed and not there: a member's form by member (with a roster), a branch's form by branch; by branch,
    /// so each branch's people read together, and within a branch in the roster's order.
    private static func missing(
        forms: [FormSchema], roster: Roster?, delivered: [String: Set<String>], branchesDelivered: [String: Set<String>],
        branchOrder: [String], rank: [String: Int]
    ) -> [Missing] {
        var missing: [Missing] = []
        for form in forms {
            guard let roster, let owes = memberOwes(form) else { continue }
            let found = delivered[form.id] ?? []
            for member in roster.members where owes(member) {
                if !found.contains(personKey(branch: member.branch, name: member.name)) {
                    missing.append(Missing(branch: member.branch, member: member, formID: form.id, formName: form.name))
                }
            }
        }
        for form in forms where form.roles.owed == .eachBranch {
            let found = branchesDelivered[form.id] ?? []
            for branch in branchOrder where branch != noBranch && !found.contains(branch) {
                missing.append(Missing(branch: branch, member: nil, formID: form.id, formName: form.name))
            }
        }
        return missing.enumerated()
            .sorted { (rank[$0.element.branch] ?? Int.max, $0.offset) < (rank[$1.element.branch] ?? Int.max, $1.offset) }
            .map(\.element)
    }

    /// The chart of each form that declares one (x-form.chart): its values by category, with their minimums.
    private static func charts(of forms: [FormSchema], charted: [Int], values: [Int: [String: [Double]]]) -> [StudyHoursChart] {
        charted.compactMap { formIndex in
            let form = forms[formIndex]
            guard let chart = form.roles.chart, let field = form.field(chart.field), let by = form.field(chart.by) else { return nil }
            let byCategory = values[formIndex] ?? [:]
            let series = (by.options + [noCategory]).compactMap { category -> StudyHoursChart.Series? in
                guard let hours = byCategory[category], !hours.isEmpty else { return nil }
                return StudyHoursChart.Series(category: category, hours: hours.sorted(), minimum: chart.minimums[category])
            }
            return StudyHoursChart(formName: form.name, field: field.title, by: by.title, unit: chart.unit, series: series)
        }
    }
}

extension ReportModel {
    /// Current submissions of one branch (an index into `branches`), in intake order.
    func entries(ofBranch branch: Int) -> [Entry] {
        entries.filter { $0.branchIndex == branch }
    }

    /// Current submissions of one form (an index into the catalog's forms), in intake order.
    func entries(ofForm form: Int) -> [Entry] {
        entries.filter { $0.formIndex == form }
    }

    func missing(ofBranch branch: String) -> [Missing] {
        missing.filter { $0.branch == branch }
    }

    func form(of entry: Entry) -> FormSchema {
        catalog.forms[entry.formIndex]
    }

    /// A submission's findings as the reports list them: the stored ones, then the copied-text warnings.
    func findings(of submission: StoredSubmission) -> [Finding] {
        guard let matches = copied[submission.id] else { return submission.findings }
        return submission.findings + matches.map(copiedTextFinding)
    }

    func copiedTextFinding(_ match: CopiedTextDetector.Match) -> Finding {
        let source = copySources[match.otherSubmissionID]
        let field = source.map { places.display(match.otherPath, formIndex: $0.formIndex) } ?? match.otherPath
        let percent = Int((match.similarity * 100).rounded(.down))
        let more = match.matches > 1 ? "（共与 \(match.matches) 处内容相似）" : ""
        return Finding(
            path: match.path, severity: .warning, rule: Self.copiedTextRule,
            message:
                "与\(source?.who ?? "")（\(source?.sourcePath ?? "")）的“\(field)”相似度 \(percent)%\(more)，疑似抄袭：学习体会应为本人所感所悟，不得抄袭")
    }

    static let copiedTextRule = "copiedText"

    /// The current entry with this id, by binary search (entries are in id order).
    static func index(of id: Int64, in entries: [Entry]) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].id == id ? low : nil
    }

    // MARK: Who a submission belongs to

    /// The branch a submission counts for: as typed, or the roster's spelling of it.
    func branchName(of submission: StoredSubmission) -> String {
        Self.branchName(typed: Self.branch(of: submission, in: submission.form.flatMap { catalog.form(id: $0) }), rosterSpelling: rosterSpelling)
    }

    static func branchName(typed: String, rosterSpelling: [String: String]) -> String {
        rosterSpelling.isEmpty ? typed : rosterSpelling[Roster.normalised(typed)] ?? typed
    }

    /// The branch a submission names, in the field its form says names it (none for a form the catalog no longer
    /// holds, or one without a branch field).
    static func branch(of submission: StoredSubmission, in form: FormSchema?) -> String {
        guard let field = form?.roles.branchField else { return noBranch }
        let branch = submission.record?[field]?.stringValue.map(trimmed) ?? ""
        return branch.isEmpty ? noBranch : branch
    }

    /// The identity fields that name a person or pair; the branch and dates are shown elsewhere.
    static func subject(of submission: StoredSubmission, in form: FormSchema) -> String {
        form.identity.compactMap { key -> String? in
            guard key != form.roles.branchField, let field = form.field(key), field.kind == .string || field.kind == .enum else { return nil }
            let value = trimmed(CellValue.display(submission.record?[key]))
            return value.isEmpty ? nil : value
        }.joined(separator: "、")
    }

    /// The text without leading and trailing white space and line breaks. Foundation's trimming goes through
    /// NSString on Linux; a text that plainly starts and ends with something else (an ASCII graphic
    /// character or a CJK ideograph, as names and branches do) is returned as it is without asking it.
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        func plain(_ scalar: Unicode.Scalar) -> Bool {
            (0x21...0x7E).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value)
        }
        if plain(first) && plain(last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
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

    /// Who on the roster owes a form its schema says members owe (`x-form.owed`): everyone, or those whose rank
    /// is listed, or — when the roster gives no rank — whose category is; nil for a form members do not owe.
    static func memberOwes(_ form: FormSchema) -> ((Roster.Member) -> Bool)? {
        guard case .members(let ranks, let categories) = form.roles.owed else { return nil }
        guard ranks != nil || categories != nil else { return { _ in true } }
        let rankSet = Set((ranks ?? []).map(Roster.normalised))
        let categorySet = Set((categories ?? []).map(Roster.normalised))
        return { member in
            let rank = Roster.normalised(member.rank)
            if rankSet.contains(rank) { return true }
            return rank.isEmpty && categorySet.contains(Roster.normalised(member.category))
        }
    }

    /// A form's deadline for a submission: this round's date from pipeline.conf, else the schema's month and day
    /// in the form's own year (its first whole-number identity field, as 年度), else in the year it came in.
    static func deadline(of form: FormSchema, record: JSONValue?, received: CalendarDate?, dueDates: [String: String]) -> CalendarDate? {
        if let text = dueDates[form.id], let date = CalendarDate(text) { return date }
        guard let due = form.roles.due else { return nil }
        let formYear = form.identity.lazy.compactMap { key -> Int? in
            guard form.field(key)?.kind == .integer, let value = record?[key]?.numberValue, let year = Int(exactly: value),
                (1000...9999).contains(year)
            else { return nil }
            return year
        }.first
        guard let year = formYear ?? received?.year else { return nil }
        return CalendarDate(year: year, month: due.month, day: due.day)
    }

    /// The category a chart puts values whose category field is empty or none of its options under.
    static let noCategory = "未填类别"

    /// A person as the roster and a form both name them: spacing does not tell two people apart.
    static func personKey(branch: String, name: String) -> String {
        Roster.normalised(branch) + "\u{0}" + Roster.normalised(name)
    }

    static func matrix(
        branches: [String], entries: [Entry], missing: [Missing], catalog: SchemaCatalog, roster: Roster?
    ) -> [String: [String: Completeness]] {
        // Forms each branch owes are counted with or without a roster; those members owe, only with one.
        let counted = Set(
            catalog.forms.filter { form in
                form.roles.owed == .eachBranch || (roster != nil && memberOwes(form) != nil)
            }.map(\.id))
        var matrix: [String: [String: Completeness]] = [:]
        for branch in branches {
            var row: [String: Completeness] = [:]
            for form in catalog.forms {
                row[form.id] = Completeness(missing: counted.contains(form.id) && branch != noBranch ? 0 : nil)
            }
            matrix[branch] = row
        }
        for entry in entries {
            let branch = branches[entry.branchIndex]
            let formID = catalog.forms[entry.formIndex].id
            var cell = matrix[branch]?[formID] ?? Completeness()
            cell.submitted += 1
            if entry.isInvalid {
                cell.invalid += 1
            } else if entry.needsReview {
                cell.review += 1
            } else {
                cell.valid += 1
            }
            matrix[branch, default: [:]][formID] = cell
        }
        for item in missing {
            matrix[item.branch, default: [:]][item.formID, default: Completeness(missing: 0)].missing? += 1
        }
        return matrix
    }

    // MARK: Copied text

    /// A comparison group: the long texts of one form field (or table column), compared with each other only.
    struct TextGroup {
        /// Index into the groups being collected.
        let index: Int
        let name: String
    }

    /// The long-text places of one form, each with its comparison group.
    struct TextField {
        let key: String
        /// For a text field: its group; nil for a table.
        let group: TextGroup?
        /// For a table: its text columns and their groups; for a text field: empty.
        let columns: [(key: String, group: TextGroup)]
    }

    /// Every form's long-text places, and how many comparison groups they make.
    static func textFields(of forms: [FormSchema]) -> (fields: [[TextField]], groupCount: Int) {
        var count = 0
        func group(_ name: String) -> TextGroup {
            defer { count += 1 }
            return TextGroup(index: count, name: name)
        }
        let fields = forms.map { form in
            form.fields.compactMap { field -> TextField? in
                if field.kind == .text { return TextField(key: field.key, group: group("\(form.id)/\(field.key)"), columns: []) }
                guard field.kind == .table else { return nil }
                let columns = field.columns.filter { $0.kind == .text }.map { ($0.key, group("\(form.id)/\(field.key).\($0.key)")) }
                return columns.isEmpty ? nil : TextField(key: field.key, group: nil, columns: columns)
            }
        }
        return (fields, count)
    }

    /// The record's long texts in field, column, row order, each into its group. A text is kept only in the
    /// detector's normalised form, and not at all when too short to compare, which leaves the matches as they were.
    static func collectTexts(of record: JSONValue, id: Int64, fields: [TextField], into groups: inout [[CopiedTextDetector.Text]]) {
        func add(_ text: String, group: TextGroup, path: () -> String) {
            let scalars = CopiedTextDetector.normalised(text)
            guard scalars.count >= CopiedTextDetector.minimumLength else { return }
            var normalised = ""
            normalised.unicodeScalars.append(contentsOf: scalars)
            groups[group.index].append(.init(submissionID: id, group: group.name, path: path(), text: normalised))
        }
        for field in fields {
            if let group = field.group {
                if let text = record[field.key]?.stringValue { add(text, group: group, path: { field.key }) }
                continue
            }
            guard let rows = record[field.key]?.arrayValue else { continue }
            for column in field.columns {
                for (index, row) in rows.enumerated() {
                    guard let text = row[column.key]?.stringValue else { continue }
                    add(text, group: column.group, path: { "\(field.key)[\(index)].\(column.key)" })
                }
            }
        }
    }
}

/// Names in the order first seen, each with its index.
private struct NameList {
    private(set) var names: [String] = []
    private var indexes: [String: Int] = [:]

    /// The index of `name`, added at the end when new.
    mutating func index(of name: String) -> Int {
        if let index = indexes[name] { return index }
        indexes[name] = names.count
        names.append(name)
        return names.count - 1
    }
}
