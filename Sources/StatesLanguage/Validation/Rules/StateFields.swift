/// Places in a state where payload templates and JSONata values sit, for rules that inspect them all.
extension ValidationContext.Entry {
    /// Every payload template of the state (Parameters, ResultSelector, ItemSelector, Assign, Credentials,
    /// ItemReader/ResultWriter Parameters, BatchInput, and the Assign of catchers and Choice rules).
    var templates: [(pointer: JSONPointer, field: String, template: PayloadTemplate)] {
        if let cachedTemplates { return cachedTemplates }
        let found = collectTemplates()
        cachedTemplates = found
        return found
    }

    private func collectTemplates() -> [(pointer: JSONPointer, field: String, template: PayloadTemplate)] {
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

    /// The fields the state sets that belong to one query language only (see `ASLFields.jsonPathOnly`
    /// and `ASLFields.jsonataOnly`), read from the model without encoding it.
    var languageSpecificFields: [String] {
        var names: [String] = []
        func add(_ name: String, _ present: Bool) { if present { names.append(name) } }
        func addPath<V>(_ base: String, _ source: ValueSource<V>?) { if case .path = source { names.append(base + "Path") } }
        switch state.kind {
        case .task(let t):
            add("InputPath", t.inputPath != nil); add("Parameters", t.parameters != nil); add("Arguments", t.arguments != nil)
            add("ResultSelector", t.resultSelector != nil); add("ResultPath", t.resultPath != nil)
            add("OutputPath", t.outputPath != nil); add("Output", t.output != nil)
            addPath("TimeoutSeconds", t.timeoutSeconds); addPath("HeartbeatSeconds", t.heartbeatSeconds)
        case .pass(let p):
            add("InputPath", p.inputPath != nil); add("Parameters", p.parameters != nil); add("Result", p.result != nil)
            add("ResultPath", p.resultPath != nil); add("OutputPath", p.outputPath != nil); add("Output", p.output != nil)
        case .choice(let c):
            add("InputPath", c.inputPath != nil); add("OutputPath", c.outputPath != nil); add("Output", c.output != nil)
        case .wait(let w):
            add("InputPath", w.inputPath != nil); add("OutputPath", w.outputPath != nil); add("Output", w.output != nil)
            switch w.duration {
            case .seconds(let s): addPath("Seconds", s)
            case .timestamp(let t): addPath("Timestamp", t)
            }
        case .succeed(let s):
            add("InputPath", s.inputPath != nil); add("OutputPath", s.outputPath != nil); add("Output", s.output != nil)
        case .fail(let f):
            if case .expression = f.error { names.append("ErrorPath") }
            if case .expression = f.cause { names.append("CausePath") }
        case .parallel(let p):
            add("InputPath", p.inputPath != nil); add("Parameters", p.parameters != nil); add("Arguments", p.arguments != nil)
            add("ResultSelector", p.resultSelector != nil); add("ResultPath", p.resultPath != nil)
            add("OutputPath", p.outputPath != nil); add("Output", p.output != nil)
        case .map(let m):
            add("InputPath", m.inputPath != nil); add("ItemsPath", m.itemsPath != nil); add("Items", m.items != nil)
            add("Parameters", m.itemSelector != nil && m.itemSelectorField == .parameters)
            addPath("MaxConcurrency", m.maxConcurrency); addPath("ToleratedFailureCount", m.toleratedFailureCount)
            addPath("ToleratedFailurePercentage", m.toleratedFailurePercentage)
            add("ResultSelector", m.resultSelector != nil); add("ResultPath", m.resultPath != nil)
            add("OutputPath", m.outputPath != nil); add("Output", m.output != nil)
        }
        return names
    }

    /// Number and timestamp fields written as JSONata expressions (`"TimeoutSeconds": "{% … %}"`).
    var jsonataSources: [(pointer: JSONPointer, field: String, expression: String)] {
        var found: [(JSONPointer, String, String)] = []
        func add<V>(_ field: String, _ source: ValueSource<V>?) {
            if case .jsonata(let text) = source { found.append((pointer.appending(field), field, text)) }
        }
        switch state.kind {
        case .task(let t): add("TimeoutSeconds", t.timeoutSeconds); add("HeartbeatSeconds", t.heartbeatSeconds)
        case .wait(let w):
            switch w.duration {
            case .seconds(let s): add("Seconds", s)
            case .timestamp(let t): add("Timestamp", t)
            }
        case .map(let m):
            add("MaxConcurrency", m.maxConcurrency); add("ToleratedFailureCount", m.toleratedFailureCount)
            add("ToleratedFailurePercentage", m.toleratedFailurePercentage)
        default: break
        }
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
