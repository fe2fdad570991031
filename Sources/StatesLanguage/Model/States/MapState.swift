/// A `Map` state: runs its item processor once per item of an array (inline) or of a data set (distributed).
public struct MapState: Sendable, Hashable {
    /// `ItemProcessor` (or the older `Iterator`): the state machine each item runs.
    public var itemProcessor: ItemProcessor
    /// Where the execution goes next: a `Next` state or the end.
    public var transition: Transition
    /// `InputPath`: selects the part of the state input the state works on; `nil` when absent (the whole input), `.null` for an empty object.
    public var inputPath: NullablePath?
    /// `ItemsPath`: where the items are in the input (`$` when absent).
    public var itemsPath: Path?
    /// JSONata `Items`: an array or an expression.
    public var items: JSONValue?
    /// `ItemSelector`, or the older `Parameters` (see ``itemSelectorField``).
    public var itemSelector: PayloadTemplate?
    /// Which key carried ``itemSelector``.
    public var itemSelectorField: ItemSelectorField
    /// `ItemReader`: where a Distributed Map reads its items (an S3 object or listing); `nil` when the items come from the input.
    public var itemReader: ItemReader?
    /// `ItemBatcher`: how items are grouped into batches; `nil` when each item runs alone.
    public var itemBatcher: ItemBatcher?
    /// `ResultWriter`: where a Distributed Map writes its results; `nil` when they are returned in the output.
    public var resultWriter: ResultWriter?
    /// `MaxConcurrency` (or `MaxConcurrencyPath`): how many iterations may run at once; `nil` or `0` for no limit.
    public var maxConcurrency: ValueSource<Int>?
    /// `ToleratedFailureCount` (or its `Path` form): how many failed items the Map tolerates; `nil` when absent (none).
    public var toleratedFailureCount: ValueSource<Int>?
    /// `ToleratedFailurePercentage` (or its `Path` form): the share of failed items, 0 to 100, the Map tolerates; `nil` when absent (none).
    public var toleratedFailurePercentage: ValueSource<JSONNumber>?
    /// `Label`: a name for the Map run's child executions (Distributed mode); `nil` when absent.
    public var label: String?
    /// `ResultSelector` (JSONPath): the payload template that reshapes the result before `ResultPath`; `nil` when absent.
    public var resultSelector: PayloadTemplate?
    /// `ResultPath`: where the result goes in the state input; `nil` when absent (the result replaces the input), `.null` to discard it.
    public var resultPath: NullablePath?
    /// `OutputPath`: selects the part of the state output passed on; `nil` when absent (all of it), `.null` for an empty object.
    public var outputPath: NullablePath?
    /// `Output` (JSONata): the state output, a value with `{% … %}` expressions; `nil` when absent (the result is the output).
    public var output: JSONValue?
    /// `Assign`: the variables the state sets when it exits; `nil` when absent.
    public var assign: PayloadTemplate?
    /// `Retry`: the retriers, tried in order; empty when the state never retries.
    public var retry: [Retrier]
    /// `Catch`: the catchers, tried in order once retries are exhausted; empty when nothing is caught.
    public var catchers: [Catcher]

    /// `ItemSelector` (current) or `Parameters` (older name of the same field).
    public enum ItemSelectorField: String, Sendable, Hashable {
        /// `ItemSelector`.
        case itemSelector = "ItemSelector"
        /// `Parameters`, the older name.
        case parameters = "Parameters"
    }

    /// Makes a Map state.
    public init(
        itemProcessor: ItemProcessor, transition: Transition, inputPath: NullablePath? = nil, itemsPath: Path? = nil,
        items: JSONValue? = nil, itemSelector: PayloadTemplate? = nil, itemSelectorField: ItemSelectorField = .itemSelector,
        itemReader: ItemReader? = nil, itemBatcher: ItemBatcher? = nil, resultWriter: ResultWriter? = nil,
        maxConcurrency: ValueSource<Int>? = nil, toleratedFailureCount: ValueSource<Int>? = nil,
        toleratedFailurePercentage: ValueSource<JSONNumber>? = nil, label: String? = nil,
        resultSelector: PayloadTemplate? = nil, resultPath: NullablePath? = nil, outputPath: NullablePath? = nil,
        output: JSONValue? = nil, assign: PayloadTemplate? = nil, retry: [Retrier] = [], catchers: [Catcher] = []
    ) {
        self.itemProcessor = itemProcessor
        self.transition = transition
        self.inputPath = inputPath
        self.itemsPath = itemsPath
        self.items = items
        self.itemSelector = itemSelector
        self.itemSelectorField = itemSelectorField
        self.itemReader = itemReader
        self.itemBatcher = itemBatcher
        self.resultWriter = resultWriter
        self.maxConcurrency = maxConcurrency
        self.toleratedFailureCount = toleratedFailureCount
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.label = label
        self.resultSelector = resultSelector
        self.resultPath = resultPath
        self.outputPath = outputPath
        self.output = output
        self.assign = assign
        self.retry = retry
        self.catchers = catchers
    }

    /// Whether the map runs as a distributed map (child executions).
    public var isDistributed: Bool { itemProcessor.processorConfig?.mode == .distributed }
}

/// The states a Map runs for each item (`ItemProcessor`, or the older `Iterator`).
public struct ItemProcessor: Sendable, Hashable, StateContainer {
    /// `Comment`: free text for readers; `nil` when absent.
    public var comment: String?
    /// `ProcessorConfig`: the Map's mode and child execution type; `nil` when absent (inline).
    public var processorConfig: ProcessorConfig?
    /// `StartAt`: the name of the first state.
    public var startAt: String
    /// `States`: the states, in the order they were written.
    public var states: [NamedState]
    /// Which key carried the processor.
    public var field: Field

    /// `ItemProcessor` (current) or `Iterator` (older name, no `ProcessorConfig`).
    public enum Field: String, Sendable, Hashable {
        /// `ItemProcessor`.
        case itemProcessor = "ItemProcessor"
        /// `Iterator`, the older name.
        case iterator = "Iterator"
    }

    /// Makes an item processor.
    public init(
        comment: String? = nil, processorConfig: ProcessorConfig? = nil, startAt: String, states: [NamedState],
        field: Field = .itemProcessor
    ) {
        self.comment = comment
        self.processorConfig = processorConfig
        self.startAt = startAt
        self.states = states
        self.field = field
    }
}

/// `ProcessorConfig`: inline or distributed, and the child execution type.
public struct ProcessorConfig: Sendable, Hashable {
    /// `Mode`: `INLINE` or `DISTRIBUTED`; `nil` when absent (inline).
    public var mode: Mode?
    /// `ExecutionType`: the kind of child executions a Distributed Map starts; `nil` when absent.
    public var executionType: ExecutionType?

    /// `Mode`: where the Map runs its iterations.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Iterations run inside the parent execution (at most 40 at once).
        case inline = "INLINE"
        /// Iterations run as child executions (a Distributed Map).
        case distributed = "DISTRIBUTED"
    }

    /// `ExecutionType`: the kind of child workflow a Distributed Map starts.
    public enum ExecutionType: String, Sendable, Hashable, CaseIterable {
        /// Standard child workflows.
        case standard = "STANDARD"
        /// Express child workflows.
        case express = "EXPRESS"
    }

    /// Makes a processor configuration; `nil` leaves a field out.
    public init(mode: Mode? = nil, executionType: ExecutionType? = nil) {
        self.mode = mode
        self.executionType = executionType
    }
}

/// `ItemReader`: where a distributed map reads its items (S3 objects, CSV/JSON files, manifests).
public struct ItemReader: Sendable, Hashable {
    /// `Resource`: the S3 API the reader calls, such as `arn:aws:states:::s3:getObject`.
    public var resource: String
    /// `ReaderConfig` as written (`InputType`, `CSVHeaderLocation`, `CSVHeaders`, `MaxItems`, `MaxItemsPath`, ...).
    public var readerConfig: JSONObject?
    /// `Parameters` (JSONPath): the request (bucket, key, prefix); `nil` when absent.
    public var parameters: PayloadTemplate?
    /// `Arguments` (JSONata): the request; `nil` when absent.
    public var arguments: JSONValue?

    /// Makes an item reader.
    public init(resource: String, readerConfig: JSONObject? = nil, parameters: PayloadTemplate? = nil, arguments: JSONValue? = nil) {
        self.resource = resource
        self.readerConfig = readerConfig
        self.parameters = parameters
        self.arguments = arguments
    }
}

/// `ItemBatcher`: groups items into batches for each child execution.
public struct ItemBatcher: Sendable, Hashable {
    /// `MaxItemsPerBatch` (or its `Path` form): the most items in one batch; `nil` when absent.
    public var maxItemsPerBatch: ValueSource<Int>?
    /// `MaxInputBytesPerBatch` (or its `Path` form): the largest batch, in bytes; `nil` when absent.
    public var maxInputBytesPerBatch: ValueSource<Int>?
    /// `BatchInput`: a JSON object merged into every batch.
    public var batchInput: PayloadTemplate?

    /// Makes an item batcher.
    public init(maxItemsPerBatch: ValueSource<Int>? = nil, maxInputBytesPerBatch: ValueSource<Int>? = nil, batchInput: PayloadTemplate? = nil) {
        self.maxItemsPerBatch = maxItemsPerBatch
        self.maxInputBytesPerBatch = maxInputBytesPerBatch
        self.batchInput = batchInput
    }
}

/// `ResultWriter`: where a distributed map writes its results.
public struct ResultWriter: Sendable, Hashable {
    /// `Resource`: the S3 API the writer calls; `nil` when only `WriterConfig` is given.
    public var resource: String?
    /// `Parameters` (JSONPath): the request (bucket, prefix); `nil` when absent.
    public var parameters: PayloadTemplate?
    /// `Arguments` (JSONata): the request; `nil` when absent.
    public var arguments: JSONValue?
    /// `WriterConfig` as written (`OutputType`, `Transformation`).
    public var writerConfig: JSONObject?

    /// Makes a result writer.
    public init(resource: String? = nil, parameters: PayloadTemplate? = nil, arguments: JSONValue? = nil, writerConfig: JSONObject? = nil) {
        self.resource = resource
        self.parameters = parameters
        self.arguments = arguments
        self.writerConfig = writerConfig
    }
}
