import Foundation
import Testing
@testable import StatecraftCommandLine

/// Replays every `statecraft` command shown in README.md and Docs/CLI.md and compares what it prints
/// with the transcript, so the documentation cannot drift from the tool.
@Suite struct DocumentationTranscriptTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One `$ command` line and the lines shown after it.
    struct Step: CustomStringConvertible {
        let command: String
        let expected: [String]
        var description: String { command }
    }

    /// The transcript steps of a Markdown file: `$ ` lines inside fenced blocks, with their output.
    static func steps(in file: String) throws -> [Step] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        var steps: [Step] = []
        var inBlock = false
        var current: (String, [String])?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let c = current { steps.append(Step(command: c.0, expected: c.1)) }
                current = nil
                inBlock.toggle()
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                if let c = current { steps.append(Step(command: c.0, expected: c.1)) }
                current = (String(line.dropFirst(2)), [])
            } else if current != nil {
                current?.1.append(line)
            }
        }
        return steps
    }

    /// Splits a shell word list, honouring single quotes.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quoted = false
        var started = false
        for c in text {
            if c == "'" { quoted.toggle(); started = true; continue }
            if c == " " && !quoted {
                if started { words.append(word) }
                word = ""
                started = false
                continue
            }
            word.append(c)
            started = true
        }
        if started { words.append(word) }
        return words
    }

    @Test(arguments: ["README.md", "Docs/CLI.md", "Docs/Validation.md", "Docs/JSONata.md", "Docs/Load.md", "Docs/Testing.md"])
    func transcriptsMatchTheTool(_ file: String) throws {
        let steps = try Self.steps(in: file)
        let console = MemoryConsole()
        var lastCode: Int32 = 0
        var replayed = 0
        for step in steps {
            var command = step.command
            var stdin = ""
            var echoStatus = false
            if command.hasSuffix("; echo $?") {
                echoStatus = true
                command = String(command.dropLast("; echo $?".count))
            }
            if command.hasPrefix("printf "), let bar = command.range(of: " | ") {
                stdin = Self.words(String(command[..<bar.lowerBound])).dropFirst().joined()
                command = String(command[bar.upperBound...])
            }
            var output: [String]
            if command == "echo $?" {
                output = ["\(lastCode)"]
            } else if command.hasPrefix("cat ") {
                let path = String(command.dropFirst(4))
                let bytes = try console.files[path] ?? [UInt8](Data(contentsOf: Self.packageRoot.appendingPathComponent(path)))
                output = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
            } else if command.hasPrefix("statecraft ") || command.hasPrefix("swift run statecraft ") {
                let arguments = Array(Self.words(command).drop { $0 != "statecraft" }.dropFirst())
                // Files come from the package, as if the command ran at its root (writes stay in memory).
                for path in arguments where path.hasPrefix("Docs/") || path.hasPrefix("Templates/") {
                    if console.files[path] == nil {
                        console.files[path] = [UInt8](try Data(contentsOf: Self.packageRoot.appendingPathComponent(path)))
                    }
                }
                console.output = ""
                console.errorOutput = ""
                console.standardInput = Array(stdin.utf8)
                lastCode = StatecraftCommand.main(arguments, console: console)
                output = (console.output + console.errorOutput).components(separatedBy: "\n")
                if echoStatus { output.insert("\(lastCode)", at: max(output.count - 1, 0)) }
            } else {
                continue  // not a statecraft transcript (swift test, swift build, ...)
            }
            replayed += 1
            while output.last == "" { output.removeLast() }
            // Build chatter and elisions in the docs are not compared.
            let expected = step.expected.filter {
                !($0.hasPrefix("[") && $0.hasSuffix("]")) && !$0.hasPrefix("Building for") && !$0.hasPrefix("Build of product") && !$0.isEmpty
            }
            let actual = output.filter { !$0.isEmpty }
            if let cut = expected.firstIndex(where: { $0 == "…" || $0.hasSuffix("[…]") }) {
                #expect(Array(actual.prefix(cut)) == Array(expected.prefix(cut)), "\(file): \(step.command)")
            } else {
                #expect(actual == expected, "\(file): \(step.command)")
            }
        }
        #expect(replayed >= 1, "\(file): no statecraft transcript found")
    }
}
