/// Places in a state where payload templates and JSONata values sit, for rules that inspect them all.
extension ValidationContext.Entry {
    /// Every payload template of the state (Parameters, ResultSelector, ItemSelector, Assign, Credentials,
    /// ItemReader/ResultWriter Parameters, BatchInput, and the Assign of catchers and Choice rules).
    var templates: [(pointer: JSONPointer, field: String, template: PayloadTemplate)] {
        var found: [(JSONPointer, String, PayloadTemplate)] = []
        func add(_ field: String, _ t: PayloadTemplate?, at base: JSONPointer? = nil) {
            if let t { found.append(((base ?? pointer).appending(field), field, t)) }
        }
        switch state.kind {
        case .task(let s):
            add("Parameters", s.parameters); add("ResultSelector", s.resultSelector); add("Assign", s.assign)
            add("Credentials", s.credentials)
        case .pass(let s):
            add("Parameters", s.parameters); add("Assign", s.assign)
        case .choice(let s):
            add("Assign", s.assign)
            for (i, b) in s.choices.enumerated() { add("Assign", b.assign, at: pointer.appending("Choices").appending(i)) }
        case .wait(let s):
            add("Assign", s.assign)
        case .parallel(let s):
            add("Parameters", s.parameters); add("ResultSelector", s.resultSelector); add("Assign", s.assign)
        case .map(let s):
            add(s.itemSelectorField.rawValue, s.itemSelector); add("ResultSelector", s.resultSelector); add("Assign", s.assign)
            add("Parameters", s.itemReader?.parameters, at: pointer.appending("ItemReader"))
            add("Parameters", s.resultWriter?.parameters, at: pointer.appending("ResultWriter"))
            add("BatchInput", s.itemBatcher?.batchInput, at: pointer.appending("ItemBatcher"))
        case .succeed, .fail:
            break
        }
        for (i, c) in state.catchers.enumerated() { add("Assign", c.assign, at: pointer.appending("Catch").appending(i)) }
        return found
    }

    /// Every JSONata-mode value of the state (Arguments, Output, Items, Condition, and JSONata strings in
    /// number and timestamp fields).
    var jsonataValues: [(pointer: JSONPointer, field: String, value: JSONValue)] {
        var found: [(JSONPointer, String, JSONValue)] = []
        func add(_ field: String, _ v: JSONValue?, at base: JSONPointer? = nil) {
            if let v { found.append(((base ?? pointer).appending(field), field, v)) }
        }
        func addSource<V>(_ field: String, _ s: ValueSource<V>?, at base: JSONPointer? = nil) {
            if case .jsonata(let text) = s { add(field, .string(text), at: base) }
        }
        switch state.kind {
        case .task(let s):
            add("Arguments", s.arguments); add("Output", s.output)
            addSource("TimeoutSeconds", s.timeoutSeconds); addSource("HeartbeatSeconds", s.heartbeatSeconds)
        case .pass(let s): add("Output", s.output)
        case .choice(let s):
            add("Output", s.output)
            for (i, b) in s.choices.enumerated() {
                let base = pointer.appending("Choices").appending(i)
                add("Output", b.output, at: base)
                if case .jsonata(let v) = b.condition { add("Condition", v, at: base) }
            }
        case .wait(let s):
            add("Output", s.output)
            switch s.duration {
            case .seconds(let source): addSource("Seconds", source)
            case .timestamp(let source): addSource("Timestamp", source)
            }
        case .succeed(let s): add("Output", s.output)
        case .fail(let s):
            if case .literal(let text) = s.error { add("Error", .string(text)) }
            if case .literal(let text) = s.cause { add("Cause", .string(text)) }
        case .parallel(let s): add("Arguments", s.arguments); add("Output", s.output)
        case .map(let s):
            add("Items", s.items); add("Output", s.output)
            addSource("MaxConcurrency", s.maxConcurrency)
            addSource("ToleratedFailureCount", s.toleratedFailureCount)
            addSource("ToleratedFailurePercentage", s.toleratedFailurePercentage)
            add("Arguments", s.itemReader?.arguments, at: pointer.appending("ItemReader"))
            add("Arguments", s.resultWriter?.arguments, at: pointer.appending("ResultWriter"))
        }
        for (i, c) in state.catchers.enumerated() { add("Output", c.output, at: pointer.appending("Catch").appending(i)) }
        // In JSONata mode templates carry expressions in plain strings.
        for t in templates { found.append((t.pointer, t.field, ASLEncoder.template(t.template))) }
        return found
    }
}
