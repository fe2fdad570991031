/// A point on the simulator's clock, or a span of it, counted in whole milliseconds (the precision of
/// Step Functions' history timestamps).
///
/// Virtual time is exact: a retry that waits 3 s after a task that ran 0.2 s is recorded 3 s later,
/// not 2.9999999999999996 s, so tests compare delays with `==`:
///
/// ```swift
/// #expect(delays == [3, 6])   // literals are seconds
/// ```
///
/// Seconds given as `Double` (task durations, `after(_:)` delays) are rounded to the nearest millisecond.
public struct VirtualTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since the simulation's start instant (for a span: its length).
    public var milliseconds: Int64

    /// - Parameter milliseconds: since the start instant.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The time `seconds` after the start, rounded to the nearest millisecond; non-finite and
    /// out-of-range values are clamped to ``max``.
    public init(seconds: Double) { milliseconds = VirtualTime.milliseconds(seconds) }

    /// A span of whole seconds.
    public static func seconds(_ seconds: Int) -> VirtualTime { VirtualTime(milliseconds: Int64(seconds).multipliedReportingOverflow(by: 1000).overflow ? max.milliseconds : Int64(seconds) * 1000) }

    /// A span of seconds, rounded to the nearest millisecond.
    public static func seconds(_ seconds: Double) -> VirtualTime { VirtualTime(seconds: seconds) }

    /// A span of milliseconds.
    public static func milliseconds(_ milliseconds: Int64) -> VirtualTime { VirtualTime(milliseconds: milliseconds) }

    /// The start instant (or an empty span).
    public static let zero = VirtualTime(milliseconds: 0)

    /// The latest time the clock represents: about 292,000 years, far past any limit Step Functions has.
    public static let max = VirtualTime(milliseconds: Int64.max / 4)

    /// The time in seconds (exact for the milliseconds it holds, as far as a `Double` is).
    public var seconds: Double { Double(milliseconds) / 1000 }

    /// `1.5s`, `3s`, `0.001s`.
    public var description: String {
        let whole = milliseconds / 1000, fraction = abs(milliseconds % 1000)
        guard fraction != 0 else { return "\(whole)s" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return (milliseconds < 0 && whole == 0 ? "-0" : "\(whole)") + "." + digits + "s"
    }

    public static func < (a: VirtualTime, b: VirtualTime) -> Bool { a.milliseconds < b.milliseconds }

    /// Saturating: never traps, whatever the operands.
    public static func + (a: VirtualTime, b: VirtualTime) -> VirtualTime {
        let (sum, overflow) = a.milliseconds.addingReportingOverflow(b.milliseconds)
        return VirtualTime(milliseconds: overflow ? (b.milliseconds > 0 ? max.milliseconds : -max.milliseconds) : Swift.min(sum, max.milliseconds))
    }

    /// Saturating: never traps, whatever the operands.
    public static func - (a: VirtualTime, b: VirtualTime) -> VirtualTime {
        let (difference, overflow) = a.milliseconds.subtractingReportingOverflow(b.milliseconds)
        return VirtualTime(milliseconds: overflow ? (b.milliseconds < 0 ? max.milliseconds : -max.milliseconds) : difference)
    }

    /// Rounds seconds to milliseconds, clamping what does not fit.
    static func milliseconds(_ seconds: Double) -> Int64 {
        guard seconds.isFinite else { return seconds < 0 ? 0 : max.milliseconds }
        let ms = (seconds * 1000).rounded()
        if ms >= Double(max.milliseconds) { return max.milliseconds }
        if ms <= -Double(max.milliseconds) { return -max.milliseconds }
        return Int64(ms)
    }
}

extension VirtualTime: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// Whole seconds: `30` is 30 s.
    public init(integerLiteral seconds: Int) { self = .seconds(seconds) }
    /// Seconds: `0.2` is 200 ms.
    public init(floatLiteral seconds: Double) { self.init(seconds: seconds) }
}
