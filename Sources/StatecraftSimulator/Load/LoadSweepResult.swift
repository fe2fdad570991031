import Foundation
import StatesLanguage

/// What a ``LoadSweep`` found: one row per value, and the value with no failures and the least makespan.
public struct LoadSweepResult: Sendable, Equatable {
    /// One run of the sweep.
    public struct Row: Sendable, Equatable {
        /// The setting's value in this run.
        public let value: Double
        /// The run's full report.
        public let report: LoadReport

        /// Executions that ended `SUCCEEDED`.
        public var succeeded: Int { report.statuses["SUCCEEDED"] ?? 0 }
        /// Executions started that did not succeed (failed, timed out, aborted, or still running).
        public var failed: Int { report.started - succeeded }
        /// Failed executions by error, most frequent first (the report's failures, summed over states).
        public var failuresByError: [(error: String, count: Int)] {
            var counts: [String: Int] = [:]
            for failure in report.failures { counts[failure.error.isEmpty ? "(no error)" : failure.error, default: 0] += failure.count }
            return counts.map { ($0.key, $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.error < $1.error }
        }
        /// Whether every execution started succeeded and no start was throttled.
        public var clean: Bool { failed == 0 && report.throttledStarts == 0 }
    }

    /// The setting, as written (`gate.limit`, `ecs.runTaskBurst`, …).
    public let setting: String
    /// The runs, in the order of their values.
    public let rows: [Row]

    /// Makes a result from its runs.
    public init(setting: String, rows: [Row]) {
        self.setting = setting
        self.rows = rows
    }

    /// The row with no failures and the least makespan (the first such value on a tie), or `nil` when
    /// every value had failures.
    public var recommended: Row? {
        rows.filter(\.clean).min { $0.report.makespan < $1.report.makespan }
    }

    /// The result as JSON, with the keys documented in Docs/Load.md (stable; members in a fixed order).
    public var json: JSONValue {
        func n(_ v: Int) -> JSONValue { .number(JSONNumber(v)) }
        func d(_ v: Double) -> JSONValue { .number(JSONNumber((v * 1000).rounded() / 1000)) }
        let rowValues: [JSONValue] = rows.map { row in
            .object(JSONObject(distinctPairs: [
                ("value", d(row.value)),
                ("started", n(row.report.started)),
                ("succeeded", n(row.succeeded)),
                ("failed", n(row.failed)),
                ("throttledStarts", n(row.report.throttledStarts)),
                ("failuresByError", .array(row.failuresByError.map { .object(JSONObject(distinctPairs: [("error", .string($0.error)), ("count", n($0.count))])) })),
                ("makespanSeconds", d(row.report.makespan)),
                ("peakTasks", n(row.report.peakRunningTasks)),
                ("runTaskThrottled", n(row.report.runTaskThrottled)),
            ]))
        }
        let recommendation: JSONValue = recommended.map { row in
            .object(JSONObject(distinctPairs: [("value", d(row.value)), ("makespanSeconds", d(row.report.makespan))]))
        } ?? .null
        return .object(JSONObject(distinctPairs: [("setting", .string(setting)), ("rows", .array(rowValues)), ("recommended", recommendation)]))
    }

    /// A table for a person, then the recommendation.
    public var text: String {
        let header = ["value", "succeeded", "failed", "makespan", "peak tasks", "throttles", "failures by error"]
        var table = [header]
        for row in rows {
            let errors = row.failuresByError.map { "\($0.count) × \($0.error)" }.joined(separator: ", ")
                + (row.report.throttledStarts > 0 ? (row.failuresByError.isEmpty ? "" : ", ") + "\(row.report.throttledStarts) starts throttled" : "")
            table.append([LoadSweep.format(row.value), String(row.succeeded), String(row.failed), String(format: "%.1f s", row.report.makespan),
                          String(row.report.peakRunningTasks), String(row.report.runTaskThrottled), errors])
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        var lines = ["sweep \(setting): \(rows.count) runs on the same arrivals and seed"]
        for cells in table {
            let line = cells.enumerated().map { column, cell in
                if column == cells.count - 1 { return cell }
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
            lines.append(line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        }
        if let best = recommended {
            lines.append("recommended: \(setting) = \(LoadSweep.format(best.value)) (no failures, least makespan: \(String(format: "%.1f s", best.report.makespan)))")
        } else {
            lines.append("recommended: none; every value of \(setting) had failures")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
