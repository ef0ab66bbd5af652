import Foundation

/// Counts events per key over a sliding window: failed sign-ins per account and per address, uploads per
/// account. In memory: a restart forgets it, which costs a guesser nothing they did not have already.
actor Throttle {
    private var events: [String: [Double]] = [:]

    /// Whether fewer than `limit` events of `key` fall in the last `window` seconds.
    func allows(_ key: String, limit: Int, window: Double, now: Double) -> Bool {
        let recent = (events[key] ?? []).filter { now - $0 < window }
        events[key] = recent.isEmpty ? nil : recent
        return recent.count < limit
    }

    func record(_ key: String, now: Double) {
        events[key, default: []].append(now)
    }

    func forget(_ key: String) {
        events[key] = nil
    }
}
