// libFuzzer harness: pipeline.conf parsing (FormPipeline.PipelineConfig.load): the input is written as a
// pipeline.conf, loaded, then each of its lines applied again as a `--set` override. In an ordinary build the
// program does nothing.
import FormPipeline
import Foundation
import FuzzSupport

enum ConfigHarness {
    /// One folder for the whole run: the config file is rewritten for every input. Removed when libFuzzer exits.
    static let folder: URL = {
        let folder = FuzzSupport.scratchFolder("fuzz-config")
        atexit { try? FileManager.default.removeItem(at: ConfigHarness.folder) }
        return folder
    }()
    static let file = folder.appendingPathComponent("pipeline.conf")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzSupport.data(data, size)
    do {
        try bytes.write(to: ConfigHarness.file)
    } catch {
        FuzzSupport.fail("cannot write \(ConfigHarness.file.path): \(error)")
    }
    if let config = try? PipelineConfig.load(file: ConfigHarness.file) {
        _ = (config.database, config.dropFolder, config.reports, config.limits)
    }
    let overrides = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter(PipelineConfig.isSetting)
    _ = try? PipelineConfig.load(file: ConfigHarness.file, overrides: overrides)
    return 0
}
