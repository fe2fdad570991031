import StatesLanguage

/// What TestState records of the one state it runs: the values of its data-flow stages, as the
/// state's own data flow computes them, and how the visit ended (the transition taken, the retrier
/// that would retry, the catcher that caught). The interpreter and the data flows fill it in through
/// ``Frame/inspector``, which is `nil` in every ordinary run.
final class StateInspector {
    /// `stateConfiguration.retrierRetryCount`: the retries already made by the retrier that matches.
    let retrierRetryCount: Int?

    // MARK: Data-flow stages

    var afterInputPath: JSONValue?
    var afterParameters: JSONValue?
    var afterArguments: JSONValue?
    var result: JSONValue?
    var afterResultSelector: JSONValue?
    var afterResultPath: JSONValue?

    // MARK: How the visit ended

    /// The state the visit goes to next (its index in the state's scope).
    var nextState: Int?
    /// The retrier that would retry, and the backoff before that retry.
    var retried: (index: Int, delay: VirtualTime)?
    /// The retrier that matched but had no attempts left.
    var exhaustedRetrier: Int?
    /// The catcher that caught, and the error it caught.
    var caught: (index: Int, error: RuntimeError)?

    init(retrierRetryCount: Int?) {
        self.retrierRetryCount = retrierRetryCount
    }

    /// A Pass, Choice, Wait or Succeed state left with `result` (its `Parameters` or `Result`, else its
    /// effective input) placed in its input at `ResultPath`.
    func left(result: JSONValue, parameters: Bool, placed: JSONValue) {
        if parameters { afterParameters = result }
        self.result = result
        afterResultPath = placed
    }

    /// A Task, Map or Parallel state left with its `result`, `selected` by `ResultSelector` (the result
    /// itself without one) and placed at `ResultPath`.
    func left(result: JSONValue, selected: JSONValue, placed: JSONValue) {
        self.result = result
        afterResultSelector = selected
        afterResultPath = placed
    }
}
