import Foundation
import GRDB

/// Someone who may sign in to the portal. An office account sees and does everything; a branch account sees
/// and touches only its own branch's submissions.
public struct Account: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        case office, branch
    }

    public let name: String
    public let role: Role
    /// The branch a branch account belongs to, as its forms name it; nil for the office.
    public let branch: String?
    /// The bcrypt hash of the password (never the password).
    public let passwordHash: String
    public let disabled: Bool
    /// ISO 8601 times.
    public let createdAt: String
    public let passwordSetAt: String
}

/// One line of the audit trail.
public struct AuditEntry: Sendable, Equatable {
    public let at: String
    public let account: String?
    /// The client's address, or `local` for the command line.
    public let address: String
    public let action: String
    public let detail: String
}

/// Why an account change was refused, for the command line.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case exists(String)
    case noSuchAccount(String)
    case branchMissing
    case branchForOffice

    public var description: String {
        switch self {
        case .exists(let name): "账号 \(name) 已存在"
        case .noSuchAccount(let name): "没有名为 \(name) 的账号"
        case .branchMissing: "支部账号须用 --branch 指明所属支部"
        case .branchForOffice: "机关党委（office）账号不属于某个支部，不能指定 --branch"
        }
    }
}

extension SubmissionStore {
    /// Adds an account with an already hashed password; refuses a name in use.
    public func addAccount(name: String, role: Account.Role, branch: String?, passwordHash: String, by who: AuditActor) throws {
        if role == .branch, branch?.isEmpty ?? true { throw AccountError.branchMissing }
        if role == .office, branch != nil { throw AccountError.branchForOffice }
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM accounts WHERE name = ?)", arguments: [name]) == false else {
                throw AccountError.exists(name)
            }
            let now = Self.now()
            try db.execute(
                sql: """
                    INSERT INTO accounts (name, role, branch, password_hash, created_at, password_set_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [name, role.rawValue, branch, passwordHash, now, now])
            try Self.audit(who, action: "account-added", detail: "\(name) \(role.rawValue)\(branch.map { " " + $0 } ?? "")", in: db)
        }
    }

    /// Every account, by name.
    public func accounts() throws -> [Account] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY name").map(Self.account) }
    }

    public func account(named name: String) throws -> Account? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE name = ?", arguments: [name]).map(Self.account) }
    }

    /// Whether the store has an office account that may sign in.
    public func hasActiveOfficeAccount() throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM accounts WHERE role = 'office' AND disabled = 0)") ?? false
        }
    }

    /// Disables an account (it can no longer sign in) or enables it again.
    public func setDisabled(_ disabled: Bool, account name: String, by who: AuditActor) throws {
        try write { db in
            try db.execute(sql: "UPDATE accounts SET disabled = ? WHERE name = ?", arguments: [disabled, name])
            guard db.changesCount == 1 else { throw AccountError.noSuchAccount(name) }
            try Self.audit(who, action: disabled ? "account-disabled" : "account-enabled", detail: name, in: db)
        }
    }

    /// Sets a new password (already hashed).
    public func setPasswordHash(_ hash: String, account name: String, by who: AuditActor) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE accounts SET password_hash = ?, password_set_at = ? WHERE name = ?", arguments: [hash, Self.now(), name])
            guard db.changesCount == 1 else { throw AccountError.noSuchAccount(name) }
            try Self.audit(who, action: "account-password-reset", detail: name, in: db)
        }
    }

    /// Adds a line to the audit trail.
    public func audit(_ who: AuditActor, action: String, detail: String = "") throws {
        try write { db in try Self.audit(who, action: action, detail: detail, in: db) }
    }

    /// The audit trail, newest last.
    public func auditTrail() throws -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT at, account, address, action, detail FROM audit ORDER BY id").map { row in
                AuditEntry(at: row["at"], account: row["account"], address: row["address"], action: row["action"], detail: row["detail"])
            }
        }
    }

    static func audit(_ who: AuditActor, action: String, detail: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, account, address, action, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [now(), who.account, who.address, action, detail])
    }

    static func account(_ row: Row) -> Account {
        Account(
            name: row["name"], role: Account.Role(rawValue: row["role"]) ?? .branch, branch: row["branch"],
            passwordHash: row["password_hash"], disabled: row["disabled"], createdAt: row["created_at"],
            passwordSetAt: row["password_set_at"])
    }
}

/// Who did something the audit trail records: an account (nil before anyone signed in) and where from.
public struct AuditActor: Sendable, Equatable {
    public let account: String?
    public let address: String

    public init(account: String?, address: String) {
        self.account = account
        self.address = address
    }

    /// The command line, run by whoever is logged in to the machine.
    public static func commandLine() -> AuditActor {
        AuditActor(account: ProcessInfo.processInfo.environment["USER"].map { "system:" + $0 }, address: "local")
    }
}
