import Foundation
import StatesLanguage

/// The workflows of a package, written to files (`emit`) or compared with the committed files (`check`).
///
/// A package declares its catalog in an executable target:
///
/// ```swift
/// // Sources/WorkflowsCatalog/main.swift
/// import Statecraft
/// WorkflowCatalog(defaultOutput: "statemachines", [NightlyBatch(), Cleanup()]).main()
/// ```
///
/// `swift run WorkflowsCatalog emit` writes the files, `swift run WorkflowsCatalog check` exits 1 with
/// a diff when a committed file is stale; the `statecraft-emit` command plugin builds and runs the
/// catalog for you (`swift package --allow-writing-to-package-directory statecraft-emit [--check]`).
public struct WorkflowCatalog: Sendable {
    public let workflows: [any Workflow]
    /// The directory files are written to when `--output` is not given, relative to the current directory.
    public let defaultOutput: String

    public init(defaultOutput: String = ".", _ workflows: [any Workflow]) {
        self.defaultOutput = defaultOutput
        self.workflows = workflows
    }

    /// A file the catalog makes.
    public struct File: Sendable, Equatable {
        /// Relative to the output directory.
        public let path: String
        public let text: String
    }

    /// Every file: each workflow's definition, and its template when it has a deployment.
    /// - Throws: ``BuildError`` for the first workflow that does not validate.
    public func files() throws(BuildError) -> [File] {
        var files: [File] = []
        for workflow in workflows {
            var validator = Validator()
            if workflow.deployment?.type == .express { validator.rules.append(ExpressWorkflowRule()) }
            let built = workflow.machine.build(validator: validator)
            guard built.isValid else { throw BuildError(diagnostics: built.diagnostics) }
            let machine = built.machine
            let text = ASLEncoder.prettyText(machine)
            files.append(File(path: workflow.path, text: text.hasSuffix("\n") ? text : text + "\n"))
            if let deployment = workflow.deployment {
                files.append(File(path: deployment.path, text: CloudFormationTemplate(machine: machine, deployment: deployment).yaml))
            }
        }
        return files
    }

    /// Runs the catalog with command-line arguments and exits with its status.
    public func main() -> Never {
        exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    /// `emit [--output DIR] [--check]` or `check [--output DIR]`.
    /// - Returns: 0 when the files were written or are up to date, 1 when `check` found stale or
    ///   missing files, 2 for a usage error or a workflow that does not validate.
    public func run(_ arguments: [String], output write: (String) -> Void = { print($0, terminator: "") },
                    errors: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) -> Int32 {
        var rest = arguments
        guard let command = rest.first, command == "emit" || command == "check" else {
            errors("usage: <catalog> emit|check [--output DIR]\n")
            return 2
        }
        rest.removeFirst()
        var check = command == "check"
        var directory = defaultOutput
        while let argument = rest.first {
            rest.removeFirst()
            switch argument {
            case "--check": check = true
            case "--output":
                guard let value = rest.first else { errors("error: --output needs a directory\n"); return 2 }
                directory = value
                rest.removeFirst()
            default:
                errors("error: unknown argument '\(argument)'; usage: <catalog> emit|check [--output DIR]\n")
                return 2
            }
        }
        let files: [File]
        do {
            files = try self.files()
        } catch {
            errors("error: a workflow does not validate:\n\(error)\n")
            return 2
        }
        for (i, file) in files.enumerated() where files[..<i].contains(where: { $0.path == file.path }) {
            errors("error: two workflows write \(file.path); give them different names or paths\n")
            return 2
        }
        let root = URL(fileURLWithPath: directory)
        var stale = 0
        var written = 0
        for file in files {
            let url = root.appendingPathComponent(file.path)
            let current = (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
            if current == file.text {
                continue
            }
            if check {
                stale += 1
                if let current {
                    errors("stale: \(url.relativePath) differs from what the catalog generates:\n")
                    errors(LineDiff.unified(old: current, new: file.text, oldName: url.relativePath, newName: "generated"))
                } else {
                    errors("missing: \(url.relativePath) is not there; the catalog generates it\n")
                }
                continue
            }
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
                write("wrote \(url.relativePath)\n")
                written += 1
            } catch {
                errors("error: cannot write \(url.relativePath): \(error.localizedDescription)\n")
                return 2
            }
        }
        if check {
            guard stale == 0 else {
                errors("\(stale) of \(files.count) files are stale; run the catalog's emit (or `swift package --allow-writing-to-package-directory statecraft-emit`) and commit the result\n")
                return 1
            }
            write("\(files.count) files up to date\n")
        } else if written == 0 {
            write("\(files.count) files up to date\n")
        }
        return 0
    }
}

/// A line diff in unified format (`---`/`+++` headers, `@@` hunks with 3 lines of context).
enum LineDiff {
    /// Above this many cells the middle of the files is shown as one removed block and one added
    /// block instead of being aligned line by line (the alignment table grows with the product of the
    /// two line counts).
    static let alignmentLimit = 4_000_000

    /// The lines of a text; a final line break ends the last line rather than starting an empty one.
    static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func unified(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(of: old), b = lines(of: new)
        enum Line { case same(String), removed(String), added(String) }
        var lines: [(Line, Int, Int)] = []  // with the old and new line numbers (1-based) it stands at
        // Common lines at both ends need no alignment.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        for k in 0..<prefix { lines.append((.same(a[k]), k + 1, k + 1)) }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        if middleA.count * middleB.count <= alignmentLimit {
            // Longest common subsequence table, from the ends.
            var lcs = [[Int]](repeating: [Int](repeating: 0, count: middleB.count + 1), count: middleA.count + 1)
            for i in stride(from: middleA.count - 1, through: 0, by: -1) {
                for j in stride(from: middleB.count - 1, through: 0, by: -1) {
                    lcs[i][j] = middleA[i] == middleB[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < middleA.count || j < middleB.count {
                if i < middleA.count, j < middleB.count, middleA[i] == middleB[j] {
                    lines.append((.same(middleA[i]), prefix + i + 1, prefix + j + 1)); i += 1; j += 1
                } else if i < middleA.count, j == middleB.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                    lines.append((.removed(middleA[i]), prefix + i + 1, prefix + j + 1)); i += 1
                } else {
                    lines.append((.added(middleB[j]), prefix + i + 1, prefix + j + 1)); j += 1
                }
            }
        } else {
            for (k, line) in middleA.enumerated() { lines.append((.removed(line), prefix + k + 1, prefix + 1)) }
            for (k, line) in middleB.enumerated() { lines.append((.added(line), prefix + middleA.count + 1, prefix + k + 1)) }
        }
        for k in 0..<suffix {
            lines.append((.same(a[a.count - suffix + k]), a.count - suffix + k + 1, b.count - suffix + k + 1))
        }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var index = 0
        while index < lines.count {
            guard let firstChange = lines[index...].firstIndex(where: { if case .same = $0.0 { false } else { true } }) else { break }
            let start = max(index, firstChange - context)
            var end = firstChange
            // Extend the hunk while changes are closer than twice the context.
            var k = firstChange
            while k < lines.count {
                if case .same = lines[k].0 {
                    let nextChange = lines[k...].firstIndex { if case .same = $0.0 { false } else { true } }
                    if let next = nextChange, next - k <= 2 * context { k = next; continue }
                    end = min(lines.count, k + context)
                    break
                }
                k += 1
                end = k
            }
            let hunk = lines[start..<end]
            let oldCount = hunk.filter { if case .added = $0.0 { false } else { true } }.count
            let newCount = hunk.filter { if case .removed = $0.0 { false } else { true } }.count
            // An empty side is written as line 0 (`-0,0`), as unified diffs do.
            let oldStart = oldCount == 0 ? 0 : hunk.first?.1 ?? 0
            let newStart = newCount == 0 ? 0 : hunk.first?.2 ?? 0
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for (line, _, _) in hunk {
                switch line {
                case .same(let s): out += " \(s)\n"
                case .removed(let s): out += "-\(s)\n"
                case .added(let s): out += "+\(s)\n"
                }
            }
            index = end
        }
        return out
    }
}
