/// The limits AWS puts on intrinsic arguments, shared by the validator's literal checks and the
/// simulator's evaluation so both refuse the same values.
extension IntrinsicFunction {
    /// The longest string (in UTF-16 units, like Java's `String.length()`) that `States.Base64Encode`,
    /// `States.Base64Decode` and `States.Hash` accept.
    package static let maximumStringLength = 10_000
    /// The most items `States.ArrayRange` may produce.
    package static let maximumRangeCount = 1_000
}

extension JSONNumber {
    /// Java's `(int) d` for the values AWS accepts: truncated toward zero; `nil` outside the int range.
    ///
    /// `States.ArrayPartition`, `States.ArrayRange`, `States.ArrayGetItem` and `States.MathRandom`
    /// read their numbers this way on AWS (2.6 counts as 2), although the developer guide says they round.
    package var truncatedInt32: Int? {
        if let i = smallIntegerValue { return Int32(exactly: i) != nil ? i : nil }
        if isIntegerLiteral {
            guard let i = Int(text), Int32(exactly: i) != nil else { return nil }
            return i
        }
        let d = doubleValue.rounded(.towardZero)
        guard d.isFinite, d >= -2_147_483_648, d <= 2_147_483_647 else { return nil }
        return Int(d)
    }

    /// Java's `Math.round(d)` (floor of `d + 1/2`, computed without rounding error); `nil` outside the
    /// int range. `States.MathAdd` reads its numbers this way (0.5 gives 1, -2.5 gives -2).
    package var roundedInt32: Int? {
        if let i = smallIntegerValue { return Int32(exactly: i) != nil ? i : nil }
        if isIntegerLiteral {
            guard let i = Int(text), Int32(exactly: i) != nil else { return nil }
            return i
        }
        let d = doubleValue
        guard d.isFinite else { return nil }
        let floor = d.rounded(.down)
        let rounded = d - floor >= 0.5 ? floor + 1 : floor
        guard rounded >= -2_147_483_648, rounded <= 2_147_483_647 else { return nil }
        return Int(rounded)
    }
}

extension IntrinsicFunction {
    /// How many items `States.ArrayRange(first, last, step)` makes once its arguments are integers.
    /// - Returns: the count, 0 when the step points away from `last`, or `nil` when the step is 0.
    package static func rangeCount(first a: Int, last b: Int, step s: Int) -> Int? {
        guard s != 0 else { return nil }
        // Values within 32 bits, so this arithmetic cannot overflow Int.
        if s > 0 { return b >= a ? (b - a) / s + 1 : 0 }
        return a >= b ? (a - b) / (-s) + 1 : 0
    }
}
