import StatesLanguage

/// The program a TestState request runs and where its state is in it. A definition of one state is
/// run as a machine of that state alone, with a `Succeed` state standing for each state it names
/// (its `Next`, its Choice targets, its catchers' `Next`), so the same checks and the same
/// interpreter serve both forms.
struct TestStateDefinition {
    let program: Program
    /// The scope and index of the tested state.
    let scope: Int
    let index: Int

    var state: CompiledState { program.scopes[scope].states[index] }

    /// The name a definition of one state gives its state when the request names none.
    static let defaultStateName = "TestState"

    init(_ request: TestStateRequest) throws(TestStateError) {
        let bytes = Array(request.definition.utf8)
        let parsed = try? JSONParser.parse(bytes)
        let name: String
        let program: Program
        if case .object(let object)? = parsed, object["States"] == nil, object["Type"] != nil {
            name = request.stateName ?? Self.defaultName(avoiding: Self.stateNames(in: .object(object)))
            program = try Self.single(object, bytes: bytes, name: name)
        } else {
            let result = Validator().check(bytes)
            guard let machine = result.machine, result.isValid else { throw .invalidDefinition(result.diagnostics) }
            program = Program(machine)
            guard let stateName = request.stateName else {
                throw .invalidRequest(field: "stateName", message: "the definition is a state machine: name the state to test (its states: "
                                      + program.stateNames.prefix(10).joined(separator: ", ") + (program.stateNames.count > 10 ? ", …)" : ")"),
                                      position: nil)
            }
            name = stateName
        }
        for (s, scope) in program.scopes.enumerated() {
            if let i = scope.states.firstIndex(where: { $0.name == name }) {
                (self.program, self.scope, self.index) = (program, s, i)
                return
            }
        }
        let hint = Spelling.suggestion(for: name, among: program.stateNames).map { "; did you mean \"\($0)\"?" } ?? ""
        throw .invalidRequest(field: "stateName", message: "the definition has no state named \"\(name)\"\(hint)", position: nil)
    }

    /// ``defaultStateName``, or with a number when the state's own branches or processor use that name.
    static func defaultName(avoiding names: Set<String>) -> String {
        var name = defaultStateName
        var n = 1
        while names.contains(name) {
            n += 1
            name = defaultStateName + "\(n)"
        }
        return name
    }

    /// The names of the states nested in a state's definition (its branches' and item processor's).
    static func stateNames(in value: JSONValue) -> Set<String> {
        var names: Set<String> = []
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .object(let object):
                if case .object(let states)? = object["States"] { names.formUnion(states.keys) }
                pending += object.members.map(\.value)
            case .array(let items): pending += items
            default: break
            }
        }
        return names
    }

    /// Checks and compiles a definition of one state as a machine of it: the state's text comes on the
    /// second line of the machine's, so each diagnostic moves back one line to point into the state's text.
    static func single(_ state: JSONObject, bytes: [UInt8], name: String) throws(TestStateError) -> Program {
        var targets: [String] = []
        func add(_ value: JSONValue?) { if let t = value?.stringValue, t != name, !targets.contains(t) { targets.append(t) } }
        add(state["Next"])
        add(state["Default"])
        for rule in state["Choices"]?.arrayValue ?? [] { add(rule["Next"]) }
        for catcher in state["Catch"]?.arrayValue ?? [] { add(catcher["Next"]) }
        let quotedName = DataFlow.serialize(.string(name))
        let prefix = Array("{\"StartAt\":\(quotedName),\"States\":{\(quotedName):\n".utf8)
        var suffix = "\n"
        for target in targets { suffix += ",\(DataFlow.serialize(.string(target))):{\"Type\":\"Succeed\"}" }
        suffix += "}}"
        let result = Validator().check(prefix + bytes + Array(suffix.utf8))
        guard let machine = result.machine, result.isValid else {
            throw .invalidDefinition(result.diagnostics.map { d in
                var d = d
                if case .json(let p)? = d.location, p.offset >= prefix.count, p.offset - prefix.count <= bytes.count {
                    d.location = .json(SourcePosition(line: p.line - 1, column: p.column, offset: p.offset - prefix.count))
                }
                if d.pointer.tokens.count >= 2, d.pointer.tokens[0] == "States", d.pointer.tokens[1] == name {
                    d.pointer = JSONPointer(tokens: Array(d.pointer.tokens.dropFirst(2)))
                }
                return d
            })
        }
        return Program(machine)
    }
}
