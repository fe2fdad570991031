import Foundation
import StatesLanguage

/// A JSONata evaluation error: JSONata's code (`T2001`, `D3060`, `S0301`, ...) and a message.
///
/// Executions report every failed evaluation as `States.QueryEvaluationError` whose cause starts
/// with the code; diagnostics and `statecraft eval` show the code itself.
struct JSONataError: Error, Equatable {
    /// JSONata's error code, e.g. `T2001`.
    var code: String
    /// What went wrong, in words.
    var message: String

    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`, the form causes use.
    var cause: String { "\(code): \(message)" }

    /// `D1001`: a number with no JSON form (infinite, or not a number) where JSONata needs one.
    static func numberOutOfRange(_ d: Double) -> JSONataError {
        JSONataError("D1001", "Number out of range: \(d.isNaN ? "NaN" : d > 0 ? "Infinity" : "-Infinity")")
    }
}

extension JSONataEvaluator {
    /// An ordered object of evaluation values.
    struct Object {
        private(set) var keys: [String] = []
        private(set) var values: [String: Value] = [:]
        /// An identity the transform operator gives the objects of its copy (0 otherwise).
        var id = 0

        init() {}

        var count: Int { keys.count }
        var isEmpty: Bool { keys.isEmpty }

        subscript(key: String) -> Value? {
            get { values[key] }
            set {
                if let newValue {
                    if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
                } else if values.removeValue(forKey: key) != nil {
                    keys.removeAll { $0 == key }
                }
            }
        }

        /// Members in key order.
        var members: [(key: String, value: Value)] { keys.compactMap { k in values[k].map { (k, $0) } } }
    }

    /// How an array came to be, which decides how paths flatten it (JSONata's array flags).
    struct ArrayFlags: OptionSet {
        let rawValue: UInt8
        /// A sequence of path results, not a JSON array: a singleton collapses to its item.
        static let sequence = ArrayFlags(rawValue: 1)
        /// A sequence that stays an array even with one item (`[]` on a step).
        static let keepSingleton = ArrayFlags(rawValue: 2)
        /// Made by an array constructor `[...]`: a path does not flatten it.
        static let constructed = ArrayFlags(rawValue: 4)
        /// A sequence wrapping a single array value (`$` of an array input), so it flattens once.
        static let outerWrapper = ArrayFlags(rawValue: 8)
    }

    /// An evaluation value. *Undefined* is `nil` of `Value?`.
    indirect enum Value {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Value], ArrayFlags)
        case object(Object)
        case function(Function)
        case regex(JSONataRegex)

        static func sequence(_ items: [Value]) -> Value { .array(items, .sequence) }

        var isArray: Bool { if case .array = self { true } else { false } }
        var isSequence: Bool { if case .array(_, let f) = self { f.contains(.sequence) } else { false } }
        var isFunction: Bool {
            switch self {
            case .function, .regex: true
            default: false
            }
        }
        var arrayItems: [Value]? { if case .array(let a, _) = self { a } else { nil } }
        var numberValue: Double? { if case .number(let d) = self { d } else { nil } }
        var stringValue: String? { if case .string(let s) = self { s } else { nil } }
        var objectValue: Object? { if case .object(let o) = self { o } else { nil } }
        var flags: ArrayFlags { if case .array(_, let f) = self { f } else { [] } }

        /// The same array with other flags; other values unchanged.
        func with(flags: ArrayFlags) -> Value {
            if case .array(let a, _) = self { return .array(a, flags) }
            return self
        }

        /// JSONata's type name (`$type`).
        var typeName: String {
            switch self {
            case .null: "null"
            case .bool: "boolean"
            case .number: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            case .function, .regex: "function"
            }
        }

        /// Converts a JSON value.
        init(_ json: JSONValue) {
            switch json {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .number(let n): self = .number(n.doubleValue)
            case .string(let s): self = .string(s)
            case .array(let a): self = .array(a.map(Value.init), [])
            case .object(let o):
                var object = Object()
                for m in o.members { object[m.key] = Value(m.value) }
                self = .object(object)
            }
        }

        /// The value as JSON, as `JSON.stringify` writes it: functions inside arrays become `null`,
        /// members holding functions are left out; a function itself has no JSON form (`nil`).
        var json: JSONValue? {
            switch self {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .number(let d): return .number(JSONNumber(d))
            case .string(let s): return .string(s)
            case .array(let a, _): return .array(a.map { $0.json ?? .null })
            case .object(let o):
                var pairs: [(String, JSONValue)] = []
                for (k, v) in o.members { if let j = v.json { pairs.append((k, j)) } }
                return .object(JSONObject(distinctPairs: pairs))
            case .function, .regex: return nil
            }
        }
    }

    /// A callable: a lambda, a built-in function, a partial application, or a regular expression's
    /// matcher.
    final class Function {
        enum Kind {
            /// A built-in; receives the validated arguments.
            case builtin(([Value?], Call) throws(JSONataError) -> Value?)
            /// `function($a, $b) { body }`, closed over its environment and context.
            case lambda(parameters: [String], body: Node, environment: Environment, context: Context)
            /// `f(?, x)`: `arguments` has `nil` where a placeholder stands.
            case partial(Function, arguments: [Value?], placeholders: [Bool])
        }
        let kind: Kind
        let signature: JSONataSignature?
        /// The name it is called by, for messages.
        var name: String

        init(_ kind: Kind, signature: JSONataSignature?, name: String = "lambda") {
            self.kind = kind
            self.signature = signature
            self.name = name
        }

        /// How many arguments it takes (for `$map` and friends, which pass index and array when wanted).
        var arity: Int {
            switch kind {
            case .builtin: return signature?.parameters.filter { !$0.isOptional }.count ?? 0
            case .lambda(let parameters, _, _, _): return parameters.count
            case .partial(_, _, let placeholders): return placeholders.filter { $0 }.count
            }
        }
    }

    /// What a built-in sees besides its arguments: the evaluator (to call functions back) and the
    /// context value.
    struct Call {
        let evaluator: Machine
        let context: Value?
    }

    /// Variable scopes, innermost last.
    class Environment {
        /// Bindings; a name bound to *undefined* holds `.some(nil)` and hides outer bindings.
        var values: [String: Value?]
        let parent: Environment?
        /// Made by a block `( … )`: binds in it are looked at when the block ends (``Machine/retire(_:)``).
        let isBlockScope: Bool
        init(_ values: [String: Value], parent: Environment?, isBlockScope: Bool = false) {
            self.values = values
            self.parent = parent
            self.isBlockScope = isBlockScope
        }
        func lookup(_ name: String) -> Value? {
            var scope: Environment? = self
            while let s = scope {
                if let v = s.values[name] { return v }
                scope = s.parent
            }
            return nil
        }
    }

    /// The ancestors of a context value (for the parent operator `%`), nearest first.
    final class Ancestry {
        let value: Value
        let parent: Ancestry?
        init(_ value: Value, parent: Ancestry?) {
            self.value = value
            self.parent = parent
        }
    }

    /// The context of an evaluation: the value `$` and, when the expression uses `%`, its ancestors.
    struct Context {
        var value: Value?
        var ancestry: Ancestry?
        init(_ value: Value?, ancestry: Ancestry? = nil) {
            self.value = value
            self.ancestry = ancestry
        }
    }
}
