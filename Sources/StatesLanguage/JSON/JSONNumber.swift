import Foundation

/// A JSON number kept in the exact lexical form it was written in (`1`, `1.0`, `1e3` stay distinct),
/// with its numeric value available on demand.
public struct JSONNumber: Sendable, Hashable {
    /// The number as written, always valid RFC 8259 number syntax.
    public let text: String

    /// Creates a number from text already known to be valid JSON number syntax.
    init(validatedText: String) { self.text = validatedText }

    /// Creates a number from JSON number text.
    /// - Parameter text: the lexical form, e.g. `"-12.5e3"`.
    /// - Returns: `nil` when `text` is not a valid JSON number.
    public init?(text: String) {
        guard JSONNumber.isValidSyntax(Array(text.utf8)) else { return nil }
        self.text = text
    }

    /// Creates a number from an integer.
    public init(_ value: Int) { self.text = String(value) }

    /// Creates a number from a double, written in its shortest round-trip form; integral values
    /// within ±2^53 are written without a fraction (`3.0` → `3`). Non-finite values become `0`.
    public init(_ value: Double) {
        self.text = JSONNumber.format(value)
    }

    /// The value as a `Double` (rounded to the nearest representable value).
    public var doubleValue: Double {
        // Integers (the usual case) without the general decimal parser; both round to nearest.
        if let i = smallIntegerValue { return i == 0 && text.utf8.first == UInt8(ascii: "-") ? -0.0 : Double(i) }
        return Double(text) ?? 0
    }

    /// The value as an `Int` when the number is integral and fits, whatever its spelling (`3`, `3.0`, `3e0`).
    public var intValue: Int? {
        if let i = Int(text) { return i }
        let d = doubleValue
        guard d.rounded() == d, abs(d) <= 9_007_199_254_740_992 else { return nil }
        return Int(d)
    }

    /// The value of an integer literal of at most 18 digits (so it fits an `Int` and, when below
    /// 2^53, a double exactly), read in one pass without allocating; `nil` for any other number.
    public var smallIntegerValue: Int? {
        var value = 0
        var digits = 0
        var negative = false
        for b in text.utf8 {
            if b == UInt8(ascii: "-") && digits == 0 && !negative { negative = true; continue }
            let d = b &- UInt8(ascii: "0")
            guard d < 10, digits < 18 else { return nil }
            value = value &* 10 &+ Int(d)
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    /// Whether the number is written as an integer literal (no fraction, no exponent).
    public var isIntegerLiteral: Bool { !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") } }

    /// Numeric equality, ignoring spelling (`1`, `1.0` and `1e0` are equal).
    public func isNumericallyEqual(to other: JSONNumber) -> Bool {
        if text == other.text { return true }
        if let a = Int(text), let b = Int(other.text) { return a == b }
        return doubleValue == other.doubleValue
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            return String(Int(value))
        }
        let description = value.description  // shortest round-trip form, e.g. "0.1", "1e-07"
        return description.replacingOccurrences(of: "e+", with: "e")
    }

    /// Checks `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` over the whole buffer.
    static func isValidSyntax(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            return scanNumber(buffer, &index) == nil && index == buffer.count
        }
    }

    /// Scans a number starting at `index`; on success `index` is just past it.
    /// - Returns: `nil` on success, otherwise the offset of the offending byte and why.
    static func scanNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> (offset: Int, reason: String)? {
        let count = bytes.count
        @inline(__always) func isDigit(_ i: Int) -> Bool { i < count && bytes[i] &- 0x30 < 10 }
        if index < count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { return (index, "expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { return (index, "leading zeros are not allowed") }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return (index, "expected a digit after the decimal point") }
            while isDigit(index) { index += 1 }
        }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { return (index, "expected a digit in the exponent") }
            while isDigit(index) { index += 1 }
        }
        return nil
    }
}

extension JSONNumber: CustomStringConvertible {
    public var description: String { text }
}
