/// Encodes the ASL model as JSON, deterministically: states in the order they were written, the
/// fields of each object in one fixed conventional order, payload templates in their own order.
public enum ASLEncoder {
    /// The definition as a JSON value.
    public static func encode(_ machine: StateMachine) -> JSONValue {
        var o = ObjectFields()
        o.add("Comment", machine.comment.map(JSONValue.string))
        o.add("QueryLanguage", machine.queryLanguage.map { .string($0.rawValue) })
        o.add("StartAt", .string(machine.startAt))
        o.add("TimeoutSeconds", machine.timeoutSeconds.map(int))
        o.add("Version", machine.version.map(JSONValue.string))
        o.add("States", states(machine.states))
        return o.value
    }

    /// The definition as pretty-printed JSON text (two-space indentation, trailing newline).
    public static func prettyText(_ machine: StateMachine) -> String {
        JSONWriter.string(encode(machine), style: .pretty)
    }

    /// One state as a JSON value.
    public static func encode(_ state: State) -> JSONValue {
        var o = ObjectFields()
        o.add("Type", .string(state.typeName))
        o.add("Comment", state.comment.map(JSONValue.string))
        o.add("QueryLanguage", state.queryLanguage.map { .string($0.rawValue) })
        switch state.kind {
        case .task(let s):
            o.add("Resource", .string(s.resource))
            o.add("Credentials", s.credentials.map(template))
            o.add("InputPath", s.inputPath.map(nullablePath))
            o.add("Parameters", s.parameters.map(template))
            o.add("Arguments", s.arguments)
            o.add("ResultSelector", s.resultSelector.map(template))
            o.add("ResultPath", s.resultPath.map(nullablePath))
            o.add("OutputPath", s.outputPath.map(nullablePath))
            o.add("Output", s.output)
            o.add("Assign", s.assign.map(template))
            o.addSource("TimeoutSeconds", s.timeoutSeconds, int)
            o.addSource("HeartbeatSeconds", s.heartbeatSeconds, int)
            o.add("Retry", retriers(s.retry))
            o.add("Catch", catchers(s.catchers))
            o.addTransition(s.transition)
        case .pass(let s):
            o.add("InputPath", s.inputPath.map(nullablePath))
            o.add("Parameters", s.parameters.map(template))
            o.add("Result", s.result)
            o.add("ResultPath", s.resultPath.map(nullablePath))
            o.add("OutputPath", s.outputPath.map(nullablePath))
            o.add("Output", s.output)
            o.add("Assign", s.assign.map(template))
            o.addTransition(s.transition)
        case .choice(let s):
            o.add("InputPath", s.inputPath.map(nullablePath))
            o.add("Choices", .array(s.choices.map(choiceBranch)))
            o.add("Default", s.defaultState.map(JSONValue.string))
            o.add("OutputPath", s.outputPath.map(nullablePath))
            o.add("Output", s.output)
            o.add("Assign", s.assign.map(template))
        case .wait(let s):
            o.add("InputPath", s.inputPath.map(nullablePath))
            switch s.duration {
            case .seconds(let source): o.addSource("Seconds", source, int)
            case .timestamp(let source): o.addSource("Timestamp", source, JSONValue.string)
            }
            o.add("OutputPath", s.outputPath.map(nullablePath))
            o.add("Output", s.output)
            o.add("Assign", s.assign.map(template))
            o.addTransition(s.transition)
        case .succeed(let s):
            o.add("InputPath", s.inputPath.map(nullablePath))
            o.add("OutputPath", s.outputPath.map(nullablePath))
            o.add("Output", s.output)
        case .fail(let s):
            for (key, source) in [("Error", s.error), ("Cause", s.cause)] {
                switch source {
                case .literal(let text): o.add(key, .string(text))
                case .expression(let e): o.add(key + "Path", .string(e.description))
                case nil: break
                }
            }
        case .parallel(let s):
            o.add("InputPath", s.inputPath.map(nullablePath))
            o.add("Parameters", s.parameters.map(template))
            o.add("Arguments", s.arguments)
            o.add("Branches", .array(s.branches.map(branch)))
            o.add("ResultSelector", s.resultSelector.map(template))
            o.add("ResultPath", s.resultPath.map(nullablePath))
            o.add("OutputPath", s.outputPath.map(nullablePath))
            o.add("Output", s.output)
            o.add("Assign", s.assign.map(template))
            o.add("Retry", retriers(s.retry))
            o.add("Catch", catchers(s.catchers))
            o.addTransition(s.transition)
        case .map(let s):
            o.add("InputPath", s.inputPath.map(nullablePath))
            o.add("ItemReader", s.itemReader.map(itemReader))
            o.add("ItemsPath", s.itemsPath.map { .string($0.text) })
            o.add("Items", s.items)
            o.add(s.itemSelectorField.rawValue, s.itemSelector.map(template))
            o.add("ItemBatcher", s.itemBatcher.map(itemBatcher))
            o.addSource("MaxConcurrency", s.maxConcurrency, int)
            o.addSource("ToleratedFailureCount", s.toleratedFailureCount, int)
            o.addSource("ToleratedFailurePercentage", s.toleratedFailurePercentage, JSONValue.number)
            o.add("Label", s.label.map(JSONValue.string))
            o.add(s.itemProcessor.field.rawValue, itemProcessor(s.itemProcessor))
            o.add("ResultWriter", s.resultWriter.map(resultWriter))
            o.add("ResultSelector", s.resultSelector.map(template))
            o.add("ResultPath", s.resultPath.map(nullablePath))
            o.add("OutputPath", s.outputPath.map(nullablePath))
            o.add("Output", s.output)
            o.add("Assign", s.assign.map(template))
            o.add("Retry", retriers(s.retry))
            o.add("Catch", catchers(s.catchers))
            o.addTransition(s.transition)
        }
        return o.value
    }

    /// A payload template as JSON (`.$` keys for computed fields).
    public static func template(_ template: PayloadTemplate) -> JSONValue {
        switch template {
        case .value(let v): return v
        case .array(let items): return .array(items.map(Self.template))
        case .object(let fields):
            var object = JSONObject()
            for field in fields {
                switch field.value {
                case .template(let t): object.appendUnchecked(field.key, Self.template(t))
                case .expression(let e): object.appendUnchecked(field.key, .string(e.description))
                }
            }
            return .object(object)
        }
    }

    // MARK: Pieces

    static func int(_ i: Int) -> JSONValue { .number(JSONNumber(i)) }

    static func states(_ states: [NamedState]) -> JSONValue {
        // Names are unique in a decoded or built machine; should a hand-made model repeat one, the
        // later state replaces the earlier, as a JSON object would. A set keeps this linear.
        var seen = Set<String>()
        var members: [JSONObject.Member] = []
        members.reserveCapacity(states.count)
        for named in states {
            let value = encode(named.state)
            if seen.insert(named.name).inserted {
                members.append(JSONObject.Member(key: named.name, value: value))
            } else if let i = members.firstIndex(where: { $0.key == named.name }) {
                members[i].value = value
            }
        }
        return .object(JSONObject(uniqueMembers: members))
    }

    static func branch(_ b: ParallelBranch) -> JSONValue {
        var o = ObjectFields()
        o.add("Comment", b.comment.map(JSONValue.string))
        o.add("StartAt", .string(b.startAt))
        o.add("States", states(b.states))
        return o.value
    }

    static func itemProcessor(_ p: ItemProcessor) -> JSONValue {
        var o = ObjectFields()
        o.add("Comment", p.comment.map(JSONValue.string))
        if let config = p.processorConfig {
            var c = ObjectFields()
            c.add("Mode", config.mode.map { .string($0.rawValue) })
            c.add("ExecutionType", config.executionType.map { .string($0.rawValue) })
            o.add("ProcessorConfig", c.value)
        }
        o.add("StartAt", .string(p.startAt))
        o.add("States", states(p.states))
        return o.value
    }

    static func itemReader(_ r: ItemReader) -> JSONValue {
        var o = ObjectFields()
        o.add("Resource", .string(r.resource))
        o.add("ReaderConfig", r.readerConfig.map(JSONValue.object))
        o.add("Parameters", r.parameters.map(template))
        o.add("Arguments", r.arguments)
        return o.value
    }

    static func itemBatcher(_ b: ItemBatcher) -> JSONValue {
        var o = ObjectFields()
        o.addSource("MaxItemsPerBatch", b.maxItemsPerBatch, int)
        o.addSource("MaxInputBytesPerBatch", b.maxInputBytesPerBatch, int)
        o.add("BatchInput", b.batchInput.map(template))
        return o.value
    }

    static func resultWriter(_ w: ResultWriter) -> JSONValue {
        var o = ObjectFields()
        o.add("Resource", w.resource.map(JSONValue.string))
        o.add("Parameters", w.parameters.map(template))
        o.add("Arguments", w.arguments)
        o.add("WriterConfig", w.writerConfig.map(JSONValue.object))
        return o.value
    }

    static func nullablePath(_ p: NullablePath) -> JSONValue {
        switch p {
        case .null: .null
        case .path(let path): .string(path.text)
        }
    }

    static func retriers(_ retriers: [Retrier]) -> JSONValue? {
        guard !retriers.isEmpty else { return nil }
        return .array(retriers.map { r in
            var o = ObjectFields()
            o.add("Comment", r.comment.map(JSONValue.string))
            o.add("ErrorEquals", .array(r.errorEquals.map { .string($0.rawValue) }))
            o.add("IntervalSeconds", r.intervalSeconds.map(int))
            o.add("MaxAttempts", r.maxAttempts.map(int))
            o.add("BackoffRate", r.backoffRate.map(JSONValue.number))
            o.add("MaxDelaySeconds", r.maxDelaySeconds.map(int))
            o.add("JitterStrategy", r.jitterStrategy.map { .string($0.rawValue) })
            return o.value
        })
    }

    static func catchers(_ catchers: [Catcher]) -> JSONValue? {
        guard !catchers.isEmpty else { return nil }
        return .array(catchers.map { c in
            var o = ObjectFields()
            o.add("Comment", c.comment.map(JSONValue.string))
            o.add("ErrorEquals", .array(c.errorEquals.map { .string($0.rawValue) }))
            o.add("ResultPath", c.resultPath.map(nullablePath))
            o.add("Output", c.output)
            o.add("Assign", c.assign.map(template))
            o.add("Next", .string(c.next))
            return o.value
        })
    }

    static func choiceBranch(_ b: ChoiceBranch) -> JSONValue {
        var o = ObjectFields()
        o.add("Comment", b.comment.map(JSONValue.string))
        condition(b.condition, into: &o, includeComment: false)
        o.add("Output", b.output)
        o.add("Assign", b.assign.map(template))
        o.add("Next", .string(b.next))
        return o.value
    }

    static func condition(_ c: ChoiceCondition) -> JSONValue {
        var o = ObjectFields()
        condition(c, into: &o, includeComment: true)
        return o.value
    }

    static func condition(_ c: ChoiceCondition, into o: inout ObjectFields, includeComment: Bool) {
        switch c {
        case .comparison(let comparison):
            if includeComment { o.add("Comment", comparison.comment.map(JSONValue.string)) }
            o.add("Variable", .string(comparison.variable.text))
            switch comparison.operand {
            case .literal(let v): o.add(comparison.operatorKey, v)
            case .path(let p): o.add(comparison.operatorKey, .string(p.text))
            }
        case .and(let conditions, let comment):
            if includeComment { o.add("Comment", comment.map(JSONValue.string)) }
            o.add("And", .array(conditions.map(condition)))
        case .or(let conditions, let comment):
            if includeComment { o.add("Comment", comment.map(JSONValue.string)) }
            o.add("Or", .array(conditions.map(condition)))
        case .not(let inner, let comment):
            if includeComment { o.add("Comment", comment.map(JSONValue.string)) }
            o.add("Not", condition(inner))
        case .jsonata(let v):
            o.add("Condition", v)
        }
    }
}

/// Builds a JSON object field by field, skipping absent values.
struct ObjectFields {
    private var object: JSONObject = {
        var members: [JSONObject.Member] = []
        members.reserveCapacity(12)
        return JSONObject(uniqueMembers: members)
    }()

    var value: JSONValue { .object(object) }

    mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { object.appendUnchecked(key, value) }
    }

    mutating func addSource<V>(_ key: String, _ source: ValueSource<V>?, _ literal: (V) -> JSONValue) {
        switch source {
        case .literal(let v): add(key, literal(v))
        case .path(let p): add(key + "Path", .string(p.text))
        case .jsonata(let s): add(key, .string(s))
        case nil: break
        }
    }

    mutating func addTransition(_ t: Transition) {
        switch t {
        case .next(let name): add("Next", .string(name))
        case .end: add("End", .bool(true))
        }
    }
}
