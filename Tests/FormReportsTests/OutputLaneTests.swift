import Foundation
import Testing

@testable import FormReports

/// The workbook's lane: writes happen in the order queued, off the caller's thread, and a failure stops the
/// writes after it and reaches the caller.
@Suite struct OutputLaneTests {
    final class Log {
        var lines: [Int] = []
        var threads = Set<UInt>()
    }

    struct Refused: Error, Equatable {}

    @Test func writesRunInOrderOffTheCallersThread() throws {
        let lane = OutputLane(Log(), name: "test")
        let caller = UInt(pthread_self())
        for value in 0..<500 {
            lane.add { log in
                log.lines.append(value)
                log.threads.insert(UInt(pthread_self()))
            }
        }
        try lane.wait()
        #expect(lane.run { $0.lines } == Array(0..<500))
        #expect(!lane.run { $0.threads }.contains(caller))
    }

    @Test func aFailedWriteStopsTheLaterOnesAndReachesTheCaller() {
        let lane = OutputLane(Log(), name: "test")
        lane.add { log in log.lines.append(1) }
        lane.add { _ in throw Refused() }
        lane.add { log in log.lines.append(3) }
        #expect(throws: Refused.self) { try lane.wait() }
        #expect(lane.run { $0.lines } == [1])
    }
}
