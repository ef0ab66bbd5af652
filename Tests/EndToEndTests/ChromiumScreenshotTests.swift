import Foundation
import TestSupport
import Testing

/// The overview as a browser shows it: headless Chromium (Debian's package, installed by `make deps`) renders
/// the page of the samples; the completion chart must be in the rendered DOM, and the picture is saved for a
/// person to look at (under the test's scratch folder, and `make screenshot` writes var/reports/overview.png).
@Suite(.enabled(if: Chromium.executable != nil, "chromium is not installed (make deps installs it)"))
struct ChromiumScreenshotTests {
    @Test func theOverviewRendersWithItsCompletionChart() throws {
        let chromium = try #require(Chromium.executable)
        let folder = try TestPaths.temporaryFolder("screenshot")
        let state = folder.appendingPathComponent("state")
        #expect(try FormpipeBinary.run(["batch", "Samples", "--state", state.path]).status == 0)
        let page = state.appendingPathComponent("reports/overview.html")
        let flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(folder.path)/profile"]
        let dom = try Subprocess.run(chromium, flags + ["--dump-dom", page.absoluteString])
        #expect(dom.stdout.contains("class=\"completion\""), "the completion chart is in the rendered page")
        #expect(dom.stdout.contains("各支部完成情况"))
        #expect(dom.stdout.contains("<svg"))
        let picture = folder.appendingPathComponent("overview.png")
        _ = try Subprocess.run(chromium, flags + ["--window-size=1366,3000", "--screenshot=\(picture.path)", page.absoluteString])
        let size = (try? FileManager.default.attributesOfItem(atPath: picture.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "a picture of the page was saved: \(picture.path)")
        print("Screenshot of the overview: \(picture.path)")
    }
}

enum Chromium {
    static var executable: URL? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(URL.init(fileURLWithPath:))
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
