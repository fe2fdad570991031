import Foundation
import StatesLanguage

extension JSONataEvaluator {
    // MARK: Objects and values: $keys, $lookup, $merge, $spread, $each, $sift, $boolean, $not, $exists, $type, $error, $assert

    static func registerObjects(_ r: inout Registry) {
        r.define("keys", "<x-:a<s>>") { a, _ in
            var keys: [String] = []
            var seen = Set<String>()
            for item in Machine.items(argument(a, 0)) {
                if case .object(let o) = item { for k in o.keys where seen.insert(k).inserted { keys.append(k) } }
            }
            return .sequence(keys.map { .string($0) })
        }
        r.define("lookup", "<x-s:x>") { a, _ in
            guard let key = stringArgument(a, 1) else { return nil }
            return Machine.lookup(argument(a, 0), key)
        }
        r.define("merge", "<a<o>:o>") { a, _ in
            guard let items = arrayArgument(a, 0) else { return nil }
            var merged = Object()
            for item in items { if case .object(let o) = item { for (k, v) in o.members { merged[k] = v } } }
            return .object(merged)
        }
        r.define("spread", "<x-:a<o>>") { a, _ in
            func spread(_ v: Value) -> [Value] {
                switch v {
                case .array(let items, _): return items.flatMap(spread)
                case .object(let o):
                    return o.members.map { m in
                        var single = Object()
                        single[m.key] = m.value
                        return .object(single)
                    }
                default: return [v]
                }
            }
            guard let v = argument(a, 0) else { return nil }
            if case .array = v { return .sequence(spread(v)) }
            if case .object = v { return .sequence(spread(v)) }
            return v
        }
        r.define("each", "<o-f:a>") { a, call throws(JSONataError) in
            guard case .object(let o)? = argument(a, 0), let f = argument(a, 1) else { return nil }
            var out: [Value] = []
            for (k, v) in o.members {
                if let r = try call.evaluator.apply(f, hofArguments(f, v, .string(k), .object(o)), context: call.context) { out.append(r) }
            }
            return .sequence(out)
        }
        r.define("sift", "<o-f?:o>") { a, call throws(JSONataError) in
            guard case .object(let o)? = argument(a, 0), let f = argument(a, 1) else { return nil }
            var out = Object()
            for (k, v) in o.members where Machine.truthy(try call.evaluator.apply(f, hofArguments(f, v, .string(k), .object(o)), context: call.context)) {
                out[k] = v
            }
            return out.isEmpty ? nil : .object(out)
        }
        r.define("boolean", "<x-:b>") { a, _ in argument(a, 0).map { .bool(Machine.truthy($0)) } }
        r.define("not", "<x-:b>") { a, _ in argument(a, 0).map { .bool(!Machine.truthy($0)) } }
        r.define("exists", "<x:b>") { a, _ in .bool(argument(a, 0) != nil) }
        r.define("type", "<x:s>") { a, _ in argument(a, 0).map { .string($0.typeName) } }
        r.define("error", "<s?:x>") { a, _ throws(JSONataError) in
            throw JSONataError("D3137", stringArgument(a, 0) ?? "$error() function evaluated")
        }
        r.define("assert", "<bs?:x>") { a, _ throws(JSONataError) in
            guard case .bool(true)? = argument(a, 0) else {
                throw JSONataError("D3141", stringArgument(a, 1) ?? "$assert() statement failed")
            }
            return nil
        }
        r.define("clone", "<(oa)-:o>") { a, _ in
            guard let v = argument(a, 0) else { return nil }
            return v.json.map { Value($0) }
        }
    }
}
