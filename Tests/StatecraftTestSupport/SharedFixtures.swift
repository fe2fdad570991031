import Foundation
import StatesLanguage

/// The project's shared conformance material: `../shared` beside the package, or the folder named by
/// `STATECRAFT_SHARED`. CI always has it; elsewhere the tests that need it are skipped with a reason
/// (``SharedFixtures/skipReason``), never passed silently.
public enum SharedFixtures {
    /// The shared folder.
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["STATECRAFT_SHARED"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // Tests/StatecraftTestSupport/SharedFixtures.swift → package root → ../shared
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// Whether the folder holds the conformance corpora.
    public static let isAvailable: Bool = {
        let present = FileManager.default.fileExists(atPath: root.appendingPathComponent("conformance").path)
        if !present {
            print("note: shared conformance folder not found at \(root.path) (set STATECRAFT_SHARED); the tests that need it are skipped")
        }
        return present
    }()

    /// Why a test that needs the folder is skipped (the comment of its `.enabled(if:)` trait).
    public static let skipReason = "needs ../shared (or STATECRAFT_SHARED): the shared conformance folder is absent"

    /// A file or folder under the shared folder.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The parsed lines of a JSON Lines file under the shared folder.
    public static func jsonLines(_ relative: String) throws -> [JSONValue] {
        try text(relative).split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    /// A text file under the shared folder.
    public static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }
}
