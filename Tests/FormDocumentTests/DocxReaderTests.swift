import FormTemplates
import Foundation
import TestSupport
import Testing

@testable import FormDocument

@Suite struct DocxReaderTests {
    let reader = DocxReader()

    @Test func readsParagraphsAndTablesInOrder() throws {
        let body =
            DocxFixture.paragraph("机关党员 2017 年度目标任务书")
            + DocxFixture.table([["姓名", "张三", "职务", "科长"], ["岗位职责", "负责\n宣传工作"]])
        let document = try reader.read(DocxFixture.package(body: body))
        #expect(document.topLevelParagraphs == ["机关党员 2017 年度目标任务书"])
        let table = try #require(document.allTables.first)
        #expect(table.rows.map { $0.cells.map(\.text) } == [["姓名", "张三", "职务", "科长"], ["岗位职责", "负责\n宣传工作"]])
    }

    @Test func joinsRunsAndKeepsBreaksAndTabs() throws {
        let body = """
            <w:p><w:r><w:t>张</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>三</w:t></w:r><w:r><w:br/><w:t>丰</w:t><w:tab/><w:t>x</w:t></w:r></w:p>
            """
        #expect(try reader.read(DocxFixture.package(body: body)).topLevelParagraphs == ["张三\n丰\tx"])
    }

    @Test func keepsMergedCellSpans() throws {
        let body = DocxFixture.table([
            [DocxFixture.tableCell("党员类别", verticalMerge: "restart"), "普通党员"],
            [DocxFixture.tableCell("", verticalMerge: ""), DocxFixture.tableCell("长值", span: 3)],
        ])
        let table = try #require(try reader.read(DocxFixture.package(body: body)).allTables.first)
        #expect(table.rows[0].cells[0].verticalMerge == .restart)
        #expect(table.rows[1].cells[0].verticalMerge == .continue)
        #expect(table.rows[1].cells[1].columnSpan == 3)
    }

    @Test func countsInsertedTextAndDropsDeletedText() throws {
        let body = """
            <w:p><w:r><w:t>计划</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>30</w:delText></w:r></w:del>\
            <w:ins w:id="2" w:author="a"><w:r><w:t>110</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>旧</w:t></w:r></w:moveFrom></w:p>
            """
        #expect(try reader.read(DocxFixture.package(body: body)).topLevelParagraphs == ["计划110"])
    }

    @Test func turnsCheckboxesIntoTicks() throws {
        let body = """
            <w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr>\
            <w:sdtContent><w:r><w:t>☒</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>科级干部</w:t></w:r>\
            <w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="0"/></w:checkBox></w:ffData></w:fldChar></w:r>\
            <w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>普通党员</w:t></w:r>\
            <w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:t>优秀</w:t></w:r></w:p>
            """
        #expect(try reader.read(DocxFixture.package(body: body)).topLevelParagraphs == ["☑科级干部☐普通党员☑优秀"])
    }

    @Test func treatsPlaceholderTextAsEmpty() throws {
        let body = """
            <w:p><w:r><w:t>姓名：</w:t></w:r><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>单击此处输入文字</w:t></w:r></w:sdtContent></w:sdt></w:p>
            """
        #expect(try reader.read(DocxFixture.package(body: body)).topLevelParagraphs == ["姓名："])
    }

    @Test func rejectsTruncatedZipAsDamaged() throws {
        let full = DocxFixture.package(body: DocxFixture.paragraph("内容"))
        #expect(throws: DocumentError.self) { try reader.read(full.prefix(full.count * 6 / 10)) }
        do {
            _ = try reader.read(full.prefix(full.count * 6 / 10))
        } catch {
            #expect(error.description.contains("损坏"))
        }
    }

    @Test func rejectsDocumentWithDTDWithoutReadingEntities() throws {
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\
            <w:document \(DocxFixture.wordNamespaces)><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>
            """
        var zip = ZipWriter()
        zip.add("word/document.xml", xxe)
        #expect(throws: DocumentError.forbiddenXML("word/document.xml 含有 DTD 声明")) { try reader.read(zip.archive()) }
    }

    @Test func rejectsDuplicateEntryNames() throws {
        var zip = ZipWriter()
        zip.add("word/document.xml", DocxFixture.document(body: DocxFixture.paragraph("一")))
        zip.add("word/document.xml", DocxFixture.document(body: DocxFixture.paragraph("二")))
        do {
            _ = try reader.read(zip.archive())
            Issue.record("a package with two word/document.xml entries was read")
        } catch {
            #expect(error.description.contains("重名"))
        }
    }

    @Test func rejectsEntryThatLiesAboutItsSize() throws {
        var zip = ZipWriter()
        zip.entries.append(
            .init(name: "word/document.xml", data: Data(DocxFixture.document(body: DocxFixture.paragraph("内容")).utf8), declaredSize: 10))
        #expect(throws: DocumentError.self) { try reader.read(zip.archive()) }
    }

    @Test func namesTheMissingMainPart() throws {
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", "<Types/>")
        do {
            _ = try reader.read(zip.archive())
            Issue.record("a package without word/document.xml was read")
        } catch {
            #expect(error.description.contains("word/document.xml"))
        }
    }

    /// A .docx whose first KB holds "%PDF-" (here in the text of its first, stored part) is a zip all the same:
    /// the signature at offset 0 wins over a PDF header found further in.
    @Test func aDocxMentioningPDFInItsFirstKilobyteIsReadAsADocx() throws {
        var zip = ZipWriter()
        zip.add("word/document.xml", DocxFixture.document(body: DocxFixture.paragraph("%PDF-1.7 见附件") + DocxFixture.paragraph("机关党委")))
        zip.add(
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/word/document.xml" ContentType="\(DocxFixture.docxContentType)"/></Types>
            """)
        zip.add(
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """)
        let bytes = zip.archive()
        #expect(bytes.prefix(FileKind.pdfHeaderWindow).firstRange(of: Data("%PDF-".utf8)) != nil)
        #expect(FileKind.sniff(prefix: bytes.prefix(FileKind.pdfHeaderWindow)) == .docx)
        let document = try DocumentReader().read(bytes)
        #expect(Document.texts(inReadingOrder: document.blocks).contains("%PDF-1.7 见附件"))
    }

    @Test func sniffsKindsByBytes() {
        #expect(FileKind.sniff(prefix: Array("%PDF-1.7".utf8)) == .pdf)
        #expect(FileKind.sniff(prefix: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) == .legacyWord)
        #expect(FileKind.sniff(prefix: [0x50, 0x4B, 0x03, 0x04]) == .docx)
        #expect(FileKind.sniff(prefix: Array("hello".utf8)) == .unknown)
    }
}
