import Foundation
import Testing

@testable import FormPipeline

/// Frames carry every file to a worker and every answer back: whatever the pipe takes per write, the reader
/// gets the payload whole, byte for byte, or nothing.
@Suite struct FramesTests {
    /// A payload many times a default pipe's 64 KiB, so the writer's first writev is partial and the rest
    /// goes out after the reader has drained some of it.
    @Test func aPayloadLargerThanThePipeArrivesWholeAfterPartialWrites() async throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(readEnd) }
        let payload = Data((0..<(700 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
        let reader = Task.detached { () -> [Data?] in
            [Frames.readFrame(readEnd), Frames.readFrame(readEnd), Frames.readFrame(readEnd), Frames.readFrame(readEnd)]
        }
        #expect(Frames.writeFrame(writeEnd, payload))
        #expect(Frames.writeFrame(writeEnd, Data()))
        #expect(Frames.writeFrame(writeEnd, Data("答复".utf8)))
        close(writeEnd)
        let frames = await reader.value
        #expect(frames[0] == payload)
        #expect(frames[1] == Data())
        #expect(frames[2] == Data("答复".utf8))
        #expect(frames[3] == nil, "end of input is no frame")
    }

    @Test func aFrameCutShortIsNoFrame() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        var header = UInt64(100).littleEndian
        #expect(write(ends[1], &header, 8) == 8)
        #expect(write(ends[1], "ten bytes!", 10) == 10)
        close(ends[1])
        #expect(Frames.readFrame(ends[0]) == nil)
    }

    @Test func aLengthPastTheMaximumIsRefusedWithoutAllocatingIt() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        var header = UInt64(Frames.maximumPayload + 1).littleEndian
        #expect(write(ends[1], &header, 8) == 8)
        close(ends[1])
        #expect(Frames.readFrame(ends[0]) == nil)
    }

    /// A worker's input pipe holds a whole PDF, so sending one is one write, not a wait on the worker per 64 KiB.
    @Test func aWorkersInputPipeHoldsAMegabyte() throws {
        let child = try #require(ChildProcess(executable: "/bin/cat", arguments: [], environment: nil))
        defer { child.terminate() }
        let getPipeSize: Int32 = 1032  // F_GETPIPE_SZ
        let limit =
            (try? String(contentsOfFile: "/proc/sys/fs/pipe-max-size", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        try #require(limit >= ChildProcess.inputPipeBytes, "this kernel caps pipes at \(limit) bytes")
        #expect(fcntl(child.input, getPipeSize) >= ChildProcess.inputPipeBytes)
    }
}
