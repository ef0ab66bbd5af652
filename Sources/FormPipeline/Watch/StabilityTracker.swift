import Foundation

/// Takes a file only once it has stopped changing: its size and modification time must stay the same for
/// the settle time, so a file still being copied (slowly, or over a network share) is never taken early.
struct StabilityTracker {
    struct Observation {
        var size: Int
        var modified: Date
        var since: Date
    }

    let settle: TimeInterval
    private(set) var watched: [URL: Observation] = [:]

    init(settle: TimeInterval) {
        self.settle = settle
    }

    mutating func notice(_ url: URL, now: Date = Date()) {
        if watched[url] == nil, let state = Self.state(of: url) {
            // A file last written long ago (dropped while the watcher was down) has settled already.
            watched[url] = Observation(size: state.size, modified: state.modified, since: min(now, state.modified))
        }
    }

    var isEmpty: Bool { watched.isEmpty }

    /// Files unchanged for the settle time, with the moment they became stable; they are no longer watched.
    mutating func takeStable(now: Date = Date()) -> [(url: URL, stableSince: Date)] {
        var stable: [(URL, Date)] = []
        for (url, observation) in watched {
            guard let state = Self.state(of: url) else {
                watched[url] = nil  // gone (moved away, deleted): nothing to take
                continue
            }
            if state.size != observation.size || state.modified != observation.modified {
                watched[url] = Observation(size: state.size, modified: state.modified, since: now)
            } else if now.timeIntervalSince(observation.since) >= settle {
                stable.append((url, observation.since.addingTimeInterval(settle)))
                watched[url] = nil
            }
        }
        return stable.sorted { $0.0.path < $1.0.path }
    }

    /// Size and modification time of a plain file (not a link); nil for anything else or nothing.
    static func state(of url: URL) -> (size: Int, modified: Date)? {
        var info = stat()
        guard RawPath.linkStatus(url.path, &info), info.st_mode & S_IFMT == S_IFREG else { return nil }
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        return (Int(info.st_size), modified)
    }
}
