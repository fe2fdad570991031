import StatesLanguage

/// Whether control can continue after a step: ``Continues`` for most steps, ``Terminates`` for
/// `Succeed`, `Fail` and jumps. The builder accepts a following step only after a `Continues` list,
/// so a terminal state can never be given a successor: that does not compile.
public protocol StepEnding {}
/// The step lets the flow continue to the next step.
public enum Continues: StepEnding {}
/// The step ends the flow here (Succeed, Fail, Goto, Break, Continue).
public enum Terminates: StepEnding {}
/// Steps no earlier step flows into (``Detached``); they may follow a terminal step.
public enum Unreached: StepEnding {}

/// Anything that can be written inside a state machine's builder block.
public protocol Step<Ending> {
    /// How the step ends its flow: ``Continues``, ``Terminates`` or ``Unreached``.
    associatedtype Ending: StepEnding
    /// The step as a node of the flow graph (used by lowering; not API).
    var _node: _StepNode { get }
}

/// Any sequence of steps, whatever its ending (what builder blocks that do not care produce).
public struct AnySteps: Sendable {
    let nodes: [_StepNode]
}

/// A step list of either ending, for the builder's optional and either-branch parts.
public protocol _AnyStepList {
    var _nodes: [_StepNode] { get }
}

/// A sequence of steps, typed by whether the flow can continue after it.
public struct StepList<Ending: StepEnding>: Step, _AnyStepList {
    public var _nodes: [_StepNode] { nodes }
    public let _node: _StepNode
    init(_ nodes: [_StepNode]) { _node = .group(nodes) }
    init(node: _StepNode) { _node = node }

    var nodes: [_StepNode] {
        if case .group(let nodes) = _node.kind { return nodes }
        return [_node]
    }
}

/// Steps after which the flow continues: the body type of most components and branches.
public typealias Steps = StepList<Continues>
/// Steps that end the flow (their last step is Succeed, Fail or a jump).
public typealias TerminalSteps = StepList<Terminates>

/// A reusable fragment of a workflow: a type whose `body` is written with the step builder.
///
/// ```swift
/// struct Notify: Component {
///     let topic: String
///     var body: Steps {
///         SNS.Publish("Notify", topic: .init(topic), message: "done")
///     }
/// }
/// ```
public protocol Component: Step {
    /// The steps this component stands for, written with the steps builder.
    @StepsBuilder var body: StepList<Ending> { get }
}

extension Component {
    public var _node: _StepNode { body._node }
}

/// Collects the steps of a block in order.
///
/// Sequences chain automatically; `if`, `if`/`else`, `switch` and `for` work as in ordinary Swift
/// (they choose which steps are *built*; branching at run time is ``Choice``).
@resultBuilder
public enum StepsBuilder {
    /// Turns one element written in the block into a part of it.
    public static func buildExpression<S: Step>(_ step: S) -> StepList<S.Ending> {
        StepList(node: step._node)
    }

    /// Joins the parts of a block in the order written.
    public static func buildBlock() -> StepList<Continues> { StepList([]) }

    /// Starts or extends a block with its next part.
    public static func buildPartialBlock<E>(first: StepList<E>) -> StepList<E> { first }

    /// A step may follow only steps after which the flow continues.
    public static func buildPartialBlock<E>(accumulated: StepList<Continues>, next: StepList<E>) -> StepList<E> {
        StepList(accumulated.nodes + next.nodes)
    }

    /// Detached steps may follow a terminal step; the flow stays ended.
    public static func buildPartialBlock(accumulated: StepList<Terminates>, next: StepList<Unreached>) -> StepList<Terminates> {
        StepList(accumulated.nodes + next.nodes)
    }

    /// More detached steps after detached steps.
    public static func buildPartialBlock(accumulated: StepList<Unreached>, next: StepList<Unreached>) -> StepList<Unreached> {
        StepList(accumulated.nodes + next.nodes)
    }

    /// An optional part may be absent, so the flow is taken to continue after it. (It takes an
    /// existential: with `if` and no `else` the builder also calls it with `nil`, where a generic
    /// ending could not be inferred.)
    public static func buildOptional(_ component: (any _AnyStepList)?) -> StepList<Continues> {
        StepList(component?._nodes ?? [])
    }

    /// The two sides of an `if`/`else` may end differently, so the flow is taken to continue after it
    /// (validation still reports a step that can never be reached).
    public static func buildEither(first component: any _AnyStepList) -> StepList<Continues> { StepList(component._nodes) }
    /// One branch of an `if`/`else` or `switch`.
    public static func buildEither(second component: any _AnyStepList) -> StepList<Continues> { StepList(component._nodes) }

    /// A `for` loop: the parts of every iteration, in order.
    public static func buildArray(_ components: [StepList<Continues>]) -> StepList<Continues> {
        StepList(components.flatMap(\.nodes))
    }

    /// A block inside `if #available`.
    public static func buildLimitedAvailability(_ component: any _AnyStepList) -> StepList<Continues> { StepList(component._nodes) }

    // The finished block keeps its ending where the context asks for one (a component's `body`), and
    // is erased to `AnySteps` where it does not (machines, branches, handlers).
    /// The finished block, checked for how it ends (a step after one that ends the flow does not compile).
    public static func buildFinalResult(_ component: StepList<Continues>) -> StepList<Continues> { component }
    /// The finished block, checked for how it ends (a step after one that ends the flow does not compile).
    public static func buildFinalResult(_ component: StepList<Terminates>) -> StepList<Terminates> { component }
    /// The finished block, checked for how it ends (a step after one that ends the flow does not compile).
    public static func buildFinalResult(_ component: StepList<Continues>) -> AnySteps { AnySteps(nodes: component.nodes) }
    /// The finished block, checked for how it ends (a step after one that ends the flow does not compile).
    public static func buildFinalResult(_ component: StepList<Terminates>) -> AnySteps { AnySteps(nodes: component.nodes) }
    /// The finished block, checked for how it ends (a step after one that ends the flow does not compile).
    public static func buildFinalResult(_ component: StepList<Unreached>) -> AnySteps { AnySteps(nodes: component.nodes) }
}

/// Where in Swift source a step was written.
public struct SwiftLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as `#fileID` gives it (`Module/File.swift`).
    public var fileID: String
    /// The line, counted from 1.
    public var line: Int
    /// Makes a location; DSL calls capture theirs with `#fileID` and `#line`.
    public init(fileID: String, line: Int) {
        self.fileID = fileID
        self.line = line
    }
    public var description: String { "\(fileID):\(line)" }
}
