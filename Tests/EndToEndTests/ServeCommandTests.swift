import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `formpipe serve` as an administrator starts it.
@Suite struct ServeCommandTests {
    @Test func itRefusesAnOutsideAddressWithoutAnOfficeAccount() throws {
        let folder = try TestPaths.temporaryFolder("serve-refuse")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = ["--state", folder.appendingPathComponent("state").path]
        let refused = try FormpipeBinary.run(["serve", "--listen", "0.0.0.0:18731"] + state)
        #expect(refused.status != 0 && refused.stderr.contains("formpipe users add"), "\(refused.stderr)")
        let branchOnly = try FormpipeBinary.run(
            ["users", "add", "zhibu1", "--role", "branch", "--branch", "第一党支部"] + state, input: Data("第一支部的长密码2026\n".utf8))
        #expect(branchOnly.status == 0)
        #expect(try FormpipeBinary.run(["serve", "--listen", "0.0.0.0:18731"] + state).status != 0, "a branch account is not enough")
    }

    @Test func itServesTheSignInPageOnLoopbackAndStopsCleanlyOnSIGTERM() async throws {
        let folder = try TestPaths.temporaryFolder("serve-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = 18_732 + Int(getpid() % 1000)
        let server = try FormpipeBinary.start(["serve", "--listen", "127.0.0.1:\(port)", "--state", folder.appendingPathComponent("state").path])
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        var page: (Data, URLResponse)?
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/login"))
        for _ in 0..<300 where page == nil {
            page = try? await URLSession.shared.data(from: url)
            if page == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let (data, response) = try #require(page, "the portal never answered")
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("表单报送"))
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
    }
}
