public import Foundation

/// How much longer a wall-clock bound in a test stretches in the sanitised run (`make test-asan`, which sets
/// FORMPIPE_ASAN): AddressSanitizer makes the code several times slower, and CI runs the whole suite beside it on
/// two cores. The bounds guard against hangs and blow-ups (a quadratic comparison, a file read before it is
/// refused) and the times formpipe promises; the plain run (`make test`) holds them as written.
public enum TestPace {
    public static let slowdown: Double = ProcessInfo.processInfo.environment["FORMPIPE_ASAN"] == nil ? 1 : 2.5

    /// `seconds`, stretched in the sanitised run.
    public static func seconds(_ seconds: Double) -> Double { seconds * slowdown }
}
