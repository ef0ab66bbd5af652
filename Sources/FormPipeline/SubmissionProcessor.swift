public import FormDocument
public import FormExtraction
public import FormSchema
public import FormStore
public import Foundation

/// Unpack, classify, extract and validate one file's bytes: the CPU-heavy middle of the pipeline, free of
/// I/O and state. It runs inside the worker processes (or in this process when isolation is off), so the
/// pipeline itself only takes files in and loads what comes back.
public struct SubmissionProcessor: Sendable {
    public enum Result: Sendable {
        case rejected(Rejection)
        case form(FormSchema, record: JSONValue, findings: [Finding])
    }

    let reader: DocumentReader
    let classifier: FormClassifier

    public init(catalog: SchemaCatalog, limits: InputLimits) {
        reader = DocumentReader(limits: limits, readers: Self.readers(limits: limits))
        classifier = FormClassifier(catalog: catalog)
    }

    /// Every reader a worker has, asked in this order: a new kind of input is registered here.
    static func readers(limits: InputLimits) -> [any DocumentReading] {
        DocumentReader.readers(limits: limits)
    }

    public func process(_ bytes: Data) -> ProcessedFile {
        let start = ContinuousClock.now
        let document: Document
        do {
            document = try reader.read(bytes)
        } catch .unsupported(.otherZip) {
            // A .zip that is no Word document: a bundle of forms, each member read on its own.
            let parts = processBundle(bytes)
            return ProcessedFile(parts: parts, unpackNanoseconds: (.now - start).nanoseconds)
        } catch {
            return ProcessedFile(result: .rejected(error.rejection), unpackNanoseconds: (.now - start).nanoseconds)
        }
        let unpacked = ContinuousClock.now
        let parts = process(document)
        return ProcessedFile(
            parts: parts, unpackNanoseconds: (unpacked - start).nanoseconds, extractNanoseconds: (.now - unpacked).nanoseconds,
            scannedPages: document.scannedPages)
    }

    /// Each member of a bundle as parts named by its path (`/材料/1.docx`, `/材料/2.docx#2`); a member that is no
    /// form file is a rejected part with the reason, so what was in the bundle is all accounted for.
    func processBundle(_ bytes: Data) -> [ProcessedPart] {
        let members: [BundleReader.Member]
        do {
            members = try BundleReader(limits: reader.limits).members(bytes)
        } catch {
            return [ProcessedPart(name: nil, result: .rejected(Rejection(.bundleUnreadable, "压缩包无法打开：\(error.rejection.text)")))]
        }
        guard !members.isEmpty else { return [ProcessedPart(name: nil, result: .rejected(Rejection(.bundleEmpty, "压缩包是空的，没有可处理的文件")))] }
        var parts: [ProcessedPart] = []
        for member in members {
            let name = "/" + member.path
            do {
                let document = try reader.read(try member.bytes.get())
                parts += process(document).map { ProcessedPart(name: name + ($0.name ?? ""), result: $0.result) }
            } catch .unsupported(.otherZip) {
                parts.append(
                    ProcessedPart(name: name, result: .rejected(Rejection(.bundleNested, "压缩包中的 \(member.path) 又是一个压缩包，未处理；请解压后分别提交"))))
            } catch {
                let rejection = SubmissionProcessor.Result.rejection(error.rejection, fileName: member.path)
                parts.append(ProcessedPart(name: name, result: .rejected(rejection.inBundle(member: member.path))))
            }
        }
        return parts
    }

    /// How each field of the file was read (`check --explain`), or nil when it is not read as a form. Runs in
    /// this process: call it for a file a worker has read already, so one that crashes the reader never gets here.
    public func explain(_ bytes: Data) -> [(part: String?, form: FormSchema, fields: [FieldExplanation])] {
        guard let document = try? reader.read(bytes), let instances = try? classifier.instances(document) else { return [] }
        return instances.enumerated().map { index, instance in
            (instances.count > 1 ? "#\(index + 1)" : nil, instance.extractor.form, instance.extractor.explain(instance.document))
        }
    }

    /// Classify, extract and validate an unpacked document: one part per form in it (`#2` for the 2nd; the
    /// part of a document that holds one form has no name).
    public func process(_ document: Document) -> [ProcessedPart] {
        let instances: [FormInstance]
        do {
            instances = try classifier.instances(document)
        } catch {
            return [ProcessedPart(name: nil, result: .rejected(error.rejection))]
        }
        return instances.enumerated().map { index, instance in
            let (record, findings) = instance.extractor.extractAndValidate(instance.document)
            return ProcessedPart(
                name: instances.count > 1 ? "#\(index + 1)" : nil, result: .form(instance.extractor.form, record: record, findings: findings))
        }
    }
}

extension ProcessedFile {
    /// The store's view of each part: the first loads into the file's own submission, the others into
    /// submissions of their own.
    /// `readings`: the clerk's readings of a part (by its place and name), applied to what is read now.
    func outcomes(
        for submissionID: Int64, fileName: String? = nil, readings: (Int, String?) -> [ClerkReading] = { _, _ in [] }
    ) -> [Outcome] {
        parts.enumerated().map { index, part in
            let result = ClerkCorrections.apply(readings(index, part.name), to: part.result)
            var outcome = result.outcome(for: submissionID, fileName: fileName)
            outcome.part = part.name
            outcome.partIndex = index
            return outcome
        }
    }
}

extension SubmissionProcessor.Result {
    /// "Not a Word or PDF file" for a file named .pdf or .docx is a damaged one, and the clerk should hear so.
    public static func rejection(_ rejection: Rejection, fileName: String?) -> Rejection {
        guard rejection == DocumentError.unsupported(.unknown).rejection, let fileName else { return rejection }
        switch (fileName as NSString).pathExtension.lowercased() {
        case "pdf": return Rejection(.damaged, "PDF 文件已损坏，无法打开（文件中没有 PDF 的格式标记）；请重新导出 PDF 后提交")
        case "docx", "docm": return Rejection(.damaged, "Word 文件已损坏，无法打开（不是有效的 .docx 文件）；请在 Word 中重新保存后提交")
        default: return rejection
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
        case .rejected(let rejection):
            let shown = Self.rejection(rejection, fileName: fileName)
            return .rejected(submissionID, reason: shown.text, code: shown.code.rawValue)
        case .form(let form, let record, let findings):
            let identity = form.identity(of: record).map { JSONValue.array($0).serialized() }
            let formDate = form.dateField.flatMap { record[$0]?.stringValue }
            return Outcome(
                submissionID: submissionID, form: form.id, status: self.status, reason: nil, record: record,
                identity: identity, formDate: formDate, findings: findings)
        }
    }
}
