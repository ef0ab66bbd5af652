import Foundation
import HummingbirdBcrypt

/// Passwords of portal accounts: what one must be, how it is kept (bcrypt, never the text), and one made up
/// for a new account when none is given.
public enum Passwords {
    /// bcrypt's work factor (OWASP's floor): some 60 ms of CPU per sign-in here, which a guesser pays for every
    /// guess of a stolen hash; 12 took a quarter of a second, and twenty branches signing in at once then waited
    /// seconds on two cores (docs/performance.md). A hash keeps its own cost: older ones still verify.
    public static let cost: UInt8 = 10

    /// Why a password is refused, in the words of `formpipe users`; nil when it will do.
    public static func problem(with password: String) -> String? {
        if password.count < 10 { return "密码至少 10 个字符" }
        // bcrypt reads only the first 72 bytes: a longer password would be cut without a word.
        if password.utf8.count > 72 { return "密码不能超过 72 个字节（约 24 个汉字）" }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "密码中不能有控制字符" }
        return nil
    }

    public static func hash(_ password: String, cost: UInt8 = Passwords.cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, against hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Fourteen characters from letters and digits that cannot be mistaken for one another when read aloud or
    /// copied from paper (no 0/O, 1/l/I), from the system's random source.
    public static func generated() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<14).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
