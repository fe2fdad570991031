import Foundation

/// A strict RFC 8259 JSON parser.
///
/// It accepts exactly one JSON value surrounded by optional whitespace, rejects everything the RFC
/// does not allow (trailing commas, comments, single quotes, leading zeros, control characters in
/// strings, invalid UTF-8, lone surrogate escapes) and also rejects duplicate object keys and nesting
/// deeper than ``maximumDepth``. Errors carry the line and column of the offending character.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted. ASL definitions rarely go past 30.
    public static let maximumDepth = 512

    /// Parses JSON text.
    /// - Parameter text: the whole document.
    /// - Returns: the value.
    /// - Throws: ``JSONSyntaxError`` at the first problem.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses JSON text given as UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try run(bytes, recordOffsets: false).value
    }

    /// Parses JSON text and keeps where every value and member key starts, so that diagnostics about
    /// the value can name a line and column.
    public static func parseWithSourceMap(_ bytes: [UInt8]) throws(JSONSyntaxError) -> (value: JSONValue, sourceMap: SourceMap) {
        let (value, offsets) = try run(bytes, recordOffsets: true)
        return (value, SourceMap(value: value, bytes: bytes, preorderOffsets: offsets))
    }

    private static func run(_ bytes: [UInt8], recordOffsets: Bool) throws(JSONSyntaxError) -> (value: JSONValue, offsets: [Int]) {
        let result: Result<(JSONValue, [Int]), JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var state = ParserState(bytes: buffer, recordOffsets: recordOffsets)
            do throws(JSONSyntaxError) {
                let value = try state.parseDocument()
                return .success((value, state.offsets))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let pair): return pair
        case .failure(let error): throw error
        }
    }
}

/// The mutable cursor of one parse. Positions become line:column only when an error is raised.
struct ParserState {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0
    let recordOffsets: Bool
    var offsets: [Int] = []
    /// Whether the last string parsed contained an escape (so its raw bytes differ from its value).
    var lastStringHadEscape = false

    init(bytes: UnsafeBufferPointer<UInt8>, recordOffsets: Bool) {
        self.bytes = bytes
        self.recordOffsets = recordOffsets
    }

    // MARK: Errors

    func error(_ kind: JSONSyntaxError.Kind, _ message: String, at offset: Int) -> JSONSyntaxError {
        let table = LineTable(Array(bytes))
        return JSONSyntaxError(kind: kind, message: message, position: table.position(ofOffset: offset))
    }

    /// Describes the token at `offset` for messages: `'x'`, `end of input`.
    func describeToken(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let b = bytes[offset]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b == 0x20 { return "a space" }
        if b < 0x20 { return "control character U+\(String(b, radix: 16, uppercase: true).leftPadded(to: 4))" }
        // Decode the scalar for the message (best effort).
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80, end - offset < 4 { end += 1 }
        if let s = String(validating: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self) { return "'\(s)'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    func unexpected(_ expectation: String, at offset: Int) -> JSONSyntaxError {
        if offset >= bytes.count {
            return error(.unexpectedEnd, "unexpected end of input; expected \(expectation)", at: offset)
        }
        return error(.unexpectedToken, "expected \(expectation) but found \(describeToken(at: offset))", at: offset)
    }

    // MARK: Grammar

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        // A UTF-8 byte order mark is tolerated (RFC 8259 §8.1 lets parsers ignore it).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw error(.trailingContent, "unexpected \(describeToken(at: index)) after the end of the JSON value", at: index)
        }
        return value
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw unexpected("a value", at: index) }
        if recordOffsets { offsets.append(index) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected("a value", at: index)
        }
    }

    mutating func expectLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = word.utf8CodeUnitCount
        let literal = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for i in 0..<count {
            guard start + i < bytes.count, bytes[start + i] == literal[i] else {
                throw error(.unexpectedToken, "invalid literal; expected '\(word)'", at: start)
            }
        }
        index += count
        // `truex` must not pass as `true` followed by garbage reported elsewhere.
        if index < bytes.count, bytes[index] | 0x20 >= UInt8(ascii: "a"), bytes[index] | 0x20 <= UInt8(ascii: "z") {
            throw error(.unexpectedToken, "invalid literal; expected '\(word)'", at: start)
        }
    }

    mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maximumDepth {
            throw error(.nestingTooDeep, "nesting is deeper than the limit of \(JSONParser.maximumDepth) arrays and objects", at: index)
        }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1  // {
        var members: [JSONObject.Member] = []
        var keyOffsets: [Int] = []
        var keySpans: [KeySpan] = []
        var keyIndex: [ExactKey: Int] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject())
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw unexpected("a member name in double quotes", at: index)
            }
            let keyOffset = index
            if recordOffsets { offsets.append(keyOffset) }
            let key = try parseString()
            let span = KeySpan(start: keyOffset + 1, count: index - keyOffset - 2, escaped: lastStringHadEscape)
            if let first = duplicateIndex(of: key, span: span, in: members, spans: keySpans, index: &keyIndex) {
                let firstPosition = LineTable(Array(bytes)).position(ofOffset: keyOffsets[first])
                throw error(.duplicateKey, "duplicate key \"\(key)\" (first defined at \(firstPosition))", at: keyOffset)
            }
            keyOffsets.append(keyOffset)
            keySpans.append(span)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw unexpected("':' after the member name", at: index)
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw unexpected("',' or '}'", at: index) }
            if bytes[index] == UInt8(ascii: ",") {
                let comma = index
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    throw error(.trailingComma, "trailing comma before '}': JSON does not allow a comma after the last member", at: comma)
                }
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(JSONObject(uniqueMembers: members))
            }
            throw unexpected("',' or '}' after the member", at: index)
        }
    }

    /// How many members an object may have before duplicate keys are found by hashing.
    static let linearKeyScanLimit = 16

    /// Where a member key's text sits in the input.
    struct KeySpan {
        let start: Int
        let count: Int
        let escaped: Bool
    }

    /// The index of an earlier member with the same key. Keys are compared byte for byte (JSON keys
    /// are equal only when their code points are); escaped keys compare by their decoded UTF-8.
    /// Objects in ASL are small, so a linear scan beats hashing up to ``linearKeyScanLimit`` members;
    /// past it the keys go into a hash index, so that an object with many keys parses in linear time.
    func duplicateIndex(of key: String, span: KeySpan, in members: [JSONObject.Member], spans: [KeySpan],
                        index keyIndex: inout [ExactKey: Int]) -> Int? {
        if spans.count >= ParserState.linearKeyScanLimit {
            if keyIndex.isEmpty {
                for i in members.indices { keyIndex[ExactKey(members[i].key)] = i }
            }
            if let first = keyIndex[ExactKey(key)] { return first }
            keyIndex[ExactKey(key)] = members.count
            return nil
        }
        guard let base = bytes.baseAddress else { return nil }
        for i in spans.indices {
            let other = spans[i]
            if !span.escaped && !other.escaped {
                if other.count == span.count && memcmp(base + other.start, base + span.start, span.count) == 0 { return i }
            } else if members[i].key.utf8.elementsEqual(key.utf8) {
                return i
            }
        }
        return nil
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw unexpected("',' or ']'", at: index) }
            if bytes[index] == UInt8(ascii: ",") {
                let comma = index
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    throw error(.trailingComma, "trailing comma before ']': JSON does not allow a comma after the last element", at: comma)
                }
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            }
            throw unexpected("',' or ']' after the element", at: index)
        }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = index
        if let problem = JSONNumber.scanNumber(bytes, &index) {
            throw error(.invalidNumber, "invalid number: \(problem.reason)", at: problem.offset)
        }
        // A number must not run straight into letters or another number part (`1x`, `01`).
        if index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: ".") || b &- 0x30 < 10 || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) {
                throw error(.invalidNumber, "invalid number: unexpected \(describeToken(at: index))", at: index)
            }
        }
        return JSONNumber(validatedText: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    /// Parses a string starting at the opening quote.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        lastStringHadEscape = false
        let runStart = index
        var nonASCII: UInt8 = 0
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                if nonASCII & 0x80 == 0 { return String(decoding: run, as: UTF8.self) }
                return try makeString(run, at: runStart)
            }
            nonASCII |= b
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw controlCharacter(at: index, open: open) }
            index += 1
        }
        guard index < bytes.count else {
            throw error(.unterminatedString, "unterminated string: no closing '\"' for the string opened here", at: open)
        }
        // Slow path: decode escapes into a byte buffer.
        lastStringHadEscape = true
        var utf8: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return try utf8.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> String in
                    try makeString(buffer, at: runStart)
                }
            }
            if b < 0x20 { throw controlCharacter(at: index, open: open) }
            if b != UInt8(ascii: "\\") {
                utf8.append(b)
                index += 1
                continue
            }
            let escape = index
            index += 1
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try parseUnicodeEscape(escapeAt: escape)
                utf8.append(contentsOf: String(Character(scalar)).utf8)
                continue  // parseUnicodeEscape moved index past the escape
            default:
                throw error(.invalidEscape, "invalid escape '\\\(describeToken(at: index).trimmingQuotes)'; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: escape)
            }
            index += 1
        }
        throw error(.unterminatedString, "unterminated string: no closing '\"' for the string opened here", at: open)
    }

    func controlCharacter(at offset: Int, open: Int) -> JSONSyntaxError {
        if bytes[offset] == 0x0A {
            let openPosition = LineTable(Array(bytes)).position(ofOffset: open)
            return error(.unterminatedString, "unterminated string: line break inside the string opened at \(openPosition); write \\n to include one", at: offset)
        }
        return error(.controlCharacter, "control character \(describeToken(at: offset).replacingOccurrences(of: "control character ", with: "")) must be escaped inside a string", at: offset)
    }

    func makeString(_ run: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONSyntaxError) -> String {
        // ASCII runs need no validation.
        var ascii = true
        for b in run where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: run, as: UTF8.self) }
        if let s = String(validating: run, as: UTF8.self) { return s }
        var i = 0
        while i < run.count {
            var end = i + 1
            while end < run.count, run[end] & 0xC0 == 0x80 { end += 1 }
            if String(validating: UnsafeBufferPointer(rebasing: run[i..<end]), as: UTF8.self) == nil { break }
            i = end
        }
        return try { () throws(JSONSyntaxError) -> String in
            throw error(.invalidUTF8, "invalid UTF-8 byte sequence in string", at: offset + i)
        }()
    }

    mutating func readHex4(escapeAt escape: Int) throws(JSONSyntaxError) -> UInt32 {
        // index is at 'u'
        var value: UInt32 = 0
        for k in 1...4 {
            let i = index + k
            guard i < bytes.count else {
                throw error(.invalidEscape, "incomplete \\u escape: expected four hexadecimal digits", at: escape)
            }
            let b = bytes[i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default:
                throw error(.invalidEscape, "invalid \\u escape: expected four hexadecimal digits", at: escape)
            }
            value = value << 4 | UInt32(digit)
        }
        index += 5
        return value
    }

    mutating func parseUnicodeEscape(escapeAt escape: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try readHex4(escapeAt: escape)
        if first >= 0xD800 && first < 0xDC00 {
            // Needs a low surrogate escape next.
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error(.invalidEscape, "lone high surrogate \\u\(String(first, radix: 16, uppercase: true)): it must be followed by a low surrogate escape", at: escape)
            }
            let second = index
            index += 1
            let low = try readHex4(escapeAt: second)
            guard low >= 0xDC00 && low < 0xE000 else {
                throw error(.invalidEscape, "high surrogate \\u\(String(first, radix: 16, uppercase: true)) is not followed by a low surrogate", at: escape)
            }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(combined) ?? "\u{FFFD}"
        }
        if first >= 0xDC00 && first < 0xE000 {
            throw error(.invalidEscape, "lone low surrogate \\u\(String(first, radix: 16, uppercase: true))", at: escape)
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    var trimmingQuotes: String {
        hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
