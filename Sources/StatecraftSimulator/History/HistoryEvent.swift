import StatesLanguage

/// One event of an execution's history, as GetExecutionHistory returns it.
public struct HistoryEvent: Sendable, Hashable {
    /// 1-based, in the order events happened.
    public let id: Int
    public let previousEventId: Int
    /// Seconds since the simulation's start instant.
    public let time: Double
    /// The event type, e.g. `TaskStateEntered`.
    public let type: String
    /// The event's details (the `…EventDetails` object), or `nil` for events without any.
    public let details: JSONObject?

    /// The name of the details member in GetExecutionHistory's JSON, e.g. `stateEnteredEventDetails`.
    public var detailsKey: String? {
        guard details != nil else { return nil }
        if type.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
        if type.hasSuffix("StateExited") { return "stateExitedEventDetails" }
        if type.hasPrefix("MapIteration") { return "mapIteration" + type.dropFirst("MapIteration".count) + "EventDetails" }
        return type.prefix(1).lowercased() + type.dropFirst() + "EventDetails"
    }

    /// The event as GetExecutionHistory's JSON, with `timestamp` computed from `start` (RFC 3339, milliseconds).
    public func json(start: Timestamp) -> JSONValue {
        var object = JSONObject()
        object["timestamp"] = .string(VirtualClock.format(start, plus: time))
        object["type"] = .string(type)
        object["id"] = .number(JSONNumber(id))
        object["previousEventId"] = .number(JSONNumber(previousEventId))
        if let key = detailsKey, let details { object[key] = .object(details) }
        return .object(object)
    }
}

/// Formats virtual times as RFC 3339 timestamps.
public enum VirtualClock {
    /// The default instant at which simulated time starts: 2026-01-01T00:00:00Z.
    public static let defaultStart = Timestamp(secondsSinceEpoch: 1_767_225_600)

    /// `start + seconds` as `YYYY-MM-DDThh:mm:ss.mmmZ`.
    public static func format(_ start: Timestamp, plus seconds: Double) -> String {
        let totalMillis = start.secondsSinceEpoch &* 1000 &+ Int64(start.nanoseconds / 1_000_000) &+ Int64((seconds * 1000).rounded())
        var days = totalMillis / 86_400_000
        var rest = totalMillis % 86_400_000
        if rest < 0 { rest += 86_400_000; days -= 1 }
        let (y, m, d) = civil(fromDays: Int(days))
        let h = rest / 3_600_000, mi = rest / 60_000 % 60, s = rest / 1000 % 60, ms = rest % 1000
        func pad(_ v: Int64, _ n: Int) -> String {
            let t = String(v)
            return String(repeating: "0", count: max(0, n - t.count)) + t
        }
        return "\(pad(Int64(y), 4))-\(pad(Int64(m), 2))-\(pad(Int64(d), 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
