import Foundation

/// A load run over virtual time, sampled at even steps, drawn as a self-contained SVG: running tasks
/// against the quota, RunTask throttles per second, gate holders against the limit, executions in
/// flight and completions.
public struct LoadChart: Sendable, Equatable {
    /// The sample times, in virtual seconds.
    public var times: [Double] = []
    /// ECS tasks running at each sample, and the quota they run against (`nil`: none enforced).
    public var runningTasks: [Double] = [], taskQuota: Double?
    /// RunTask throttles in the second before each sample.
    public var throttlesPerSecond: [Double] = []
    /// Holders of the gate's lock at each sample, the gate's limit (`nil`: none), and the lock's name (`nil`: no gate).
    public var gateHolders: [Double] = [], gateLimit: Double?, gateLock: String?
    /// Executions started and not yet ended, and executions ended, at each sample.
    public var inFlight: [Double] = [], completed: [Double] = []

    /// The SVG document (no scripts, no external resources).
    public var svg: String {
        let width = 900.0, panelHeight = 150.0, left = 70.0, right = 20.0, top = 40.0, gap = 50.0
        let panels: [(title: String, series: [(values: [Double], colour: String, label: String)], limit: Double?)] = [
            ("ECS tasks running", [(runningTasks, "#1f77b4", "running tasks")], taskQuota),
            ("RunTask throttles per second", [(throttlesPerSecond, "#d62728", "throttled calls/s")], nil),
            ("Gate holders" + (gateLock.map { " ('\($0)')" } ?? ""), [(gateHolders, "#2ca02c", "holders")], gateLimit),
            ("Executions", [(inFlight, "#9467bd", "in flight"), (completed, "#8c564b", "completed")], nil),
        ]
        let height = top + Double(panels.count) * (panelHeight + gap) + 10
        let end = max(times.last ?? 1, 1)
        func x(_ t: Double) -> Double { left + (width - left - right) * t / end }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "'", with: "&apos;")
        }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="20" font-size="15" font-weight="bold">Load run over virtual time</text>

            """
        for (index, panel) in panels.enumerated() {
            let y0 = top + Double(index) * (panelHeight + gap)
            let peak = max(1, panel.limit ?? 0, panel.series.flatMap(\.values).max() ?? 0) * 1.1
            func y(_ v: Double) -> Double { y0 + panelHeight - panelHeight * v / peak }
            out += "<text x=\"\(f(left))\" y=\"\(f(y0 - 6))\" font-weight=\"bold\">\(escape(panel.title))</text>\n"
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y0))\" x2=\"\(f(left))\" y2=\"\(f(y0 + panelHeight))\" stroke=\"black\"/>\n"
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y0 + panelHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(y0 + panelHeight))\" stroke=\"black\"/>\n"
            for tick in [0, peak / 1.1 / 2, peak / 1.1] {
                out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(Int(tick.rounded()))</text>\n"
            }
            for tick in [0, end / 4, end / 2, end * 3 / 4, end] {
                out += "<text x=\"\(f(x(tick)))\" y=\"\(f(y0 + panelHeight + 15))\" text-anchor=\"middle\">\(Int(tick.rounded())) s</text>\n"
            }
            if let limit = panel.limit {
                out += "<line x1=\"\(f(left))\" y1=\"\(f(y(limit)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(limit)))\" stroke=\"#ff7f0e\" stroke-dasharray=\"6 4\"/>\n"
                out += "<text x=\"\(f(width - right))\" y=\"\(f(y(limit) - 4))\" text-anchor=\"end\" fill=\"#ff7f0e\">limit \(Int(limit))</text>\n"
            }
            for (n, series) in panel.series.enumerated() {
                let points = zip(times, series.values).map { "\(f(x($0))),\(f(y($1)))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(series.colour)\" stroke-width=\"1.5\" points=\"\(points)\"/>\n"
                out += "<text x=\"\(f(left + 10 + Double(n) * 130))\" y=\"\(f(y0 + 14))\" fill=\"\(series.colour)\">\(escape(series.label))</text>\n"
            }
        }
        out += "<text x=\"\(f(width / 2))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">virtual seconds since the first arrival</text>\n</svg>\n"
        return out
    }
}

extension LoadReport.Collector {
    /// Samples the run at `samples` even steps from 0 to the last end.
    func chart(account aws: AWSServices, observer: CallObserver, samples: Int = 300) -> LoadChart {
        var chart = LoadChart()
        let end = max(Double(lastEnd) / 1000, 1)
        chart.times = (0...samples).map { end * Double($0) / Double(samples) }
        func countAt(_ intervals: [(Double, Double)]) -> [Double] {
            // Sweep: +1 at each start, −1 at each end, read at each sample time.
            let starts = intervals.map(\.0).sorted(), ends = intervals.map(\.1).sorted()
            var s = 0, e = 0
            return chart.times.map { t in
                while s < starts.count, starts[s] <= t { s += 1 }
                while e < ends.count, ends[e] <= t { e += 1 }
                return Double(s - e)
            }
        }
        chart.runningTasks = countAt(aws.ecs.tasks.map { ($0.createdAt, $0.stoppedAt) })
        let quota = aws.ecs.quotas.maxConcurrentTasks
        chart.taskQuota = quota == Int.max ? nil : Double(quota)
        let throttles = aws.ecs.calls.filter { $0.result == "throttled" }.map(\.time).sorted()
        chart.throttlesPerSecond = chart.times.map { t in
            Double(throttles.count { $0 > t - 1 && $0 <= t })
        }
        if let (lock, gate) = observer.gates.min(by: { $0.key < $1.key }) {
            chart.gateLock = lock
            chart.gateLimit = gate.limit.map(Double.init)
            chart.gateHolders = chart.times.map { Double(aws.lambda.gateLocks.holders(of: lock, at: $0).count) }
        } else {
            chart.gateHolders = chart.times.map { _ in 0 }
        }
        chart.inFlight = countAt(spans)
        let ends = spans.map(\.1).sorted()
        var e = 0
        chart.completed = chart.times.map { t in
            while e < ends.count, ends[e] <= t { e += 1 }
            return Double(e)
        }
        return chart
    }
}
