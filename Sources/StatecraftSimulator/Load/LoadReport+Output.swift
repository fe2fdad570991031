import Foundation
import StatesLanguage

extension LoadReport {
    /// The report as JSON, with the keys documented in Docs/Load.md (stable; members in a fixed order).
    public var json: JSONValue {
        func n(_ v: Int) -> JSONValue { .number(JSONNumber(v)) }
        func d(_ v: Double) -> JSONValue { .number(JSONNumber((v * 1000).rounded() / 1000)) }
        func optional(_ v: Int?) -> JSONValue { v.map(n) ?? .null }
        let statusOrder = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "RUNNING"]
        return .object(JSONObject(distinctPairs: [
            ("executions", .object(JSONObject(distinctPairs: [
                ("started", n(started)), ("throttledStarts", n(throttledStarts)),
                ("byStatus", .object(JSONObject(distinctPairs: statusOrder.map { ($0, n(statuses[$0] ?? 0)) }))),
                ("failures", .array(failures.map { .object(JSONObject(distinctPairs: [("error", .string($0.error)), ("state", .string($0.state)), ("count", n($0.count))])) })),
            ]))),
            ("states", .array(states.map { .object(JSONObject(distinctPairs: [("state", .string($0.state)), ("attempts", n($0.attempts)), ("retries", n($0.retries))])) })),
            ("runTask", .object(JSONObject(distinctPairs: [
                ("accepted", n(runTaskAccepted)), ("throttled", n(runTaskThrottled)), ("failures", n(runTaskFailures)),
                ("errors", n(runTaskErrors)), ("throttledPeakPerSecond", n(runTaskThrottledPeakPerSecond)),
            ]))),
            ("alertsPublished", n(alertsPublished)),
            ("latencySeconds", .object(JSONObject(distinctPairs: [("p50", d(latencyP50)), ("p90", d(latencyP90)), ("p99", d(latencyP99)), ("max", d(latencyMax))]))),
            ("makespanSeconds", d(makespan)),
            ("ecs", .object(JSONObject(distinctPairs: [
                ("peakTasks", n(peakRunningTasks)), ("maxConcurrentTasks", optional(maxConcurrentTasks)),
                ("peakVCPUs", d(peakVCPUs)), ("vCPUQuota", fargateVCPUQuota.map(d) ?? .null),
            ]))),
            ("gates", .array(gates.map { .object(JSONObject(distinctPairs: [
                ("lock", .string($0.lock)), ("limit", optional($0.limit)), ("peakHolders", n($0.peakHolders)), ("polls", n($0.polls)),
                ("totalWaitSeconds", d($0.totalWaitSeconds)), ("heldAtEnd", n($0.heldAtEnd)),
            ])) })),
            ("stateTransitions", .object(JSONObject(distinctPairs: [("total", n(stateTransitions)), ("overBucket", n(stateTransitionsOverBucket))]))),
            ("history", .object(JSONObject(distinctPairs: [("maxEvents", n(maxHistoryEvents)), ("limit", n(historyEventLimit))]))),
        ]))
    }

    /// The report for a person: one section per concern, aligned.
    public var text: String {
        func s(_ v: Double) -> String { String(format: "%.1f s", v) }
        var lines: [String] = []
        lines.append("executions  \(started) started" + (throttledStarts > 0 ? ", \(throttledStarts) starts throttled (ThrottlingException)" : ""))
        for status in ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "RUNNING"] where (statuses[status] ?? 0) > 0 {
            lines.append("  \(status.padding(toLength: 10, withPad: " ", startingAt: 0)) \(statuses[status] ?? 0)")
        }
        if !failures.isEmpty {
            lines.append("failures")
            for f in failures { lines.append("  \(f.count) × \(f.error.isEmpty ? "(no error)" : f.error) in '\(f.state)'") }
        }
        if !states.isEmpty {
            lines.append("task states (attempts, retries)")
            for state in states { lines.append("  \(state.state): \(state.attempts), \(state.retries)") }
        }
        lines.append("RunTask     \(runTaskAccepted) accepted, \(runTaskThrottled) throttled (peak \(runTaskThrottledPeakPerSecond)/s), \(runTaskFailures) with failures, \(runTaskErrors) other errors")
        lines.append("ECS         peak \(peakRunningTasks) tasks" + (maxConcurrentTasks.map { " (quota \($0))" } ?? "")
                     + ", peak \(String(format: "%g", peakVCPUs)) vCPU" + (fargateVCPUQuota.map { " (quota \(String(format: "%g", $0)))" } ?? ""))
        for gate in gates {
            lines.append("gate '\(gate.lock)'  peak \(gate.peakHolders) holders" + (gate.limit.map { " (limit \($0))" } ?? "")
                         + ", \(gate.polls) acquire calls, \(s(gate.totalWaitSeconds)) waited, \(gate.heldAtEnd) held at the end")
        }
        lines.append("alerts      \(alertsPublished) published")
        lines.append("latency     p50 \(s(latencyP50)), p90 \(s(latencyP90)), p99 \(s(latencyP99)), max \(s(latencyMax)); makespan \(s(makespan))")
        lines.append("transitions \(stateTransitions)" + (stateTransitionsOverBucket > 0 ? ", \(stateTransitionsOverBucket) beyond the StateTransition bucket" : ""))
        lines.append("history     at most \(maxHistoryEvents) events of \(historyEventLimit)")
        return lines.joined(separator: "\n") + "\n"
    }
}
