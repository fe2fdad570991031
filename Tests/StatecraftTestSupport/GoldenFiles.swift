import Foundation
import Testing
import StatesLanguage

/// Golden files in a folder of a test target, compared as text and re-recorded with `STATECRAFT_RECORD=1`.
///
/// A difference is reported as a unified diff (the one `statecraft-emit --check` prints), so a line
/// inserted near the top shows as one added line, not as every following line changed.
public struct GoldenFiles: Sendable {
    /// The folder the files live in.
    public let folder: URL

    /// The golden files in `folder`.
    public init(folder: URL) { self.folder = folder }

    /// Records an issue unless `text` equals the golden file `name` (recording it instead when
    /// `STATECRAFT_RECORD=1`).
    public func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["STATECRAFT_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            print("recorded \(name)")
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden file \(name); run the tests with STATECRAFT_RECORD=1 to record it", sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            let diff = LineDiff.unified(old: expected, new: text, oldName: name, newName: "this run")
            Issue.record("\(name) differs from its golden file (STATECRAFT_RECORD=1 re-records):\n\(diff)", sourceLocation: sourceLocation)
        }
    }
}
