/// Decodes JSON into the typed ASL model, reporting every shape problem it meets: wrong JSON types,
/// unknown, misplaced, missing or mutually exclusive fields, and path or intrinsic syntax.
///
/// Decoding never stops at the first problem. It builds the best model it can (skipping what is
/// unusable) so that the semantic rules of ``Validator`` can still run on the rest.
public enum ASLDecoder {
    /// Decodes a state machine definition.
    /// - Parameter json: the parsed definition.
    /// - Returns: the model (`nil` only when the top level is not an object) and the problems found.
    public static func decode(_ json: JSONValue) -> (machine: StateMachine?, diagnostics: [Diagnostic]) {
        let decoder = DecodingSession()
        let machine = decoder.machine(json)
        return (machine, decoder.diagnostics)
    }
}

/// The working state of one decode: the diagnostics collected so far.
final class DecodingSession {
    var diagnostics: [Diagnostic] = []

    func error(_ code: Diagnostic.Code, _ message: String, at pointer: JSONPointer, key: Bool = false, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, code, message, at: pointer, key: key, hint: hint))
    }

    // MARK: Containers

    func machine(_ json: JSONValue) -> StateMachine? {
        guard case .object(let object) = json else {
            error(.badType, "a state machine definition must be a JSON object, found \(json.typeName)", at: .root,
                  hint: "start from {\"StartAt\": \"First\", \"States\": {\"First\": {\"Type\": \"Succeed\"}}}")
            return nil
        }
        let reader = ObjectReader(object, at: .root, decoding: self)
        reader.checkFields(allowed: ASLFields.machine, context: "the top level of a state machine")
        let (startAt, states) = scopeBody(reader)
        let queryLanguage = reader.queryLanguage()
        return StateMachine(
            comment: reader.string("Comment"), queryLanguage: queryLanguage, startAt: startAt, states: states,
            timeoutSeconds: reader.int("TimeoutSeconds"), version: reader.string("Version"))
    }

    /// Reads `StartAt` and `States`, shared by the machine, Parallel branches and Map processors.
    func scopeBody(_ reader: ObjectReader) -> (String, [NamedState]) {
        let startAt = reader.string("StartAt", required: true) ?? ""
        var states: [NamedState] = []
        if let statesObject = reader.object("States", required: true) {
            let statesPointer = reader.pointer.appending("States")
            if statesObject.isEmpty {
                error(.missingField, "States is empty; a state machine needs at least one state", at: statesPointer)
            }
            for member in statesObject {
                let pointer = statesPointer.appending(member.key)
                guard case .object(let stateObject) = member.value else {
                    error(.badType, "state \"\(member.key)\" must be a JSON object, found \(member.value.typeName)", at: pointer)
                    continue
                }
                if let state = state(stateObject, named: member.key, at: pointer) {
                    states.append(NamedState(member.key, state))
                }
            }
        }
        return (startAt, states)
    }

    func branch(_ value: JSONValue, at pointer: JSONPointer) -> ParallelBranch? {
        guard case .object(let object) = value else {
            error(.badType, "a Parallel branch must be a JSON object with StartAt and States, found \(value.typeName)", at: pointer)
            return nil
        }
        let reader = ObjectReader(object, at: pointer, decoding: self)
        reader.checkFields(allowed: ASLFields.branch, context: "a Parallel branch")
        let (startAt, states) = scopeBody(reader)
        return ParallelBranch(comment: reader.string("Comment"), startAt: startAt, states: states)
    }

    func itemProcessor(_ object: JSONObject, field: ItemProcessor.Field, at pointer: JSONPointer) -> ItemProcessor {
        let reader = ObjectReader(object, at: pointer, decoding: self)
        reader.checkFields(allowed: ASLFields.itemProcessor, context: "a Map \(field.rawValue)")
        let (startAt, states) = scopeBody(reader)
        var config: ProcessorConfig?
        if let configObject = reader.object("ProcessorConfig") {
            let configReader = ObjectReader(configObject, at: pointer.appending("ProcessorConfig"), decoding: self)
            configReader.checkFields(allowed: ASLFields.processorConfig, context: "ProcessorConfig")
            config = ProcessorConfig(
                mode: configReader.enumeration("Mode", ProcessorConfig.Mode.self),
                executionType: configReader.enumeration("ExecutionType", ProcessorConfig.ExecutionType.self))
        }
        return ItemProcessor(comment: reader.string("Comment"), processorConfig: config, startAt: startAt, states: states, field: field)
    }

    // MARK: States

    func state(_ object: JSONObject, named name: String, at pointer: JSONPointer) -> State? {
        let reader = ObjectReader(object, at: pointer, decoding: self)
        guard let type = reader.string("Type", required: true) else { return nil }
        guard let allowed = ASLFields.byStateType[type] else {
            let suggestion = Spelling.suggestion(for: type, among: ASLFields.byStateType.keys.sorted())
            error(.badStateType, "state \"\(name)\" has unknown Type \"\(type)\"", at: pointer.appending("Type"),
                  hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map")
            return nil
        }
        reader.checkFields(allowed: allowed, context: "a \(type) state")
        let kind: State.Kind
        switch type {
        case "Task": kind = .task(task(reader))
        case "Pass": kind = .pass(pass(reader))
        case "Choice": kind = .choice(choice(reader))
        case "Wait": kind = .wait(wait(reader))
        case "Succeed": kind = .succeed(SucceedState(inputPath: reader.nullablePath("InputPath"), outputPath: reader.nullablePath("OutputPath"), output: reader.raw("Output")))
        case "Fail": kind = .fail(fail(reader))
        case "Parallel": kind = .parallel(parallel(reader))
        default: kind = .map(map(reader))
        }
        return State(kind, comment: reader.string("Comment"), queryLanguage: reader.queryLanguage())
    }

    func task(_ r: ObjectReader) -> TaskState {
        var credentials: PayloadTemplate?
        if r.object.index(forKey: "Credentials") != nil {
            if case .object = r.object["Credentials"] {
                credentials = r.payload("Credentials")
            } else {
                error(.badType, "Credentials must be an object such as {\"RoleArn\": \"arn:aws:iam::123456789012:role/Name\"}, found \(r.object["Credentials"]?.typeName ?? "nothing")",
                      at: r.pointer.appending("Credentials"))
            }
        }
        return TaskState(
            resource: r.string("Resource", required: true) ?? "", transition: r.transition(),
            inputPath: r.nullablePath("InputPath"), parameters: r.payload("Parameters"), arguments: r.raw("Arguments"),
            resultSelector: r.payload("ResultSelector"), resultPath: r.resultPath(), outputPath: r.nullablePath("OutputPath"),
            output: r.raw("Output"), assign: r.payload("Assign"),
            timeoutSeconds: r.intSource("TimeoutSeconds", pathKey: "TimeoutSecondsPath"),
            heartbeatSeconds: r.intSource("HeartbeatSeconds", pathKey: "HeartbeatSecondsPath"),
            credentials: credentials, retry: r.retriers(), catchers: r.catchers())
    }

    func pass(_ r: ObjectReader) -> PassState {
        PassState(
            transition: r.transition(), inputPath: r.nullablePath("InputPath"), parameters: r.payload("Parameters"),
            result: r.raw("Result"), resultPath: r.resultPath(), outputPath: r.nullablePath("OutputPath"),
            output: r.raw("Output"), assign: r.payload("Assign"))
    }

    func wait(_ r: ObjectReader) -> WaitState {
        let forms = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"].filter { r.object.index(forKey: $0) != nil }
        if forms.count > 1 {
            error(.fieldExclusive, "a Wait state takes exactly one of Seconds, SecondsPath, Timestamp and TimestampPath; this one has \(forms.joined(separator: " and "))",
                  at: r.pointer.appending(forms[1]), key: true, hint: "keep one of them")
        } else if forms.isEmpty {
            error(.missingField, "a Wait state needs one of Seconds, SecondsPath, Timestamp or TimestampPath", at: r.pointer,
                  hint: "for example \"Seconds\": 10")
        }
        let duration: WaitState.Duration
        switch forms.first {
        case "Timestamp", "TimestampPath":
            duration = .timestamp(r.stringSource("Timestamp", pathKey: "TimestampPath", exclusiveChecked: true) ?? .literal(""))
        default:
            duration = .seconds(r.intSource("Seconds", pathKey: "SecondsPath", exclusiveChecked: true) ?? .literal(0))
        }
        return WaitState(
            duration: duration, transition: r.transition(), inputPath: r.nullablePath("InputPath"),
            outputPath: r.nullablePath("OutputPath"), output: r.raw("Output"), assign: r.payload("Assign"))
    }

    func fail(_ r: ObjectReader) -> FailState {
        func source(_ literalKey: String, _ pathKey: String) -> FailState.Source? {
            let hasLiteral = r.object.index(forKey: literalKey) != nil
            let hasPath = r.object.index(forKey: pathKey) != nil
            if hasLiteral && hasPath {
                error(.fieldExclusive, "a Fail state takes \(literalKey) or \(pathKey), not both", at: r.pointer.appending(pathKey), key: true,
                      hint: "keep \(literalKey) for a fixed text or \(pathKey) to read it from the input")
            }
            if hasLiteral { return r.string(literalKey).map { .literal($0) } }
            if hasPath, let text = r.string(pathKey) {
                return r.expression(text, at: r.pointer.appending(pathKey), field: pathKey).map { .expression($0) }
            }
            return nil
        }
        return FailState(error: source("Error", "ErrorPath"), cause: source("Cause", "CausePath"))
    }

    func choice(_ r: ObjectReader) -> ChoiceState {
        var branches: [ChoiceBranch] = []
        if let choices = r.array("Choices", required: true) {
            if choices.isEmpty {
                error(.missingField, "Choices is empty; a Choice state needs at least one rule", at: r.pointer.appending("Choices"))
            }
            for (i, element) in choices.enumerated() {
                let pointer = r.pointer.appending("Choices").appending(i)
                guard case .object(let ruleObject) = element else {
                    error(.badType, "a Choice rule must be an object, found \(element.typeName)", at: pointer)
                    continue
                }
                if let branch = choiceBranch(ruleObject, at: pointer) { branches.append(branch) }
            }
        }
        return ChoiceState(
            choices: branches, defaultState: r.string("Default"), inputPath: r.nullablePath("InputPath"),
            outputPath: r.nullablePath("OutputPath"), output: r.raw("Output"), assign: r.payload("Assign"))
    }

    func parallel(_ r: ObjectReader) -> ParallelState {
        var branches: [ParallelBranch] = []
        if let array = r.array("Branches", required: true) {
            if array.isEmpty {
                error(.missingField, "Branches is empty; a Parallel state needs at least one branch", at: r.pointer.appending("Branches"))
            }
            for (i, element) in array.enumerated() {
                if let b = branch(element, at: r.pointer.appending("Branches").appending(i)) { branches.append(b) }
            }
        }
        return ParallelState(
            branches: branches, transition: r.transition(), inputPath: r.nullablePath("InputPath"),
            parameters: r.payload("Parameters"), arguments: r.raw("Arguments"), resultSelector: r.payload("ResultSelector"),
            resultPath: r.resultPath(), outputPath: r.nullablePath("OutputPath"), output: r.raw("Output"),
            assign: r.payload("Assign"), retry: r.retriers(), catchers: r.catchers())
    }

    func map(_ r: ObjectReader) -> MapState {
        let hasIterator = r.object.index(forKey: "Iterator") != nil
        let hasProcessor = r.object.index(forKey: "ItemProcessor") != nil
        if hasIterator && hasProcessor {
            error(.fieldExclusive, "a Map state takes ItemProcessor or the older Iterator, not both", at: r.pointer.appending("Iterator"), key: true,
                  hint: "keep ItemProcessor")
        } else if !hasIterator && !hasProcessor {
            error(.missingField, "a Map state needs an ItemProcessor (the states to run for each item)", at: r.pointer,
                  hint: "add \"ItemProcessor\": {\"StartAt\": ..., \"States\": {...}}")
        }
        let field: ItemProcessor.Field = hasProcessor ? .itemProcessor : .iterator
        var processor = ItemProcessor(startAt: "", states: [], field: field)
        if let object = r.object(field.rawValue) {
            processor = itemProcessor(object, field: field, at: r.pointer.appending(field.rawValue))
        }
        let hasSelector = r.object.index(forKey: "ItemSelector") != nil
        let hasParameters = r.object.index(forKey: "Parameters") != nil
        if hasSelector && hasParameters {
            error(.fieldExclusive, "a Map state takes ItemSelector or the older Parameters, not both", at: r.pointer.appending("Parameters"), key: true,
                  hint: "keep ItemSelector")
        }
        let selectorField: MapState.ItemSelectorField = hasSelector || !hasParameters ? .itemSelector : .parameters
        return MapState(
            itemProcessor: processor, transition: r.transition(), inputPath: r.nullablePath("InputPath"),
            itemsPath: r.path("ItemsPath", reference: true), items: r.raw("Items"),
            itemSelector: r.payload(selectorField.rawValue), itemSelectorField: selectorField,
            itemReader: itemReader(r), itemBatcher: itemBatcher(r), resultWriter: resultWriter(r),
            maxConcurrency: r.intSource("MaxConcurrency", pathKey: "MaxConcurrencyPath"),
            toleratedFailureCount: r.intSource("ToleratedFailureCount", pathKey: "ToleratedFailureCountPath"),
            toleratedFailurePercentage: r.numberSource("ToleratedFailurePercentage", pathKey: "ToleratedFailurePercentagePath"),
            label: r.string("Label"), resultSelector: r.payload("ResultSelector"), resultPath: r.resultPath(),
            outputPath: r.nullablePath("OutputPath"), output: r.raw("Output"), assign: r.payload("Assign"),
            retry: r.retriers(), catchers: r.catchers())
    }

    func itemReader(_ r: ObjectReader) -> ItemReader? {
        guard let object = r.object("ItemReader") else { return nil }
        let reader = ObjectReader(object, at: r.pointer.appending("ItemReader"), decoding: self)
        reader.checkFields(allowed: ASLFields.itemReader, context: "ItemReader")
        let config = reader.object("ReaderConfig")
        if let config {
            let configPointer = reader.pointer.appending("ReaderConfig")
            if config.index(forKey: "MaxItems") != nil && config.index(forKey: "MaxItemsPath") != nil {
                error(.fieldExclusive, "ReaderConfig takes MaxItems or MaxItemsPath, not both", at: configPointer.appending("MaxItemsPath"), key: true)
            }
            let configReader = ObjectReader(config, at: configPointer, decoding: self)
            _ = configReader.intSource("MaxItems", pathKey: "MaxItemsPath", exclusiveChecked: true)
        }
        return ItemReader(
            resource: reader.string("Resource", required: true) ?? "", readerConfig: config,
            parameters: reader.payload("Parameters"), arguments: reader.raw("Arguments"))
    }

    func itemBatcher(_ r: ObjectReader) -> ItemBatcher? {
        guard let object = r.object("ItemBatcher") else { return nil }
        let reader = ObjectReader(object, at: r.pointer.appending("ItemBatcher"), decoding: self)
        reader.checkFields(allowed: ASLFields.itemBatcher, context: "ItemBatcher")
        return ItemBatcher(
            maxItemsPerBatch: reader.intSource("MaxItemsPerBatch", pathKey: "MaxItemsPerBatchPath"),
            maxInputBytesPerBatch: reader.intSource("MaxInputBytesPerBatch", pathKey: "MaxInputBytesPerBatchPath"),
            batchInput: reader.payload("BatchInput"))
    }

    func resultWriter(_ r: ObjectReader) -> ResultWriter? {
        guard let object = r.object("ResultWriter") else { return nil }
        let reader = ObjectReader(object, at: r.pointer.appending("ResultWriter"), decoding: self)
        reader.checkFields(allowed: ASLFields.resultWriter, context: "ResultWriter")
        return ResultWriter(
            resource: reader.string("Resource"), parameters: reader.payload("Parameters"), arguments: reader.raw("Arguments"),
            writerConfig: reader.object("WriterConfig"))
    }

    // MARK: Choice rules

    func choiceBranch(_ object: JSONObject, at pointer: JSONPointer) -> ChoiceBranch? {
        let reader = ObjectReader(object, at: pointer, decoding: self)
        if object.index(forKey: "Next") == nil {
            error(.missingField, "this Choice rule has no Next: every top-level rule names the state to go to", at: pointer,
                  hint: object.index(forKey: "End") != nil ? "Choice rules cannot End; point Next at a Succeed state" : "add \"Next\": \"<state name>\"")
        }
        guard let condition = choiceCondition(object, at: pointer, topLevel: true) else { return nil }
        return ChoiceBranch(
            condition: condition, next: reader.string("Next") ?? "", comment: reader.string("Comment"),
            output: reader.raw("Output"), assign: reader.payload("Assign"))
    }

    func choiceCondition(_ object: JSONObject, at pointer: JSONPointer, topLevel: Bool) -> ChoiceCondition? {
        let reader = ObjectReader(object, at: pointer, decoding: self)
        var operatorKeys: [String] = []
        for member in object {
            let key = member.key
            switch key {
            case "Variable", "And", "Or", "Not", "Condition", "Comment": continue
            case "Next", "Assign", "Output":
                if !topLevel {
                    error(.choiceRule, "\(key) is only allowed on a top-level Choice rule, not inside And, Or or Not",
                          at: pointer.appending(key), key: true)
                }
            default:
                if ComparisonOperator.parse(key: key) != nil {
                    operatorKeys.append(key)
                } else if ASLFields.anyState.contains(key) || key == "End" {
                    error(.fieldNotAllowed, "\(key) is not allowed in a Choice rule", at: pointer.appending(key), key: true,
                          hint: key == "End" ? "Choice rules cannot End; point Next at a Succeed state" : nil)
                } else {
                    let known = ComparisonOperator.allCases.flatMap { $0.hasPathForm ? [$0.rawValue, $0.rawValue + "Path"] : [$0.rawValue] }
                        + ["Variable", "And", "Or", "Not", "Next", "Comment", "Condition", "Assign", "Output"]
                    error(.unknownField, "\"\(key)\" is not a field of a Choice rule", at: pointer.appending(key), key: true,
                          hint: Spelling.suggestion(for: key, among: known).map { "did you mean \"\($0)\"?" })
                }
            }
        }
        // A top-level rule's Comment belongs to its ChoiceBranch.
        let comment = topLevel ? nil : reader.string("Comment")
        let combinators = ["And", "Or", "Not", "Condition", "Variable"].filter { object.index(forKey: $0) != nil }
        if combinators.count > 1 {
            error(.choiceRule, "a Choice rule uses exactly one of Variable, And, Or, Not and Condition; this one has \(combinators.joined(separator: ", "))",
                  at: pointer)
            return nil
        }
        switch combinators.first {
        case "Condition":
            return reader.raw("Condition").map { .jsonata($0) }
        case "And", "Or":
            let key = combinators[0]
            guard let array = reader.array(key) else { return nil }
            if array.isEmpty {
                error(.choiceRule, "\(key) needs at least one rule", at: pointer.appending(key))
            }
            var conditions: [ChoiceCondition] = []
            for (i, element) in array.enumerated() {
                let childPointer = pointer.appending(key).appending(i)
                guard case .object(let child) = element else {
                    error(.badType, "each rule in \(key) must be an object, found \(element.typeName)", at: childPointer)
                    continue
                }
                if let c = choiceCondition(child, at: childPointer, topLevel: false) { conditions.append(c) }
            }
            return key == "And" ? .and(conditions, comment: comment) : .or(conditions, comment: comment)
        case "Not":
            guard let child = reader.object("Not") else { return nil }
            guard let inner = choiceCondition(child, at: pointer.appending("Not"), topLevel: false) else { return nil }
            return .not(inner, comment: comment)
        case "Variable":
            guard let variableText = reader.string("Variable") else { return nil }
            let variablePointer = pointer.appending("Variable")
            if IntrinsicCall.looksLikeCall(variableText) {
                error(.badJSONPath, "Variable must be a path, not an intrinsic function call", at: variablePointer,
                      hint: "compute the value in an earlier Pass state and compare its path")
                return nil
            }
            guard let variable = reader.parsePath(variableText, at: variablePointer, field: "Variable", reference: false) else { return nil }
            guard let opKey = operatorKeys.first else {
                error(.missingField, "this Choice rule has a Variable but no comparison operator", at: pointer,
                      hint: "add one such as \"StringEquals\", \"NumericGreaterThan\" or \"IsPresent\"")
                return nil
            }
            if operatorKeys.count > 1 {
                error(.fieldExclusive, "a Choice rule takes one comparison operator; this one has \(operatorKeys.joined(separator: " and "))",
                      at: pointer.appending(operatorKeys[1]), key: true, hint: "combine several comparisons with And")
            }
            guard let (op, isPath) = ComparisonOperator.parse(key: opKey), let operandValue = object[opKey] else { return nil }
            let operandPointer = pointer.appending(opKey)
            let operand: Comparison.Operand
            if isPath {
                guard case .string(let text) = operandValue else {
                    error(.badType, "\(opKey) must be a path string, found \(operandValue.typeName)", at: operandPointer)
                    return nil
                }
                guard let path = reader.parsePath(text, at: operandPointer, field: opKey, reference: false) else { return nil }
                operand = .path(path)
            } else {
                let expected: String
                let ok: Bool
                switch op.operandType {
                case .string, .timestamp: (expected, ok) = ("a string", operandValue.stringValue != nil)
                case .number: (expected, ok) = ("a number", operandValue.numberValue != nil)
                case .boolean: (expected, ok) = ("true or false", operandValue.boolValue != nil)
                }
                if !ok {
                    error(.badType, "\(opKey) compares with \(expected), found \(operandValue.typeName)", at: operandPointer)
                    return nil
                }
                operand = .literal(operandValue)
            }
            return .comparison(Comparison(variable: variable, operator: op, operand: operand, comment: comment))
        default:
            if operatorKeys.isEmpty {
                error(.missingField, "this Choice rule has no condition", at: pointer,
                      hint: "use Variable with an operator (e.g. \"StringEquals\"), And, Or, Not, or (JSONata) Condition")
            } else {
                error(.missingField, "this Choice rule has \(operatorKeys[0]) but no Variable to compare", at: pointer,
                      hint: "add \"Variable\": \"$.field\"")
            }
            return nil
        }
    }
}
