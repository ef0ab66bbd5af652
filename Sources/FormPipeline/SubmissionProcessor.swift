import FormDocument
import FormStore
import FormExtraction
import FormSchema
import Foundation

/// Unpack, extract and validate one file's bytes: the CPU-heavy middle of the pipeline, free of I/O and
/// state, so batch, check and revalidate share it and it can move into worker processes unchanged.
public struct SubmissionProcessor: Sendable {
    public enum Result: Sendable {
        case rejected(reason: String)
        case form(FormSchema, record: JSONValue, findings: [Finding])
    }

    let unpacker: any Unpacker
    let classifier: FormClassifier
    let clock: StageClock?

    public init(catalog: SchemaCatalog, unpacker: any Unpacker, clock: StageClock? = nil) {
        self.unpacker = unpacker
        self.clock = clock
        classifier = FormClassifier(catalog: catalog)
    }

    public func process(_ bytes: Data) async -> Result {
        let unpacked: Swift.Result<Document, DocumentError>
        if let clock {
            unpacked = await clock.measure(.unpack) { await unpacker.unpack(bytes) }
        } else {
            unpacked = await unpacker.unpack(bytes)
        }
        switch unpacked {
        case .success(let document): return clock?.measure(.extract) { process(document) } ?? process(document)
        case .failure(let error): return .rejected(reason: error.description)
        }
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
    /// The store's view of this result for a submission.
    func outcome(for submissionID: Int64) -> Outcome {
        switch self {
        case .rejected(let reason):
            return .rejected(submissionID, reason: reason)
        case .form(let form, let record, let findings):
            let identity = form.identity(of: record).map { JSONValue.array($0).serialized() }
            let status: SubmissionStatus = findings.contains { $0.severity == .error } ? .invalid : .valid
            let formDate = form.dateField.flatMap { record[$0]?.stringValue }
            return Outcome(
                submissionID: submissionID, form: form.id, status: status, reason: nil, record: record,
                identity: identity, formDate: formDate, findings: findings)
        }
    }
}
