// libFuzzer harness: the worker frame codec — ResultCodec.decode (what the pipeline makes of a worker's answer)
// and Frames.readFrame (length-prefixed frames over a pipe). Properties: a decoded answer encodes and decodes to
// the same bytes; frames read back exactly as the bytes say. In an ordinary build the program does nothing.
import FormPipeline
import FormSchema
import Foundation
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let decoded = try? ResultCodec.decode(bytes, catalog: FuzzSupport.catalog) {
        let encoded = ResultCodec.encode(decoded)
        guard let again = try? ResultCodec.decode(encoded, catalog: FuzzSupport.catalog) else {
            FuzzSupport.fail("an answer that decoded does not decode once encoded again")
        }
        guard ResultCodec.encode(again) == encoded else { FuzzSupport.fail("encode ∘ decode is not stable") }
    }
    readFrames(bytes)
    return 0
}

/// The input through a pipe, read as frames until the end; each frame must be the bytes its header announced.
private func readFrames(_ bytes: [UInt8]) {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { FuzzSupport.fail("pipe: errno \(errno)") }
    defer { close(ends[0]) }
    // A pipe holds 64 KiB; libFuzzer's inputs here stay below that (make fuzz sets -max_len), the rest is cut.
    let written = bytes.prefix(60_000)
    let ok = written.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let count = write(ends[1], buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if count <= 0 { return false }
            offset += count
        }
        return true
    }
    close(ends[1])
    guard ok else { FuzzSupport.fail("write to pipe: errno \(errno)") }
    var position = 0
    while let frame = Frames.readFrame(ends[0]) {
        let start = position + Frames.headerSize
        guard start + frame.count <= written.count, Data(written[start..<start + frame.count]) == frame else {
            FuzzSupport.fail("frame at \(position) is not the bytes its header announced")
        }
        position = start + frame.count
    }
}
