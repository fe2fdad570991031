// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for Statecraft. Build them with the fuzzer and address sanitizers (see README.md):
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// Each target defines `LLVMFuzzerTestOneInput` and `<Target>_main`, the name SwiftPM gives an
// executable's entry point, which hands over to libFuzzer's driver (`LLVMFuzzerRunDriver`).

let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzJSONParser", [.product(name: "StatesLanguage", package: "Statecraft")]),
    ("FuzzValidate", [.product(name: "StatesLanguage", package: "Statecraft")]),
    ("FuzzIntrinsics", [.product(name: "StatesLanguage", package: "Statecraft"), .product(name: "StatecraftSimulator", package: "Statecraft")]),
    ("FuzzMockConfig", [.product(name: "StatesLanguage", package: "Statecraft"), .product(name: "StatecraftSimulator", package: "Statecraft")]),
    ("FuzzServicesFile", [.product(name: "StatecraftSimulator", package: "Statecraft")]),
    ("FuzzRun", [.product(name: "StatesLanguage", package: "Statecraft"), .product(name: "StatecraftSimulator", package: "Statecraft")]),
    // Slot for the JSONata parser and evaluator: see Sources/FuzzJSONata.
    ("FuzzJSONata", [.product(name: "StatesLanguage", package: "Statecraft"), .product(name: "StatecraftSimulator", package: "Statecraft")]),
]

let package = Package(
    name: "StatecraftFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Statecraft", path: "..")],
    targets: [
        // Declares libFuzzer's driver entry point for Swift.
        .target(name: "FuzzDriver"),
        // Hands a target's body to that driver.
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver"]),
    ] + fuzzTargets.map { .executableTarget(name: $0.name, dependencies: $0.dependencies + ["FuzzSupport"]) },
    swiftLanguageModes: [.v6]
)
