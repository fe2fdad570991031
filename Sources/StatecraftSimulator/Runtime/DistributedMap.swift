import StatesLanguage

extension Simulator {
    /// A distributed Map: items from the input or an `ItemReader`, optionally batched; each runs as a
    /// child execution whose events stay out of the parent's history; tolerated failures decide. At
    /// most `maxConcurrency` children run at once (0: no limit).
    func startDistributedMap(_ frame: Frame, _ cs: CompiledState, _ behaviour: MapBehaviour, visit: Visit, effective: JSONValue,
                             retryCounts: [Int], retry: @escaping (Int, [Int]) -> Void, entered: VirtualTime, maxConcurrency: Int) {
        let execution = frame.execution
        let map = behaviour.map
        var items: [JSONValue] = []
        var fromReader = false
        var readerError: RuntimeError?
        var toleratedCount = 0
        var toleratedPercentage = 0.0
        do throws(RuntimeError) {
            if let reader = map.itemReader {
                fromReader = true
                do throws(RuntimeError) {
                    items = try readItems(reader, map, cs, visit, effective: effective)
                } catch {
                    readerError = error
                }
            } else {
                items = try cs.flow.items(map, visit, effective: effective, self)
            }
        } catch {
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
            return
        }
        emit(execution, frame, "MapStateStarted", [("length", .number(JSONNumber(fromReader ? 0 : items.count)))])
        do throws(RuntimeError) {
            (toleratedCount, toleratedPercentage) = try tolerance(map, visit, effective: effective)
        } catch {
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
            return
        }
        let mapRunArn = "arn:\(configuration.partition):states:\(configuration.region):\(configuration.account):mapRun:"
            + "\(configuration.stateMachineName)/\(map.label ?? random.uuid()):\(random.uuid())"
        emit(execution, frame, "MapRunStarted", [("mapRunArn", .string(mapRunArn))])
        // Past the history limit the execution has ended and released its flows: attach nothing more.
        guard execution.status == .running else { return }
        func runFailed(_ error: RuntimeError) {
            emit(execution, frame, "MapRunFailed", [("cause", .string(error.cause)), ("error", .string(error.error))])
            emit(execution, frame, "MapStateFailed", nil)
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
        }
        if let readerError { runFailed(readerError); return }
        // Batches.
        var inputs = items
        if let batcher = map.itemBatcher {
            let size: Int
            switch batcher.maxItemsPerBatch {
            case .literal(let n)?: size = max(1, n)
            case .jsonata(let text)?:
                let value = (try? evaluateJSONata(.string(text), field: "ItemBatcher/MaxItemsPerBatch", visit.bindings())) ?? .null
                size = max(1, Simulator.integer(value) ?? 1)
            case .path(let p)?:
                let value = (try? DataFlow.select(p, in: visit.scope(effective))) ?? .null
                size = max(1, Simulator.integer(value) ?? 1)
            default: size = max(1, items.count)
            }
            let batchInput: JSONValue? = (try? cs.flow.evaluate(template: batcher.batchInput, jsonata: nil, field: "ItemBatcher/BatchInput",
                                                                 input: effective, context: visit.context, visit, self)) ?? nil
            inputs = stride(from: 0, to: items.count, by: size).map { start in
                var batch = JSONObject()
                if let batchInput { batch["BatchInput"] = batchInput }
                batch["Items"] = .array(Array(items[start..<min(start + size, items.count)]))
                return .object(batch)
            }
        }
        var results = [JSONValue](repeating: .null, count: inputs.count)
        var failures = 0
        var remaining = inputs.count
        let processor = behaviour.processor
        guard let start = execution.program.scopes[processor].start else { return }
        let complete: () -> Void = { [unowned self] in
            frame.launchIterations = nil
            // The map run was abandoned (its execution ended, or its branch failed).
            guard execution.status == .running, !frame.finished else { return }
            let total = max(inputs.count, 1)
            if failures > toleratedCount && Double(failures) * 100 / Double(total) > toleratedPercentage {
                runFailed(RuntimeError("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded"))
                return
            }
            self.emit(execution, frame, "MapRunSucceeded", nil)
            self.emit(execution, frame, "MapStateSucceeded", nil)
            var raw = JSONValue.array(results)
            if let writer = map.resultWriter {
                let bucket = writer.parameters?.literalValue?["Bucket"] ?? .null
                let prefix = writer.parameters?.literalValue?["Prefix"]?.stringValue ?? ""
                raw = ["MapRunArn": .string(mapRunArn),
                       "ResultWriterDetails": ["Bucket": bucket, "Key": .string("\(prefix)/\(self.random.uuid())/manifest.json")]]
            }
            self.finishAggregate(frame, cs, raw: raw, transition: map.transition, visit: visit, retryCounts: retryCounts, retry: retry)
        }
        if inputs.isEmpty { complete(); return }
        // Children are made as they start, in item order, at most `maxConcurrency` at a time; the
        // ended ones leave the list of running children, so memory follows what runs, not the item count.
        let limit = maxConcurrency <= 0 ? Int.max : maxConcurrency
        var next = 0
        var running = 0
        frame.launchIterations = { [unowned self, unowned frame] in
            while running < limit, next < inputs.count, execution.status == .running, !frame.finished {
                let index = next
                next += 1
                var input = inputs[index]
                if map.itemSelector != nil {
                    let selection = try? self.selectItem(map, index: index, item: inputs[index], frame: frame, cs: cs, visit: visit,
                                                         effective: effective, entered: entered)
                    guard let selected = selection ?? nil else {
                        failures += 1
                        remaining -= 1
                        if remaining == 0 { complete(); return }
                        continue
                    }
                    input = selected
                }
                let item = inputs[index]
                let child = Execution(name: "\(execution.name)/\(index)", input: input, program: execution.program, startTime: self.time,
                                      arn: execution.arn + "/\(index)", machineArn: execution.machineArn)
                child.invocationCounter = execution.invocationCounter
                let childFrame = Frame(execution: child, scope: processor, index: start, input: input, variables: Variables(parent: nil),
                                       mapItem: (index, item)) { [unowned self] _, result in
                    child.status = .succeeded
                    child.releaseFlows()
                    switch result {
                    case .success(let output): results[index] = output
                    case .failure: failures += 1
                    }
                    remaining -= 1
                    running -= 1
                    if remaining == 0 { complete() } else { self.queueDistributedLaunch(frame) }
                }
                running += 1
                child.mainFrame = childFrame
                if frame.childExecutions.count >= 64 && frame.childExecutions.count > 2 * running {
                    frame.childExecutions.removeAll { $0.status != .running }
                }
                frame.childExecutions.append(child)
                self.schedule(after: .zero) { [unowned self] in self.drive(childFrame) }
            }
        }
        frame.launchIterations?()
    }

    /// Starts more of a distributed Map's children once the work in progress returns.
    func queueDistributedLaunch(_ frame: Frame) {
        ready.append { [weak frame] in frame?.launchIterations?() }
    }

    /// An integer, or a string that spells one (AWS accepts both in the `…Path` fields).
    static func integer(_ value: JSONValue) -> Int? {
        switch value {
        case .number(let n): n.intValue
        case .string(let s): Int(s)
        default: nil
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let n): n.doubleValue
        case .string(let s): Double(s)
        default: nil
        }
    }

    /// ToleratedFailureCount and ToleratedFailurePercentage, checked as AWS does.
    func tolerance(_ map: MapState, _ visit: Visit, effective: JSONValue) throws(RuntimeError) -> (Int, Double) {
        var count = 0
        var percentage = 0.0
        switch map.toleratedFailureCount {
        case .literal(let n)?: count = n
        case .jsonata(let text)?:
            guard let i = Simulator.integer(try evaluateJSONata(.string(text), field: "ToleratedFailureCount", visit.bindings())) else {
                throw located(jsonataFailure("The ToleratedFailureCount field must evaluate to an integer"), "ToleratedFailureCount")
            }
            count = i
        case .path(let p)?:
            let value = try DataFlow.select(p, in: visit.scope(effective))
            guard let i = Simulator.integer(value) else {
                throw RuntimeError("States.Runtime", "The ToleratedFailureCountPath field refers to value \"\(Simulator.shown(value))\" which is not a valid integer: \(p.text)")
            }
            count = i
        default: break
        }
        if count < 0 { throw RuntimeError("States.Runtime", "ToleratedFailureCount cannot be negative.") }
        switch map.toleratedFailurePercentage {
        case .literal(let n)?: percentage = n.doubleValue
        case .jsonata(let text)?:
            guard let n = Simulator.number(try evaluateJSONata(.string(text), field: "ToleratedFailurePercentage", visit.bindings())) else {
                throw located(jsonataFailure("The ToleratedFailurePercentage field must evaluate to a number"), "ToleratedFailurePercentage")
            }
            percentage = n
        case .path(let p)?:
            let value = try DataFlow.select(p, in: visit.scope(effective))
            guard let n = Simulator.number(value) else {
                throw RuntimeError("States.Runtime", "The ToleratedFailurePercentagePath field refers to value \"\(Simulator.shown(value))\" which is not a valid float: \(p.text)")
            }
            percentage = n
        default: break
        }
        if !(0...100).contains(percentage) { throw RuntimeError("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.") }
        return (count, percentage)
    }

    /// Reads the items of an ItemReader through the services (an S3 object or listing).
    func readItems(_ reader: ItemReader, _ map: MapState, _ cs: CompiledState, _ visit: Visit, effective: JSONValue) throws(RuntimeError) -> [JSONValue] {
        let scope = visit.scope(effective)
        let stateName = cs.name
        let frame = visit.frame
        let parameters = try cs.flow.evaluate(template: reader.parameters, jsonata: reader.arguments, field: "ItemReader/Arguments",
                                              input: effective, context: visit.context, visit, self) ?? [:]
        let config = reader.readerConfig ?? JSONObject()
        var maxItems: Int?
        if let n = config["MaxItems"]?.numberValue?.intValue { maxItems = n }
        if case .string(let text)? = config["MaxItems"], JSONata.template(text) != nil {
            guard let i = Simulator.integer(try evaluateJSONata(.string(text), field: "ItemReader/ReaderConfig/MaxItems", visit.bindings())) else {
                throw RuntimeError("States.ItemReaderFailed", "field MaxItems must be a positive integer")
            }
            maxItems = i
        }
        if case .string(let text)? = config["MaxItemsPath"], let path = try? Path(parsing: text) {
            guard let i = Simulator.integer(try DataFlow.select(path, in: scope)) else {
                throw RuntimeError("States.ItemReaderFailed", "field MaxItems must be a positive integer")
            }
            maxItems = i
        }
        if let m = maxItems, m < 0 { throw RuntimeError("States.ItemReaderFailed", "field MaxItems must be positive") }
        let target = TaskTarget(resource: reader.resource)
        let call = TaskCall(stateName: stateName, target: target, parameters: parameters, invocation: 0, attempt: 0,
                            context: scope.context, executionName: frame.execution.name, now: time.seconds)
        guard let outcome = answer(call)?.outcome else {
            throw RuntimeError(MissingMock.error, "no service answers the ItemReader \(reader.resource) of \"\(stateName)\"; add InMemoryS3 with the objects")
        }
        guard case .success(let response, _, _) = outcome else {
            if case .failure(let error, let cause, _, _) = outcome { throw RuntimeError("States.ItemReaderFailed", cause ?? error) }
            throw RuntimeError("States.ItemReaderFailed", "the ItemReader timed out")
        }
        var items: [JSONValue]
        if target.resourceName.hasPrefix("listObjects") {
            items = response["Contents"]?.arrayValue ?? []
        } else {
            let body = response["Body"]?.stringValue ?? ""
            switch config["InputType"]?.stringValue ?? "JSON" {
            case "CSV": items = try ItemFiles.csv(body, config: config)
            case "JSONL": items = body.split(whereSeparator: \.isNewline).compactMap { try? JSONParser.parse(String($0)) }
            default:
                guard let parsed = try? JSONParser.parse(body) else {
                    throw RuntimeError("States.ItemReaderFailed", "Attempting to map over non-iterable node.")
                }
                var list = parsed
                if let itemsPath = map.itemsPath, case .object = parsed {
                    list = (try? DataFlow.select(itemsPath, in: DataScope(input: parsed, context: scope.context, variables: scope.variables))) ?? parsed
                }
                guard case .array(let array) = list else {
                    throw RuntimeError("States.ItemReaderFailed", "Attempting to map over non-iterable node.")
                }
                items = array
            }
        }
        if let m = maxItems, m > 0 { items = Array(items.prefix(m)) }
        return items
    }
}

/// Parsing of item files read by a distributed Map.
enum ItemFiles {
    /// CSV rows as objects keyed by the headers (first row, or `CSVHeaders` with `CSVHeaderLocation: GIVEN`); values stay strings.
    static func csv(_ text: String, config: JSONObject) throws(RuntimeError) -> [JSONValue] {
        var rows = text.split(whereSeparator: \.isNewline).map { fields(String($0)) }
        let headers: [String]
        if config["CSVHeaderLocation"]?.stringValue == "GIVEN" {
            headers = (config["CSVHeaders"]?.arrayValue ?? []).compactMap(\.stringValue)
        } else {
            guard !rows.isEmpty else { return [] }
            headers = rows.removeFirst()
        }
        guard Set(headers).count == headers.count else { throw RuntimeError("States.ItemReaderFailed", "CSV headers cannot contain duplicates.") }
        // Each item has exactly the headers' fields: a short row's missing fields are empty strings, a long
        // row's extra fields are dropped, and the keys come in java.util.HashMap order (as recorded).
        let order = JavaText.hashMapOrder(headers)
        return rows.map { row in
            var object = JSONObject()
            for i in order { object[headers[i]] = .string(i < row.count ? row[i] : "") }
            return .object(object)
        }
    }

    /// One CSV line's fields (double quotes, doubled to escape).
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(field); field = "" }
            else { field.append(c) }
        }
        fields.append(field)
        return fields
    }
}
