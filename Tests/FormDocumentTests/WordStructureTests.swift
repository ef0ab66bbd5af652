import Foundation
import TestSupport
import Testing

@testable import FormDocument

/// Every WordprocessingML structure a branch's Word or WPS produces, each as a small document written here,
/// read the way Word shows it.
@Suite struct WordStructureTests {
    let reader = DocxReader()

    func paragraphs(_ body: String) throws -> [String] {
        try reader.read(DocxFixture.package(body: body)).topLevelParagraphs
    }

    func cellTexts(_ body: String) throws -> [[String]] {
        let table = try #require(try reader.read(DocxFixture.package(body: body)).allTables.first)
        return table.rows.map { $0.cells.map(\.text) }
    }

    static func run(_ text: String) -> String { "<w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r>" }
    static let placeholder = "<w:sdtPr><w:showingPlcHdr/></w:sdtPr>"

    // MARK: Content controls

    @Test func contentControlsAroundBlocksTablesRowsCellsAndRunsGiveTheirValues() throws {
        let body = """
            <w:sdt><w:sdtPr/><w:sdtContent><w:p>\(Self.run("块级"))</w:p></w:sdtContent></w:sdt>\
            <w:sdt><w:sdtContent><w:tbl>\
              <w:sdt><w:sdtContent><w:tr>\
                <w:tc><w:p>\(Self.run("姓名"))</w:p></w:tc>\
                <w:sdt><w:sdtContent><w:tc><w:p>\(Self.run("张"))<w:sdt><w:sdtContent>\(Self.run("三"))</w:sdtContent></w:sdt></w:p></w:tc></w:sdtContent></w:sdt>\
              </w:tr></w:sdtContent></w:sdt>\
            </w:tbl></w:sdtContent></w:sdt>
            """
        let document = try reader.read(DocxFixture.package(body: body))
        #expect(document.topLevelParagraphs == ["块级"])
        #expect(document.allTables.first?.rows.map { $0.cells.map(\.text) } == [["姓名", "张三"]])
    }

    @Test func placeholderTextCountsAsEmptyAtEveryLevel() throws {
        let body = """
            <w:sdt>\(Self.placeholder)<w:sdtContent><w:p>\(Self.run("单击此处输入文字。"))</w:p></w:sdtContent></w:sdt>\
            <w:tbl>\
              <w:tr><w:tc><w:p>\(Self.run("姓名"))</w:p></w:tc>\
                <w:sdt>\(Self.placeholder)<w:sdtContent><w:tc><w:p>\(Self.run("单击或点击此处输入文字。"))</w:p></w:tc></w:sdtContent></w:sdt></w:tr>\
              <w:sdt>\(Self.placeholder)<w:sdtContent><w:tr><w:tc><w:p>\(Self.run("行占位"))</w:p></w:tc><w:tc><w:p>\(Self.run("行占位"))</w:p></w:tc></w:tr></w:sdtContent></w:sdt>\
              <w:tr><w:tc><w:p>\(Self.run("职务"))</w:p></w:tc><w:tc><w:p><w:sdt>\(Self.placeholder)<w:sdtContent>\(Self.run("选择一项。"))</w:sdtContent></w:sdt></w:p></w:tc></w:tr>\
            </w:tbl>
            """
        let document = try reader.read(DocxFixture.package(body: body))
        #expect(document.topLevelParagraphs.isEmpty, "a block-level placeholder control yields no paragraph")
        #expect(document.allTables.first?.rows.map { $0.cells.map(\.text) } == [["姓名", ""], ["", ""], ["职务", ""]])
    }

    // MARK: Legacy form fields

    static func formText(_ value: String) -> String {
        """
        <w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:enabled/><w:textInput/></w:ffData></w:fldChar></w:r>\
        <w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
        \(value)<w:r><w:fldChar w:fldCharType="end"/></w:r>
        """
    }

    @Test func formTextValueIsTheRunsBetweenSeparateAndEndWithoutTheInstruction() throws {
        let body = "<w:p>\(Self.run("姓名："))\(Self.formText(Self.run("王") + Self.run("小明")))</w:p>"
        let text = try paragraphs(body)
        #expect(text == ["姓名：王小明"])
        #expect(!(text.first ?? "").contains("FORMTEXT"))
    }

    static func formCheckbox(_ state: String) -> String {
        """
        <w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/>\(state)</w:checkBox></w:ffData></w:fldChar></w:r>\
        <w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
        <w:r><w:fldChar w:fldCharType="end"/></w:r>
        """
    }

    @Test func formCheckboxTakesCheckedElseDefault() throws {
        let body =
            "<w:p>"
            + Self.formCheckbox("<w:default w:val=\"0\"/><w:checked/>") + Self.run("甲")
            + Self.formCheckbox("<w:default w:val=\"1\"/>") + Self.run("乙")
            + Self.formCheckbox("<w:default w:val=\"1\"/><w:checked w:val=\"0\"/>") + Self.run("丙")
            + Self.formCheckbox("<w:default w:val=\"0\"/>") + Self.run("丁") + "</w:p>"
        #expect(try paragraphs(body) == ["☑甲☑乙☐丙☐丁"])
    }

    @Test func formDropdownGivesTheChosenEntryOnce() throws {
        let body = """
            <w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="2"/>\
            <w:listEntry w:val="普通党员"/><w:listEntry w:val="党支部书记"/><w:listEntry w:val="科级干部"/></w:ddList></w:ffData></w:fldChar></w:r>\
            <w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
            <w:r><w:t>科级干部</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>\
            <w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:listEntry w:val="优秀"/><w:listEntry w:val="合格"/></w:ddList></w:ffData></w:fldChar></w:r>\
            <w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
            """
        #expect(try paragraphs(body) == ["科级干部", "优秀"], "a result text some writers add is not doubled; no result means the first entry")
    }

    @Test func otherFieldsShowTheirResultNotTheirInstruction() throws {
        let body = """
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "yyyy年M月d日" </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2017年6月30日</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
            """
        #expect(try paragraphs(body) == ["2017年6月30日"])
    }

    // MARK: Checkboxes and ticks

    @Test func checkboxContentControlsBecomeTicks() throws {
        let body = """
            <w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>\
            <w:sdtContent><w:r><w:t>☒</w:t></w:r></w:sdtContent></w:sdt>\(Self.run("处级及以上干部"))\
            <w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="0"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>☐</w:t></w:r></w:sdtContent></w:sdt>\(Self.run("科级干部"))</w:p>
            """
        #expect(try paragraphs(body) == ["☑处级及以上干部☐科级干部"])
    }

    @Test func tickGlyphsTypedInTextAreKept() throws {
        #expect(try paragraphs(DocxFixture.paragraph("☑甲 ☐乙 ■丙 □丁 √戊 ✓己 ✔庚")) == ["☑甲 ☐乙 ■丙 □丁 √戊 ✓己 ✔庚"])
    }

    @Test func wingdingsAndSymbolTicksBecomeTickGlyphs() throws {
        let body = """
            <w:p><w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>\(Self.run("甲"))<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>\(Self.run("乙"))\
            <w:r><w:sym w:font="Wingdings 2" w:char="F052"/></w:r>\(Self.run("丙"))<w:r><w:sym w:font="Wingdings 2" w:char="F0A3"/></w:r>\(Self.run("丁"))\
            <w:r><w:sym w:font="Symbol" w:char="F0D6"/></w:r>\(Self.run("戊"))\
            <w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>þ</w:t></w:r>\(Self.run("己"))\
            <w:r><w:rPr><w:rFonts w:ascii="Wingdings 2" w:hAnsi="Wingdings 2" w:eastAsia="宋体"/></w:rPr><w:t>£庚</w:t></w:r></w:p>
            """
        #expect(try paragraphs(body) == ["☑甲☐乙☑丙☐丁√戊☑己☐庚"])
    }

    // MARK: Tracked changes

    @Test func insertedAndMovedToTextCountsDeletedAndMovedFromDoesNotAlsoNested() throws {
        let body = """
            <w:p>\(Self.run("计划"))<w:del w:id="1" w:author="甲"><w:r><w:delText>30</w:delText></w:r></w:del>\
            <w:ins w:id="2" w:author="甲"><w:r><w:t>1</w:t></w:r><w:del w:id="3" w:author="乙"><w:r><w:delText>9</w:delText></w:r></w:del>\
            <w:ins w:id="4" w:author="乙"><w:r><w:t>1</w:t></w:r></w:ins><w:r><w:t>0</w:t></w:r></w:ins>\
            <w:moveFrom w:id="5" w:author="甲"><w:r><w:t>学时</w:t></w:r></w:moveFrom><w:moveTo w:id="6" w:author="甲"><w:r><w:t>学时</w:t></w:r></w:moveTo>\
            <w:del w:id="7" w:author="甲"><w:ins w:id="8" w:author="乙"><w:r><w:t>作废</w:t></w:r></w:ins></w:del></w:p>\
            <w:ins w:id="9" w:author="甲"><w:p>\(Self.run("新增段落"))</w:p></w:ins>
            """
        #expect(try paragraphs(body) == ["计划110学时", "新增段落"])
    }

    @Test func deletedTableRowsAndCellsAreGone() throws {
        let body = """
            <w:tbl><w:tr><w:tc><w:p>\(Self.run("姓名"))</w:p></w:tc><w:tc><w:p>\(Self.run("张三"))</w:p></w:tc></w:tr>\
            <w:tr><w:trPr><w:del w:id="1" w:author="甲"/></w:trPr><w:tc><w:p>\(Self.run("旧行"))</w:p></w:tc></w:tr>\
            <w:tr><w:tc><w:p>\(Self.run("职务"))</w:p></w:tc><w:tc><w:tcPr><w:cellDel w:id="2" w:author="甲"/></w:tcPr><w:p>\(Self.run("旧格"))</w:p></w:tc>\
            <w:tc><w:p>\(Self.run("科长"))</w:p></w:tc></w:tr></w:tbl>
            """
        #expect(try cellTexts(body) == [["姓名", "张三"], ["职务", "科长"]])
    }

    // MARK: Runs, breaks, hyphens

    @Test func textSplitAcrossRunsJoinsAndBreaksTabsAndHyphensShowAsWordDraws() throws {
        let body = """
            <w:p><w:r><w:t>机</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>关</w:t></w:r><w:proofErr w:type="spellStart"/>\
            <w:r><w:t>第一</w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t>党支部</w:t></w:r><w:bookmarkEnd w:id="0"/>\
            <w:r><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t><w:tab/><w:t>制表</w:t></w:r>\
            <w:r><w:t>Kon\u{00AD}takt</w:t><w:softHyphen/><w:t>-</w:t><w:noBreakHyphen/><w:t>x</w:t></w:r></w:p>
            """
        #expect(try paragraphs(body) == ["机关第一党支部\n第二行\n第三行\t制表Kontakt--x"])
    }

    // MARK: Drawing layers

    @Test func alternateContentGivesOneBranchAndTextBoxesBecomeBlocks() throws {
        let box = "<w:txbxContent><w:p>\(Self.run("框内文字"))</w:p></w:txbxContent>"
        let body = """
            <w:p>\(Self.run("前"))<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">\
            <wps:txbx>\(box)</wps:txbx></wps:wsp></w:drawing></mc:Choice>\
            <mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>\(box)</v:textbox></v:shape></w:pict></mc:Fallback>\
            </mc:AlternateContent></w:r>\(Self.run("后"))</w:p>
            """
        #expect(try paragraphs(body) == ["前后", "框内文字"])
    }

    // MARK: Tables

    @Test func nestedTablesAreBlocksInsideTheirCell() throws {
        let inner = DocxFixture.table([["姓名", "张三"], ["职务", "科长"]])
        let body = DocxFixture.table([["<w:tc><w:p>\(Self.run("基本情况"))</w:p>\(inner)<w:p/></w:tc>"]])
        let document = try reader.read(DocxFixture.package(body: body))
        #expect(document.allTables.count == 2)
        #expect(document.allTables.first?.rows.first?.cells.first?.text == "基本情况\n", "the nested table is not part of the outer cell's text")
        #expect(document.allTables.last?.rows.map { $0.cells.map(\.text) } == [["姓名", "张三"], ["职务", "科长"]])
    }

    @Test func gridBeforeAndGridAfterAreKept() throws {
        let body = """
            <w:tbl><w:tr><w:tc><w:p>\(Self.run("姓名"))</w:p></w:tc><w:tc><w:p>\(Self.run("职务"))</w:p></w:tc><w:tc><w:p>\(Self.run("备注"))</w:p></w:tc></w:tr>\
            <w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr><w:tc><w:p>\(Self.run("科长"))</w:p></w:tc></w:tr></w:tbl>
            """
        let table = try #require(try reader.read(DocxFixture.package(body: body)).allTables.first)
        #expect(table.rows[1].gridBefore == 1)
        #expect(table.rows[1].cells.map(\.text) == ["科长"])
    }

    // MARK: Package variants

    @Test func strictOOXMLReadsLikeTransitional() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document \(DocxFixture.strictNamespaces) w:conformance="strict"><w:body>\
            <w:p><w:r><w:t>机关党委党员干部学习计划表</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>姓名</w:t></w:r></w:p></w:tc>\
            <w:tc><w:p><w:r><w:t>李四</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>
            """
        let document = try reader.read(
            DocxFixture.package(
                documentXML: xml, relationshipNamespace: "http://purl.oclc.org/ooxml/officeDocument/relationships"))
        #expect(document.topLevelParagraphs == ["机关党委党员干部学习计划表"])
        #expect(document.allTables.first?.rows.first?.cells.map(\.text) == ["姓名", "李四"])
    }

    @Test func macroEnabledDocumentReadsLikeDocx() throws {
        let data = DocxFixture.package(
            documentXML: DocxFixture.document(body: DocxFixture.paragraph("机关党员 2017 年度目标任务书")),
            contentType: DocxFixture.docmContentType)
        #expect(try reader.read(data).topLevelParagraphs == ["机关党员 2017 年度目标任务书"])
    }

    @Test func headersAndFootersAreKeptApartFromTheBody() throws {
        let data = DocxFixture.package(
            documentXML: DocxFixture.document(body: DocxFixture.table([["姓名", "张三"]])),
            headers: [
                "header1.xml": DocxFixture.header(body: DocxFixture.paragraph("机关党委基层党支部规范化建设问题查摆及整改措施")),
                "footer1.xml": DocxFixture.header(body: DocxFixture.paragraph("第 1 页")),
            ])
        let document = try reader.read(data)
        #expect(document.topLevelParagraphs.isEmpty)
        #expect(document.headersAndFooters == ["第 1 页", "机关党委基层党支部规范化建设问题查摆及整改措施"])
    }

    @Test func aFieldLeftOpenInTheBodyDoesNotHideTheHeader() throws {
        let unclosed = "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>"
        let data = DocxFixture.package(
            documentXML: DocxFixture.document(body: unclosed),
            headers: ["header1.xml": DocxFixture.header(body: DocxFixture.paragraph("机关党委党员干部学习计划表"))])
        #expect(try reader.read(data).headersAndFooters == ["机关党委党员干部学习计划表"])
    }

    @Test func anExcelWorkbookRenamedToDocxIsNoWordDocument() throws {
        let data = DocxFixture.package(
            documentXML: DocxFixture.document(body: DocxFixture.paragraph("x")),
            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        #expect(throws: DocumentError.unsupported(.otherZip)) { try reader.read(data) }
    }
}
