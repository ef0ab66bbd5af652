import Foundation

/// How much longer a wall-clock bound in a test stretches in the sanitised run (`make test-asan`):
/// AddressSanitizer makes the code several times slower, and CI runs the whole suite beside it on two cores. The
/// bounds guard against hangs and blow-ups (a quadratic comparison, a file read before it is refused) and the
/// times formpipe promises; the plain run (`make test`) holds them as written.
public enum TestPace {
    /// Sanitised as the workers tell it (`ProcessingWorkerLoop.underAddressSanitizer`, which tests cannot reach
    /// from here): `FORMPIPE_ASAN=1`, as `make test-asan` sets it, or ASan's runtime linked into this process.
    public static let slowdown: Double =
        ProcessInfo.processInfo.environment["FORMPIPE_ASAN"] == "1" || dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil
        ? 2.5 : 1

    /// `seconds`, stretched in the sanitised run.
    public static func seconds(_ seconds: Double) -> Double { seconds * slowdown }
}
