import StatesLanguage
import Testing

@testable import StatecraftSimulator

/// Seeded random inputs, paths, templates and intrinsic calls: nothing may crash, and every
/// failure must be a `RuntimeError` with one of the data layer's error names.
@Suite struct DataFuzzTests {
    struct Generator {
        var random: SeededRandom

        mutating func int(_ n: Int) -> Int { Int(random.next() % UInt64(max(n, 1))) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

        static let keys = ["a", "b", "c", "x", "1", "odd key", "é", "Test\\\"", ""]
        static let numbers = ["0", "-0", "1", "-7", "2.5", "1e3", "1.0", "12345678901234567890", "1e308", "-1e-300", "2147483647",
                              "2147483648", "-2147483649", "0.49999999999999994", "1e400"]
        static let strings = ["", "x", "a,b;c", "{}", "{\"k\":[1]}", "RGF0YQ==", "\u{1}\n\"\\", "🆗 é", "null", "-0", "MD5", "SHA-256"]

        mutating func json(_ depth: Int) -> JSONValue {
            switch int(depth > 0 ? 7 : 4) {
            case 0: return .null
            case 1: return .bool(int(2) == 0)
            case 2: return .number(JSONNumber(text: pick(Generator.numbers)) ?? JSONNumber(0))
            case 3: return .string(pick(Generator.strings))
            case 4, 5:
                var object = JSONObject()
                for _ in 0..<int(4) { object[pick(Generator.keys)] = json(depth - 1) }
                return .object(object)
            default:
                return .array((0..<int(4)).map { _ in json(depth - 1) })
            }
        }

        static let fragments = [".a", ".b", ".x", "['odd key']", "['a','b']", "[0]", "[1]", "[-1]", "[5]", "[*]", ".*", "[1:]", "[:-1]",
                                "[::-1]", "[0,1]", "..a", "..*", "..[0]", "[?(@.a)]", "[?(@.a > 1)]", "[?(@ == 'x' || !@.b)]",
                                "[?(@.a == $.b)]", "[?(@.c <= 2.5 && @.c != null)]", "[?(@.x == $$.State.Name)]", "[-3:10:2]"]

        mutating func pathText() -> String {
            var text = pick(["$", "$", "$", "$$", "$v", "$w"])
            for _ in 0..<int(5) { text += pick(Generator.fragments) }
            if int(6) == 0 { text += ".length()" }
            return text
        }

        mutating func argument(_ depth: Int) -> String {
            switch int(depth > 0 ? 8 : 6) {
            case 0: return "'" + pick(["", "x", "{}", "a{}b", "\\{\\}", "\\'", ",", "SHA-1", "{} {}"]) + "'"
            case 1: return pick(Generator.numbers.filter { !$0.hasPrefix("-") || $0 == "-7" })
            case 2: return pick(["true", "false", "null"])
            case 3, 4: return pick(["$", "$.a", "$.b", "$.a[0]", "$.a[*]", "$$.State.Name", "$v", "$.x.y", "$..a"])
            case 5: return "-" + pick(["1", "2.5", "2147483648"])
            default: return call(depth - 1)
            }
        }

        mutating func call(_ depth: Int) -> String {
            let name = int(20) == 0 ? "States.Nope" : pick(IntrinsicFunction.allCases).rawValue
            let count = int(4)
            return name + "(" + (0..<count).map { _ in argument(depth) }.joined(separator: ", ") + ")"
        }
    }

    static let names: Set<String> = ["States.Runtime", "States.ResultPathMatchFailure"]

    func check(_ body: () throws(RuntimeError) -> JSONValue) {
        do {
            let value = try body()
            _ = DataFlow.serialize(value)
            _ = DataFlow.formatText(value)
        } catch {
            #expect(DataFuzzTests.names.contains(error.error), "unexpected error \(error)")
        }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func neverCrashes(seed: UInt64) throws {
        var g = Generator(random: SeededRandom(seed: seed))
        var random = SeededRandom(seed: seed &+ 100)
        for _ in 0..<400 {
            let input = g.json(4)
            let scope = DataScope(input: input, context: DataTest.context, variables: ["v": g.json(3)])
            _ = DataFlow.serialize(input)
            if let path = try? Path(parsing: g.pathText()) {
                check { () throws(RuntimeError) in try DataFlow.select(path, in: scope) }
                check { () throws(RuntimeError) in try DataFlow.select(path, in: scope, field: "f.$") }
                _ = DataFlow.selectIfPresent(path, in: scope)
                check { () throws(RuntimeError) in try DataFlow.outputPath(.path(path), g.json(2), scope) }
                check { () throws(RuntimeError) in try DataFlow.applyResultPath(.path(path), result: g.json(2), input: input) }
                let template = PayloadTemplate.object([
                    PayloadField("p", .expression(.path(path))), PayloadField("lit", .template(.value(g.json(2)))),
                ])
                check { () throws(RuntimeError) in try DataFlow.evaluate(template, scope, random: &random) }
            }
            if let call = try? IntrinsicCall(parsing: g.call(2)) {
                check { () throws(RuntimeError) in try DataFlow.evaluate(call, scope, random: &random) }
                check { () throws(RuntimeError) in try DataFlow.evaluate(.intrinsic(call), scope, random: &random) }
            }
            if let path = try? Path.parseReferencePath(g.pick(["$.a", "$.a.b", "$.a[0]", "$[1].x", "$.x.y.z", "$['odd key'].a"])) {
                check { () throws(RuntimeError) in try DataFlow.applyResultPath(.path(path), result: g.json(2), input: input) }
            }
        }
    }

    /// Values far deeper than any JSON parser allows are written, searched and rebuilt without recursion.
    @Test func handlesDeepValues() throws {
        var deep: JSONValue = ["a": 1]
        for i in 0..<3000 { deep = i % 2 == 0 ? .array([deep]) : ["a": deep] }
        let text = DataFlow.serialize(deep)
        var expected = "{\"a\":1}"
        for i in 0..<3000 { expected = i % 2 == 0 ? "[" + expected + "]" : "{\"a\":" + expected + "}" }
        #expect(text == expected)  // the recursive writer hands the deepest levels to the iterative one
        #expect(DataFlow.formatText(deep).count > 6000)
        let scope = DataScope(input: ["d": deep], context: DataTest.context, variables: [:])
        guard case .array(let found) = try DataFlow.select(DataTest.path("$..a"), in: scope) else {
            Issue.record("not an array")
            return
        }
        #expect(found.count == 1501)
        guard case .array(let all) = try DataFlow.select(DataTest.path("$..*"), in: scope) else {
            Issue.record("not an array")
            return
        }
        #expect(all.count > 3000)
        var random = SeededRandom(seed: 1)
        let unique = try DataFlow.evaluate(try IntrinsicCall(parsing: "States.ArrayUnique(States.Array($.d, $.d))"), scope, random: &random)
        #expect(unique.arrayValue?.count == 1)
        let string = try DataFlow.evaluate(try IntrinsicCall(parsing: "States.JsonToString($.d)"), scope, random: &random)
        #expect(string.stringValue?.count == text.count)
        let longPath = try Path.parseReferencePath("$" + String(repeating: ".k", count: 2000))
        let written = try DataFlow.applyResultPath(.path(longPath), result: 1, input: [:])
        #expect(DataFlow.serialize(written).count > 10_000)
        let longRead = try Path(parsing: "$" + String(repeating: ".k", count: 2000))
        #expect(try DataFlow.select(longRead, in: DataScope(input: written, context: .null, variables: [:])) == 1)
    }
}
