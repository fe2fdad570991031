import Foundation
import Testing
import StatesLanguage
import StatecraftSimulator

/// What a golden file holds.
public enum GoldenFormat: Sendable {
    /// `{status, output, error, cause, events}` with the events as GetExecutionHistory returns them (`.json`).
    case history
    /// The readable timeline (`.txt`).
    case timeline

    var fileExtension: String { self == .history ? "json" : "txt" }
}

extension SimulatedExecution {
    /// The environment variable that re-records golden files: set it to `1` and run the tests once.
    public static let recordGoldensVariable = "STATECRAFT_RECORD_GOLDENS"

    /// The execution as a golden file holds it.
    public func goldenText(_ format: GoldenFormat) -> String {
        switch format {
        case .history: JSONWriter.string(execution.report(start: simulator.configuration.start), style: .pretty) + "\n"
        case .timeline: timeline
        }
    }

    /// Expects the execution to match the golden file `name` (a unified diff in the issue when it does
    /// not). With `STATECRAFT_RECORD_GOLDENS=1` in the environment the file is written instead.
    ///
    /// - Parameters:
    ///   - name: the file's name without extension.
    ///   - format: the whole history as JSON (default) or the timeline.
    ///   - directory: where golden files live; default `Goldens/` beside the test file.
    ///   - record: whether to write the file rather than compare; default: whether
    ///     `STATECRAFT_RECORD_GOLDENS` is `1`.
    ///   - filePath: the test file, whose folder holds `Goldens/` (the caller's file by default).
    ///   - sourceLocation: where a mismatch is reported (the call site by default).
    /// - Returns: whether it matched (or was recorded).
    @discardableResult
    public func expectMatchesGolden(_ name: String, format: GoldenFormat = .history, directory: String? = nil, record: Bool? = nil,
                                    filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let folder = directory ?? URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Goldens").path
        let path = URL(fileURLWithPath: folder).appendingPathComponent("\(name).\(format.fileExtension)").path
        let actual = goldenText(format)
        if record ?? (ProcessInfo.processInfo.environment[Self.recordGoldensVariable] == "1") {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try actual.write(toFile: path, atomically: true, encoding: .utf8)
                return true
            } catch {
                Issue.record("could not record the golden file \(path): \(error)", sourceLocation: sourceLocation)
                return false
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("no golden file \(path); run the tests once with \(Self.recordGoldensVariable)=1 to record it",
                         sourceLocation: sourceLocation)
            return false
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return true }
        let diff = LineDiff.unified(old: expected, new: actual, oldName: path, newName: "this execution")
        Issue.record(Comment(rawValue: "the execution differs from its golden file (\(Self.recordGoldensVariable)=1 re-records it):\n" + diff),
                     sourceLocation: sourceLocation)
        return false
    }
}
