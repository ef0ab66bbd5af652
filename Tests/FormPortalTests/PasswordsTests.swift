import FormPortal
import Foundation
import Testing

@Suite struct PasswordsTests {
    @Test func aHashVerifiesItsPasswordOnlyAndNeverHoldsIt() {
        let hash = Passwords.hash("第一支部的密码2026", cost: 4)
        #expect(hash.hasPrefix("$2") && !hash.contains("第一支部"))
        #expect(Passwords.verify("第一支部的密码2026", against: hash))
        #expect(!Passwords.verify("第一支部的密码2027", against: hash))
        #expect(!Passwords.verify("", against: hash))
        #expect(!Passwords.verify("第一支部的密码2026", against: "not a hash"))
        // Salted: the same password hashes differently each time.
        #expect(Passwords.hash("第一支部的密码2026", cost: 4) != hash)
    }

    @Test func thePolicyRefusesShortOverlongAndControlCharacterPasswords() {
        #expect(Passwords.problem(with: "short") != nil)
        #expect(Passwords.problem(with: String(repeating: "密", count: 25)) != nil, "75 bytes: bcrypt would cut it")
        #expect(Passwords.problem(with: "abcdefghij\u{7}") != nil)
        #expect(Passwords.problem(with: "correct horse battery") == nil)
    }

    @Test func generatedPasswordsPassThePolicyAndDiffer() {
        let made = (0..<50).map { _ in Passwords.generated() }
        #expect(made.allSatisfy { Passwords.problem(with: $0) == nil })
        #expect(Set(made).count == 50)
        #expect(!made.joined().contains { "0O1lI".contains($0) })
    }
}
