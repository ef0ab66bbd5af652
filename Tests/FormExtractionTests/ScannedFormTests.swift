import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// Scans and photos of the printed Samples, made at test time (`ScanFixture`: turned, grey paper, speckle, a
/// red seal), read by OCR through the same readers, classifier and extraction as every other file.
@Suite struct ScannedFormTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    struct Case: Sendable, CustomTestStringConvertible {
        let sample: String
        let container: ScanFixture.Container
        let look: ScanFixture.Look
        var testDescription: String { "\(sample) as \(container)" }
    }

    static let cases: [Case] = [
        Case(sample: "annual_target_book_valid_a", container: .jpeg, look: .init(dpi: 200, rotation: 1.5)),
        Case(sample: "study_plan_valid_a", container: .pdf, look: .init(dpi: 150, rotation: -1)),
        Case(sample: "branch_self_check_valid_a", container: .png, look: .init(dpi: 300, rotation: 0.5, paper: 215)),
        Case(sample: "mentoring_summary_valid_a", container: .tiff, look: .init(dpi: 200, rotation: -1.8)),
    ]

    static func leaves(_ value: JSONValue, _ path: String = "") -> [String: JSONValue] {
        switch value {
        case .object(let object):
            var result: [String: JSONValue] = [:]
            for (key, inner) in object { result.merge(leaves(inner, path.isEmpty ? key : path + "." + key)) { $1 } }
            return result
        case .array(let items):
            var result: [String: JSONValue] = [:]
            for (index, inner) in items.enumerated() { result.merge(leaves(inner, "\(path)[\(index)]")) { $1 } }
            return result
        default:
            return [path: value]
        }
    }

    @Test(arguments: cases)
    func aScanOfASampleReadsAsThePrintedSampleDoes(_ scan: Case) throws {
        let catalog = try #require(Self.catalog)
        let root = TestPaths.repositoryRoot.appendingPathComponent("Samples")
        let pdf = try Data(contentsOf: root.appendingPathComponent("pdf/\(scan.sample).pdf"))
        let expectedFile = try Data(contentsOf: root.appendingPathComponent("expected/pdf/\(scan.sample).json"))
        let expected = try JSONValue.parse(expectedFile)
        let scanned = try ScanFixture.scan(pdf, look: scan.look, as: scan.container)
        // The debug build, four scans at once on two cores: far slower than a release worker.
        var limits = InputLimits()
        limits.secondsPerFile = 300
        limits.secondsPerScannedPage = 300
        let document = try DocumentReader(limits: limits).read(scanned)
        #expect(document.scannedPages >= 1)
        let extractor = try FormClassifier(catalog: catalog).classify(document)
        #expect(extractor.form.id == expected["form"]?.stringValue)
        let (record, findings) = extractor.extractAndValidate(document)

        // Who and when: the identity must be read exactly, or the form is filed under someone else.
        for key in extractor.form.identity {
            #expect(record[key] == expected["fields"]?[key], "identity field \(key)")
        }
        let want = Self.leaves(try #require(expected["fields"]))
        let got = Self.leaves(record)
        let matched = want.filter { got[$0.key] == $0.value }.count
        #expect(Double(matched) >= Double(want.count) * 0.8, "\(matched) of \(want.count) values read exactly")
        // A valid form is never blamed for what OCR misread: what is wrong is formpipe's to check.
        let contentErrors = findings.filter { $0.severity == .error && $0.source == .content }
        #expect(contentErrors.isEmpty, "\(contentErrors.map(\.message))")

        // check --explain's view: each value read with the line OCR read it from, its confidence and its box.
        let explained = extractor.explain(document)
        for key in extractor.form.identity {
            let field = try #require(explained.first { $0.field.key == key })
            guard !field.raw.isEmpty else { continue }
            #expect(!field.scanned.isEmpty, "\(key): no line OCR read holds \(field.raw)")
            for line in field.scanned {
                #expect(line.text.filter { !$0.isWhitespace }.contains(field.raw.filter { !$0.isWhitespace }) || field.raw.contains(line.text))
                #expect((0...100).contains(line.confidence) && line.page == 1)
                #expect(0 <= line.left && line.left < line.right && line.right <= 900, "\(line)")
                #expect(0 <= line.top && line.top < line.bottom && line.bottom <= 900, "\(line)")
            }
        }
        // … and each table cell with the lines it was read from, row by row.
        for table in explained where table.field.kind == .table {
            #expect(table.cells.map(\.row).max() == table.rows, "\(table.field.key): the cells of every row read")
            let written = table.cells.filter { !$0.raw.isEmpty }
            let located = written.filter { !$0.scanned.isEmpty }
            #expect(located.count * 10 >= written.count * 9, "\(table.field.key): \(located.count) of \(written.count) cells with their lines")
            for cell in located {
                #expect(cell.scanned.allSatisfy { FormExtractor.holds(cell.raw, line: $0.text) && $0.page == 1 })
            }
        }
    }
}

/// What a scan changes in extraction, on records and findings made by hand.
@Suite struct ScanDoubtTests {
    static func extractor(_ id: String) throws -> FormExtractor {
        let catalog = try SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))
        return FormExtractor(form: try #require(catalog.form(id: id)))
    }

    @Test func aContentErrorOnALineOCRDoubtedIsTheReadersNotTheBranchs() {
        let finding = Finding(path: "items[1].hours", severity: .error, rule: "minimum", message: "第2行 学时应不少于 1")
        let record: JSONValue = ["items": [["hours": 1], ["hours": 0]]]
        let doubted = FormExtractor.doubted(finding, in: record, uncertain: ["0"])
        #expect(doubted.source == .reading)
        #expect(doubted.message.contains("扫描件"))
        // Another line's doubt does not reach it, nor does a single doubtful character inside a longer value.
        #expect(FormExtractor.doubted(finding, in: record, uncertain: ["机关第一党支部"]).source == .content)
        let name = Finding(path: "name", severity: .error, rule: "minLength", message: "姓名太短")
        #expect(FormExtractor.doubted(name, in: ["name": "李卫东"], uncertain: ["卫"]).source == .content)
        #expect(FormExtractor.doubted(name, in: ["name": "李卫东"], uncertain: ["姓名李卫东"]).source == .reading)
    }

    @Test func aChoiceReadACharacterAwayFromOneOptionIsThatOption() throws {
        let extractor = try Self.extractor("branch_self_check")
        var record = JSONObject()
        record["items"] = [["aspect": "制度是否完"], ["aspect": "运行是否规范"], ["aspect": "作用"]]
        let snapped = extractor.snappedToOptions(record)
        let aspects = snapped["items"]?.arrayValue?.map { $0["aspect"] }
        // A third of the option may be misread; "作用" is too far from 作用是否突出 to be sure.
        #expect(aspects == ["制度是否完善", "运行是否规范", "作用"])
    }

    /// A speck read as a quote or bracket that opens nothing at a value's end, or closes nothing at its start, is
    /// no part of it; quotes that pair with the value's own text stay.
    @Test func anOpeningMarkAtTheEndOfAValueIsASpeck() throws {
        let plan = try Self.extractor("study_plan")
        var record = JSONObject()
        record["branch"] = "机关第三党支部“"
        record["items"] = [["seq": 1, "topic": "“学习强校”在线课程"], ["seq": 2, "topic": "》党章和党内重要法规"], ["seq": 3, "topic": "《关于新形势下党内政治生活的若干准则》"]]
        let snapped = plan.snappedToOptions(record)
        #expect(snapped["branch"] == "机关第三党支部")
        #expect(snapped["items"]?.arrayValue?.map { $0["topic"] } == ["“学习强校”在线课程", "党章和党内重要法规", "《关于新形势下党内政治生活的若干准则》"])
    }

    /// A row number misread — as a look-alike (工 for 1) or with a digit read twice (44 for 4) — in a table whose
    /// other rows are numbered in order is the row's place; a table numbered otherwise keeps its numbers.
    @Test func aRowNumberMisreadAmongRowsNumberedInOrderIsItsPlace() throws {
        let plan = try Self.extractor("study_plan")
        func numbers(_ seq: [JSONValue]) -> [JSONValue?]? {
            var record = JSONObject()
            record["items"] = .array(seq.map { ["seq": $0, "topic": "党史"] })
            return plan.snappedToOptions(record)["items"]?.arrayValue?.map { $0["seq"] }
        }
        #expect(numbers(["工", 2, 3, 44, 5]) == [1, 2, 3, 4, 5])
        #expect(numbers([1, 2, 3, 5]) == [1, 2, 3, 5], "a row left out is not a misreading")
        #expect(numbers([1, 12, 3, 34]) == [1, 12, 3, 34], "as many misread as read in order: no order to trust")
    }

    /// A narrow cell's two lines read across each other, or with a stray character or a list number, still hold
    /// one option's characters and no other's; boxes read as 口 are boxes.
    @Test func aChoiceReadWithItsLinesCrossedOrNumberedIsTheOptionItHolds() throws {
        let extractor = try Self.extractor("branch_self_check")
        var record = JSONObject()
        record["items"] = [["aspect": "组健织全是否"], ["aspect": "活7经动是常是否五"], ["aspect": "(三)运行是否规范"], ["aspect": "2、制度是否完"]]
        let aspects = extractor.snappedToOptions(record)["items"]?.arrayValue?.map { $0["aspect"] }
        #expect(aspects == ["组织是否健全", "活动是否经常", "运行是否规范", "制度是否完善"])
        // Characters of two options (是否 is in every one), or far more than one option's: left as read.
        record["items"] = [["aspect": "是否是否"], ["aspect": "作用是否突出组织是否健全"]]
        let unsure = extractor.snappedToOptions(record)["items"]?.arrayValue?.map { $0["aspect"] }
        #expect(unsure == ["是否是否", "作用是否突出组织是否健全"])
        // A list number and the start of the option it numbers agree: the rest of the cell was not read.
        record["items"] = [["aspect": "(三)运行"], ["aspect": "(二)运行"], ["aspect": "运行"], ["aspect": "(三)是否"]]
        let numbered = extractor.snappedToOptions(record)["items"]?.arrayValue?.map { $0["aspect"] }
        #expect(numbered == ["运行是否规范", "(二)运行", "运行", "(三)是否"])
        #expect(FormExtractor.listNumber(of: "(三)运行") == 3 && FormExtractor.listNumber(of: "4.档案") == 4)
        #expect(FormExtractor.listNumber(of: "运行") == nil)

        let plan = try Self.extractor("study_plan")
        var rank = JSONObject()
        rank["rank"] = "口副处级因正处级"
        #expect(plan.snappedToOptions(rank)["rank"] == "正处级")
        rank["rank"] = "口副处级口正处级"
        #expect(plan.snappedToOptions(rank)["rank"] == "口副处级口正处级", "no box ticked")
    }

    /// Tick boxes as OCR reads them: an empty box as ☐ 口 [ L, a ticked one as 因, 内, [人 or “人J; the options a
    /// character misread.
    @Test func theBoxThatIsNotEmptyIsTheChoice() {
        let ranks = ["副处级", "正处级"]
        #expect(FormExtractor.tickedOption(in: "L天处级[人正处级", options: ranks) == "正处级")
        #expect(FormExtractor.tickedOption(in: "内副处级[正处级", options: ranks) == "副处级")
        #expect(FormExtractor.tickedOption(in: "[盎处级[妆正处级", options: ranks) == "正处级")
        let categories = ["普通党员", "党支部书记", "科级干部", "处级及以上干部"]
        #expect(FormExtractor.tickedOption(in: "L拉通党员[党支部书记“人J科级干部[处级及以上干部", options: categories) == "科级干部")
        #expect(FormExtractor.tickedOption(in: "因普通党员☐党支部书记☐科级干部☐处级及以上和干部", options: categories) == "普通党员")
        #expect(FormExtractor.tickedOption(in: "优秀☐合格☐基本合格☐不合格", options: ["优秀", "合格", "基本合格", "不合格"]) == "优秀")
        // Every box reads as empty (a tick lost), or two look marked, or an option is not there: no choice made.
        #expect(FormExtractor.tickedOption(in: "[L增通党员[尝支部书记[时级干部[处级及以上干部", options: categories) == nil)
        #expect(FormExtractor.tickedOption(in: "因副处级内正处级", options: ranks) == nil)
        #expect(FormExtractor.tickedOption(in: "因副处级", options: ranks) == nil)
    }

    /// Boxes seen (☐), the others read as what OCR makes of a broken box ([, L): no option was chosen. A required
    /// choice whose boxes all read empty on a scan is formpipe's to check (a light tick lost), never the branch's.
    @Test func aChoiceWhoseBoxesAllReadEmptyIsNoChoiceAndARequiredOneIsDoubted() throws {
        let evaluations = ["优秀", "合格", "基本合格", "不合格"]
        #expect(FormExtractor.noOptionTicked(in: "☐优秀☐合格[尖本合格☐不合格", options: evaluations))
        #expect(!FormExtractor.noOptionTicked(in: "☐优秀☑合格☐基本合格☐不合格", options: evaluations))
        #expect(!FormExtractor.noOptionTicked(in: "因优秀☐合格☐基本合格☐不合格", options: evaluations), "a mark before 优秀")
        #expect(!FormExtractor.noOptionTicked(in: "[优秀[合格[基本合格[不合格", options: evaluations), "no box seen as one")
        #expect(!FormExtractor.noOptionTicked(in: "☐优秀☐合格", options: evaluations), "not every option there")

        let extractor = try Self.extractor("annual_target_book")
        let table = Table(rows: [
            Row(cells: [Cell(text: "姓名"), Cell(text: "叶勇梅"), Cell(text: "所在支部"), Cell(text: "机关第五党支部")]),
            Row(cells: [Cell(text: "党员类别"), Cell(text: "☐普通党员☐党支部书记☐科级干部☐处级及以上干部")]),
            Row(cells: [Cell(text: "民主评议等次"), Cell(text: "☐优秀☐合格[尖本合格☐不合格")]),
        ])
        let scanned = Document(format: .pdf, blocks: [.table(table)], scannedPages: 1)
        let (record, findings) = extractor.extractAndValidate(scanned)
        #expect(record["evaluation"] == nil)
        #expect(!findings.contains { $0.path == "evaluation" }, "\(findings.map(\.message))")
        let category = try #require(findings.first { $0.path == "member_category" })
        #expect(category.rule == "required" && category.source == .reading, "\(category)")
        #expect(category.message.contains("勾可能太淡"))
        // Typed into a .docx or a PDF's text, empty boxes are what the branch sent: its to fix.
        let typed = Document(format: .pdf, blocks: [.table(table)])
        let typedCategory = try #require(extractor.extractAndValidate(typed).findings.first { $0.path == "member_category" })
        #expect(typedCategory.source == .content)
    }

    /// A digit read as its lookalike in a date, put back when that makes a date; otherwise the date stays as read.
    @Test func aDateWithADigitReadAsItsLookalikeIsTheDateItSpells() {
        #expect(FormExtractor.repairedDate("2017年3月3工日") == "2017-03-31")
        #expect(FormExtractor.repairedDate("2017年3月3 |日") == "2017-03-31")
        #expect(FormExtractor.repairedDate("二〇一八年十月二十八旦") == "2018-10-28")
        #expect(FormExtractor.repairedDate("2o17-06-30") == "2017-06-30")
        #expect(FormExtractor.repairedDate("2017年12月31工日") == "2017-12-31", "a speck read as 工")
        #expect(FormExtractor.repairedDate("，2017-01-14") == "2017-01-14")
        #expect(FormExtractor.repairedDate("2017/1L1/30") == "2017-11-30", "month 111 as digits; a speck between them")
        #expect(FormExtractor.repairedDate("2017/11730") == "2017-11-30", "the second slash read as 7: only 11/30 is a date")
        #expect(FormExtractor.repairedDate("2017/1730") == "2017-01-30")
        #expect(FormExtractor.repairedDate("2017/1111") == nil, "1/11 or 11/1: two dates, so neither")
        #expect(FormExtractor.repairedDate("2017年10 28") == "2017-10-28", "月 lost, a blank in its place")
        #expect(FormExtractor.repairedDate("二〇一六年八月二十八2") == "2016-08-28", "日 read as 2")
        #expect(FormExtractor.repairedDate("12 345") == nil)
        #expect(FormExtractor.repairedDate("201653") == "2016-05-03", "every separator lost; 53 is no month")
        #expect(FormExtractor.repairedDate("2016112") == nil, "1/12 or 11/2")
        #expect(FormExtractor.repairedDate("20161203") == "2016-12-03")
        #expect(FormExtractor.repairedDate("工作总结") == nil)
        #expect(FormExtractor.repairedDate("2019年6明2日") == "2019-06-02", "月 read as 明")
        #expect(FormExtractor.repairedDate("2019年6用30日") == "2019-06-30", "月 read as 用")
    }

    /// A choice read as a part of one option ((三)运行: the cell's second line lost) is the clerk's to check, not a
    /// notice for the branch; a word of its own stays the branch's.
    @Test func aChoiceReadAsPartOfOneOptionIsAReadingFinding() throws {
        let extractor = try Self.extractor("branch_self_check")
        let record: JSONValue = ["items": [["aspect": "(三)运行"], ["aspect": "很好"], ["aspect": "是否"]]]
        let findings = (0..<3).map { Finding(path: "items[\($0)].aspect", severity: .error, rule: "enum", message: "方面应为…") }
        #expect(extractor.partChoiceDoubts(findings, in: record).map(\.source) == [.reading, .content, .content])
    }

    @Test func boxesSeenButNoOptionMadeIsAReadingFinding() {
        let enumFinding = Finding(path: "evaluation", severity: .error, rule: "enum", message: "民主评议等次应为…")
        let columnSet = Finding(path: "items", severity: .error, rule: "columnSet", message: "查摆情况缺少方面：运行是否规范")
        let doubtedRow = Finding(path: "items[2].aspect", severity: .error, rule: "enum", message: "…", source: .reading)
        let record: JSONValue = ["evaluation": "[优秀☐合格☐基本合格☐不合格", "items": []]
        let result = FormExtractor.scanDoubts([enumFinding, columnSet, doubtedRow], in: record)
        #expect(result.map(\.source) == [.reading, .reading, .reading])
        // Without a doubt in the table, a missing row stays the branch's.
        #expect(FormExtractor.scanDoubts([columnSet], in: record).map(\.source) == [.content])
        // A choice written as text, with no boxes, is the branch's to fix.
        let written = FormExtractor.scanDoubts([enumFinding], in: ["evaluation": "很好"])
        #expect(written.map(\.source) == [.content])
    }

    /// A label OCR misread — a character in four, or strays after it — still names its field, when no other label
    /// of the form (a column's included) is as near; two characters are too few to tell a misreading from a word.
    @Test func aLabelWithACharacterInFourMisreadStillNamesItsField() throws {
        let summary = try Self.extractor("mentoring_summary").labels
        #expect(summary.misreadScalarLabel("所在部扑")?.key == "department")
        #expect(summary.misreadScalarLabel("十表日期")?.key == "filled_on")
        #expect(summary.misreadScalarLabel("所在党支部帮二")?.key == "branch", "two strays after the label")
        #expect(summary.misreadScalarLabel("部内") == nil, "部门 misread, but 部内 is a word of its own")
        #expect(summary.misreadScalarLabel("部内", beforeColon: true)?.key == "department", "部内: stands where a label does")
        #expect(summary.misreadScalarLabel("内容", beforeColon: true) == nil, "two characters away")
        #expect(summary.misreadScalarLabel("活动内客") == nil, "nearest is a column's label, not a field's")
        #expect(summary.misreadScalarLabel("工作上关心帮助") == nil, "two characters away from two labels")
        #expect(summary.misreadScalarLabel("所在部门") == nil, "an exact label is the exact reading's")
        let plan = try Self.extractor("study_plan").labels
        #expect(plan.misreadScalarLabel("计划集中学习字时") == nil, "not a label of this form")
        #expect(plan.misreadScalarLabel("集中学习培训字时合计")?.key == "total_hours")
    }

    /// Only a field not found by its label is looked for by a misread one, only on a scan; and what is wrong with a
    /// value beside a misread label is formpipe's doubt (the page that garbled the label may have garbled it too).
    @Test func aFieldIsReadByItsMisreadLabelOnlyOnAScanAndItsValueIsDoubted() throws {
        let extractor = try Self.extractor("study_plan")
        let table = Table(rows: [
            Row(cells: [Cell(text: "年度："), Cell(text: "2017"), Cell(text: "所在党支部帮\n二"), Cell(text: "机关第八党支部")]),
            Row(cells: [Cell(text: "姓名"), Cell(text: "陈红"), Cell(text: "职务"), Cell(text: "主任")]),
            Row(cells: [Cell(text: "集中学习培训字时合计"), Cell(text: "8"), Cell(text: "移示教育在线学习学时"), Cell(text: "6")]),
        ])
        let scanned = Document(format: .pdf, blocks: [.table(table)], scannedPages: 1)
        let (record, findings) = extractor.extractAndValidate(scanned)
        #expect(record["branch"] == "机关第八党支部")
        #expect(record["total_hours"] == 8)
        #expect(record["warning_education_hours"] == 6)
        let total = try #require(findings.first { $0.path == "total_hours" && $0.severity == .error })
        #expect(total.source == .reading, "\(total.message)")
        #expect(total.message.contains("集中学习培训字时合计"))
        #expect(!findings.contains { $0.path == "branch" }, "\(findings.map(\.message))")

        let printed = Document(format: .pdf, blocks: [.table(table)])
        let (asPrinted, printedFindings) = extractor.extractAndValidate(printed)
        #expect(asPrinted["branch"] == nil && asPrinted["total_hours"] == nil, "text a PDF holds is what was typed")
        #expect(printedFindings.contains { $0.path == "branch" && $0.source == .reading })
    }

    /// A line Tesseract reads as nothing in the cell's pass is read on its own: the last line of a cell pressed
    /// against its border (the third row's (三)运行 / 是否规范 on one scan), a short name in a wide cell (another).
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func aLineReadAsNothingInItsCellIsReadOnItsOwn() throws {
        let document = try Self.scannedDevFile("scan_010.pdf")
        let row = try #require(try Self.extractor("branch_self_check").extract(document)["items"]?.arrayValue?.dropFirst(2).first)
        #expect(row["aspect"] == "运行是否规范")

        // A two-character name in a wide cell, read as nothing until read on its own, as a block.
        #expect(try Self.extractor("annual_target_book").extract(Self.scannedDevFile("scan_011.pdf"))["name"] == "戴欣")
    }

    /// A cell's line Tesseract doubts in black and white is read again from the grey page: kept when Tesseract is
    /// sure of it (a stray 和 before a name gone), or when it only changes which characters there are, not how
    /// many (袁 read as 圳, 贾 as 机). A grey reading that adds a character and is doubted is not taken: a tick
    /// box's option stays the option.
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func aDoubtfulLineIsReadAgainFromTheGreyPage() throws {
        let check = try Self.extractor("branch_self_check")
        let sure = try #require(try check.extract(Self.scannedDevFile("scan_038.pdf"))["items"]?.arrayValue?.dropFirst(3).first)
        #expect(sure["owner"] == "白萍天")
        let substituted = try #require(try check.extract(Self.scannedDevFile("scan_019.pdf"))["items"]?.arrayValue?.first)
        #expect(substituted["owner"] == "袁国志")
        #expect(try Self.extractor("study_plan").extract(Self.scannedDevFile("scan_013.pdf"))["name"] == "贾艳")
        #expect(try Self.extractor("annual_target_book").extract(Self.scannedDevFile("scan_000.pdf"))["member_category"] == "处级及以上干部")
    }

    /// Two or three digits are no wider than one Chinese character, and read as one character Tesseract gave one of
    /// them (20 as 0, 158 as 8); digits read with a look-alike among them (1工2) or doubted (1 2 as 2) lost theirs
    /// too. Each is read again as digits, enlarged as a line and in place as a block, and the reading that holds
    /// the others is kept.
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func digitsNoWiderThanACharacterAreReadAsAllTheirDigits() throws {
        let plan = try Self.extractor("study_plan")
        let record = try plan.extract(Self.scannedDevFile("scan_020.pdf"))
        #expect(record["items"]?.arrayValue?.map { $0["hours"] }.prefix(3) == [20, 40, 20])
        #expect(record["total_hours"] == 158)
        #expect(try plan.extract(Self.scannedDevFile("scan_003.pdf"))["items"]?.arrayValue?.first?["hours"] == 12)
        #expect(try Self.extractor("branch_self_check").extract(Self.scannedDevFile("scan_021.jpg"))["member_count"] == 12)
    }

    /// A seal stamped over a table hides the borders its ring and star cross (the red channel drops them with the
    /// seal): the value row under it was one cell with the rows below, and its labels' values were lost. The
    /// borders are drawn in under the seal, its ring's dark fringe is no text (、 after a value, a row of its own),
    /// and a label read a character wrong (主题发言欠数) in a row of labels is no value of the label left of it.
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func aSealOverATablesBordersLeavesItsCellsApart() throws {
        let book = try Self.extractor("annual_target_book").extract(Self.scannedDevFile("scan_012.pdf"))
        #expect(book["planned_study_hours"] == 40)
        #expect(book["planned_reflections"] == 5)
        #expect(book["review_opinion"] == "经支委会研究，同意上报。")
        #expect(book["reviewed_on"] == "2017-01-30")
        #expect(book["tasks"]?.arrayValue?.count == 3)
        let plan = try Self.extractor("study_plan").extract(Self.scannedDevFile("scan_003.pdf"))
        #expect(plan["secretary_review"] == "同意。")
    }

    /// A row deleted with tracked changes, printed struck through and scanned: the strikes through its longer texts
    /// are found, not those through its one-character number and hours, nor through its faint, broken-up topic. A
    /// row with two cells struck whole and none struck in part is deleted whole, so the row after it is the fifth.
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func aRowDeletedWithTrackedChangesIsLeftOutWhole() throws {
        let plan = try Self.extractor("study_plan").extract(Self.scannedDevFile("scan_025.pdf"))
        let items = try #require(plan["items"]?.arrayValue)
        #expect(items.map { $0["seq"] } == [1, 2, 3, 4, 5])
        #expect(items.last?["mode"] == "在线学习")
        #expect(items.last?["hours"] == 40)
    }

    /// A file of the scanned dev set, read as the worker reads it, with time enough for a debug or ASan build.
    static func scannedDevFile(_ name: String) throws -> Document {
        let corpus = try #require(TestPaths.corpus)
        var limits = InputLimits()
        limits.secondsPerFile = 300
        limits.secondsPerScannedPage = 300
        return try DocumentReader(limits: limits).read(Data(contentsOf: corpus.appendingPathComponent("dev-scanned/corpus/" + name)))
    }

    /// Forms printed with their tracked changes showing, then scanned: the struck-through old value is left out,
    /// so the total is the new one alone (644 struck, 144 written: not -644144) and the date the one written last.
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func textStruckThroughOnAPrintedPageIsLeftOut() throws {
        let plan = try Self.extractor("study_plan").extract(Self.scannedDevFile("scan_025.pdf"))
        #expect(plan["total_hours"] == 144)
        let book = try Self.extractor("annual_target_book").extract(Self.scannedDevFile("scan_008.pdf"))
        #expect(book["reviewed_on"] == "2017-02-07")
    }

    /// A photographed form printed with its tracked changes showing. The change bar in the margin beside the two
    /// lines above the table does not join them into one band of ink (read as nothing: branch, period and pairing
    /// date lost); the underline under inserted text in a cell is no row border (it split a row in two, read twice);
    /// the column border between 类别 and 活动内容, leaning a pixel, is found (the two columns were read as one).
    /// And a scan printed so, its branch struck through and written anew (underlined), reads the new branch alone.
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func changeBarsAndUnderlinesOfTrackedChangesAreNotTheFormsStructure() throws {
        let summary = try Self.extractor("mentoring_summary").extract(Self.scannedDevFile("scan_022.jpg"))
        #expect(summary["branch"] == "机关第五党支部")
        #expect(summary["period"] == "2016年上半年")
        #expect(summary["paired_on"] == "2015-12-04")
        let activities = try #require(summary["activities"]?.arrayValue)
        #expect(activities.filter { $0["date"] == "2016-03-11" }.count == 1)
        #expect(activities.contains { $0["date"] == "2016-05-17" && $0["kind"] == "生活" && $0["content"] == "帮助新教工解决子女入托问题" })
        #expect(try Self.extractor("study_plan").extract(Self.scannedDevFile("scan_025.pdf"))["branch"] == "机关第三党支部")
    }

    /// A row's border not seen on a scan: the next row's label and value come as lines of the cell above. The label
    /// line parts them, when it names a field not found otherwise.
    @Test func aLabelReadAsALineOfTheCellAboveStartsItsOwnValue() throws {
        let extractor = try Self.extractor("mentoring_summary")
        let table = Table(rows: [
            Row(cells: [Cell(text: "所在支部"), Cell(text: "机关第五党支部"), Cell(text: "老教工"), Cell(text: "王雷涵")]),
            Row(cells: [Cell(text: "工作上关心指导"), Cell(text: "梳理岗位职责，制定成长计划。\n生活上关心帮助，\n节假日主动问候，增进感情。", columnSpan: 3)]),
        ])
        let record = extractor.extract(Document(format: .pdf, blocks: [.table(table)], scannedPages: 1))
        #expect(record["work_guidance"] == "梳理岗位职责，制定成长计划。")
        #expect(record["life_care"] == "节假日主动问候，增进感情。")
        let printed = extractor.extract(Document(format: .pdf, blocks: [.table(table)]))
        #expect(printed["life_care"] == nil, "a typed PDF's lines are what was typed")
    }

    /// The border between two rows not seen: both labels find one value cell. Its lines are parted where the field
    /// that takes a date reads its side as one, and only where exactly one such place is (on a scan).
    @Test func twoLabelsSharingOneCellPartItsLinesWhereADateBegins() throws {
        let extractor = try Self.extractor("mentoring_summary")
        func record(_ shared: String, scanned: Bool = true) -> JSONValue {
            let table = Table(rows: [
                Row(cells: [Cell(text: "下阶段计划"), Cell(text: shared, verticalMerge: .restart)]),
                Row(cells: [Cell(text: "填表日期"), Cell(text: "", verticalMerge: .continue)]),
            ])
            return extractor.extract(Document(format: .pdf, blocks: [.table(table)], scannedPages: scanned ? 1 : 0))
        }
        let parted = record("丰富活动形式，开展实践锻炼。\n每月至少开展一次结对活动。\n二〇一六年六月十九日")
        #expect(parted["next_plan"] == "丰富活动形式，开展实践锻炼。\n每月至少开展一次结对活动。")
        #expect(parted["filled_on"] == "2016-06-19")
        let undecided = record("丰富活动形式。\n每月开展一次。")
        #expect(undecided["filled_on"] == "丰富活动形式。\n每月开展一次。", "no line is a date: left as read")
        #expect(record("丰富活动形式。\n二〇一六年六月十九日", scanned: false)["filled_on"] != "2016-06-19")
    }

    /// A narrow cell of hours read as one Chinese character (4 as 帮) is read again as digits, and kept when
    /// Tesseract is sure of them.
    @Test(.enabled(if: TestPaths.corpus != nil, "the shared corpus (../shared/corpus or FORMPIPE_CORPUS) is not on this machine"))
    func aNarrowCellReadAsOneChineseCharacterIsReadAgainAsDigits() throws {
        let document = try Self.scannedDevFile("scan_004.pdf")
        let hours = try Self.extractor("study_plan").extract(document)["items"]?.arrayValue?.map { $0["hours"] }
        #expect(hours?.last == 4, "\(String(describing: hours))")
    }

    /// On a scan the rows of a table also end at a row whose one cell spans three of its columns (the text under
    /// the table, its border not seen) and at a row holding a field's label as OCR misread it.
    @Test func aScannedTablesRowsEndAtAWideCellOrAMisreadLabel() throws {
        let extractor = try Self.extractor("study_plan")
        let table = Table(rows: [
            Row(cells: ["序号", "学习内容", "学习形式", "时间安排", "学时"].map { Cell(text: $0) }),
            Row(cells: ["1", "党章", "自学", "全年", "20"].map { Cell(text: $0) }),
            Row(cells: ["2", "准则", "集中学习", "3月", "40"].map { Cell(text: $0) }),
            Row(cells: [Cell(text: "集中学习培训字时合计"), Cell(text: "158", columnSpan: 2), Cell(text: "备注"), Cell(text: "")]),
            Row(cells: [Cell(text: "以上安排如有变动另行报告。", columnSpan: 5)]),
        ])
        let items = { (scanned: Bool) in
            extractor.extract(Document(format: .pdf, blocks: [.table(table)], scannedPages: scanned ? 1 : 0))["items"]?.arrayValue?.count
        }
        #expect(items(true) == 2)
        #expect(items(false) == 4, "a typed PDF's rows are as drawn")
    }

    @Test func aScannedTitleMatchesWithAFifthOfItsCharactersMisread() {
        let title = Array("基层党支部规范化建设问题查摆及整改措施")
        #expect(FormClassifier.approximatelyContains(Array("机关党委基层党支部规范化建设问题查皖及整改指施"), title, errors: 3))
        #expect(!FormClassifier.approximatelyContains(Array("党员干部学习计划表"), title, errors: 3))
    }
}
