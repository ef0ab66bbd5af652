// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "formpipe",
    platforms: [.macOS(.v14)],
    products: [

    ],
    dependencies: [
    ],
    targets: [
        .target(name: "FormSchema", swiftSettings: strict),
        .testTarget(name: "FormSchemaTests", dependencies: ["FormSchema"], swiftSettings: strict),
    ]
)
