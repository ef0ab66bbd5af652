import Foundation
import GRDB
import TestSupport
import Testing

/// `formpipe users`: the portal's accounts, kept as bcrypt hashes, every change in the audit trail.
@Suite struct UsersCommandTests {
    @Test func accountsAreAddedListedDisabledAndResetWithEveryChangeAudited() throws {
        let folder = try TestPaths.temporaryFolder("users")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = ["--state", folder.appendingPathComponent("state").path]
        // The first account may create the store.
        let office = try FormpipeBinary.run(["users", "add", "office", "--role", "office"] + state, input: Data("办公室的长密码2026\n".utf8))
        #expect(office.status == 0, "\(office.stderr)")
        let branch = try FormpipeBinary.run(["users", "add", "zhibu1", "--role", "branch", "--branch", "第一党支部", "--generate"] + state)
        #expect(branch.status == 0, "\(branch.stderr)")
        let generated = branch.stdout.components(separatedBy: "（只显示这一次）：").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        #expect(generated.count == 14, "\(branch.stdout)")

        // Refused: a branch account without its branch, a name taken, a short password, a name with a slash.
        let refusals = [
            (["users", "add", "zhibu2", "--role", "branch"], "长长的密码长长的密码"),
            (["users", "add", "zhibu1", "--role", "branch", "--branch", "第二党支部"], "长长的密码长长的密码"),
            (["users", "add", "zhibu3", "--role", "branch", "--branch", "第三党支部"], "short"),
            (["users", "add", "../x", "--role", "office"], "长长的密码长长的密码"),
        ]
        for (arguments, password) in refusals {
            let refused = try FormpipeBinary.run(arguments + state, input: Data((password + "\n").utf8))
            #expect(refused.status == 2 || refused.status == 64, "\(arguments): \(refused.status) \(refused.stdout)")
            #expect(!refused.stderr.isEmpty)
        }

        #expect(try FormpipeBinary.run(["users", "disable", "zhibu1"] + state).status == 0)
        let reset = try FormpipeBinary.run(["users", "reset", "office"] + state, input: Data("新的办公室长密码2027\n".utf8))
        #expect(reset.status == 0, "\(reset.stderr)")
        let list = try FormpipeBinary.run(["users", "list"] + state)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasPrefix("office\t机关党委\t可登录"), "\(list.stdout)")
        #expect(lines.count == 2 && lines[1].hasPrefix("zhibu1\t支部：第一党支部\t已停用"), "\(list.stdout)")

        let database = try DatabaseQueue(path: folder.appendingPathComponent("state/formpipe.sqlite").path)
        let (hashes, actions) = try database.read { db in
            (
                try String.fetchAll(db, sql: "SELECT password_hash FROM accounts ORDER BY name"),
                try String.fetchAll(db, sql: "SELECT action || ' ' || detail FROM audit ORDER BY id")
            )
        }
        #expect(hashes.allSatisfy { $0.hasPrefix("$2") && !$0.contains("密码") && !$0.contains(generated) })
        #expect(
            actions == [
                "account-added office office", "account-added zhibu1 branch 第一党支部", "account-disabled zhibu1", "account-password-reset office",
            ])
    }
}
