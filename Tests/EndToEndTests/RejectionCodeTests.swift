import FormDocument
import FormSchema
import Foundation
import TestSupport
import Testing

/// A rejection carries a stable code beside its Chinese reason (for the portal, exports and a clerk's filter),
/// and the codes are the documented contract.
@Suite struct RejectionCodeTests {
    @Test func everyCodeIsDocumentedOnce() throws {
        let design = try String(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("docs/design.md"), encoding: .utf8)
        for code in Rejection.Code.allCases {
            #expect(design.components(separatedBy: "| `\(code.rawValue)` |").count == 2, "docs/design.md lists \(code.rawValue) once")
        }
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "../shared/corpus is not on this machine"))
    func eachHostileFileOfTheDevSetIsRejectedWithACodeThatSaysWhy() throws {
        let adversarial = try #require(TestPaths.corpus).appendingPathComponent("dev/adversarial")
        let check = try FormpipeBinary.run(["check", adversarial.path, "--json"])
        #expect(check.status == 0, "\(check.stderr)")
        var codes: [String: String] = [:]
        for line in check.stdout.split(separator: "\n") {
            let object = try JSONValue.parse(String(line))
            guard object["status"] == "rejected", let file = object["file"]?.stringValue else { continue }
            let code = object["reason_code"]?.stringValue ?? ""
            #expect(Rejection.Code(rawValue: code) != nil, "\(file): \(code)")
            let reason = object["reason"]?.stringValue ?? ""
            #expect(!reason.isEmpty, "\(file)")
            codes[(file as NSString).lastPathComponent] = code
        }
        #expect(codes.count >= 15, "\(codes)")
        // What each file is made of, not what its reason's text happens to say.
        #expect(codes["adv_01.docx"] == "limit-exceeded")  // a zip bomb
        #expect(codes["adv_03.docx"] == "forbidden-xml")  // a DTD
        #expect(codes["adv_06.pdf"] == "encrypted")
        #expect(codes["adv_09.docx"] == "damaged")  // zero bytes
        #expect(codes["adv_12.pdf"] == "damaged")  // named .pdf, no PDF inside
        #expect(codes["adv_15.docx"] == "not-a-known-form")  // a notice, not a form
    }
}
