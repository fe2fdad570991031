import Foundation
import StatesLanguage

extension JSONataEvaluator {
    static func registerArrays(_ r: inout Registry, _ random: RandomSource) {
        r.define("count", "<a:n>") { a, _ in .number(Double(arrayArgument(a, 0)?.count ?? 0)) }
        r.define("append", "<xx:a>") { a, call throws(JSONataError) in
            guard let first = argument(a, 0) else { return argument(a, 1) }
            guard let second = argument(a, 1) else { return first }
            let joined = Machine.items(first) + Machine.items(second)
            try call.evaluator.checkCount(joined.count)
            let result = Value.array(joined, [])
            try call.evaluator.checkWeight(result)
            return result
        }
        r.define("reverse", "<a:a>") { a, _ in
            guard let items = arrayArgument(a, 0) else { return nil }
            if items.count <= 1 { return argument(a, 0) }
            return .array(items.reversed(), [])
        }
        r.define("shuffle", "<a:a>") { a, _ in
            guard var items = arrayArgument(a, 0) else { return nil }
            if items.count <= 1 { return argument(a, 0) }
            for i in stride(from: items.count - 1, to: 0, by: -1) {
                let j = Int(random.generator.next() % UInt64(i + 1))
                items.swapAt(i, j)
            }
            return .array(items, [])
        }
        r.define("distinct", "<x:x>") { a, _ in
            guard let v = argument(a, 0) else { return nil }
            guard case .array(let items, let flags) = v, items.count > 1 else { return v }
            var out: [Value] = []
            for item in items where !out.contains(where: { Machine.deepEqual($0, item) }) { out.append(item) }
            return .array(out, flags.contains(.sequence) ? .sequence : [])
        }
        r.define("sort", "<af?:a>") { a, call throws(JSONataError) in
            guard let items = arrayArgument(a, 0) else { return nil }
            if items.count <= 1 { return argument(a, 0) }
            if let comparator = argument(a, 1) {
                return .array(try Machine.mergeSort(items) { (x: Value, y: Value) throws(JSONataError) -> Bool in
                    Machine.truthy(try call.evaluator.apply(comparator, [x, y], context: call.context))
                }, [])
            }
            if items.allSatisfy({ $0.numberValue != nil }) {
                return .array(try Machine.mergeSort(items) { (x: Value, y: Value) throws(JSONataError) -> Bool in (x.numberValue ?? 0) > (y.numberValue ?? 0) }, [])
            }
            if items.allSatisfy({ $0.stringValue != nil }) {
                return .array(try Machine.mergeSort(items) { (x: Value, y: Value) throws(JSONataError) -> Bool in
                    Machine.compareStrings(x.stringValue ?? "", y.stringValue ?? "") > 0
                }, [])
            }
            throw JSONataError("D3070", "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function")
        }
        r.define("map", "<af>") { a, call throws(JSONataError) in
            guard let items = arrayArgument(a, 0), let f = argument(a, 1) else { return nil }
            let whole = Value.array(items, [])
            var out: [Value] = []
            for (i, item) in items.enumerated() {
                if let v = try call.evaluator.apply(f, hofArguments(f, item, .number(Double(i)), whole), context: call.context) { out.append(v) }
            }
            return .sequence(out)
        }
        r.define("filter", "<af>") { a, call throws(JSONataError) in
            guard let items = arrayArgument(a, 0), let f = argument(a, 1) else { return nil }
            let whole = Value.array(items, [])
            var out: [Value] = []
            for (i, item) in items.enumerated()
            where Machine.truthy(try call.evaluator.apply(f, hofArguments(f, item, .number(Double(i)), whole), context: call.context)) {
                out.append(item)
            }
            return .sequence(out)
        }
        r.define("single", "<af?>") { a, call throws(JSONataError) in
            guard let items = arrayArgument(a, 0) else { return nil }
            let whole = Value.array(items, [])
            var found: Value? = nil
            for (i, item) in items.enumerated() {
                var matches = true
                if let f = argument(a, 1) {
                    matches = Machine.truthy(try call.evaluator.apply(f, hofArguments(f, item, .number(Double(i)), whole), context: call.context))
                }
                if matches {
                    if found != nil { throw JSONataError("D3138", "The $single() function expected exactly 1 matching result.  Instead it matched more.") }
                    found = item
                }
            }
            guard let found else { throw JSONataError("D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0.") }
            return found
        }
        r.define("reduce", "<afj?:j>") { a, call throws(JSONataError) in
            guard let items = arrayArgument(a, 0), let f = argument(a, 1) else { return nil }
            let arity: Int = if case .function(let fn) = f { fn.arity } else { 2 }
            if arity < 2 { throw JSONataError("D3050", "The second argument of reduce function must be a function with at least two arguments") }
            var accumulator: Value?
            var index = 0
            if let initial = argument(a, 2) {
                accumulator = initial
            } else if let first = items.first {
                accumulator = first
                index = 1
            }
            let whole = Value.array(items, [])
            while index < items.count {
                var args: [Value?] = [accumulator, items[index]]
                if arity >= 3 { args.append(.number(Double(index))) }
                if arity >= 4 { args.append(whole) }
                accumulator = try call.evaluator.apply(f, args, context: call.context)
                try call.evaluator.tick()
                index += 1
            }
            return accumulator
        }
        r.define("zip", "<a+>") { a, call throws(JSONataError) in
            let lists = a.map { arrayArgument([$0], 0) ?? [] }
            let length = lists.map(\.count).min() ?? 0
            let result = Value.array((0..<length).map { i in .array(lists.map { $0[i] }, []) }, [])
            try call.evaluator.checkWeight(result)
            return result
        }
    }
}
