import StatesLanguage

/// A `Parallel` state: runs each ``Branch`` concurrently; its result is the array of the branches' outputs.
public struct Parallel: RecoverableStep {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues
    public var _spec: _StateSpec

    /// Makes a Parallel state of the branches of `branches`, in order.
    public init(_ name: String, fileID: String = #fileID, line: Int = #line, @BranchBuilder _ branches: () -> [Branch]) {
        var spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line),
                              state: State(.parallel(ParallelState(branches: [], transition: .end))))
        for branch in branches() {
            spec.branches.append(branch.nodes)
            spec.branchLocations.append(branch.location)
        }
        _spec = spec
    }
}

/// One branch of a ``Parallel``: its own flow, which cannot jump outside.
public struct Branch: Sendable {
    let nodes: [_StepNode]
    let location: SwiftLocation
    /// Makes a branch of the steps of `steps`.
    public init(fileID: String = #fileID, line: Int = #line, @StepsBuilder _ steps: () -> AnySteps) {
        nodes = steps().nodes
        location = SwiftLocation(fileID: fileID, line: line)
    }
}

/// Collects the branches of a ``Parallel``.
@resultBuilder
public enum BranchBuilder {
    /// Turns one element written in the block into a part of it.
    public static func buildExpression(_ branch: Branch) -> [Branch] { [branch] }
    /// Joins the parts of a block in the order written.
    public static func buildBlock(_ parts: [Branch]...) -> [Branch] { parts.flatMap { $0 } }
    /// An `if` without `else`: its part when the condition holds, otherwise nothing.
    public static func buildOptional(_ part: [Branch]?) -> [Branch] { part ?? [] }
    /// One branch of an `if`/`else` or `switch`.
    public static func buildEither(first part: [Branch]) -> [Branch] { part }
    /// One branch of an `if`/`else` or `switch`.
    public static func buildEither(second part: [Branch]) -> [Branch] { part }
    /// A `for` loop: the parts of every iteration, in order.
    public static func buildArray(_ parts: [[Branch]]) -> [Branch] { parts.flatMap { $0 } }
}

/// A `Map` state: runs its steps once per item, inline or as a distributed map.
public struct Map: RecoverableStep {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues
    public var _spec: _StateSpec

    /// An inline map over the array at `itemsPath` (default: the whole input).
    /// - Parameters:
    ///   - maxConcurrency: how many items run at once (0: as many as possible).
    ///   - itemSelector: the input of each iteration (default: the item).
    ///   - name: the state's name, unique in the machine.
    ///   - itemsPath: the path of the array to iterate over (`ItemsPath`); the whole input when `nil`.
    ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
    ///   - line: the line where the step is written (the call site by default).
    ///   - steps: the steps each item runs.
    public init(
        _ name: String, itemsPath: String? = nil, maxConcurrency: Int? = nil, itemSelector: Payload? = nil,
        fileID: String = #fileID, line: Int = #line, @StepsBuilder _ steps: () -> AnySteps
    ) {
        var spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line),
                              state: State(.map(MapState(itemProcessor: ItemProcessor(startAt: "", states: []), transition: .end))))
        Map.configure(&spec, itemsPath: itemsPath, maxConcurrency: maxConcurrency, itemSelector: itemSelector)
        spec.processor = steps().nodes
        _spec = spec
    }

    /// A distributed map: each item (or batch) runs as a child execution.
    /// - Parameters:
    ///   - executionType: the child executions' type.
    ///   - reader: where the items come from (`ItemReader`); `nil` reads the array at `itemsPath`.
    ///   - batcher: how items are grouped into batches (`ItemBatcher`).
    ///   - writer: where results are written (`ResultWriter`).
    ///   - name: the state's name, unique in the machine.
    ///   - itemsPath: the path of the array to iterate over when there is no `reader`.
    ///   - maxConcurrency: how many child executions run at once (0: as many as possible).
    ///   - toleratedFailureCount: how many failed items the map tolerates (`ToleratedFailureCount`).
    ///   - toleratedFailurePercentage: the share of failed items, 0 to 100, the map tolerates (`ToleratedFailurePercentage`).
    ///   - label: a label for the child executions (`Label`).
    ///   - itemSelector: the input of each item (default: the item).
    ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
    ///   - line: the line where the step is written (the call site by default).
    ///   - steps: the steps each item (or batch) runs.
    public init(
        _ name: String, distributed executionType: ProcessorConfig.ExecutionType, itemsPath: String? = nil,
        reader: ItemReader? = nil, batcher: ItemBatcher? = nil, writer: ResultWriter? = nil, maxConcurrency: Int? = nil,
        toleratedFailureCount: Int? = nil, toleratedFailurePercentage: Double? = nil, label: String? = nil,
        itemSelector: Payload? = nil, fileID: String = #fileID, line: Int = #line, @StepsBuilder _ steps: () -> AnySteps
    ) {
        var spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line),
                              state: State(.map(MapState(
                                itemProcessor: ItemProcessor(processorConfig: ProcessorConfig(mode: .distributed, executionType: executionType), startAt: "", states: []),
                                transition: .end, itemReader: reader, itemBatcher: batcher, resultWriter: writer,
                                toleratedFailureCount: toleratedFailureCount.map(ValueSource.literal),
                                toleratedFailurePercentage: toleratedFailurePercentage.map { .literal(JSONNumber($0)) }, label: label))))
        Map.configure(&spec, itemsPath: itemsPath, maxConcurrency: maxConcurrency, itemSelector: itemSelector)
        spec.processor = steps().nodes
        _spec = spec
    }

    static func configure(_ spec: inout _StateSpec, itemsPath: String?, maxConcurrency: Int?, itemSelector: Payload?) {
        let items = itemsPath.flatMap { spec.path($0, field: "ItemsPath", reference: true) }
        let selector = itemSelector.map { spec.template($0, field: "ItemSelector") }
        if case .map(var m) = spec.state.kind {
            m.itemsPath = items
            m.maxConcurrency = maxConcurrency.map(ValueSource.literal)
            m.itemSelector = selector
            spec.state.kind = .map(m)
        }
    }
}

extension ItemReader {
    /// Lists the objects of an S3 bucket (optionally under a prefix) as items.
    public static func s3Objects(bucket: String, prefix: String? = nil, maxItems: Int? = nil) -> ItemReader {
        var parameters: [PayloadField] = [PayloadField("Bucket", .template(.value(.string(bucket))))]
        if let prefix { parameters.append(PayloadField("Prefix", .template(.value(.string(prefix))))) }
        var config: JSONObject?
        if let maxItems { config = JSONObject([("MaxItems", .number(JSONNumber(maxItems)))]) }
        return ItemReader(resource: "arn:aws:states:::s3:listObjectsV2", readerConfig: config, parameters: .object(parameters))
    }

    /// Reads a JSON array, a CSV file or a JSONL file from S3.
    public static func s3File(bucket: String, key: String, inputType: String = "JSON", maxItems: Int? = nil) -> ItemReader {
        var config: [(String, JSONValue)] = [("InputType", .string(inputType))]
        if inputType == "CSV" { config.append(("CSVHeaderLocation", "FIRST_ROW")) }
        if let maxItems { config.append(("MaxItems", .number(JSONNumber(maxItems)))) }
        return ItemReader(resource: "arn:aws:states:::s3:getObject", readerConfig: JSONObject(config),
                          parameters: .object([PayloadField("Bucket", .template(.value(.string(bucket)))), PayloadField("Key", .template(.value(.string(key))))]))
    }
}

extension ItemBatcher {
    /// Batches of at most `maxItems` items (and at most `maxBytes` bytes).
    public static func batches(maxItems: Int? = nil, maxBytes: Int? = nil) -> ItemBatcher {
        ItemBatcher(maxItemsPerBatch: maxItems.map(ValueSource.literal), maxInputBytesPerBatch: maxBytes.map(ValueSource.literal))
    }
}

extension ResultWriter {
    /// Writes the map run's results to S3.
    public static func s3(bucket: String, prefix: String) -> ResultWriter {
        ResultWriter(resource: "arn:aws:states:::s3:putObject",
                     parameters: .object([PayloadField("Bucket", .template(.value(.string(bucket)))), PayloadField("Prefix", .template(.value(.string(prefix))))]))
    }
}
