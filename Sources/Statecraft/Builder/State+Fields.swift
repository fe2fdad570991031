import StatesLanguage

/// Field access across state kinds, for modifiers and lowering. Setting a field a kind does not have
/// is ignored; the step protocols only offer modifiers for kinds that have them.
extension State {
    /// Sets the transition and (when given) the catchers in one change of the state's payload.
    mutating func setFlow(transition: Transition?, catchers: [Catcher]?) {
        switch kind {
        case .task(var s):
            if let transition { s.transition = transition }
            if let catchers { s.catchers = catchers }
            kind = .task(s)
        case .parallel(var s):
            if let transition { s.transition = transition }
            if let catchers { s.catchers = catchers }
            kind = .parallel(s)
        case .map(var s):
            if let transition { s.transition = transition }
            if let catchers { s.catchers = catchers }
            kind = .map(s)
        default:
            _transition = transition
        }
    }

    var _transition: Transition? {
        get { transition }
        set {
            guard let t = newValue else { return }
            switch kind {
            case .task(var s): s.transition = t; kind = .task(s)
            case .pass(var s): s.transition = t; kind = .pass(s)
            case .wait(var s): s.transition = t; kind = .wait(s)
            case .parallel(var s): s.transition = t; kind = .parallel(s)
            case .map(var s): s.transition = t; kind = .map(s)
            case .choice, .succeed, .fail: break
            }
        }
    }

    var _inputPath: NullablePath? {
        get {
            switch kind {
            case .task(let s): s.inputPath
            case .pass(let s): s.inputPath
            case .wait(let s): s.inputPath
            case .parallel(let s): s.inputPath
            case .map(let s): s.inputPath
            case .choice(let s): s.inputPath
            case .succeed(let s): s.inputPath
            case .fail: nil
            }
        }
        set {
            switch kind {
            case .task(var s): s.inputPath = newValue; kind = .task(s)
            case .pass(var s): s.inputPath = newValue; kind = .pass(s)
            case .wait(var s): s.inputPath = newValue; kind = .wait(s)
            case .parallel(var s): s.inputPath = newValue; kind = .parallel(s)
            case .map(var s): s.inputPath = newValue; kind = .map(s)
            case .choice(var s): s.inputPath = newValue; kind = .choice(s)
            case .succeed(var s): s.inputPath = newValue; kind = .succeed(s)
            case .fail: break
            }
        }
    }

    var _outputPath: NullablePath? {
        get {
            switch kind {
            case .task(let s): s.outputPath
            case .pass(let s): s.outputPath
            case .wait(let s): s.outputPath
            case .parallel(let s): s.outputPath
            case .map(let s): s.outputPath
            case .choice(let s): s.outputPath
            case .succeed(let s): s.outputPath
            case .fail: nil
            }
        }
        set {
            switch kind {
            case .task(var s): s.outputPath = newValue; kind = .task(s)
            case .pass(var s): s.outputPath = newValue; kind = .pass(s)
            case .wait(var s): s.outputPath = newValue; kind = .wait(s)
            case .parallel(var s): s.outputPath = newValue; kind = .parallel(s)
            case .map(var s): s.outputPath = newValue; kind = .map(s)
            case .choice(var s): s.outputPath = newValue; kind = .choice(s)
            case .succeed(var s): s.outputPath = newValue; kind = .succeed(s)
            case .fail: break
            }
        }
    }

    /// `Output`, for the kinds that have it.
    var _output: JSONValue? {
        get {
            switch kind {
            case .task(let s): s.output
            case .pass(let s): s.output
            case .wait(let s): s.output
            case .parallel(let s): s.output
            case .map(let s): s.output
            case .choice(let s): s.output
            case .succeed(let s): s.output
            case .fail: nil
            }
        }
        set {
            switch kind {
            case .task(var s): s.output = newValue; kind = .task(s)
            case .pass(var s): s.output = newValue; kind = .pass(s)
            case .wait(var s): s.output = newValue; kind = .wait(s)
            case .parallel(var s): s.output = newValue; kind = .parallel(s)
            case .map(var s): s.output = newValue; kind = .map(s)
            case .choice(var s): s.output = newValue; kind = .choice(s)
            case .succeed(var s): s.output = newValue; kind = .succeed(s)
            case .fail: break
            }
        }
    }

    var _resultPath: NullablePath? {
        get {
            switch kind {
            case .task(let s): s.resultPath
            case .pass(let s): s.resultPath
            case .parallel(let s): s.resultPath
            case .map(let s): s.resultPath
            default: nil
            }
        }
        set {
            switch kind {
            case .task(var s): s.resultPath = newValue; kind = .task(s)
            case .pass(var s): s.resultPath = newValue; kind = .pass(s)
            case .parallel(var s): s.resultPath = newValue; kind = .parallel(s)
            case .map(var s): s.resultPath = newValue; kind = .map(s)
            default: break
            }
        }
    }

    var _resultSelector: PayloadTemplate? {
        get {
            switch kind {
            case .task(let s): s.resultSelector
            case .parallel(let s): s.resultSelector
            case .map(let s): s.resultSelector
            default: nil
            }
        }
        set {
            switch kind {
            case .task(var s): s.resultSelector = newValue; kind = .task(s)
            case .parallel(var s): s.resultSelector = newValue; kind = .parallel(s)
            case .map(var s): s.resultSelector = newValue; kind = .map(s)
            default: break
            }
        }
    }

    var _parameters: PayloadTemplate? {
        get {
            switch kind {
            case .task(let s): s.parameters
            case .pass(let s): s.parameters
            case .parallel(let s): s.parameters
            case .map(let s): s.itemSelector
            default: nil
            }
        }
        set {
            switch kind {
            case .task(var s): s.parameters = newValue; kind = .task(s)
            case .pass(var s): s.parameters = newValue; kind = .pass(s)
            case .parallel(var s): s.parameters = newValue; kind = .parallel(s)
            case .map(var s): s.itemSelector = newValue; kind = .map(s)
            default: break
            }
        }
    }

    var _assign: PayloadTemplate? {
        get {
            switch kind {
            case .task(let s): s.assign
            case .pass(let s): s.assign
            case .wait(let s): s.assign
            case .parallel(let s): s.assign
            case .map(let s): s.assign
            case .choice(let s): s.assign
            case .succeed, .fail: nil
            }
        }
        set {
            switch kind {
            case .task(var s): s.assign = newValue; kind = .task(s)
            case .pass(var s): s.assign = newValue; kind = .pass(s)
            case .wait(var s): s.assign = newValue; kind = .wait(s)
            case .parallel(var s): s.assign = newValue; kind = .parallel(s)
            case .map(var s): s.assign = newValue; kind = .map(s)
            case .choice(var s): s.assign = newValue; kind = .choice(s)
            case .succeed, .fail: break
            }
        }
    }

    var _retry: [Retrier] {
        get { retriers }
        set {
            switch kind {
            case .task(var s): s.retry = newValue; kind = .task(s)
            case .parallel(var s): s.retry = newValue; kind = .parallel(s)
            case .map(var s): s.retry = newValue; kind = .map(s)
            default: break
            }
        }
    }

    var _catchers: [Catcher] {
        get { catchers }
        set {
            switch kind {
            case .task(var s): s.catchers = newValue; kind = .task(s)
            case .parallel(var s): s.catchers = newValue; kind = .parallel(s)
            case .map(var s): s.catchers = newValue; kind = .map(s)
            default: break
            }
        }
    }
}
