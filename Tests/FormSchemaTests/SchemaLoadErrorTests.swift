import Foundation
import Testing

@testable import FormSchema

/// Each broken schema file must be refused with the file and the JSON pointer of the mistake.
@Suite struct SchemaLoadErrorTests {
    static let good = """
        {"title":"测试表","x-form":{"id":"tiny","titles":["测试表"],"identity":["name"]},
         "type":"object",
         "properties":{
           "name":{"title":"姓名","x-labels":["姓名"],"x-kind":"string","type":"string"},
           "rows":{"title":"明细","x-labels":["明细"],"x-kind":"table","type":"array",
                   "items":{"type":"object","properties":{
                     "hours":{"title":"学时","x-labels":["学时"],"x-kind":"number"}}}},
           "total":{"title":"合计","x-labels":["合计"],"x-kind":"number"}
         },
         "x-rules":[{"rule":"sum","table":"rows","column":"hours","equals":"total"}]}
        """

    /// Writes `text` as `<name>.schema.json` into a fresh folder and loads the folder.
    func load(_ text: String, name: String = "tiny") throws -> SchemaCatalog {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(text.utf8).write(to: folder.appendingPathComponent("\(name).schema.json"))
        return try SchemaCatalog.load(from: folder)
    }

    func expectError(_ text: String, name: String = "tiny", pointer: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try load(text, name: name)
            Issue.record("loaded a broken schema", sourceLocation: sourceLocation)
        } catch let error as SchemaError {
            #expect(error.file.hasSuffix("/\(name).schema.json"), sourceLocation: sourceLocation)
            #expect(error.pointer == pointer, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains("\(name).schema.json"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    func replacing(_ old: String, _ new: String) -> String {
        Self.good.replacingOccurrences(of: old, with: new)
    }

    @Test func theBaselineLoads() throws {
        let catalog = try load(Self.good)
        #expect(catalog.forms.map(\.id) == ["tiny"])
    }

    @Test func enumSpellingKeywords() throws {
        let enumField = #""name":{"title":"姓名","x-labels":["姓名"],"x-kind":"enum","enum":["甲","乙"]"#
        let withKeywords = replacing(
            #""name":{"title":"姓名","x-labels":["姓名"],"x-kind":"string""#,
            enumField + #","x-option-numbering":true,"x-option-aliases":{"甲":["A"]}"#)
        let field = try #require(try load(withKeywords).form(id: "tiny")?.field("name"))
        #expect(field.optionNumbering)
        #expect(field.optionAliases == ["甲": ["A"]])
        expectError(
            replacing(#""name":{"title":"姓名","x-labels":["姓名"],"x-kind":"string""#, enumField + #","x-option-aliases":{"丙":["C"]}"#),
            pointer: "/properties/name/x-option-aliases/丙")
        expectError(
            replacing(#""name":{"title":"姓名","x-labels":["姓名"],"x-kind":"string""#, enumField + #","x-option-numbering":"yes""#),
            pointer: "/properties/name/x-option-numbering")
    }

    @Test func everyBrokenFileIsReportedNotOnlyTheFirst() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.good.utf8).write(to: folder.appendingPathComponent("tiny.schema.json"))
        try Data("{bad".utf8).write(to: folder.appendingPathComponent("a.schema.json"))
        try Data(
            Self.good.replacingOccurrences(of: "\"tiny\"", with: "\"z\"").replacingOccurrences(
                of: "\"x-kind\":\"string\"", with: "\"x-kind\":\"strin\""
            ).utf8
        )
        .write(to: folder.appendingPathComponent("z.schema.json"))
        let results = try SchemaCatalog.loadEach(from: folder)
        #expect(results.count == 3)
        let failures = results.compactMap { result -> String? in
            if case .failure(let error) = result { return String(describing: error) }
            return nil
        }
        #expect(failures.count == 2)
        #expect(failures.contains { $0.contains("a.schema.json") })
        #expect(failures.contains { $0.contains("z.schema.json") && $0.contains("x-kind") })
        #expect(throws: SchemaError.self) { try SchemaCatalog.load(from: folder) }
    }

    @Test func badJSON() {
        expectError(#"{"title": "x",,}"#, pointer: "")
    }

    @Test func missingFormBlockAndItsMembers() {
        expectError(replacing(#""x-form":{"id":"tiny","titles":["测试表"],"identity":["name"]},"#, ""), pointer: "")
        expectError(replacing(#""id":"tiny","#, ""), pointer: "/x-form")
        expectError(replacing(#""titles":["测试表"],"#, ""), pointer: "/x-form")
        expectError(replacing(#","identity":["name"]"#, ""), pointer: "/x-form")
    }

    @Test func idMustBeTheFileStem() {
        expectError(Self.good, name: "other", pointer: "/x-form/id")
    }

    @Test func propertyWithoutKindLabelsOrTitle() {
        expectError(replacing(#""x-kind":"string","#, ""), pointer: "/properties/name")
        expectError(replacing(#""x-labels":["姓名"],"#, ""), pointer: "/properties/name")
        expectError(replacing(#""title":"姓名","#, ""), pointer: "/properties/name")
        expectError(replacing(#""title":"学时","#, ""), pointer: "/properties/rows/items/properties/hours")
    }

    @Test func unknownKind() {
        expectError(replacing(#""x-kind":"string""#, #""x-kind":"money""#), pointer: "/properties/name/x-kind")
    }

    @Test func unknownRuleName() {
        expectError(replacing(#""rule":"sum""#, #""rule":"total""#), pointer: "/x-rules/0/rule")
    }

    @Test func ruleNamingAMissingFieldOrColumn() {
        expectError(replacing(#""equals":"total""#, #""equals":"sum_total""#), pointer: "/x-rules/0/equals")
        expectError(replacing(#""column":"hours""#, #""column":"minutes""#), pointer: "/x-rules/0/column")
        expectError(replacing(#""table":"rows""#, #""table":"lines""#), pointer: "/x-rules/0/table")
    }

    @Test func identityNamingAMissingField() {
        expectError(replacing(#""identity":["name"]"#, #""identity":["name","year"]"#), pointer: "/x-form/identity/1")
    }

    @Test func emptyOrMissingFolder() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: SchemaError.self) { try SchemaCatalog.load(from: folder) }
        let missing = folder.appendingPathComponent("absent")
        do {
            _ = try SchemaCatalog.load(from: missing)
            Issue.record("loaded a missing folder")
        } catch let error as SchemaError {
            #expect(error.file == missing.path)
            #expect(error.pointer == "")
        }
    }
}

extension SchemaLoadErrorTests {
    @Test func messagesSeveritiesAndTheJSONSchemaItselfAreChecked() {
        expectError(
            replacing(#""x-kind":"string","type":"string""#, #""x-kind":"string","type":"string","x-message":"{lable}""#),
            pointer: "/properties/name/x-message")
        expectError(
            replacing(#""x-kind":"string","type":"string""#, #""x-kind":"string","type":"string","x-message":{"type":3}"#),
            pointer: "/properties/name/x-message/type")
        expectError(
            replacing(#""x-kind":"string","type":"string""#, #""x-kind":"string","type":"string","x-severity":"info""#),
            pointer: "/properties/name/x-severity")
        expectError(
            replacing(#""x-kind":"string","type":"string""#, #""x-kind":"string","type":"string","pattern":"(""#),
            pointer: "/properties/name/pattern")
        expectError(
            replacing(#""x-kind":"string","type":"string""#, #""x-kind":"string","type":"text""#),
            pointer: "/properties/name/type")
    }
}
