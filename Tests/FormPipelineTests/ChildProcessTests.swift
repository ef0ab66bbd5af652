import Foundation
import Testing

@testable import FormPipeline

/// Worker processes answer to the signals a service manager sends, whatever the pipeline blocks for itself, and
/// a worker's death never takes the pipeline with it.
@Suite struct ChildProcessTests {
    @Test func aChildOfAThreadThatBlocksSIGTERMStillEndsOnSIGTERM() throws {
        // As the watch does: SIGTERM blocked here (it reads it from a signalfd), then a child spawned.
        let child: ChildProcess? = {
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGTERM)
            var previous = sigset_t()
            pthread_sigmask(SIG_BLOCK, &blocked, &previous)
            defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
            return ChildProcess(executable: "/bin/sleep", arguments: ["30"], environment: nil)
        }()
        let sleeper = try #require(child)
        kill(sleeper.pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        var status: Int32?
        while status == nil, Date() < deadline {
            status = sleeper.poll()
            usleep(10_000)
        }
        let ended = try #require(status, "the child ignored SIGTERM")
        #expect(ended & 0x7F == SIGTERM)
    }

    @Test func writingToAChildThatDiedFailsInsteadOfEndingThisProcess() throws {
        // As in a process that has not ignored SIGPIPE yet (a test, or a tool using the worker directly).
        signal(SIGPIPE, SIG_DFL)
        let child = try #require(ChildProcess(executable: "/bin/true", arguments: [], environment: nil))
        let deadline = Date().addingTimeInterval(5)
        while child.poll() == nil, Date() < deadline { usleep(5_000) }
        #expect(child.poll() != nil)
        var byte: UInt8 = 1
        // Without SIGPIPE ignored this write ends the test process.
        #expect(write(child.input, &byte, 1) == -1)
        #expect(errno == EPIPE)
        child.terminate()
    }
}
