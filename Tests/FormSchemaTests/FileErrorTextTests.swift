import Foundation
import Testing

@testable import FormSchema

/// Foundation's own descriptions of file errors are English on Linux; what the office reads is Chinese.
@Suite struct FileErrorTextTests {
    @Test func foundationFileErrorsAreDescribedInChinese() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/pipeline.conf")
        do {
            _ = try String(contentsOf: missing, encoding: .utf8)
            Issue.record("a missing file was read")
        } catch {
            #expect(FileErrorText.describe(error) == "文件不存在")
        }
        // A path through a regular file: ENOTDIR, which even root meets.
        do {
            try Data("x".utf8).write(to: URL(fileURLWithPath: "/proc/self/status/x"))
            Issue.record("a file was written below another file")
        } catch {
            #expect(FileErrorText.describe(error) == "路径中有一段不是文件夹")
        }
    }

    @Test func systemErrorNumbersAreDescribedInChinese() {
        #expect(FileErrorText.describe(POSIXError(.ENOSPC)) == "磁盘已满")
        #expect(FileErrorText.describe(errno: EROFS) == "所在磁盘只读")
        // One without words of its own keeps the system's and its number, so it can still be looked up.
        #expect(FileErrorText.describe(errno: EXDEV).hasSuffix("（errno \(EXDEV)）"))
    }
}
