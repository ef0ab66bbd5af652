import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

@testable import FormPipeline

/// What crosses the pipe from a worker process comes out exactly as it went in, and a damaged answer is an
/// error the pipeline turns into a rejection, not a crash.
@Suite struct ResultCodecTests {
    static let catalog: SchemaCatalog? = try? SchemaCatalog.load(from: TestPaths.repositoryRoot.appendingPathComponent("Schemas"))

    static func sampleRecord() throws -> JSONValue {
        try JSONValue.parse(
            Data(
                """
                {"year": 2017, "branch": "机关第一党支部", "name": "张三", "joined_party_on": "2001-07",
                 "tasks": [{"aspect": "政治理论学习", "measures": "每月读书\\n写心得", "deadline": "2017-12-31"}, {}],
                 "ticked": true, "nothing": null, "ratio": -0.125, "empty": "", "list": []}
                """.utf8))
    }

    @Test func formsRoundTripWithTheirRecordAndFindings() throws {
        let catalog = try #require(Self.catalog)
        let form = try #require(catalog.forms.first)
        let findings = [
            Finding(path: "tasks[1].measures", severity: .error, rule: "required", message: "第 2 行缺少“措施”"),
            Finding(path: "filled_on", severity: .warning, rule: "dateNotAfter", message: "填表日期晚于 7 月 5 日"),
        ]
        let processed = ProcessedFile(
            result: .form(form, record: try Self.sampleRecord(), findings: findings), unpackNanoseconds: 123_456,
            extractNanoseconds: 7)
        let decoded = try ResultCodec.decode(ResultCodec.encode(processed), catalog: catalog)
        #expect(decoded.unpackNanoseconds == 123_456)
        #expect(decoded.extractNanoseconds == 7)
        guard case .form(let decodedForm, let record, let decodedFindings) = decoded.part(named: nil) else {
            Issue.record("expected a form, got \(decoded.parts)")
            return
        }
        #expect(decodedForm.id == form.id)
        #expect(record == (try Self.sampleRecord()))
        // Key order is part of a record (it is the form's field order in every output).
        #expect(record.serialized() == (try Self.sampleRecord()).serialized())
        #expect(decodedFindings == findings)
    }

    @Test func rejectionsRoundTrip() throws {
        let catalog = try #require(Self.catalog)
        let decoded = try ResultCodec.decode(
            ResultCodec.encode(ProcessedFile(result: .rejected(DocumentError.encrypted.rejection))), catalog: catalog)
        guard case .rejected(let rejection) = decoded.part(named: nil) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection == Rejection(.encrypted, "文件已加密，请提交未加密版本"))
        // A code the pipeline does not know (a newer worker) is a damaged answer, not a guess.
        var unknown = ResultCodec.encode(ProcessedFile(result: .rejected(Rejection(.damaged, "x"))))
        let code = Array("damaged".utf8)
        let at = try #require(unknown.firstRange(of: code))
        unknown.replaceSubrange(at, with: Array("damaget".utf8))
        #expect(throws: ResultCodecError.self) { try ResultCodec.decode(unknown, catalog: catalog) }
    }

    @Test func aDamagedAnswerIsAnErrorNotACrash() throws {
        let catalog = try #require(Self.catalog)
        let form = try #require(catalog.forms.first)
        let encoded = ResultCodec.encode(ProcessedFile(result: .form(form, record: try Self.sampleRecord(), findings: [])))
        for length in [0, 1, 3, encoded.count / 2, encoded.count - 1] {
            #expect(throws: ResultCodecError.self) { try ResultCodec.decode(Array(encoded.prefix(length)), catalog: catalog) }
        }
        #expect(throws: ResultCodecError.self) { try ResultCodec.decode(encoded + [0], catalog: catalog) }
        // A form the pipeline does not know (its schemas changed under a running worker) is refused too.
        #expect(throws: ResultCodecError.self) { try ResultCodec.decode(encoded, catalog: SchemaCatalog(forms: [])) }
    }
}
