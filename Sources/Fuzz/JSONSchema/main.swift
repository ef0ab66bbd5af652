// libFuzzer harness: the JSON parser (FormSchema.JSONValue.parse) and the schema compiler (JSONSchemaValidator and
// FormSchema loading with its x- keywords). Property: what the parser reads, serialized, reads back the same.
// In an ordinary build the program does nothing.
import FormSchema
import Foundation
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let value = try? JSONValue.parse(FuzzSupport.data(data, size)) else { return 0 }
    let text = value.serialized()
    guard let again = try? JSONValue.parse(text) else { FuzzSupport.fail("serialized JSON does not parse: \(text)") }
    // A number past Double's range reads as infinity and is written as null (JSON has no infinity).
    guard again == finiteOnly(value) else { FuzzSupport.fail("serialized JSON reads back different: \(text)") }
    _ = value.serialized(sortedKeys: true)

    // The document as a plain JSON Schema, checking itself as an instance.
    if let validator = try? JSONSchemaValidator(schema: value) {
        _ = validator.validate(value)
        _ = validator.validate(.object(JSONObject()))
    }
    // The document as a form schema, as `formpipe schemas check` loads one.
    if let form = try? FormSchema(document: value, source: URL(fileURLWithPath: "/fuzz/fuzz.schema.json")) {
        _ = form.validate(value)
        _ = form.identity(of: value)
        for field in form.fields { _ = form.field(field.key) }
    }
    return 0
}

/// The value as it reads back after serializing: non-finite numbers become null.
private func finiteOnly(_ value: JSONValue) -> JSONValue {
    switch value {
    case .number(let number) where !number.isFinite: return .null
    case .array(let items): return .array(items.map(finiteOnly))
    case .object(let object): return .object(JSONObject(object.map { ($0.key, finiteOnly($0.value)) }))
    default: return value
    }
}
