import Foundation
import Testing
import StatesLanguage
@testable import StatecraftCommandLine

/// Inputs that once crashed, hung or ate memory, through the command line: each ends with a clean
/// exit and, where it is an error, one located line.
@Suite struct LimitsTests {
    func run(_ arguments: [String], files: [String: [UInt8]] = [:], stdin: [UInt8] = []) -> (code: Int32, out: String, err: String) {
        let console = MemoryConsole(standardInput: stdin, files: files)
        let code = StatecraftCommand.main(arguments, console: console)
        return (code, console.output, console.errorOutput)
    }

    func run(_ arguments: [String], files: [String: String]) -> (code: Int32, out: String, err: String) {
        run(arguments, files: files.mapValues { Array($0.utf8) })
    }

    /// A definition with one Pass state whose field is `json`.
    static func wait(_ field: String) -> String {
        #"{"StartAt": "W", "States": {"W": {"Type": "Wait", \#(field), "End": true}}}"#
    }

    // MARK: Crashes

    @Test(arguments: [
        wait(#""Timestamp": "2024-01-01T00:00:00.1234567890Z""#),
        wait(#""Timestamp": "2024-01-01T00:00:00.123456789012345678901234567890Z""#),
        #"{"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "{% '2024-01-01T00:00:00.1234567890Z' %}", "End": true}}}"#,
    ])
    func timestampsWithManyFractionDigitsValidateGraphAndRun(_ definition: String) {
        let files = ["w.json": definition]
        #expect(run(["validate", "w.json"], files: files).code == 0)
        #expect(run(["graph", "w.json"], files: files).code == 0)
        let r = run(["run", "w.json"], files: files)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("SUCCEEDED"))
    }

    @Test func aTimestampPathValueWithManyFractionDigitsRuns() {
        let files = ["w.json": Self.wait(#""TimestampPath": "$.t""#)]
        let r = run(["run", "w.json", "--input", #"{"t": "2024-01-01T00:00:00.12345678901234Z"}"#], files: files)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("SUCCEEDED"))
    }

    static let task = #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}"#

    static func mockConfig(_ responses: String) -> String {
        #"{"StateMachines": {"M": {"TestCases": {"T": {"A": "R"}}}}, "MockedResponses": {"R": {\#(responses)}}}"#
    }

    @Test func aMockRangeUpToIntMaxRuns() {
        let files = ["m.json": Self.task, "mock.json": Self.mockConfig(#""0-9223372036854775807": {"Return": {"ok": true}}"#)]
        let r = run(["run", "m.json", "--mock-config", "mock.json", "--test-case", "T"], files: files)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains(#"SUCCEEDED; output {"ok":true}"#))
    }

    @Test(arguments: [
        (#""9223372036854775807": {"Return": 1}"#, "ranges must be consecutive from 0"),
        (#""0": {"Return": 1}, "1-9223372036854775807": {"Return": 2}, "5": {"Return": 3}"#, "the range before it already covers every invocation"),
        (#""0-9223372036854775808": {"Return": 1}"#, "invocation keys are"),
        (#""-1": {"Return": 1}"#, "invocation keys are"),
    ])
    func mockKeysNearIntMaxAreErrors(_ responses: String, _ message: String) {
        let files = ["m.json": Self.task, "mock.json": Self.mockConfig(responses)]
        let r = run(["run", "m.json", "--mock-config", "mock.json", "--test-case", "T"], files: files)
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("statecraft: error: mock.json: MockedResponses.R."), "\(r.err)")
        #expect(r.err.contains(message), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1)
    }

    // MARK: Budgets

    @Test(arguments: [["validate", "-"], ["fmt", "-"], ["graph", "-"], ["run", "-"]])
    func standardInputOverOneMebibyteIsRefusedBeforeParsing(_ arguments: [String]) {
        // Not JSON at all: a parse would report a syntax error instead.
        let r = run(arguments, stdin: [UInt8](repeating: 0, count: 1_048_577))
        #expect(r.code == 2)
        #expect(r.err == "statecraft: error: cannot read '<stdin>': it is too large; a definition may be at most 1 MiB (1048576 bytes), Step Functions' limit\n")
        #expect(r.out.isEmpty)
    }

    @Test func aDefinitionFileOverOneMebibyteIsRefused() {
        let r = run(["validate", "big.json"], files: ["big.json": [UInt8](repeating: UInt8(ascii: "["), count: 50_000_000)])
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("statecraft: error: cannot read 'big.json': it is too large; a definition may be at most 1 MiB"))
    }

    @Test func exactlyOneMebibyteIsRead() {
        var definition = Array(CLITests.valid.utf8)
        definition += [UInt8](repeating: UInt8(ascii: " "), count: 1_048_576 - definition.count)
        let r = run(["validate", "-"], stdin: definition)
        #expect(r.code == 0, "\(r.out)\(r.err)")
    }

    @Test func runInputsOverTheirBudgetsAreRefused() {
        let big = [UInt8](repeating: UInt8(ascii: " "), count: 262_145)
        let fromStandardInput = run(["run", "m.json", "--input-file", "-"], files: ["m.json": Array(CLITests.valid.utf8)], stdin: big)
        #expect(fromStandardInput.code == 2)
        #expect(fromStandardInput.err == "statecraft: error: cannot read '<stdin>': it is too large; an execution input may be at most 256 KiB (262144 bytes), Step Functions' limit\n")
        let inline = run(["run", "m.json", "--input", String(repeating: " ", count: 262_145)], files: ["m.json": Array(CLITests.valid.utf8)])
        #expect(inline.code == 2)
        #expect(inline.err.hasPrefix("statecraft: error: cannot read '--input': it is too large; an execution input may be at most 256 KiB"))
        let mock = run(["run", "m.json", "--mock-config", "mock.json", "--test-case", "T"],
                       files: ["m.json": Array(CLITests.valid.utf8), "mock.json": [UInt8](repeating: 32, count: 4 * 1_048_576 + 1)])
        #expect(mock.code == 2)
        #expect(mock.err.contains("a mock configuration file may be at most 4 MiB"))
        let services = run(["run", "m.json", "--services", "s.json"],
                           files: ["m.json": Array(CLITests.valid.utf8), "s.json": [UInt8](repeating: 32, count: 1_048_577)])
        #expect(services.code == 2)
        #expect(services.err.contains("a services file may be at most 1 MiB"))
        let substitutions = run(["run", "m.json", "--substitutions", "v.json"],
                                files: ["m.json": Array(CLITests.valid.utf8), "v.json": [UInt8](repeating: 32, count: 1_048_577)])
        #expect(substitutions.code == 2)
        #expect(substitutions.err.contains("a substitutions file may be at most 1 MiB"))
    }

    /// A chain of `count` Pass states, compact.
    static func passChain(_ count: Int) -> String {
        var text = #"{"StartAt":"S0","States":{"#
        for i in 0..<(count - 1) { text += #""S\#(i)":{"Type":"Pass","Next":"S\#(i + 1)"},"# }
        return text + #""S\#(count - 1)":{"Type":"Pass","End":true}}}"#
    }

    @Test func twentyThousandPassStatesValidateAndFormat() {
        let files = ["m.json": Self.passChain(20_000)]
        #expect(run(["validate", "m.json"], files: files).out == "1 file checked: valid; 0 errors, 0 warnings\n")
        let formatted = run(["fmt", "m.json"], files: files)
        #expect(formatted.code == 0)
        #expect(formatted.out.components(separatedBy: "\"Type\": \"Pass\"").count == 20_001)
    }

    @Test func anObjectWithFortyThousandKeysValidates() {
        let keys = (0..<40_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let files = ["m.json": #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"# + keys + #"},"End":true}}}"#]
        #expect(run(["validate", "m.json"], files: files).code == 0)
        // The last key repeating the first is found, with both places.
        let repeated = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"# + keys + #","k0":1},"End":true}}}"#
        let r = run(["validate", "m.json"], files: ["m.json": repeated])
        #expect(r.code == 1)
        #expect(r.out.contains("error: [json-duplicate-key] duplicate key \"k0\" (first defined at 1:55)"), "\(r.out)")
    }

    @Test func aStartAtMisspellingAVeryLongNameGetsItsSuggestion() {
        let name = String(repeating: "x", count: 20_000)
        let files = ["m.json": #"{"StartAt":"\#(name.dropLast())y","States":{"\#(name)":{"Type":"Pass","End":true}}}"#]
        let r = run(["validate", "m.json"], files: files)
        #expect(r.code == 1)
        #expect(r.out.contains("[missing-target] StartAt"))
        #expect(r.out.contains("hint: did you mean \"\(name)\"?"))
    }

    @Test func aParallelWithManyBranchesAndDuplicateNamesReportsEachOnce() {
        let branches = (0..<5_000).map { _ in #"{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}"# }.joined(separator: ",")
        let files = ["m.json": #"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":["# + branches + "]}}}"]
        let r = run(["validate", "m.json", "--all"], files: files)
        #expect(r.code == 1)
        #expect(r.out.hasSuffix("1 file checked: 1 file invalid; 4999 errors, 0 warnings\n"))
        // By default: 100 listed, and one finding counting the other 4,899.
        let capped = run(["validate", "m.json"], files: files)
        #expect(capped.out.hasSuffix("1 file checked: 1 file invalid; 101 errors, 0 warnings listed (4899 more not listed: --all)\n"))
    }

    @Test func substitutionsAreMadeInOnePass() {
        var values: [String] = []
        var placeholders: [String] = []
        for i in 0..<5_000 {
            values.append(#""V\#(i)": "value\#(i)""#)
            placeholders.append(#""${V\#(i)}""#)
        }
        let definition = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"all": ["# + placeholders.joined(separator: ",")
            + #"], "edges": ["$${V1}", "${V2", "${ V3 }"]}, "End": true}}}"#
        let files = ["m.json": definition, "v.json": "{" + values.joined(separator: ",") + "}"]
        let r = run(["run", "m.json", "--substitutions", "v.json", "--format", "json"], files: files)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains(#""edges":["$value1","${V2","${ V3 }"]"#) || r.out.contains(#"\"edges\":[\"$value1\",\"${V2\",\"${ V3 }\"]"#), "\(r.out.prefix(2000))")
        #expect(r.out.contains("value4999") && !r.out.contains("${V4999}"))
        // One placeholder more than the values: refused, with its place.
        let missing = run(["run", "m.json", "--substitutions", "v.json"],
                          files: files.merging(["m.json": definition.replacingOccurrences(of: "${V2\"", with: "${Missing}\"")]) { $1 })
        #expect(missing.code == 2)
        #expect(missing.err.contains("${Missing} has no value in the substitutions"))
    }

    // MARK: Files that are not regular files

    @Test func aDeviceIsNamedAsSuch() {
        #expect(throws: CommandLineError.unreadableFile("/dev/null", reason: "it is a character device, not a regular file; pass '-' to read standard input")) {
            try ProcessConsole().readInput("/dev/null")
        }
        #expect(throws: CommandLineError.unreadableFile("/dev/zero", reason: "it is a character device, not a regular file; pass '-' to read standard input")) {
            try ProcessConsole().readInput("/dev/zero", as: .input)
        }
    }

    @Test func aFIFOIsNamedAsSuchWithoutWaitingForAWriter() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("statecraft-fifo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pipe").path
        try #require(mkfifo(path, 0o600) == 0)
        #expect(throws: CommandLineError.unreadableFile(path, reason: "it is a named pipe (FIFO), not a regular file; pass '-' to read standard input")) {
            try ProcessConsole().readInput(path)
        }
    }

    @Test func anEmptyPathAndProcSelfMemGetLocatedMessages() throws {
        #expect(throws: CommandLineError.unreadableFile("", reason: "the path is empty")) {
            try ProcessConsole().readInput("")
        }
        let r = run(["validate", ""])
        #expect(r.code == 2)
        #expect(r.err == "statecraft: error: cannot read '': the path is empty\n")
        if FileManager.default.fileExists(atPath: "/proc/self/mem") {
            do {
                _ = try ProcessConsole().readInput("/proc/self/mem")
                Issue.record("/proc/self/mem was read")
            } catch {
                #expect(error.description.hasPrefix("cannot read '/proc/self/mem': "))
                #expect(!error.description.contains("NSCocoaErrorDomain"))
            }
        }
    }

    @Test func aLargeRegularFileIsRefusedFromItsSize() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("statecraft-large-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json")
        try Data(count: 3 * 1_048_576).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: CommandLineError.tooLarge(url.path, budget: InputKind.definition.budget)) {
            try ProcessConsole().readInput(url.path)
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: CommandLineError.unreadableFile("/nonexistent/statecraft.json", reason: "no such file")) {
            try ProcessConsole().readInput("/nonexistent/statecraft.json")
        }
    }
}
