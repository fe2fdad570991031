import Foundation
import StatesLanguage

/// Text the way Step Functions' Java runtime (Jackson, `java.util` collections) writes it.
///
/// Recorded AWS histories show three Java-isms that matter for byte-exact output:
/// - JSON is written by Jackson: compact, non-ASCII characters raw, `/` unescaped, control
///   characters as `\n`-style or `\u00XX` (upper-case hex) escapes, integers as written and other
///   numbers as Java `Double.toString` (`1.0`, `1.0E21`).
/// - `States.Format` inserts non-string values with Java's `toString`: objects as `{k=v, k2=v2}`,
///   arrays as `[a, b]`, strings inside them unquoted.
/// - The computed (`.$`) fields of a payload template come out in `java.util.HashMap` order.
enum JavaText {
    // MARK: Numbers

    /// Java's `Double.toString(d)` (JDK 19 and later): plain notation for 10^-3 <= |d| < 10^7 with at
    /// least one fractional digit (`1.0`, `0.001`), otherwise computerized scientific notation
    /// (`1.0E7`, `1.234E-5`); the digits are the shortest that round-trip, except that a single
    /// digit becomes the closest two-digit decimal (`4.9E-324`).
    static func doubleToString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let negative = d < 0
        // Swift's description is the shortest round-trip form, e.g. "1e-05", "1.5e+20", "12.25".
        var text = Array(abs(d).description.utf8)
        let mantissaEnd = text.firstIndex(where: { $0 == UInt8(ascii: "e") }) ?? text.count
        if text[..<mantissaEnd].filter({ $0 &- 0x31 < 9 }).count == 1 {
            // One significant digit: Java picks the closest decimal of two digits instead.
            text = Array(String(format: "%.1e", abs(d)).utf8)
        }
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            var sign = 1
            var i = e + 1
            if i < text.count, text[i] == UInt8(ascii: "-") { sign = -1; i += 1 } else if i < text.count, text[i] == UInt8(ascii: "+") { i += 1 }
            var value = 0
            while i < text.count, text[i] &- 0x30 < 10 { value = value &* 10 &+ Int(text[i] - 0x30); i += 1 }
            exponent = sign * value
        }
        var digits: [UInt8] = []
        var pointPosition = -1
        for b in mantissa {
            if b == UInt8(ascii: ".") { pointPosition = digits.count } else if b &- 0x30 < 10 { digits.append(b) }
        }
        if pointPosition < 0 { pointPosition = digits.count }
        // value = 0.d1d2... * 10^(pointPosition + exponent)
        while let first = digits.first, first == UInt8(ascii: "0"), digits.count > 1 { digits.removeFirst(); pointPosition -= 1 }
        while let last = digits.last, last == UInt8(ascii: "0"), digits.count > 1 { digits.removeLast() }
        guard let leading = digits.first else { return negative ? "-0.0" : "0.0" }
        let scientific = pointPosition + exponent - 1  // value = d1.d2... * 10^scientific
        var out = negative ? "-" : ""
        if scientific >= -3 && scientific < 7 {
            if scientific >= 0 {
                let integerCount = scientific + 1
                for i in 0..<integerCount { out.append(i < digits.count ? Character(Unicode.Scalar(digits[i])) : "0") }
                out.append(".")
                if digits.count > integerCount {
                    out += String(decoding: digits[integerCount...], as: UTF8.self)
                } else {
                    out.append("0")
                }
            } else {
                out += "0."
                out += String(repeating: "0", count: -scientific - 1)
                out += String(decoding: digits, as: UTF8.self)
            }
        } else {
            out.append(Character(Unicode.Scalar(leading)))
            out.append(".")
            out += digits.count > 1 ? String(decoding: digits[1...], as: UTF8.self) : "0"
            out += "E" + String(scientific)
        }
        return out
    }

    /// A number as Jackson writes it: integer literals keep their digits (`-0` becomes `0`), other
    /// numbers are doubles written with ``doubleToString(_:)``. Literals beyond the range of a
    /// double keep their text.
    static func jacksonNumber(_ n: JSONNumber) -> String {
        if n.isIntegerLiteral {
            if let i = Int(n.text) { return String(i) }
            return n.text
        }
        let d = n.doubleValue
        guard d.isFinite else { return n.text }
        return doubleToString(d)
    }

    /// Whether Jackson would read this number as an integer node (rather than a double).
    static func isIntegral(_ n: JSONNumber) -> Bool { n.isIntegerLiteral }

    // MARK: HashMap order

    /// Java's `String.hashCode()`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 code units, wrapping.
    static func stringHashCode(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
        return h
    }

    /// The order in which a `java.util.HashMap` with default capacity iterates over `keys` inserted
    /// in the given order: by bucket index `(h ^ (h >>> 16)) & (capacity - 1)`, ties in insertion
    /// order. The capacity starts at 16, doubles when the size passes 3/4 of it, and also doubles
    /// when a bucket reaches 9 entries while the table is smaller than 64 (Java resizes instead of
    /// treeifying). Bins treeified in tables of 64 or more are assumed to keep insertion order.
    /// - Returns: indexes into `keys` in iteration order; repeated keys keep their first position.
    /// The bucket of `key` in a `java.util.HashMap` of the default 16 buckets.
    static func hashMapBucket(_ key: String) -> UInt32 {
        let h = UInt32(bitPattern: stringHashCode(key))
        return (h ^ (h >> 16)) & 15
    }

    static func hashMapOrder(_ keys: [String]) -> [Int] {
        if keys.count <= 1 { return Array(keys.indices) }
        if keys.count <= 8 {
            // At most 8 entries: the table stays at 16 buckets and no bucket can reach 9, so the order is
            // by bucket, then insertion. (Templates usually have a handful of `.$` fields.)
            var order: [(bucket: UInt32, index: Int)] = []
            order.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() where !keys[..<i].contains(k) {
                order.append((hashMapBucket(k), i))
            }
            order.sort { $0.bucket != $1.bucket ? $0.bucket < $1.bucket : $0.index < $1.index }
            return order.map(\.index)
        }
        return simulatedHashMapOrder(keys)
    }

    /// ``hashMapOrder(_:)`` for any number of keys, by replaying the table's growth.
    static func simulatedHashMapOrder(_ keys: [String]) -> [Int] {
        var firstIndex: [String: Int] = [:]
        var unique: [Int] = []
        for (i, k) in keys.enumerated() where firstIndex[k] == nil {
            firstIndex[k] = i
            unique.append(i)
        }
        let spread: [UInt32] = unique.map { i in
            let h = UInt32(bitPattern: stringHashCode(keys[i]))
            return h ^ (h >> 16)
        }
        var capacity: UInt32 = 16
        var bucketSizes: [UInt32: Int] = [:]
        for (inserted, h) in spread.enumerated() {
            let bucket = h & (capacity - 1)
            let size = (bucketSizes[bucket] ?? 0) + 1
            bucketSizes[bucket] = size
            var resized = false
            if size >= 9 && capacity < 64 {
                capacity *= 2
                resized = true
            }
            if inserted + 1 > Int(capacity) / 4 * 3 {
                capacity *= 2
                resized = true
            }
            if resized {
                bucketSizes = [:]
                for h2 in spread[0...inserted] { bucketSizes[h2 & (capacity - 1), default: 0] += 1 }
            }
        }
        let mask = capacity - 1
        let order = unique.indices.sorted { a, b in
            let ba = spread[a] & mask, bb = spread[b] & mask
            return ba != bb ? ba < bb : a < b
        }
        return order.map { unique[$0] }
    }

    // MARK: Writing values

    /// How ``write(_:style:)`` lays a value out.
    enum Style {
        /// Jackson's compact JSON.
        case jackson
        /// Java `toString` of the value converted to Java collections: strings raw, `{k=v, k2=v2}`, `[a, b]`.
        case javaToString
        /// A key for Jackson `JsonNode` equality: sorted object keys, integers and doubles kept apart.
        case equalityKey
    }

    private enum Work {
        case value(JSONValue)
        case text(String)
    }

    private enum JacksonWork {
        case value(JSONValue)
        /// An object member's key, written quoted and followed by `:`.
        case key(String)
        case byte(UInt8)
    }

    /// Jackson's compact JSON, written as UTF-8 bytes (the common style, and the one every history
    /// event uses, so it avoids building intermediate strings). Any depth is safe: recursion stops
    /// at ``recursionLimit`` levels and a loop with its own stack writes what lies deeper.
    static func writeJackson(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        writeJackson(value, into: &out, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Nesting written by recursion before ``writeJacksonIteratively(_:into:)`` takes over.
    static let recursionLimit = 64

    private static func writeJackson(_ value: JSONValue, into out: inout [UInt8], depth: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): appendJacksonNumber(n, to: &out)
        case .string(let s): appendJacksonString(s, to: &out)
        case .array(let elements):
            guard depth < recursionLimit else { return writeJacksonIteratively(value, into: &out) }
            out.append(UInt8(ascii: "["))
            for i in elements.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeJackson(elements[i], into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            guard depth < recursionLimit else { return writeJacksonIteratively(value, into: &out) }
            out.append(UInt8(ascii: "{"))
            for i in object.members.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendJacksonString(object.members[i].key, to: &out)
                out.append(UInt8(ascii: ":"))
                writeJackson(object.members[i].value, into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// ``writeJackson(_:)`` with an explicit stack, for values nested deeper than the recursion limit.
    private static func writeJacksonIteratively(_ value: JSONValue, into out: inout [UInt8]) {
        var stack: [JacksonWork] = [.value(value)]
        while let item = stack.popLast() {
            switch item {
            case .byte(let b): out.append(b)
            case .key(let k):
                appendJacksonString(k, to: &out)
                out.append(UInt8(ascii: ":"))
            case .value(let v):
                switch v {
                case .null, .bool, .number, .string: writeJackson(v, into: &out, depth: 0)
                case .array(let elements):
                    out.append(UInt8(ascii: "["))
                    stack.append(.byte(UInt8(ascii: "]")))
                    for i in stride(from: elements.count - 1, through: 0, by: -1) {
                        stack.append(.value(elements[i]))
                        if i > 0 { stack.append(.byte(UInt8(ascii: ","))) }
                    }
                case .object(let object):
                    out.append(UInt8(ascii: "{"))
                    stack.append(.byte(UInt8(ascii: "}")))
                    let members = object.members
                    for i in stride(from: members.count - 1, through: 0, by: -1) {
                        stack.append(.value(members[i].value))
                        stack.append(.key(members[i].key))
                        if i > 0 { stack.append(.byte(UInt8(ascii: ","))) }
                    }
                }
            }
        }
    }

    /// The length in bytes of ``writeJackson(_:)``'s text for `value`, counted without writing it; the
    /// count stops once it passes `limit` (any larger value is as good as the real length then).
    /// Any depth is safe: the walk keeps its own stack.
    static func jacksonSize(_ value: JSONValue, stoppingAfter limit: Int) -> Int {
        var total = 0
        addJacksonSize(value, to: &total, limit: limit, depth: 0)
        return total
    }

    /// A bound on ``jacksonSize(_:stoppingAfter:)`` from lengths alone, without reading any text:
    /// every string byte counted as the six of a `\u00XX` escape, every number as its text or 25 bytes
    /// (the longest Java double), whichever is longer. Past `limit`, or deeper than
    /// ``recursionLimit``, it stops with a value over `limit`.
    static func jacksonSizeBound(_ value: JSONValue, stoppingAfter limit: Int) -> Int {
        var total = 0
        addJacksonSizeBound(value, to: &total, limit: limit, depth: 0)
        return total
    }

    private static func addJacksonSizeBound(_ value: JSONValue, to total: inout Int, limit: Int, depth: Int) {
        switch value {
        case .null, .bool: total += 5
        case .number(let n): total += max(25, n.text.utf8.count)
        case .string(let s): total += 2 + 6 * s.utf8.count
        case .array(let elements):
            guard depth < recursionLimit else { total = limit + 1; return }
            total += 2 + elements.count
            for element in elements where total <= limit { addJacksonSizeBound(element, to: &total, limit: limit, depth: depth + 1) }
        case .object(let object):
            guard depth < recursionLimit else { total = limit + 1; return }
            total += 2 + object.count
            for member in object.members where total <= limit {
                total += 3 + 6 * member.key.utf8.count
                addJacksonSizeBound(member.value, to: &total, limit: limit, depth: depth + 1)
            }
        }
    }

    /// Adds `value`'s size by recursion (no allocation) for the first ``recursionLimit`` levels, then
    /// with a stack of its own.
    private static func addJacksonSize(_ value: JSONValue, to total: inout Int, limit: Int, depth: Int) {
        switch value {
        case .null: total += 4
        case .bool(let b): total += b ? 4 : 5
        case .number(let n): total += jacksonNumberSize(n)
        case .string(let s): total += jacksonStringSize(s)
        case .array(let elements):
            guard depth < recursionLimit else { return addJacksonSizeIteratively(value, to: &total, limit: limit) }
            total += 2 + max(0, elements.count - 1)
            for element in elements where total <= limit { addJacksonSize(element, to: &total, limit: limit, depth: depth + 1) }
        case .object(let object):
            guard depth < recursionLimit else { return addJacksonSizeIteratively(value, to: &total, limit: limit) }
            total += 2 + max(0, object.count - 1)
            for member in object.members where total <= limit {
                total += jacksonStringSize(member.key) + 1
                addJacksonSize(member.value, to: &total, limit: limit, depth: depth + 1)
            }
        }
    }

    private static func addJacksonSizeIteratively(_ value: JSONValue, to total: inout Int, limit: Int) {
        var stack: [JSONValue] = [value]
        while let v = stack.popLast(), total <= limit {
            switch v {
            case .null, .bool, .number, .string: addJacksonSize(v, to: &total, limit: limit, depth: 0)
            case .array(let elements):
                total += 2 + max(0, elements.count - 1)
                stack.append(contentsOf: elements)
            case .object(let object):
                total += 2 + max(0, object.count - 1)
                for member in object.members {
                    total += jacksonStringSize(member.key) + 1
                    stack.append(member.value)
                }
            }
        }
    }

    /// The bytes ``appendJacksonNumber(_:to:)`` writes.
    static func jacksonNumberSize(_ n: JSONNumber) -> Int {
        let utf8 = n.text.utf8
        for b in utf8 where b == UInt8(ascii: ".") || b | 0x20 == UInt8(ascii: "e") { return jacksonNumber(n).utf8.count }
        if utf8.count == 2, utf8.first == UInt8(ascii: "-"), utf8.last == UInt8(ascii: "0") { return 1 }
        return utf8.count
    }

    /// The bytes ``appendJacksonString(_:to:)`` writes: the quotes, and the escapes JSON needs.
    static func jacksonStringSize(_ s: String) -> Int {
        var size = 2
        for b in s.utf8 {
            if b >= 0x20 {
                size += b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") ? 2 : 1
            } else {
                switch b {
                case 0x0A, 0x0D, 0x09, 0x08, 0x0C: size += 2
                default: size += 6
                }
            }
        }
        return size
    }

    /// ``jacksonNumber(_:)`` as bytes. An integer literal is written as it is (one pass over its
    /// text), except `-0`, which Jackson writes `0`.
    static func appendJacksonNumber(_ n: JSONNumber, to out: inout [UInt8]) {
        let utf8 = n.text.utf8
        var integral = true
        for b in utf8 where b == UInt8(ascii: ".") || b | 0x20 == UInt8(ascii: "e") { integral = false; break }
        if integral {
            if utf8.count == 2, utf8.first == UInt8(ascii: "-"), utf8.last == UInt8(ascii: "0") {
                out.append(UInt8(ascii: "0"))
            } else {
                out.append(contentsOf: utf8)
            }
        } else {
            out.append(contentsOf: jacksonNumber(n).utf8)
        }
    }

    /// A JSON string literal as Jackson writes it, as UTF-8 bytes: the minimal JSON escaping, with
    /// control characters in upper-case hex (`\u001F`).
    static func appendJacksonString(_ s: String, to out: inout [UInt8]) {
        JSONWriter.writeString(s, into: &out, upperCaseHex: true)
    }


    /// Writes `value` without recursion, so any depth is safe. Jackson's JSON goes to
    /// ``writeJackson(_:)``; this loop writes the other two styles.
    static func write(_ value: JSONValue, style: Style) -> String {
        if style == .jackson { return writeJackson(value) }
        var out = ""
        var stack: [Work] = [.value(value)]
        let separator = style == .javaToString ? ", " : ","
        while let item = stack.popLast() {
            switch item {
            case .text(let t):
                out += t
            case .value(let v):
                switch v {
                case .null: out += "null"
                case .bool(let b): out += b ? "true" : "false"
                case .number(let n):
                    switch style {
                    case .jackson, .javaToString: out += jacksonNumber(n)
                    case .equalityKey: out += (n.isIntegerLiteral ? "i" : "f") + jacksonNumber(n)
                    }
                case .string(let s):
                    if style == .javaToString { out += s } else { appendJacksonString(s, to: &out) }
                case .array(let elements):
                    if elements.isEmpty { out += "[]"; continue }
                    out += "["
                    stack.append(.text("]"))
                    for i in stride(from: elements.count - 1, through: 0, by: -1) {
                        stack.append(.value(elements[i]))
                        if i > 0 { stack.append(.text(separator)) }
                    }
                case .object(let object):
                    if object.isEmpty { out += "{}"; continue }
                    out += "{"
                    stack.append(.text("}"))
                    var members = Array(object.members)
                    if style == .equalityKey {
                        members.sort { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
                    }
                    for i in stride(from: members.count - 1, through: 0, by: -1) {
                        stack.append(.value(members[i].value))
                        if style == .javaToString {
                            stack.append(.text(members[i].key + "="))
                        } else {
                            var key = ""
                            appendJacksonString(members[i].key, to: &key)
                            stack.append(.text(key + ":"))
                        }
                        if i > 0 { stack.append(.text(separator)) }
                    }
                }
            }
        }
        return out
    }

    /// A JSON string literal as Jackson writes it, appended to text.
    static func appendJacksonString(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        appendJacksonString(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// The Java class Jayway's Jackson provider reports for an unwrapped value, for error messages.
    static func javaClassName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "java.lang.Boolean"
        case .string: return "java.lang.String"
        case .number(let n):
            if n.isIntegerLiteral {
                if let i = Int(n.text) {
                    return Int32(exactly: i) != nil ? "java.lang.Integer" : "java.lang.Long"
                }
                return "java.math.BigInteger"
            }
            return "java.lang.Double"
        case .array: return "com.fasterxml.jackson.databind.node.ArrayNode"
        case .object: return "com.fasterxml.jackson.databind.node.ObjectNode"
        }
    }
}
