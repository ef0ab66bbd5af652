// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// libFuzzer harnesses (`make fuzz`, docs/fuzzing.md): one executable per harness, Sources/Fuzz/<Name>/main.swift,
// holding only `@_cdecl("LLVMFuzzerTestOneInput") func fuzz`. They are ordinary executables in every build, so
// `swift build` and `make test` compile them (they cannot rot) and, having no top-level code, link as programs that
// do nothing. `make fuzz` builds each with `--sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library`:
// then main.swift is a library file, Swift emits no `main`, and libFuzzer's own `main` drives `fuzz`.
let fuzzHarnesses: [(product: String, target: String, dependencies: [Target.Dependency])] = [
    ("fuzz-docx", "FuzzDocx", ["FormDocument", "FormPipeline"]),
    ("fuzz-docx-xml", "FuzzDocxXML", ["FormDocument", "FormPipeline", "FormTemplates", "FormSamples"]),
    ("fuzz-pdf", "FuzzPdf", ["FormDocument", "FormPipeline"]),
    ("fuzz-json-schema", "FuzzJSONSchema", ["FormSchema"]),
    ("fuzz-validator", "FuzzValidator", ["FormSchema"]),
    ("fuzz-config", "FuzzConfig", ["FormPipeline"]),
    ("fuzz-frames", "FuzzFrames", ["FormPipeline", "FormSchema"]),
    ("fuzz-report", "FuzzReport", ["FormReports", "FormStore", "FormSchema"]),
]
let fuzzTargets: [Target] =
    [
        .target(
            name: "FuzzSupport", dependencies: ["FormSchema", "FormDocument", "FormSamples"], path: "Sources/Fuzz/Support",
            swiftSettings: strict)
    ]
    + fuzzHarnesses.map { harness in
        .executableTarget(
            name: harness.target, dependencies: harness.dependencies + ["FuzzSupport"],
            path: "Sources/Fuzz/\(harness.target.dropFirst(4))", swiftSettings: strict)
    }

let package = Package(
    name: "formpipe",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "formpipe", targets: ["formpipe"])
    ] + fuzzHarnesses.map { .executable(name: $0.product, targets: [$0.target]) },
    traits: [
        .trait(
            name: "AddressSanitizer",
            description: "formpipe's own code under AddressSanitizer, built beside the packages it depends on as they are (make test-asan)")
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
    ],
    targets: [
        // System libraries: each names its pkg-config module and the Debian package that provides it.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // poppler's own C++ API (Debian keeps its headers in a package of their own), for CPopplerPages.
        .systemLibrary(name: "CPopplerCore", pkgConfig: "poppler", providers: [.apt(["libpoppler-private-dev"])]),
        // The lines and shapes of a PDF page without its text, for finding table borders (C++ on poppler).
        .target(name: "CPopplerPages", dependencies: ["CPopplerCore", "CPoppler"]),
        // Tesseract's C API and leptonica, for scans and photos (the pkg-config module names both).
        .systemLibrary(
            name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev", "tesseract-ocr-chi-sim", "libleptonica-dev"])]),

        // libjpeg (leptonica's own dependency), for tests only: writing the CMYK JPEGs leptonica cannot write.
        .systemLibrary(name: "CJPEG", path: "Tests/CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),

        .target(name: "FormDocument", dependencies: ["CLibXML2", "CZip", "CPoppler", "CPopplerPages", "CTesseract"], swiftSettings: strict),
        .target(name: "FormSchema", swiftSettings: strict),
        .target(name: "FormExtraction", dependencies: ["FormDocument", "FormSchema"], swiftSettings: strict),
        .target(
            name: "FormStore",
            dependencies: ["FormSchema", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(name: "FormReports", dependencies: ["FormStore", "FormSchema", "CXlsxWriter"], swiftSettings: strict),
        // Blank forms from the schemas: .docx packages (and the zip writer the tests' fixtures use too).
        .target(name: "FormTemplates", dependencies: ["FormSchema", "FormDocument"], swiftSettings: strict),
        // `formpipe serve`: the web portal, a third door to the same pipeline (Hummingbird 2; bcrypt from
        // hummingbird-auth; multipart uploads parsed by multipart-kit).
        .target(
            name: "FormPortal",
            dependencies: [
                "FormPipeline", "FormReports", "FormSchema", "FormStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "FormPipeline",
            dependencies: [
                "FormDocument", "FormSchema", "FormExtraction", "FormStore", "FormReports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "formpipe",
            dependencies: [
                "FormPipeline", "FormDocument", "FormExtraction", "FormPortal", "FormReports", "FormSchema", "FormStore", "FormTemplates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict),

        .executableTarget(
            name: "formpipe-bench",
            dependencies: [
                "FormDocument", "FormSchema", "FormSamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "stage-bench", dependencies: ["FormDocument", "FormSchema", "FormExtraction", "FormSamples"], swiftSettings: strict),
        // What the benchmarks, fuzz harnesses and tests generate forms with: the layout set and a .docx builder.
        .target(name: "FormSamples", dependencies: ["FormSchema", "FormTemplates"], path: "Tests/FormSamples", swiftSettings: strict),
        .target(
            name: "TestSupport", dependencies: ["FormSchema", "FormDocument", "FormTemplates", "FormSamples", "CPoppler", "CTesseract", "CJPEG"],
            path: "Tests/TestSupport",
            swiftSettings: strict),
        .testTarget(name: "FormSchemaTests", dependencies: ["FormSchema"], swiftSettings: strict),
        .testTarget(
            name: "FormDocumentTests", dependencies: ["FormDocument", "FormTemplates", "CPoppler", "CPopplerPages", "CTesseract", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "FormExtractionTests", dependencies: ["FormExtraction", "FormDocument", "FormSchema", "FormTemplates", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "FormStoreTests",
            dependencies: ["FormStore", "FormSchema", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(
            name: "FormPipelineTests",
            dependencies: [
                "FormPipeline", "FormDocument", "FormSchema", "FormStore", "FormReports", "TestSupport",
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FormReportsTests", dependencies: ["FormReports", "FormStore", "FormSchema", "CZip", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "FormTemplatesTests",
            dependencies: ["FormTemplates", "FormDocument", "FormExtraction", "FormSchema", "CLibXML2", "CPoppler", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "FormPortalTests",
            dependencies: [
                "FormDocument", "FormPortal", "FormPipeline", "FormSchema", "FormStore", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FormDocument", "FormSchema", "FormTemplates", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
    ] + fuzzTargets,
    cxxLanguageStandard: .cxx17
)

// `make test-asan` builds with `--traits AddressSanitizer`: formpipe's own targets are compiled and linked with
// AddressSanitizer in the same build folder as `make test`, and the packages it depends on (swift-nio, GRDB, BoringSSL
// in swift-crypto: nine tenths of a build's steps) are reused as `make test` compiled them. SwiftPM's own
// `--sanitize=address` instruments every target, so a second, whole build of all of them took longer than the
// suite. What ASan is for here — formpipe's own handling of libxml2, libzip, poppler and leptonica memory — is all in
// formpipe's targets; the allocator ASan replaces is the whole process's either way.
let addressSanitizer = BuildSettingCondition.when(traits: ["AddressSanitizer"])
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [SwiftSetting.unsafeFlags(["-sanitize=address"], addressSanitizer)]
    target.cxxSettings = (target.cxxSettings ?? []) + [CXXSetting.unsafeFlags(["-fsanitize=address"], addressSanitizer)]
    target.linkerSettings = (target.linkerSettings ?? []) + [LinkerSetting.unsafeFlags(["-sanitize=address"], addressSanitizer)]
}
