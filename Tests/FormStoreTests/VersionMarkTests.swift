import Foundation
import Testing

@testable import FormStore

/// Which of two files of one identity, taken in together with the same form date, is the correction.
@Suite struct VersionMarkTests {
    @Test(arguments: [
        ("马振华.docx", "马振华-v2.docx"), ("马振华-v2.docx", "马振华-v3.docx"), ("马振华.docx", "马振华（修改稿）.docx"),
        ("马振华.docx", "马振华-更正.docx"), ("马振华-修改.docx", "马振华-第二版.docx"), ("马振华-v3.docx", "马振华-最终版.docx"),
        ("马振华.docx", "马振华 (1).docx"), ("马振华 (1).docx", "马振华 (2).docx"), ("a/学习计划.pdf", "b/学习计划_2.pdf"),
        ("马振华.docx", "马振华-定稿.docx"), ("马振华-V2.docx", "马振华-ver3.docx"),
    ])
    func theMarkedCopyIsTheLaterVersion(_ earlier: String, _ later: String) {
        #expect(VersionMark.rank(ofPath: earlier) < VersionMark.rank(ofPath: later), "\(earlier) → \(later)")
    }

    @Test func plainNamesAndNumbersThatAreNoVersionRankTheSame() {
        #expect(VersionMark.rank(ofPath: "sub_0011.docx") == 0, "a four-digit serial is no copy number")
        #expect(VersionMark.rank(ofPath: "2017年度目标任务书.docx") == 0)
        #expect(VersionMark.rank(ofPath: "第三党支部/王五.docx") == 0, "第三 before a name is no edition")
        #expect(VersionMark.rank(ofPath: "v2/王五.docx") == 0, "only the file's own name counts")
    }
}
