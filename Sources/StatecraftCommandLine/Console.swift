import Foundation

/// Where the command line reads and writes: the real process streams, or memory in tests.
public protocol Console: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    func readStandardInput() -> [UInt8]
    func readFile(_ path: String) throws -> [UInt8]
    func writeFile(_ path: String, _ bytes: [UInt8]) throws
}

/// The process's standard streams and file system.
public final class ProcessConsole: Console {
    public init() {}
    public func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    public func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
    public func readStandardInput() -> [UInt8] { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
    public func readFile(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FileProblem.isDirectory
        }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
    public func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// File problems Foundation does not describe well.
enum FileProblem: Error, CustomStringConvertible {
    case isDirectory
    var description: String { "it is a directory; name the definition files inside it" }
}

/// An in-memory console for tests: captured output, given input and files.
public final class MemoryConsole: Console {
    public var output = ""
    public var errorOutput = ""
    public var standardInput: [UInt8]
    public var files: [String: [UInt8]]

    public init(standardInput: [UInt8] = [], files: [String: [UInt8]] = [:]) {
        self.standardInput = standardInput
        self.files = files
    }

    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errorOutput += text }
    public func readStandardInput() -> [UInt8] { standardInput }
    public func readFile(_ path: String) throws -> [UInt8] {
        guard let bytes = files[path] else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        return bytes
    }
    public func writeFile(_ path: String, _ bytes: [UInt8]) throws { files[path] = bytes }
}

extension Console {
    /// Reads a named input: a file, or standard input for `-`.
    /// - Throws: ``CommandLineError`` naming the file and the reason.
    func readInput(_ path: String) throws(CommandLineError) -> [UInt8] {
        if path == "-" { return readStandardInput() }
        do {
            return try readFile(path)
        } catch {
            throw CommandLineError.unreadableFile(path, reason: CommandLineError.describe(error))
        }
    }
}
