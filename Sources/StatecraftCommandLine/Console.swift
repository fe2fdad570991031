import Foundation

/// Where the command line reads and writes: the real process streams, or memory in tests.
///
/// Reads take a byte budget: an implementation returns at most `limit + 1` bytes, so that a caller can
/// tell "exactly at the limit" from "over it" without reading the rest.
public protocol Console: AnyObject {
    /// Writes to standard output (reports, formatted definitions, diagrams).
    func write(_ text: String)
    /// Writes to standard error (diagnostics, `statecraft: error:` lines, progress).
    func writeError(_ text: String)
    /// Reads standard input up to its end or `limit + 1` bytes, whichever comes first.
    func readStandardInput(limit: Int) throws -> [UInt8]
    /// Reads a regular file up to its end or `limit + 1` bytes, whichever comes first.
    /// - Throws: a ``FileProblem`` for what is not a regular file, or the system's error.
    func readFile(_ path: String, limit: Int) throws -> [UInt8]
    /// Replaces the file at `path` with `bytes` (`fmt --write`, `load --chart`).
    func writeFile(_ path: String, _ bytes: [UInt8]) throws
}

/// The process's standard streams and file system.
public final class ProcessConsole: Console {
    /// The console of the running process.
    public init() {}
    /// Writes to the process's standard output.
    public func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    /// Writes to the process's standard error.
    public func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    public func readStandardInput(limit: Int) throws -> [UInt8] {
        try ProcessConsole.readAll(from: STDIN_FILENO, limit: limit)
    }

    public func readFile(_ path: String, limit: Int) throws -> [UInt8] {
        guard !path.isEmpty else { throw FileProblem.emptyPath }
        // Look before opening: opening a FIFO would wait for a writer, and a device can be endless.
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileProblem.system(errno) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileProblem.isDirectory
        case S_IFCHR: throw FileProblem.notRegular("a character device")
        case S_IFBLK: throw FileProblem.notRegular("a block device")
        case S_IFIFO: throw FileProblem.notRegular("a named pipe (FIFO)")
        case S_IFSOCK: throw FileProblem.notRegular("a socket")
        default: throw FileProblem.notRegular("not a regular file")
        }
        // The size the file claims settles most oversized files without reading them (files in /proc
        // claim 0 bytes, so the read below is bounded too).
        if info.st_size > limit { throw FileProblem.overLimit }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { throw FileProblem.system(errno) }
        defer { close(descriptor) }
        return try ProcessConsole.readAll(from: descriptor, limit: limit)
    }

    /// Writes the file atomically (a reader never sees half of it).
    public func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads until the end or `limit + 1` bytes.
    static func readAll(from descriptor: Int32, limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileProblem.system(errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

/// File problems Foundation does not describe well.
public enum FileProblem: Error, Equatable, CustomStringConvertible {
    /// The path names a directory.
    case isDirectory
    /// The path is the empty string.
    case emptyPath
    /// A device, FIFO or socket: named by what it is.
    case notRegular(String)
    /// A system call failed with this `errno`.
    case system(Int32)
    /// The file is larger than the budget of what it holds (known from its size, before reading).
    case overLimit

    public var description: String {
        switch self {
        case .isDirectory: "it is a directory; name the definition files inside it"
        case .emptyPath: "the path is empty"
        case .notRegular(let kind): "it is \(kind), not a regular file; pass '-' to read standard input"
        case .system(let code): code == ENOENT ? "no such file" : String(cString: strerror(code)).lowercased()
        case .overLimit: "it is too large"
        }
    }
}

/// An in-memory console for tests: captured output, given input and files.
public final class MemoryConsole: Console {
    /// Everything written to standard output.
    public var output = ""
    /// Everything written to standard error.
    public var errorOutput = ""
    /// What standard input holds.
    public var standardInput: [UInt8]
    /// The files, by path; `writeFile` adds or replaces one.
    public var files: [String: [UInt8]]

    /// A console whose standard input and files are given.
    public init(standardInput: [UInt8] = [], files: [String: [UInt8]] = [:]) {
        self.standardInput = standardInput
        self.files = files
    }

    /// Appends to ``output``.
    public func write(_ text: String) { output += text }
    /// Appends to ``errorOutput``.
    public func writeError(_ text: String) { errorOutput += text }
    public func readStandardInput(limit: Int) -> [UInt8] { Array(standardInput.prefix(limit + 1)) }
    public func readFile(_ path: String, limit: Int) throws -> [UInt8] {
        guard !path.isEmpty else { throw FileProblem.emptyPath }
        guard let bytes = files[path] else { throw FileProblem.system(ENOENT) }
        return Array(bytes.prefix(limit + 1))
    }
    /// Stores the file in ``files``.
    public func writeFile(_ path: String, _ bytes: [UInt8]) throws { files[path] = bytes }
}

/// What a file argument holds, and so how much of it the command line reads.
public enum InputKind: Sendable {
    /// A state machine definition (ASL JSON): 1 MiB, Step Functions' own limit.
    case definition
    /// An execution input: 256 KiB, Step Functions' payload limit.
    case input
    /// A Step Functions Local MockConfigFile.
    case mockConfig
    /// A services file (the modelled account).
    case services
    /// A DefinitionSubstitutions file.
    case substitutions

    /// The most bytes read; anything larger is refused before it is parsed.
    public var limit: Int {
        switch self {
        case .definition: 1_048_576
        case .input: 262_144
        case .mockConfig: 4 * 1_048_576
        case .services: 1_048_576
        case .substitutions: 1_048_576
        }
    }

    /// How the budget is named in the message that refuses a larger file.
    var budget: String {
        switch self {
        case .definition: "a definition may be at most 1 MiB (1048576 bytes), Step Functions' limit"
        case .input: "an execution input may be at most 256 KiB (262144 bytes), Step Functions' limit"
        case .mockConfig: "a mock configuration file may be at most 4 MiB (4194304 bytes)"
        case .services: "a services file may be at most 1 MiB (1048576 bytes)"
        case .substitutions: "a substitutions file may be at most 1 MiB (1048576 bytes)"
        }
    }
}

extension Console {
    /// Reads a named input: a file, or standard input for `-`, at most `kind`'s budget.
    /// - Throws: ``CommandLineError`` naming the file and the reason, or the budget it exceeds.
    func readInput(_ path: String, as kind: InputKind = .definition) throws(CommandLineError) -> [UInt8] {
        let name = path == "-" ? "<stdin>" : path
        let bytes: [UInt8]
        do {
            bytes = path == "-" ? try readStandardInput(limit: kind.limit) : try readFile(path, limit: kind.limit)
        } catch FileProblem.overLimit {
            throw CommandLineError.tooLarge(name, budget: kind.budget)
        } catch {
            throw CommandLineError.unreadableFile(name, reason: CommandLineError.describe(error))
        }
        guard bytes.count <= kind.limit else { throw CommandLineError.tooLarge(name, budget: kind.budget) }
        return bytes
    }
}
