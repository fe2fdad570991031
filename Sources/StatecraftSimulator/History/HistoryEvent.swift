import StatesLanguage

/// One event of an execution's history, as GetExecutionHistory returns it.
public struct HistoryEvent: Sendable, Hashable {
    /// 1-based, in the order events happened.
    public let id: Int
    /// The id of the event this one follows (0 for the first, and where AWS records 0).
    public let previousEventId: Int
    /// When the event happened, since the simulation's start instant (exact, in milliseconds).
    public let time: VirtualTime
    /// The event type, e.g. `TaskStateEntered`.
    public let type: String
    /// The event's details (the `…EventDetails` object), or `nil` for events without any. Entered
    /// and Exited events keep their input or output as a value and write its JSON text here, when
    /// the details are read.
    public var details: JSONObject? { payload.details }
    /// What the event carries, as recorded.
    let payload: EventPayload
    /// Which state the event belongs to, as a number the execution's program resolves
    /// (``Execution/stateName(of:)``); -1 for the execution's own events. Not part of AWS's format.
    var stateOrdinal: Int32 = -1

    /// The name of the details member in GetExecutionHistory's JSON, e.g. `stateEnteredEventDetails`.
    public var detailsKey: String? {
        if case .none = payload { return nil }
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

/// What an event carries: a details object, or (for the events every state records) the values its
/// details are made of, written as JSON text only when the history is read.
enum EventPayload: Sendable, Hashable {
    case none
    case object(JSONObject)
    /// `…StateEntered`: `{input, inputDetails, name}`.
    case entered(name: String, input: JSONValue)
    /// `…StateExited`: `{assignedVariables, assignedVariablesDetails, name, output, outputDetails}`,
    /// the variables (already as their details object) only when the state assigned some.
    case exited(name: String, output: JSONValue, assigned: JSONObject?)
    /// `TaskSucceeded` (`{resourceType, resource, output, outputDetails}`) and `LambdaFunctionSucceeded`
    /// or `ActivitySucceeded` (`{output, outputDetails}`: no resource).
    case succeeded(resource: (type: String, name: String)?, output: JSONValue)
    /// Details made when they are read (a task's Scheduled event writes its request as JSON text).
    case deferred(@Sendable () -> JSONObject)

    static func == (a: EventPayload, b: EventPayload) -> Bool { a.details == b.details }
    func hash(into hasher: inout Hasher) { hasher.combine(details) }

    var details: JSONObject? {
        switch self {
        case .none: return nil
        case .object(let object): return object
        case .entered(let name, let input):
            return JSONObject(uniqueMembers: [
                .init(key: "input", value: .string(DataFlow.serialize(input))),
                .init(key: "inputDetails", value: Simulator.notTruncated), .init(key: "name", value: .string(name)),
            ])
        case .exited(let name, let output, let assigned):
            var members: [JSONObject.Member] = []
            members.reserveCapacity(assigned == nil ? 3 : 5)
            if let assigned {
                members.append(.init(key: "assignedVariables", value: .object(assigned)))
                members.append(.init(key: "assignedVariablesDetails", value: Simulator.notTruncated))
            }
            members.append(.init(key: "name", value: .string(name)))
            members.append(.init(key: "output", value: .string(DataFlow.serialize(output))))
            members.append(.init(key: "outputDetails", value: Simulator.notTruncated))
            return JSONObject(uniqueMembers: members)
        case .deferred(let make):
            return make()
        case .succeeded(let resource, let output):
            var members: [JSONObject.Member] = []
            members.reserveCapacity(4)
            if let resource {
                members.append(.init(key: "resourceType", value: .string(resource.type)))
                members.append(.init(key: "resource", value: .string(resource.name)))
            }
            members.append(.init(key: "output", value: .string(DataFlow.serialize(output))))
            members.append(.init(key: "outputDetails", value: Simulator.notTruncated))
            return JSONObject(uniqueMembers: members)
        }
    }
}

/// Formats virtual times as RFC 3339 timestamps.
public enum VirtualClock {
    /// The default instant at which simulated time starts: 2026-01-01T00:00:00Z.
    public static let defaultStart = Timestamp(secondsSinceEpoch: 1_767_225_600)

    /// `start + time` as `YYYY-MM-DDThh:mm:ss.mmmZ`.
    public static func format(_ start: Timestamp, plus time: VirtualTime) -> String {
        let totalMillis = start.secondsSinceEpoch &* 1000 &+ Int64(start.nanoseconds / 1_000_000) &+ time.milliseconds
        var days = totalMillis / 86_400_000
        var rest = totalMillis % 86_400_000
        if rest < 0 { rest += 86_400_000; days -= 1 }
        let (y, m, d) = civil(fromDays: Int(days))
        let h = rest / 3_600_000, mi = rest / 60_000 % 60, s = rest / 1000 % 60, ms = rest % 1000
        guard (0...9999).contains(y) else {
            // Beyond four-digit years (only reachable with absurd Wait durations): plain text.
            func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let milli = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
            return "\(y)-\(two(Int64(m)))-\(two(Int64(d)))T\(two(h)):\(two(mi)):\(two(s)).\(milli)Z"
        }
        // Fixed width, so written digit by digit (this runs for every context object).
        var bytes = Array("0000-00-00T00:00:00.000Z".utf8)
        func put(_ value: Int64, at end: Int, width: Int) {
            var v = value < 0 ? -value : value
            for i in stride(from: end, to: end - width, by: -1) {
                bytes[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
                v /= 10
            }
        }
        put(Int64(y), at: 3, width: 4)
        put(Int64(m), at: 6, width: 2)
        put(Int64(d), at: 9, width: 2)
        put(h, at: 12, width: 2)
        put(mi, at: 15, width: 2)
        put(s, at: 18, width: 2)
        put(ms, at: 22, width: 3)
        return String(decoding: bytes, as: UTF8.self)
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
