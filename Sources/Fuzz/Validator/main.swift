// libFuzzer harness: the validator (schema keywords, x- rules, cross-field rules, findings and their messages) on
// a record built from the fuzz input, against every schema in Schemas/. The input is the record's JSON, or an
// export line / Samples/expected file whose `fields` are the record. In an ordinary build the program does nothing.
import FormSchema
import Foundation
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let record = FuzzSupport.record(from: FuzzSupport.data(data, size)) else { return 0 }
    for form in FuzzSupport.catalog.forms {
        for finding in form.validate(record) {
            if finding.message.isEmpty { FuzzSupport.fail("\(form.id): a finding at \(finding.path) without a message") }
        }
        _ = form.identity(of: record)
        _ = form.validator.validate(record)
    }
    return 0
}
