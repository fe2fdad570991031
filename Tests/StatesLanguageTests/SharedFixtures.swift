import Foundation
import StatesLanguage

/// Access to the project's shared conformance material (`../shared` beside the package, or the
/// folder named by `STATECRAFT_SHARED`). Tests that need it are disabled, with a printed reason,
/// when it is absent; CI always has it.
enum SharedFixtures {
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["STATECRAFT_SHARED"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // Tests/StatesLanguageTests/SharedFixtures.swift → package root → ../shared
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static let isAvailable: Bool = {
        let present = FileManager.default.fileExists(atPath: root.appendingPathComponent("conformance").path)
        if !present {
            print("note: shared conformance folder not found at \(root.path) (set STATECRAFT_SHARED); corpus tests are skipped")
        }
        return present
    }()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The parsed lines of a JSON Lines file under the shared folder.
    static func jsonLines(_ relative: String) throws -> [JSONValue] {
        let text = try String(contentsOf: url(relative), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }
}

/// A small deterministic generator (SplitMix64) so that randomised tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
