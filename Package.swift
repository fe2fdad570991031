// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Statecraft",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .executable(name: "statecraft", targets: ["statecraft"]),
    ],
    targets: [
        // Core: JSON, the typed ASL model, decoding/encoding and the validator.
        .target(name: "StatesLanguage"),

        // Command line: the library behind `statecraft` (testable in-process) and the thin executable.
        .target(name: "StatecraftCommandLine", dependencies: ["StatesLanguage"]),
        .executableTarget(name: "statecraft", dependencies: ["StatecraftCommandLine"]),

        // Measurements for Docs/Performance.md.
        .executableTarget(name: "StatecraftBenchmarks", dependencies: ["StatesLanguage"]),

        // Tests.
        .testTarget(name: "StatesLanguageTests", dependencies: ["StatesLanguage"]),
        .testTarget(name: "StatecraftCommandLineTests", dependencies: ["StatecraftCommandLine", "StatesLanguage"]),
    ],
    swiftLanguageModes: [.v6]
)
