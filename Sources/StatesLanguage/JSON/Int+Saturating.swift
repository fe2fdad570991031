extension Int {
    /// The integer nearest `value` toward zero, clamped to `bounds`; NaN gives 0.
    ///
    /// `Int(_:)` traps on NaN, infinities and magnitudes past `Int.max`, and numbers in user input
    /// (JSON, JSONata, pictures) reach all three. Every conversion of such a number goes through here.
    package init(saturating value: Double, within bounds: ClosedRange<Int> = -(1 << 53)...(1 << 53)) {
        if value.isNaN {
            self = Swift.min(Swift.max(0, bounds.lowerBound), bounds.upperBound)
        } else if value <= Double(bounds.lowerBound) {
            self = bounds.lowerBound
        } else if value >= Double(bounds.upperBound) {
            self = bounds.upperBound
        } else {
            self = Int(value.rounded(.towardZero))
        }
    }
}
