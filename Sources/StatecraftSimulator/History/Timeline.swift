import StatesLanguage

extension Execution {
    /// The history as a readable timeline, one line per event: the virtual time since the start, the
    /// state the event belongs to, the event type and a short detail (the error and cause, an output,
    /// the input or a task's parameters), then a summary line with the final status.
    ///
    /// ```
    ///     3.000s  Run Task                 TaskScheduled              {"LaunchType":"FARGATE",…
    /// ```
    ///
    /// Linear in the size of the history: each detail is cut at `detailLimit` characters without
    /// reading the rest of it.
    public func timeline(detailLimit: Int = 100) -> String {
        var text = ""
        text.reserveCapacity(history.count * 96)
        for event in history {
            var detail: Substring = ""
            if let d = event.details {
                if let error = d["error"]?.stringValue {
                    detail = Substring(error)
                    if let cause = d["cause"]?.stringValue { detail = Substring(error + ": " + Execution.cut(cause, detailLimit)) }
                } else if let output = d["output"]?.stringValue, event.type.hasSuffix("Exited") || event.type.hasSuffix("Succeeded") {
                    detail = Substring("output " + Execution.cut(output, detailLimit))
                } else if let input = d["input"]?.stringValue, event.type == "ExecutionStarted" {
                    detail = Substring("input " + Execution.cut(input, detailLimit))
                } else if let parameters = d["parameters"]?.stringValue {
                    detail = Substring(parameters)
                }
            }
            var line = Execution.seconds(event.time)
            line += "  "
            let state = event.type.hasPrefix("Execution") ? "" : stateName(of: event) ?? ""
            Execution.pad(state, 24, into: &line)
            line += " "
            Execution.pad(event.type, 26, into: &line)
            line += " "
            line += Execution.cut(String(detail), detailLimit)
            while line.last == " " { line.removeLast() }
            text += line
            text += "\n"
        }
        text += status.rawValue
        if let error { text += " with \(error)" + (cause.map { ": \($0)" } ?? "") }
        if let output { text += "; output \(DataFlow.serialize(output))" }
        text += "\n"
        return text
    }

    /// `text`, or its first `limit - 3` characters and `…` when it has more than `limit`.
    static func cut(_ text: String, _ limit: Int) -> String {
        guard limit > 3, let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex), end != text.endIndex else {
            return text
        }
        return String(text[..<text.index(text.startIndex, offsetBy: limit - 3)]) + "…"
    }

    /// `text` padded with spaces to `width` characters.
    static func pad(_ text: String, _ width: Int, into line: inout String) {
        line += text
        let count = text.count
        if count < width { line += String(repeating: " ", count: width - count) }
    }

    /// A time as `%9.3fs` would print its seconds.
    static func seconds(_ time: VirtualTime) -> String {
        let ms = time.milliseconds
        let negative = ms < 0
        let magnitude = negative ? -ms : ms
        var fraction = String(magnitude % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        let text = (negative ? "-" : "") + String(magnitude / 1000) + "." + fraction
        return String(repeating: " ", count: max(0, 9 - text.count)) + text + "s"
    }
}
