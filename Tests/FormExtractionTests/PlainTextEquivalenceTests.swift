import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormExtraction

/// The plain-text fast paths of `ValueNormalizer` give exactly what the Character- and Foundation-based code
/// gave (`ReferenceNormalizer`, kept verbatim): scalar by scalar for the whole plain set, and function by
/// function on every label of the schemas, every text of the samples, the real-world corpus and the generated
/// layout set, and on random text mixed from plain and deliberately awkward characters.
@Suite struct PlainTextEquivalenceTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    static let plainScalars: [Unicode.Scalar] = (0...0xFFFF).compactMap { value in
        PlainText.folded(UInt32(value)) == nil ? nil : Unicode.Scalar(UInt32(value))
    }

    @Test func everyPlainScalarFoldsAsFoundationsNFKCDoes() {
        for scalar in Self.plainScalars {
            let folded = PlainText.folded(scalar.value)
            let nfkc = String(Character(scalar)).precomposedStringWithCompatibilityMapping.unicodeScalars.map(\.value)
            #expect(nfkc == [folded].compactMap { $0 }, "U+\(String(scalar.value, radix: 16))")
            // What a fold gives is plain again, so the folded text can be worked on scalar by scalar too.
            #expect(folded.flatMap(PlainText.folded) == folded, "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func whiteSpaceIsUnicodesWhiteSpaceForEveryScalar() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if ValueNormalizer.isWhiteSpace(value) != scalar.properties.isWhitespace {
                Issue.record("U+\(String(value, radix: 16))")
            }
        }
        // A placeholder still counts with white space around it, and a value starting elsewhere never does.
        #expect(ValueNormalizer.isPlaceholder("\u{3000}单击或点击此处输入文字。 "))
        #expect(ValueNormalizer.isPlaceholder("Choose an item."))
        #expect(!ValueNormalizer.isPlaceholder("王单击或点击此处输入文字。"))
    }

    @Test func everyPlainScalarIsACharacterOfItsOwnNextToAnyOther() {
        let partners: [UInt32] = [0x61, 0x4E2D, 0x20, 0x09, 0x0A, 0x0D, 0xFF1A, 0x2611, 0x2705, 0x3000, 0x00A0, 0x3007, 0x00B7]
        for scalar in Self.plainScalars {
            for partner in partners + [scalar.value] {
                guard let other = Unicode.Scalar(partner) else { continue }
                for (first, second) in [(scalar, other), (other, scalar)] where !(first == "\r" && second == "\n") {
                    var text = String.UnicodeScalarView()
                    text.append(first)
                    text.append(second)
                    #expect(String(text).count == 2, "U+\(String(first.value, radix: 16)) U+\(String(second.value, radix: 16))")
                }
            }
        }
    }

    @Test func theMarkSwitchesHoldTheMarkSets() {
        for scalar in Self.plainScalars {
            #expect(ValueNormalizer.isCheckedMark(scalar.value) == ValueNormalizer.checkedMarks.contains(Character(scalar)))
            #expect(ValueNormalizer.isUncheckedMark(scalar.value) == ValueNormalizer.uncheckedMarks.contains(Character(scalar)))
        }
        // Every mark is plain, so plain text meets all of them.
        for mark in ValueNormalizer.checkedMarks.union(ValueNormalizer.uncheckedMarks) {
            #expect(mark.unicodeScalars.count == 1 && PlainText.isPlain(String(mark)))
        }
    }

    @Test func theBlanksOfThePlainSetAreTheWhitespaceOfCharacterAndOfFoundation() {
        for scalar in Self.plainScalars {
            #expect(PlainText.isBlank(scalar.value) == Character(scalar).isWhitespace, "U+\(String(scalar.value, radix: 16))")
            #expect(
                PlainText.isBlank(scalar.value) == CharacterSet.whitespacesAndNewlines.contains(scalar),
                "U+\(String(scalar.value, radix: 16))")
        }
    }

    /// Every text the tests have to hand: labels, titles and options of the schemas, all texts of the samples,
    /// the real-world .docx corpus and a generated layout set, and random mixtures.
    static func texts() throws -> [String] {
        let catalog = try #require(catalog)
        var texts: [String] = []
        for form in catalog.forms {
            texts += form.titles
            for field in form.fields {
                texts += field.labels + field.options + [field.title]
                for column in field.columns { texts += column.labels + column.options + [column.title] }
            }
        }
        var packages: [Data] = []
        let samples = TestPaths.repositoryRoot.appendingPathComponent("Samples")
        var folders = [samples]
        if let corpus = TestPaths.corpus { folders.append(corpus.appendingPathComponent("realworld/docx")) }
        for folder in folders {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".docx") {
                if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) { packages.append(data) }
            }
        }
        packages += LayoutSetGenerator(catalog: catalog).samples(seedsPerLayout: 1).map(\.docx)
        for data in packages {
            guard let document = try? DocxReader().read(data) else { continue }
            let all = Document.texts(inReadingOrder: document.blocks) + document.headersAndFooters
            texts += all
            // Each line on its own too, as a value cell holds it.
            texts += all.flatMap { $0.split(separator: "\n").map(String.init) }
        }
        return texts + randomTexts(count: 10_000)
    }

    /// Plain pieces that matter to the normaliser (dates, numbers, ticks, labels), and pieces that must take
    /// the general path: combining marks, joiners, variation selectors, emoji, other NFKC mappings, CR/LF.
    static let pieces: [String] = [
        "a", "Z", "0", "7", "１", "２", "０", "2017", "２０１８", "12", "3.5", "-", ".", "/", ",", "，", "*", ":", "：", "﹕", "︰",
        "(", ")", "（", "）", "【", "】", "〔", "〕", "[", "]", "、", ";", "；", "_", " ", "　", "\u{00A0}", "\t", "\n", "\r", "\r\n",
        "年", "月", "日", "号", "十", "〇", "○", "O", "Ｏ", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "二〇一七", "三十一", "学时", "次", "篇", "h", "H",
        "☑", "☐", "☒", "√", "✓", "✔", "✅", "■", "□", "●", "◯", "▣", "优秀", "合格", "基本合格", "不合格", "普通党员",
        "姓名", "姓　名", "所在支部", "入党时间", "填表日期", "·", "—", "“", "”",
        "\u{0301}", "e\u{0301}", "é", "\u{200D}", "\u{FE0F}", "😀", "👍🏽", "🇨🇳", "\u{2028}", "\u{0085}", "\u{3099}", "か\u{3099}",
        "ｶ", "\u{FF9E}", "Ⅰ", "①", "ﬁ", "…", "\u{00AD}", "\u{2003}", "\u{FE13}", "가", "\u{1100}\u{1161}", "\u{0E33}", "\u{0915}\u{093F}",
        "\u{F900}", "\u{2F00}", "㍿", "\u{00B5}", "Å", "\u{212B}",
    ]

    static func randomTexts(count: Int) -> [String] {
        var generator = SplitMix64(seed: 0x5eed_1e55)
        return (0..<count).map { _ in
            let length = Int(generator.next() % 9)
            return (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
    }

    static func same(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        default: return false
        }
    }

    @Test func theFastPathsAgreeWithTheReferenceOnEveryText() throws {
        let catalog = try #require(Self.catalog)
        let fields = catalog.forms.flatMap { $0.fields + $0.fields.flatMap(\.columns) }
        let enums = fields.filter { $0.kind == .enum }
        var oneOfEachKind: [FieldSpec] = []
        for kind in FieldKind.allCases { if let field = fields.first(where: { $0.kind == kind }) { oneOfEachKind.append(field) } }
        var mismatches: [String] = []
        func check(_ what: String, _ text: String, _ equal: Bool) {
            if !equal, mismatches.count < 20 { mismatches.append("\(what): \(text.debugDescription)") }
        }
        let texts = try Self.texts()
        #expect(texts.count > 12_000)
        for text in texts {
            check("labelKey", text, Self.same(ValueNormalizer.labelKey(text), ReferenceNormalizer.labelKey(text)))
            check("cleanText", text, Self.same(ValueNormalizer.cleanText(text), ReferenceNormalizer.cleanText(text)))
            check(
                "compatibilityFolded", text,
                Self.same(ValueNormalizer.compatibilityFolded(text), ReferenceNormalizer.compatibilityFolded(text)))
            check("number", text, ValueNormalizer.number(in: text) == ReferenceNormalizer.number(in: text))
            check("date", text, Self.same(ValueNormalizer.date(in: text), ReferenceNormalizer.date(in: text)))
            check(
                "isBlankDateTemplate", text,
                ValueNormalizer.isBlankDateTemplate(text) == ReferenceNormalizer.isBlankDateTemplate(text))
            for field in enums {
                check(
                    "option \(field.key)", text,
                    Self.same(ValueNormalizer.option(in: text, options: field.options), ReferenceNormalizer.option(in: text, options: field.options)))
                check(
                    "tickedOptions \(field.key)", text,
                    ValueNormalizer.tickedOptions(in: text, options: field.options)
                        == ReferenceNormalizer.tickedOptions(in: text, options: field.options))
                check(
                    "isUntickedOptionList \(field.key)", text,
                    ValueNormalizer.isUntickedOptionList(text, options: field.options)
                        == ReferenceNormalizer.isUntickedOptionList(text, options: field.options))
            }
            for field in oneOfEachKind {
                let new = ValueNormalizer.normalize(text, as: field)
                let old = ReferenceNormalizer.normalize(text, as: field)
                check("normalize \(field.kind)", text, new == old && Self.same(new?.stringValue, old?.stringValue))
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func colonPairsOfPlainTextAgreeWithTheCharacterWalk() throws {
        let catalog = try #require(Self.catalog)
        let indexes = catalog.forms.map(LabelIndex.init(form:))
        // Labels followed by colons, values and blanks, so that pairs are found, not only texts without any.
        let labels = catalog.forms.flatMap { $0.fields.flatMap(\.labels) }
        var generator = SplitMix64(seed: 42)
        let labelled = (0..<5_000).map { _ in
            (0..<Int(generator.next() % 4)).map { _ in
                let label = labels[Int(generator.next() % UInt64(labels.count))]
                let piece = Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))]
                return [label + "：" + piece, piece + label + ":", "*" + label + " ： " + piece][Int(generator.next() % 3)]
            }.joined(separator: ["", " ", "　", "\n"][Int(generator.next() % 4)])
        }
        var mismatches: [String] = []
        for text in try Self.texts() + labelled {
            for index in indexes {
                let (fast, textBefore) = index.colonPairsAndTextBefore(in: text)
                let reference = index.colonPairsByCharacter(in: text)
                let same =
                    fast.count == reference.count
                    && zip(fast, reference).allSatisfy { $0.key == $1.key && Self.same($0.value, $1.value) }
                    // What TableGrid took before both came from one walk: the text before, where there are pairs.
                    && Self.same(textBefore, reference.isEmpty ? "" : index.textBeforeColonPairs(in: text))
                if !same, mismatches.count < 20 { mismatches.append(text.debugDescription) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(labelled.contains { text in indexes.contains { !$0.colonPairs(in: text).isEmpty } })
    }

    @Test func labelLookupByBytesAgreesWithStringKeys() throws {
        let catalog = try #require(Self.catalog)
        let indexes = catalog.forms.map(LabelIndex.init(form:))
        let labels = catalog.forms.flatMap { form in form.fields.flatMap { $0.labels + $0.columns.flatMap(\.labels) } }
        let awkward = labels.map { "e\u{0301}" + $0 }
        for text in try Self.texts() + labels + awkward {
            let key = ValueNormalizer.labelKey(text)
            for index in indexes {
                let found = index.entry(forKey: key)
                let expected = index.entries[key]
                #expect(found?.scalar == expected?.scalar && found?.section == expected?.section, "\(text)")
                #expect(found?.columnKeys == expected?.columnKeys, "\(text)")
                #expect((found == nil) == (expected == nil), "\(text)")
            }
        }
    }

    @Test func titleSearchAgreesWithFoundationsContains() throws {
        let extractors = try #require(Self.catalog).forms.map(FormExtractor.init(form:))
        var titled: [String] = []
        for title in extractors.flatMap(\.form.titles) {
            let around: [String] = ["机关党员 2018 年度" + title, title + "（2017）", " " + title, "e\u{0301}" + title]
            titled += around + [String(title.dropLast())]
        }
        for text in try Self.texts() + titled {
            let compact = ValueNormalizer.labelKey(text)
            for extractor in extractors {
                #expect(extractor.holdsTitle(compact) == extractor.form.titles.contains { compact.contains($0) }, "\(text)")
            }
        }
    }

    @Test func optionsWithTheirOwnTicksAndBracketsAgreeWithTheReference() {
        // Options that are not plain, or that hold each other, take the paths the schemas' options do not.
        let optionLists: [[String]] = [
            ["优秀", "合格", "基本合格", "不合格"], ["Ⅰ类", "Ⅱ类"], ["é", "e\u{0301}x"], ["合格", "格"], ["", "是"], ["(是)", "否"],
        ]
        for text in Self.randomTexts(count: 5_000) + ["☑Ⅰ类 ☐Ⅱ类", "☐(是) ☑否", "合格√ 格", "☑é"] {
            for options in optionLists {
                #expect(
                    ValueNormalizer.option(in: text, options: options) == ReferenceNormalizer.option(in: text, options: options),
                    "\(text.debugDescription) \(options)")
                #expect(
                    ValueNormalizer.tickedOptions(in: text, options: options)
                        == ReferenceNormalizer.tickedOptions(in: text, options: options))
                #expect(
                    ValueNormalizer.isUntickedOptionList(text, options: options)
                        == ReferenceNormalizer.isUntickedOptionList(text, options: options))
            }
        }
    }
}
