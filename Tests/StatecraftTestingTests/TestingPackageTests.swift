import Foundation
import Testing
import StatecraftTesting

/// A package of a user's own: a scratch package depending on Statecraft by path, with Docs/Testing.md's
/// tests (DocumentationExamples.swift and its golden file), must pass `swift test`.
///
/// It builds Statecraft from scratch, which takes minutes (about 4 on a 2-core machine); set
/// `STATECRAFT_SKIP_PACKAGE_TEST=1` to skip it.
@Suite struct TestingPackageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var skipped: Bool { ProcessInfo.processInfo.environment["STATECRAFT_SKIP_PACKAGE_TEST"] == "1" }

    static let manifest = """
        // swift-tools-version: 6.0
        import PackageDescription

        let package = Package(
            name: "NightlyJobs",
            platforms: [.macOS(.v14)],
            dependencies: [.package(name: "Statecraft", path: "STATECRAFT")],
            targets: [
                .testTarget(name: "NightlyJobsTests", dependencies: [
                    .product(name: "StatecraftTesting", package: "Statecraft"),
                    .product(name: "Statecraft", package: "Statecraft"),
                    .product(name: "StatecraftSimulator", package: "Statecraft"),
                    .product(name: "StatesLanguage", package: "Statecraft"),
                ], exclude: ["Goldens"]),
            ]
        )

        """

    @Test(.enabled(if: !skipped, "STATECRAFT_SKIP_PACKAGE_TEST=1"), .timeLimit(.minutes(20)))
    func aScratchPackageRunsTheGuidesTests() throws {
        let fm = FileManager.default
        let package = fm.temporaryDirectory.appendingPathComponent("statecraft-scratch-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: package) }
        let tests = package.appendingPathComponent("Tests/NightlyJobsTests")
        try fm.createDirectory(at: tests.appendingPathComponent("Goldens"), withIntermediateDirectories: true)
        try Self.manifest.replacingOccurrences(of: "STATECRAFT", with: Self.root.path)
            .write(to: package.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let ours = Self.root.appendingPathComponent("Tests/StatecraftTestingTests")
        try fm.copyItem(at: ours.appendingPathComponent("DocumentationExamples.swift"), to: tests.appendingPathComponent("DocumentationExamples.swift"))
        let golden = "Goldens/nightly-batch-throttled-twice.json"
        try fm.copyItem(at: ours.appendingPathComponent(golden), to: tests.appendingPathComponent(golden))

        let swift = Process()
        swift.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        swift.arguments = ["swift", "test", "--package-path", package.path]
        var environment = ProcessInfo.processInfo.environment
        // Record mode must not leak into the scratch package's run.
        environment[SimulatedExecution.recordGoldensVariable] = nil
        swift.environment = environment
        let output = package.appendingPathComponent("swift-test.log")
        fm.createFile(atPath: output.path, contents: nil)
        let log = try FileHandle(forWritingTo: output)
        swift.standardOutput = log
        swift.standardError = log
        try swift.run()
        swift.waitUntilExit()
        try log.close()
        let text = String(decoding: fm.contents(atPath: output.path) ?? Data(), as: UTF8.self)
        #expect(swift.terminationStatus == 0, "swift test in the scratch package:\n\(text.suffix(4000))")
        #expect(text.contains("theGateAnswersNoSlotTwice"))
        #expect(text.contains("passed"))
    }
}
