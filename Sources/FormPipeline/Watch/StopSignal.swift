import Foundation
import Synchronization

/// Set once, read often: how SIGINT/SIGTERM reach the watch loop.
public final class StopSignal: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    public func request() {
        requested.store(true, ordering: .releasing)
    }

    public var isRequested: Bool {
        requested.load(ordering: .acquiring)
    }
}
