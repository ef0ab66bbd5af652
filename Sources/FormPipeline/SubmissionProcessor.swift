import FormDocument
import FormExtraction
import FormSchema
import FormStore
import Foundation

/// Unpack, classify, extract and validate one file's bytes: the CPU-heavy middle of the pipeline, free of
/// I/O and state. It runs inside the worker processes (or in this process when isolation is off), so the
/// pipeline itself only takes files in and loads what comes back.
public struct SubmissionProcessor: Sendable {
    public enum Result: Sendable {
        case rejected(reason: String)
        case form(FormSchema, record: JSONValue, findings: [Finding])
    }

    let reader: DocumentReader
    let classifier: FormClassifier

    public init(catalog: SchemaCatalog, limits: InputLimits) {
        reader = DocumentReader(limits: limits)
        classifier = FormClassifier(catalog: catalog)
    }

    public func process(_ bytes: Data) -> ProcessedFile {
        let start = ContinuousClock.now
        let document: Document
        do {
            document = try reader.read(bytes)
        } catch {
            return ProcessedFile(result: .rejected(reason: error.description), unpackNanoseconds: (.now - start).nanoseconds)
        }
        let unpacked = ContinuousClock.now
        let result = process(document)
        return ProcessedFile(
            result: result, unpackNanoseconds: (unpacked - start).nanoseconds,
            extractNanoseconds: (.now - unpacked).nanoseconds)
    }

    /// How each field of the file was read (`check --explain`), or nil when it is not read as a form. Runs in
    /// this process: call it for a file a worker has read already, so one that crashes the reader never gets here.
    public func explain(_ bytes: Data) -> (form: FormSchema, fields: [FieldExplanation])? {
        guard let document = try? reader.read(bytes), let extractor = try? classifier.classify(document) else { return nil }
        return (extractor.form, extractor.explain(document))
    }

    /// Classify, extract and validate an unpacked document.
    public func process(_ document: Document) -> Result {
        let extractor: FormExtractor
        do {
            extractor = try classifier.classify(document)
        } catch {
            return .rejected(reason: error.description)
        }
        let (record, findings) = extractor.extractAndValidate(document)
        return .form(extractor.form, record: record, findings: findings)
    }
}

extension SubmissionProcessor.Result {
    /// "Not a Word or PDF file" for a file named .pdf or .docx is a damaged one, and the clerk should hear so.
    public static func reason(_ reason: String, fileName: String?) -> String {
        guard reason == DocumentError.unsupported(.unknown).description, let fileName else { return reason }
        switch (fileName as NSString).pathExtension.lowercased() {
        case "pdf": return "PDF 文件已损坏，无法打开（文件中没有 PDF 的格式标记）；请重新导出 PDF 后提交"
        case "docx", "docm": return "Word 文件已损坏，无法打开（不是有效的 .docx 文件）；请在 Word 中重新保存后提交"
        default: return reason
        }
    }

    /// valid; invalid when any error is about the content; review (待核对) when every error is a reading
    /// problem; rejected.
    public var status: SubmissionStatus {
        switch self {
        case .rejected: return .rejected
        case .form(_, _, let findings):
            if findings.errorsAreAllReading { return .review }
            return findings.contains { $0.severity == .error } ? .invalid : .valid
        }
    }

    /// The store's view of this result for a submission. `fileName`: the name the file came with, which says
    /// what the sender meant it to be when its content is not recognisable at all.
    func outcome(for submissionID: Int64, fileName: String? = nil) -> Outcome {
        switch self {
        case .rejected(let reason):
            return .rejected(submissionID, reason: Self.reason(reason, fileName: fileName))
        case .form(let form, let record, let findings):
            let identity = form.identity(of: record).map { JSONValue.array($0).serialized() }
            let formDate = form.dateField.flatMap { record[$0]?.stringValue }
            return Outcome(
                submissionID: submissionID, form: form.id, status: self.status, reason: nil, record: record,
                identity: identity, formDate: formDate, findings: findings)
        }
    }
}
