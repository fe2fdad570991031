import Foundation
import Testing

/// What the type system rules out must not compile: each probe is type-checked with `swiftc`
/// against the package's built modules. A valid control probe must compile, so that a broken harness
/// cannot pass by failing.
enum ProbeEnvironment {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let modules: URL? = {
        for candidate in [".build/debug/Modules", ".build/x86_64-unknown-linux-gnu/debug/Modules", ".build/arm64-apple-macosx/debug/Modules"] {
            let url = root.appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Statecraft.swiftmodule").path) { return url }
        }
        print("note: compile-time probes skipped: no built Statecraft module under \(root.path)/.build")
        return nil
    }()
}

@Suite(.enabled(if: ProbeEnvironment.modules != nil, "needs swiftc and the built modules in .build/debug/Modules"))
struct CompileTimeTests {

    /// Type-checks `body` (statements after `import Statecraft`).
    func typecheck(_ body: String) throws -> (compiled: Bool, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("statecraft-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("probe.swift")
        try ("import Statecraft\n" + body).write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-I", ProbeEnvironment.modules?.path ?? "", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, output)
    }

    @Test func theControlProbeCompiles() throws {
        let result = try typecheck("""
            let machine = Machine {
                Pass("A").resultPath("$.a")
                SNS.Publish("P", fifoTopic: "arn:aws:sns:us-east-1:123456789012:t.fifo", message: "m", messageGroupId: "g")
                Succeed("Done")
                Detached { Fail("Failed") }
            }
            """)
        #expect(result.compiled, "\(result.output)")
    }

    @Test(arguments: [
        ("a step after Succeed", "let m = Machine {\n    Succeed(\"Done\")\n    Pass(\"Never\")\n}", "StepList<Unreached>"),
        ("a step after Fail", "let m = Machine {\n    Fail(\"Failed\")\n    Wait(\"W\", seconds: 1)\n}", "StepList<Unreached>"),
        ("a step after Goto", "let m = Machine {\n    Pass(\"A\")\n    Goto(\"A\")\n    Pass(\"B\")\n}", "StepList<Unreached>"),
        ("Retry on a Pass", "let p = Pass(\"A\").retry(on: [.all])", "retry"),
        ("ResultPath on a Wait", "let w = Wait(\"W\", seconds: 1).resultPath(\"$.x\")", "resultPath"),
        ("a FIFO publish without a group id", "let p = SNS.Publish(\"P\", fifoTopic: \"arn:aws:sns:us-east-1:1:t.fifo\", message: \"m\")", "messageGroupId"),
    ])
    func doesNotCompile(_ what: String, _ source: String, _ mention: String) throws {
        let result = try typecheck(source)
        #expect(!result.compiled, "\(what) compiled")
        #expect(result.output.contains(mention), "\(what): \(result.output)")
    }
}
