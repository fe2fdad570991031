import Foundation
import StatesLanguage

/// A document path: a top-level attribute name, then map keys (`.name`) and list indexes (`[n]`).
struct DynamoDBDocumentPath: Hashable, Sendable, CustomStringConvertible {
    enum Element: Hashable, Sendable {
        case key(String)
        case index(Int)

        /// Keys are equal when they have the same code points (DynamoDB keeps canonically
        /// equivalent names apart; Swift's `String ==` would not).
        static func == (a: Element, b: Element) -> Bool {
            switch (a, b) {
            case (.key(let x), .key(let y)): x.utf8.elementsEqual(y.utf8)
            case (.index(let i), .index(let j)): i == j
            default: false
            }
        }
    }

    /// The most levels a path may have (DynamoDB nests documents at most 32 deep).
    static let maximumLevels = 32

    /// The top-level attribute name.
    let attribute: String
    /// The map keys and list indexes below the attribute.
    let nested: [Element]

    /// All the elements, the attribute first.
    var elements: [Element] { [.key(attribute)] + nested }

    /// Paths are equal when their elements are (names compared code point by code point).
    static func == (a: DynamoDBDocumentPath, b: DynamoDBDocumentPath) -> Bool { a.elements == b.elements }

    /// DynamoDB's rendering in error messages: `[a, b, [0]]`.
    var description: String {
        let parts = elements.map { element in
            switch element {
            case .key(let name): name
            case .index(let i): "[\(i)]"
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}
