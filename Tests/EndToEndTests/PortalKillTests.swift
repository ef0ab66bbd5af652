import Foundation
import TestSupport
import Testing

/// kill -9 of `formpipe serve` while four branches upload side by side (issue 23): after a restart every
/// answered upload has its outcome and none is stored twice (`tools/portal_kill_test.py`, which checks the store).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 is not installed"))
struct PortalKillTests {
    @Test func killedMidUploadsItLosesNoAnsweredUploadAndDoublesNone() throws {
        let folder = try TestPaths.temporaryFolder("portal-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state")
        let forms = folder.appendingPathComponent("forms")
        let password = "各支部的长密码2026"
        for index in 1...4 {
            let branch = "第\(index)党支部"
            let added = try FormpipeBinary.run(
                ["users", "add", "zhibu\(index)", "--role", "branch", "--branch", branch, "--state", state.path],
                input: Data((password + "\n").utf8))
            #expect(added.status == 0, "\(added.stderr)")
            let own = forms.appendingPathComponent(branch)
            try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
            for member in 0..<15 {
                try SyntheticForms.targetBook(name: "成员\(index)号\(member)", branch: branch, hours: member % 3 == 0 ? "20学时" : "96学时")
                    .write(to: own.appendingPathComponent("成员\(member).docx"))
            }
        }
        let run = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                TestPaths.repositoryRoot.appendingPathComponent("tools/portal_kill_test.py").path, "--binary", FormpipeBinary.url.path,
                "--state", state.path, "--forms", forms.path, "--password", password, "--port", String(20_000 + Int(getpid() % 1000)),
            ])
        #expect(run.status == 0, "\(run.stderr)\n\(run.stdout)")
        #expect(run.stdout.contains("killed after"), "\(run.stdout)")
        print(run.stdout)
    }
}
