public import Foundation

/// Runs the built `formpipe` binary the way a user would, and captures what it prints.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum FormpipeBinary {
    /// `FORMPIPE_BIN`, else the debug build beside the package.
    public static var url: URL {
        if let override = ProcessInfo.processInfo.environment["FORMPIPE_BIN"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return TestPaths.repositoryRoot.appendingPathComponent(".build/debug/formpipe")
    }

    /// - Parameter extraEnvironment: variables added to this process's environment for the child.
    /// - Parameter input: what the child reads on standard input (a password), when given.
    public static func run(
        _ arguments: [String], in folder: URL = TestPaths.repositoryRoot, extraEnvironment: [String: String] = [:], input: Data? = nil
    ) throws -> CommandResult {
        try Subprocess.run(url, arguments, in: folder, extraEnvironment: extraEnvironment, input: input)
    }
}

/// Runs a program to its end and collects what it printed.
public enum Subprocess {
    public static func run(
        _ executable: URL, _ arguments: [String], in folder: URL = TestPaths.repositoryRoot, extraEnvironment: [String: String] = [:],
        input: Data? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !extraEnvironment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(extraEnvironment) { $1 }
        }
        process.currentDirectoryURL = folder
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = input.map { _ in Pipe() }
        if let inPipe { process.standardInput = inPipe }
        try process.run()
        if let inPipe, let input {
            inPipe.fileHandleForWriting.write(input)
            try inPipe.fileHandleForWriting.close()
        }
        // Read both pipes before waiting, so a chatty child never blocks on a full pipe.
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        let errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension FormpipeBinary {
    /// Starts the binary without waiting, its output discarded or written to `log`; the caller waits for it or kills it.
    public static func start(_ arguments: [String], in folder: URL = TestPaths.repositoryRoot, log: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var output = FileHandle.nullDevice
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            output = try FileHandle(forWritingTo: log)
        }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }
}
