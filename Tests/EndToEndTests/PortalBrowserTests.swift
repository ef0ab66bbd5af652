import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The portal in a real browser (issue 23): `tools/portal_browser_test.py` drives headless Chromium through
/// Selenium against a running `formpipe serve`. Debian's chromium, chromium-driver and python3-selenium, which
/// `make deps` installs; nothing is downloaded.
@Suite(.enabled(if: BrowserTools.available, "chromium, chromium-driver or python3-selenium is missing (make deps installs them)"))
struct PortalBrowserTests {
    @Test func aBranchCorrectsAFormInTheBrowserAndTheOfficeSeesBoth() async throws {
        let folder = try TestPaths.temporaryFolder("portal-browser")
        let state = folder.appendingPathComponent("state")
        let screens = folder.appendingPathComponent("screens")
        try FileManager.default.createDirectory(at: screens, withIntermediateDirectories: true)
        let passwords = (office: "办公室的长密码2026", branch: "第一支部的长密码2026")
        #expect(
            try FormpipeBinary.run(
                ["users", "add", "office", "--role", "office", "--state", state.path], input: Data((passwords.office + "\n").utf8)
            )
            .status == 0)
        #expect(
            try FormpipeBinary.run(
                ["users", "add", "zhibu1", "--role", "branch", "--branch", "机关第一党支部", "--state", state.path],
                input: Data((passwords.branch + "\n").utf8)
            ).status == 0)
        // The same member's target book twice: with too few study hours, then corrected.
        let invalid = folder.appendingPathComponent("周八-年度目标任务书.docx")
        let corrected = folder.appendingPathComponent("周八-年度目标任务书（修改后）.docx")
        try SyntheticForms.targetBook(name: "周八", hours: "20学时").write(to: invalid)
        try SyntheticForms.targetBook(name: "周八", hours: "96学时").write(to: corrected)

        let port = 19_000 + Int(getpid() % 1000)
        let server = try FormpipeBinary.start(["serve", "--listen", "127.0.0.1:\(port)", "--state", state.path])
        defer {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        try await Self.waitForPortal(at: base)

        let run = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                TestPaths.repositoryRoot.appendingPathComponent("tools/portal_browser_test.py").path, "--base", base, "--chromium",
                BrowserTools.chromium, "--driver", BrowserTools.driver, "--screens", screens.path, "--invalid", invalid.path,
                "--corrected", corrected.path, "--branch-password", passwords.branch, "--office-password", passwords.office,
            ])
        #expect(run.status == 0, "\(run.stderr)\n\(run.stdout)")
        let pictures = (try? FileManager.default.contentsOfDirectory(atPath: screens.path)) ?? []
        for page in [
            "sign-in", "branch-home", "result-invalid", "result-corrected", "submission", "branch-list", "office-home", "office-reports",
            "office-overview",
        ] {
            for width in ["phone", "laptop"] {
                #expect(pictures.contains("\(page)-\(width).png"), "\(page) at \(width) width")
            }
        }
        print("Screenshots of the portal: \(screens.path)")
    }

    static func waitForPortal(at base: String) async throws {
        let url = try #require(URL(string: base + "/login"))
        for _ in 0..<300 {
            if (try? await URLSession.shared.data(from: url)) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the portal never answered at \(base)")
    }
}

enum BrowserTools {
    static let chromium = "/usr/bin/chromium"
    static let driver = "/usr/bin/chromedriver"

    static let available: Bool = {
        let manager = FileManager.default
        guard manager.isExecutableFile(atPath: chromium), manager.isExecutableFile(atPath: driver) else { return false }
        let probe = try? Subprocess.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", "import selenium"])
        return probe?.status == 0
    }()
}
