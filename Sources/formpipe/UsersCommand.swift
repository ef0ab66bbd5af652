import ArgumentParser
import FormPipeline
import FormPortal
import FormStore
import Foundation

/// `formpipe users`: the portal's accounts. Passwords are read from standard input (one line, so a script can
/// pipe them and they never appear in `ps` or the shell's history), or made up with `--generate` and shown once.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the accounts that may sign in to the portal (formpipe serve).",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Reset.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account. The password is read from standard input, or made up with --generate.",
            discussion: "An office account sees everything; a branch account only its own branch (--branch, as its forms name it).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The name to sign in with.") var name: String
        @Option(help: "office or branch.") var role: RoleArgument
        @Option(help: "The branch of a branch account, as its forms name it (e.g. 第一党支部).") var branch: String?
        @Flag(help: "Make up a password and print it once.") var generate = false

        func run() async throws {
            let environment = try global.environment()
            try UsersCommand.checkName(name)
            let password = try UsersCommand.password(generate: generate)
            // `users add` may create the store, as batch does: the portal's first account comes before any form.
            let store = try environment.openStore()
            do {
                try store.addAccount(
                    name: name, role: role.role, branch: branch?.trimmingCharacters(in: .whitespaces), passwordHash: Passwords.hash(password),
                    by: .commandLine())
            } catch let error as AccountError {
                throw ValidationError(error.description)
            }
            print("已添加账号 \(name)（\(UsersCommand.roleName(role.role, branch: branch))）")
            if generate { print("初始密码（只显示这一次）：\(password)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let store = try global.environment().openExistingStore()
            let accounts = try store.accounts()
            guard !accounts.isEmpty else { return print("还没有账号；用 formpipe users add 添加") }
            for account in accounts {
                let state = account.disabled ? "已停用" : "可登录"
                print(
                    "\(account.name.printable)\t\(UsersCommand.roleName(account.role, branch: account.branch))\t\(state)\t"
                        + "密码设于 \(account.passwordSetAt)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an account from signing in.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() async throws {
            try UsersCommand.change(global) { try $0.setDisabled(true, account: name, by: .commandLine()) }
            print("已停用账号 \(name.printable)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled account sign in again.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() async throws {
            try UsersCommand.change(global) { try $0.setDisabled(false, account: name, by: .commandLine()) }
            print("已恢复账号 \(name.printable)")
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password: read from standard input, or made up with --generate.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(help: "Make up a password and print it once.") var generate = false

        func run() async throws {
            let password = try UsersCommand.password(generate: generate)
            try UsersCommand.change(global) { try $0.setPasswordHash(Passwords.hash(password), account: name, by: .commandLine()) }
            print("已重设账号 \(name.printable) 的密码")
            if generate { print("新密码（只显示这一次）：\(password)") }
        }
    }

    static func change(_ global: GlobalOptions, _ body: (SubmissionStore) throws -> Void) throws {
        let store = try global.environment().openExistingStore()
        do {
            try body(store)
        } catch let error as AccountError {
            throw ValidationError(error.description)
        }
    }

    /// A generated password, or the first line of standard input, checked against the policy.
    static func password(generate: Bool) throws -> String {
        if generate { return Passwords.generated() }
        guard let line = readLine(strippingNewline: true) else {
            throw ValidationError("请从标准输入提供密码（一行），或用 --generate 生成")
        }
        if let problem = Passwords.problem(with: line) { throw ValidationError(problem) }
        return line
    }

    /// A name is typed at sign-in and shown in the audit trail: letters, digits, `._-` and CJK only.
    static func checkName(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar)
        }
        guard !name.isEmpty, name.count <= 64, allowed else {
            throw ValidationError("账号名只能由字母、数字、汉字和 . _ - 组成，最多 64 个字符")
        }
    }

    static func roleName(_ role: Account.Role, branch: String?) -> String {
        switch role {
        case .office: "机关党委"
        case .branch: "支部：\(branch?.printable ?? "")"
        }
    }
}

/// `--role office|branch`.
enum RoleArgument: String, ExpressibleByArgument, CaseIterable {
    case office, branch

    var role: Account.Role { self == .office ? .office : .branch }
}
