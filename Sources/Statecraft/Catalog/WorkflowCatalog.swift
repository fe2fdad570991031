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
    /// The workflows, in the order they are emitted.
    public let workflows: [any Workflow]
    /// The directory files are written to when `--output` is not given, relative to the current directory.
    public let defaultOutput: String

    /// Makes a catalog of `workflows`, written under `defaultOutput` unless `--output` says otherwise.
    public init(defaultOutput: String = ".", _ workflows: [any Workflow]) {
        self.defaultOutput = defaultOutput
        self.workflows = workflows
    }

    /// A file the catalog makes.
    public struct File: Sendable, Equatable {
        /// Relative to the output directory.
        public let path: String
        /// The file's contents.
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
