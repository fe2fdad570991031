import Foundation
import StatesLanguage

/// One token of an expression; `start` and `end` are UTF-8 offsets into the expression.
struct DynamoDBToken: Sendable {
    enum Kind: Sendable {
        /// A plain identifier: a letter or `_`, then letters, digits and `_`.
        case word
        /// `#name`.
        case name
        /// `:value`.
        case value
        /// Digits (list indexes).
        case number
        /// Punctuation and operators.
        case symbol
        /// Anything else (always a syntax error).
        case other
        /// The end of the expression.
        case end
    }

    let kind: Kind
    let text: String
    let start: Int
    let end: Int
}

/// Splits an expression into tokens.
enum DynamoDBLexer {
    static let symbols: [String] = ["<>", "<=", ">=", "(", ")", "[", "]", ",", ".", "=", "<", ">", "+", "-"]

    static func isWordByte(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10 || (b | 0x20) &- UInt8(ascii: "a") < 26 || b == UInt8(ascii: "_")
    }

    /// The tokens of `bytes`, always ending with an `.end` token.
    static func tokens(_ bytes: [UInt8]) -> [DynamoDBToken] {
        var tokens: [DynamoDBToken] = []
        var i = 0
        func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            let start = i
            let kind: DynamoDBToken.Kind
            if b &- UInt8(ascii: "0") < 10 {
                while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
                kind = .number
            } else if isWordByte(b) {
                while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
                kind = .word
            } else if b == UInt8(ascii: "#") || b == UInt8(ascii: ":") {
                i += 1
                while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
                kind = i - start == 1 ? .other : b == UInt8(ascii: "#") ? .name : .value
            } else if let symbol = symbols.first(where: { s in
                s.utf8.count <= bytes.count - i && s.utf8.elementsEqual(bytes[i..<(i + s.utf8.count)])
            }) {
                i += symbol.utf8.count
                kind = .symbol
            } else {
                // One whole character, so the message shows it intact.
                let length = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                i = min(i + length, bytes.count)
                kind = .other
            }
            tokens.append(DynamoDBToken(kind: kind, text: text(start, i), start: start, end: i))
        }
        tokens.append(DynamoDBToken(kind: .end, text: "", start: bytes.count, end: bytes.count))
        return tokens
    }
}
