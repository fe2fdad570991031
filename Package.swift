// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Statecraft",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "Statecraft", targets: ["Statecraft"]),
        .library(name: "StatecraftSimulator", targets: ["StatecraftSimulator"]),
        // Helpers for users' tests: simulate a DSL machine, typed history queries, golden histories, coverage.
        .library(name: "StatecraftTesting", targets: ["StatecraftTesting"]),
        .executable(name: "statecraft", targets: ["statecraft"]),
        // The catalog of Templates/ (the statecraft-emit plugin finds it by its name's "Catalog" suffix).
        .executable(name: "TemplatesCatalog", targets: ["TemplatesCatalog"]),
        .plugin(name: "StatecraftEmit", targets: ["StatecraftEmit"]),
    ],
    targets: [
        // Core: JSON, the typed ASL model, decoding/encoding and the validator.
        .target(name: "StatesLanguage"),
        // The Swift result-builder DSL, typed integrations and workflow patterns, lowered to the ASL model.
        .target(name: "Statecraft", dependencies: ["StatesLanguage"]),
        // The simulator: compiles the model to a program and runs it on a virtual clock with mocked services.
        .target(name: "StatecraftSimulator", dependencies: ["StatesLanguage"]),
        // Test helpers (Swift Testing): run a `Machine` or `Workflow` in the simulator and ask what happened.
        // Running machines as tests: simulated executions and their queries, path coverage, test files
        // (no dependency on a test framework, so the CLI can use it).
        .target(name: "StatecraftTestRunner", dependencies: ["StatesLanguage", "Statecraft", "StatecraftSimulator"]),
        // Helpers for users' Swift Testing tests: expectations that explain themselves, golden histories.
        .target(name: "StatecraftTesting", dependencies: ["StatecraftTestRunner", "StatesLanguage", "Statecraft", "StatecraftSimulator"]),

        // Command line: the library behind `statecraft` (testable in-process) and the thin executable.
        .target(name: "StatecraftCommandLine", dependencies: ["StatesLanguage", "StatecraftSimulator", "StatecraftTestRunner"]),
        .executableTarget(name: "statecraft", dependencies: ["StatecraftCommandLine"]),

        // Templates/: the workflows (a library, so tests can check them) and the catalog executable.
        .target(name: "StatecraftTemplates", dependencies: ["Statecraft"]),
        .executableTarget(name: "TemplatesCatalog", dependencies: ["StatecraftTemplates"]),
        // `swift package statecraft-emit [--check]`: builds and runs a package's workflow catalog.
        .plugin(
            name: "StatecraftEmit",
            capability: .command(
                intent: .custom(verb: "statecraft-emit", description: "Write (or, with --check, verify) the ASL files of the package's workflow catalog"),
                permissions: [.writeToPackageDirectory(reason: "writes the ASL definitions and templates the catalog generates")]
            )
        ),

        // Measurements for Docs/Performance.md.
        .executableTarget(name: "StatecraftBenchmarks", dependencies: ["StatesLanguage", "Statecraft", "StatecraftSimulator"]),

        // Tests, and what they share: the ../shared fixtures (skipped with a reason when absent) and golden files.
        .target(name: "StatecraftTestSupport", dependencies: ["StatesLanguage"], path: "Tests/StatecraftTestSupport"),
        .testTarget(name: "StatesLanguageTests", dependencies: ["StatesLanguage", "StatecraftSimulator", "StatecraftTestSupport"]),
        .testTarget(name: "StatecraftTests", dependencies: ["Statecraft", "StatesLanguage", "StatecraftTemplates", "StatecraftTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "StatecraftSimulatorTests", dependencies: ["StatecraftSimulator", "StatesLanguage", "Statecraft", "StatecraftTestSupport"]),
        .testTarget(name: "StatecraftTestingTests", dependencies: ["StatecraftTesting", "Statecraft", "StatecraftSimulator", "StatesLanguage"],
                    exclude: ["Goldens"]),
        .testTarget(name: "StatecraftCommandLineTests", dependencies: ["StatecraftCommandLine", "StatesLanguage", "StatecraftTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
