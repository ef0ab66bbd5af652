import Foundation
import TestSupport
import Testing

/// `make test-asan` compiles formpipe's own targets with AddressSanitizer through a package trait (Package.swift) and
/// sets `FORMPIPE_ASAN=1`. Were the trait's flags ever to stop reaching the compiler, that run would pass without a
/// sanitiser and say nothing; this fails it instead. An instrumented object file brings ASan's module constructor,
/// which the debug builds keep in their symbol table.
@Suite struct SanitizedBuildTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FORMPIPE_ASAN"] == "1", "only `make test-asan` sets FORMPIPE_ASAN=1"))
    func theSanitisedRunTestsCodeCompiledWithAddressSanitizer() throws {
        let suite = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        for program in [suite, FormpipeBinary.url] {
            let bytes = try Data(contentsOf: program, options: .alwaysMapped)
            #expect(bytes.range(of: Data("asan.module_ctor".utf8)) != nil, "\(program.path) holds no code compiled with AddressSanitizer")
        }
    }
}
