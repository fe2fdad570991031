/// A `Map` state: runs its item processor once per item of an array (inline) or of a data set (distributed).
public struct MapState: Sendable, Hashable {
    public var itemProcessor: ItemProcessor
    public var transition: Transition
    public var inputPath: NullablePath?
    /// `ItemsPath`: where the items are in the input (`$` when absent).
    public var itemsPath: Path?
    /// JSONata `Items`: an array or an expression.
    public var items: JSONValue?
    /// `ItemSelector`, or the older `Parameters` (see ``itemSelectorField``).
    public var itemSelector: PayloadTemplate?
    /// Which key carried ``itemSelector``.
    public var itemSelectorField: ItemSelectorField
    public var itemReader: ItemReader?
    public var itemBatcher: ItemBatcher?
    public var resultWriter: ResultWriter?
    public var maxConcurrency: ValueSource<Int>?
    public var toleratedFailureCount: ValueSource<Int>?
    public var toleratedFailurePercentage: ValueSource<JSONNumber>?
    public var label: String?
    public var resultSelector: PayloadTemplate?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: PayloadTemplate?
    public var retry: [Retrier]
    public var catchers: [Catcher]

    /// `ItemSelector` (current) or `Parameters` (older name of the same field).
    public enum ItemSelectorField: String, Sendable, Hashable {
        case itemSelector = "ItemSelector"
        case parameters = "Parameters"
    }

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
    public var comment: String?
    public var processorConfig: ProcessorConfig?
    public var startAt: String
    public var states: [NamedState]
    /// Which key carried the processor.
    public var field: Field

    /// `ItemProcessor` (current) or `Iterator` (older name, no `ProcessorConfig`).
    public enum Field: String, Sendable, Hashable {
        case itemProcessor = "ItemProcessor"
        case iterator = "Iterator"
    }

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
    public var mode: Mode?
    public var executionType: ExecutionType?

    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case inline = "INLINE"
        case distributed = "DISTRIBUTED"
    }

    public enum ExecutionType: String, Sendable, Hashable, CaseIterable {
        case standard = "STANDARD"
        case express = "EXPRESS"
    }

    public init(mode: Mode? = nil, executionType: ExecutionType? = nil) {
        self.mode = mode
        self.executionType = executionType
    }
}

/// `ItemReader`: where a distributed map reads its items (S3 objects, CSV/JSON files, manifests).
public struct ItemReader: Sendable, Hashable {
    public var resource: String
    /// `ReaderConfig` as written (`InputType`, `CSVHeaderLocation`, `CSVHeaders`, `MaxItems`, `MaxItemsPath`, ...).
    public var readerConfig: JSONObject?
    public var parameters: PayloadTemplate?
    public var arguments: JSONValue?

    public init(resource: String, readerConfig: JSONObject? = nil, parameters: PayloadTemplate? = nil, arguments: JSONValue? = nil) {
        self.resource = resource
        self.readerConfig = readerConfig
        self.parameters = parameters
        self.arguments = arguments
    }
}

/// `ItemBatcher`: groups items into batches for each child execution.
public struct ItemBatcher: Sendable, Hashable {
    public var maxItemsPerBatch: ValueSource<Int>?
    public var maxInputBytesPerBatch: ValueSource<Int>?
    /// `BatchInput`: a JSON object merged into every batch.
    public var batchInput: PayloadTemplate?

    public init(maxItemsPerBatch: ValueSource<Int>? = nil, maxInputBytesPerBatch: ValueSource<Int>? = nil, batchInput: PayloadTemplate? = nil) {
        self.maxItemsPerBatch = maxItemsPerBatch
        self.maxInputBytesPerBatch = maxInputBytesPerBatch
        self.batchInput = batchInput
    }
}

/// `ResultWriter`: where a distributed map writes its results.
public struct ResultWriter: Sendable, Hashable {
    public var resource: String?
    public var parameters: PayloadTemplate?
    public var arguments: JSONValue?
    /// `WriterConfig` as written (`OutputType`, `Transformation`).
    public var writerConfig: JSONObject?

    public init(resource: String? = nil, parameters: PayloadTemplate? = nil, arguments: JSONValue? = nil, writerConfig: JSONObject? = nil) {
        self.resource = resource
        self.parameters = parameters
        self.arguments = arguments
        self.writerConfig = writerConfig
    }
}
