import Foundation
import StatesLanguage

/// The shared conformance folder (`../shared`, or `STATECRAFT_SHARED`).
enum Shared {
    static let root: URL = {
        if let o = ProcessInfo.processInfo.environment["STATECRAFT_SHARED"], !o.isEmpty { return URL(fileURLWithPath: o) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static let isAvailable: Bool = {
        let present = FileManager.default.fileExists(atPath: root.appendingPathComponent("conformance").path)
        if !present { print("note: shared conformance folder not found at \(root.path) (set STATECRAFT_SHARED); corpus tests are skipped") }
        return present
    }()

    static func jsonLines(_ relative: String) throws -> [JSONValue] {
        let text = try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }
}
