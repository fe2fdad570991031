import Foundation
import StatesLanguage

/// A DynamoDB number, read exactly: up to 38 significant digits, magnitude from 1E-130 to below
/// 1E+126. Comparison is exact on this form; arithmetic uses Foundation's `Decimal`.
struct DynamoDBNumber {
    static let maximumDigits = 38
    /// The largest exponent (in this form's terms) within range: 9.99…E+125 = 0.999…E+126.
    static let maximumExponent = 126
    /// The smallest: 1E-130 = 0.1E-129.
    static let minimumExponent = -129

    var negative: Bool
    /// The significant digits (0...9), without leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    /// The value is ±0.d1d2…dn × 10^exponent.
    var exponent: Int

    /// Reads `[+-]digits[.digits][e[+-]digits]` (also `.5` and `5.`); `nil` for anything else.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var i = 0
        negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var all: [UInt8] = []
        var integerCount = 0
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { all.append(bytes[i] - UInt8(ascii: "0")); i += 1 }
        integerCount = all.count
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { all.append(bytes[i] - UInt8(ascii: "0")); i += 1 }
        }
        guard !all.isEmpty else { return nil }
        var scale = 0
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                // Far beyond any valid exponent; capping keeps the arithmetic from overflowing.
                if scale < 1_000_000_000 { scale = scale * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
                i += 1
            }
            guard i > start else { return nil }
            if exponentNegative { scale = -scale }
        }
        guard i == bytes.count else { return nil }
        var pointPosition = integerCount
        var first = 0
        while first < all.count, all[first] == 0 { first += 1; pointPosition -= 1 }
        var last = all.count
        while last > first, all[last - 1] == 0 { last -= 1 }
        digits = Array(all[first..<last])
        exponent = pointPosition + scale
        if digits.isEmpty {
            negative = false
            exponent = 0
        }
    }

    init(_ decimal: Decimal) throws(DynamoDBExpressionError) {
        guard let number = DynamoDBNumber(decimal.description) else { throw DynamoDBExpressionError.incorrectOperandType }
        self = number
    }

    /// Why DynamoDB would not store this number, or `nil` when it would.
    var problem: String? {
        if digits.count > DynamoDBNumber.maximumDigits { return "Attempting to store more than 38 significant digits in a Number" }
        guard !digits.isEmpty else { return nil }
        if exponent > DynamoDBNumber.maximumExponent { return "Number overflow. Attempting to store a number with magnitude larger than supported range" }
        if exponent < DynamoDBNumber.minimumExponent { return "Number underflow. Attempting to store a number with magnitude smaller than supported range" }
        return nil
    }

    /// The number in plain decimal notation (`2`, `-1`, `1.5`, `0.001`). Only for numbers within
    /// range (the text of 1E+1000000 would be a million digits long).
    var text: String {
        guard !digits.isEmpty else { return "0" }
        let d = String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        let sign = negative ? "-" : ""
        if exponent <= 0 { return sign + "0." + String(repeating: "0", count: -exponent) + d }
        if exponent >= digits.count { return sign + d + String(repeating: "0", count: exponent - digits.count) }
        let point = d.index(d.startIndex, offsetBy: exponent)
        return sign + String(d[..<point]) + "." + String(d[point...])
    }

    /// Bytes equal for equal numbers, however written (compact, unlike ``text``, for any exponent).
    var key: [UInt8] {
        (negative ? [UInt8(ascii: "-")] : []) + digits.map { $0 + UInt8(ascii: "0") } + Array("e\(exponent)".utf8)
    }

    /// The value as a `Decimal` (exact within Decimal's range, which ends near 1E-128).
    var decimal: Decimal {
        guard !digits.isEmpty, let significand = Decimal(string: String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)) else { return 0 }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent - digits.count, significand: significand)
    }

    /// -1, 0 or 1 as `a` is less than, equal to or greater than `b`.
    static func compare(_ a: DynamoDBNumber, _ b: DynamoDBNumber) -> Int {
        let signA = a.digits.isEmpty ? 0 : a.negative ? -1 : 1
        let signB = b.digits.isEmpty ? 0 : b.negative ? -1 : 1
        guard signA == signB else { return signA < signB ? -1 : 1 }
        guard signA != 0 else { return 0 }
        let magnitude = a.exponent != b.exponent ? (a.exponent < b.exponent ? -1 : 1) : DynamoDBAttributeValue.compare(a.digits, b.digits)
        return magnitude * signA
    }

    /// `a + b` or `a - b` for two number texts, as DynamoDB stores the result.
    static func combine(_ a: String, _ b: String, subtracting: Bool) throws(DynamoDBExpressionError) -> String {
        guard let x = DynamoDBNumber(a), let y = DynamoDBNumber(b) else { throw DynamoDBExpressionError.incorrectOperandType }
        // Only numbers DynamoDB could have stored (Decimal turns larger ones into NaN).
        if let problem = x.problem ?? y.problem { throw DynamoDBExpressionError(problem) }
        var left = x.decimal, right = y.decimal, result = Decimal()
        let status = subtracting ? NSDecimalSubtract(&result, &left, &right, .plain) : NSDecimalAdd(&result, &left, &right, .plain)
        switch status {
        case .overflow: throw DynamoDBExpressionError("Number overflow. Attempting to store a number with magnitude larger than supported range")
        case .underflow: throw DynamoDBExpressionError("Number underflow. Attempting to store a number with magnitude smaller than supported range")
        case .lossOfPrecision: throw DynamoDBExpressionError("Attempting to store more than 38 significant digits in a Number")
        default: break
        }
        let number = try DynamoDBNumber(result)
        if let problem = number.problem { throw DynamoDBExpressionError(problem) }
        return number.text
    }
}
