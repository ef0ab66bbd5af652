import Foundation

/// Blocking work — SQLite transactions, archive writes — run on a thread of its own instead of on Swift's
/// cooperative pool. The pool has one thread per core (two here); while the loader and the intake both sat in
/// a transaction on them, nothing was left to hand the next part to an idle worker process, and a .docx batch
/// left a tenth of the machine unused.
package struct OffPool: Sendable {
    private let queue: DispatchQueue

    /// `concurrent`: each piece of work on a thread of its own, for work that waits (a store write behind other
    /// writers) rather than work that must keep its order.
    package init(label: String, concurrent: Bool = false) {
        queue = DispatchQueue(label: label, attributes: concurrent ? .concurrent : [])
    }

    package func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
