import StatesLanguage
import Testing

@testable import StatecraftSimulator

/// One path read: the path, the input and the compact JSON of the result.
struct DataSelection: Sendable, CustomTestStringConvertible {
    var path: String
    var input: String
    var expected: String
    var testDescription: String { "\(path) → \(expected)" }
    init(_ path: String, _ input: String, _ expected: String) {
        self.path = path
        self.input = input
        self.expected = expected
    }
}

let dataStore = #"""
{"store":{"book":[
 {"category":"reference","author":"Nigel Rees","title":"Sayings","price":8.95},
 {"category":"fiction","author":"Evelyn Waugh","title":"Sword","price":12.99},
 {"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553-21311-3","price":8.99},
 {"category":"fiction","author":"J. R. R. Tolkien","title":"LOTR","isbn":"0-395-19395-8","price":22.99}],
 "bicycle":{"color":"red","price":19.95}},
 "limit":10}
"""#

@Suite struct DataPathTests {
    static let selections: [DataSelection] = [
        // Definite paths return the value.
        DataSelection("$", #"{"a":1}"#, #"{"a":1}"#),
        DataSelection("$.store.bicycle.color", dataStore, #""red""#),
        DataSelection("$.store.book[0].title", dataStore, #""Sayings""#),
        DataSelection("$.store.book[-1].title", dataStore, #""LOTR""#),
        DataSelection("$['store']['bicycle']['price']", dataStore, "19.95"),
        DataSelection(#"$['a b']"#, #"{"a b":1}"#, "1"),
        // An index past the end reads as null, as on AWS.
        DataSelection("$.store.book[10]", dataStore, "null"),
        DataSelection("$.store.book[-10]", dataStore, "null"),
        // Wildcards.
        DataSelection("$.store.book[*].author", dataStore, #"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#),
        DataSelection("$.o.*", #"{"o":{"a":1,"b":[2]}}"#, "[1,[2]]"),
        DataSelection("$[*]", "[3,4]", "[3,4]"),
        DataSelection("$[*]", "{}", "[]"),
        DataSelection("$.items[*].itemValue", "{}", "[]"),
        DataSelection("$.item.items[1:5]", "{}", "[]"),
        // Slices, negative bounds and steps.
        DataSelection("$.store.book[1:3].title", dataStore, #"["Sword","Moby Dick"]"#),
        DataSelection("$.store.book[-2:].title", dataStore, #"["Moby Dick","LOTR"]"#),
        DataSelection("$.store.book[:-3].title", dataStore, #"["Sayings"]"#),
        DataSelection("$.store.book[:1].title", dataStore, #"["Sayings"]"#),
        DataSelection("$.store.book[::2].title", dataStore, #"["Sayings","Moby Dick"]"#),
        DataSelection("$.store.book[::-1].title", dataStore, #"["LOTR","Moby Dick","Sword","Sayings"]"#),
        DataSelection("$.a[-100:100]", #"{"a":[1,2]}"#, "[1,2]"),
        DataSelection("$.a[5:]", #"{"a":[1,2]}"#, "[]"),
        // Unions: indexes give an array; member names merge into an object.
        DataSelection("$.store.book[0,2].title", dataStore, #"["Sayings","Moby Dick"]"#),
        DataSelection("$.store['bicycle','nothing']", dataStore, #"{"bicycle":{"color":"red","price":19.95}}"#),
        DataSelection("$['a','b']", #"{"a":1,"b":2,"c":3}"#, #"{"a":1,"b":2}"#),
        // Filters: comparisons, existence, negation, logic, paths from the root.
        DataSelection("$.store.book[?(@.price < 10)].title", dataStore, #"["Sayings","Moby Dick"]"#),
        DataSelection("$.store.book[?(@.price >= 12.99)].title", dataStore, #"["Sword","LOTR"]"#),
        DataSelection("$.store.book[?(@.isbn)].title", dataStore, #"["Moby Dick","LOTR"]"#),
        DataSelection("$.store.book[?(!@.isbn)].title", dataStore, #"["Sayings","Sword"]"#),
        DataSelection("$.store.book[?(@.category == 'fiction' && @.price > 20)].title", dataStore, #"["LOTR"]"#),
        DataSelection("$.store.book[?(@.category == 'reference' || @.price > 20)].title", dataStore, #"["Sayings","LOTR"]"#),
        DataSelection("$.store.book[?(@.price > $.limit)].title", dataStore, #"["Sword","LOTR"]"#),
        DataSelection("$.store.book[?(@.author != 'Nigel Rees')].price", dataStore, "[12.99,8.99,22.99]"),
        DataSelection("$.users[?(@.status == 0)]", #"{"users":[{"year":1997,"status":0},{"year":1998,"status":1}]}"#, #"[{"year":1997,"status":0}]"#),
        DataSelection("$.a[?(@ == '2')]", #"{"a":[1,2,"2",3]}"#, #"[2,"2"]"#),
        DataSelection("$.a[?(@.x == null)]", #"{"a":[{"x":null},{"x":1},{}]}"#, #"[{"x":null}]"#),
        DataSelection("$.a[?(@.name > 'b')].name", #"{"a":[{"name":"a"},{"name":"c"}]}"#, #"["c"]"#),
        // Recursive descent, in Jayway's order.
        DataSelection("$..author", dataStore, #"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#),
        DataSelection("$.store..price", dataStore, "[8.95,12.99,8.99,22.99,19.95]"),
        DataSelection("$..book[2].title", dataStore, #"["Moby Dick"]"#),
        DataSelection("$..*", #"{"a":{"b":1},"c":2}"#, #"[{"b":1},2,1]"#),
        DataSelection("$..x", #"{"x":1,"y":{"x":2,"z":[{"x":3}]}}"#, "[1,2,3]"),
        // length()
        DataSelection("$.store.book.length()", dataStore, "4"),
        DataSelection("$.store.bicycle.length()", dataStore, "2"),
        DataSelection("$..isbn.length()", dataStore, "2"),
    ]

    @Test(arguments: selections)
    func selects(_ s: DataSelection) throws {
        #expect(try DataTest.select(s.path, s.input) == s.expected)
    }

    @Test func readsContextAndVariables() throws {
        let scope = try DataTest.scope(#"{"a":1}"#, variables: ["v": ["a": [1, 2]], "n": 42])
        #expect(try DataFlow.select(DataTest.path("$$.State.Name"), in: scope) == "S")
        #expect(try DataFlow.select(DataTest.path("$$.Execution.Input.k"), in: scope) == 1)
        #expect(try DataFlow.select(DataTest.path("$v.a[1]"), in: scope) == 2)
        #expect(try DataFlow.select(DataTest.path("$n"), in: scope) == 42)
        #expect(try DataFlow.select(DataTest.path("$v.a[*]"), in: scope) == [1, 2])
        #expect(DataFlow.selectIfPresent(try DataTest.path("$missing"), in: scope) == nil)
        #expect(DataFlow.selectIfPresent(try DataTest.path("$.b"), in: scope) == nil)
        #expect(DataFlow.selectIfPresent(try DataTest.path("$.a"), in: scope) == 1)
    }

    /// Keys written with `\` escapes in a quoted name match AWS's raw reading of the name.
    @Test func matchesEscapedQuotedNames() throws {
        let input = #"{"Test\\\"\"Name\"": "Value\"\\"}"#
        #expect(try DataTest.select(#"$['Test\"\"Name\"']"#, input) == #""Value\"\\""#)
    }

    static let misses: [(path: String, input: String, cause: String)] = [
        ("$.x", #"{"a":1}"#, "Invalid path '$.x' : No results for path: $['x']"),
        ("$.NoSuchInputPath", #"{"int-literal":0}"#, "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
        ("$.no.such.result.path", "{}", "Invalid path '$.no.such.result.path' : Missing property in path $['no']"),
        ("$.a.b", #"{"a":5}"#,
         "Invalid path '$.a.b' : Expected to find an object with property ['b'] in path $['a'] but found 'java.lang.Integer'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'."),
        ("$.a[0]", #"{"a":1}"#, "Invalid path '$.a[0]' : Filter: [0] can only be applied to arrays. Current context is: 1"),
        ("$.a[0]", #"{"a":null}"#, "Invalid path '$.a[0]' : The path $['a'] is null"),
        ("$.a.x.length()", #"{"a":{}}"#, "Invalid path '$.a.x.length()' : Missing property in path $['a']['x']"),
        ("$['a','b'].c", #"{"a":1}"#, "Invalid path '$['a','b'].c' : Multi properties can only be used as path leafs: $['a', 'b']"),
        ("$nope", "{}", "Invalid path '$nope' : The variable '$nope' is not defined"),
    ]

    @Test(arguments: misses)
    func missingValuesThrowRuntime(_ miss: (path: String, input: String, cause: String)) throws {
        let error = #expect(throws: RuntimeError.self) { try DataTest.select(miss.path, miss.input) }
        #expect(error?.error == "States.Runtime")
        #expect(error?.cause == miss.cause)
    }

    @Test func fieldMissesNameTheFieldAndTheInput() throws {
        let scope = try DataTest.scope(#"{"int-literal":0}"#)
        let error = #expect(throws: RuntimeError.self) {
            try DataFlow.select(DataTest.path("$.no_such_jsonpath"), in: scope, field: "value.$")
        }
        #expect(error == RuntimeError("States.Runtime",
            #"The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'"#))
        let contextError = #expect(throws: RuntimeError.self) {
            try DataFlow.select(DataTest.path("$$.Execution.Nope"), in: scope, field: "x.$")
        }
        #expect(contextError?.cause.hasPrefix("The JSONPath '$$.Execution.Nope' specified for the field 'x.$' could not be found in the input '{\"Execution\":") == true)
    }

    @Test func inputAndOutputPaths() throws {
        let scope = try DataTest.scope(#"{"a":{"b":1},"c":2}"#, variables: ["v": 7])
        #expect(try DataFlow.inputPath(nil, scope) == scope.input)
        #expect(try DataFlow.inputPath(.null, scope) == .object(JSONObject()))
        #expect(try DataFlow.inputPath(.path(DataTest.path("$.a")), scope) == ["b": 1])
        #expect(try DataFlow.outputPath(nil, "x", scope) == "x")
        #expect(try DataFlow.outputPath(.null, "x", scope) == .object(JSONObject()))
        #expect(try DataFlow.outputPath(.path(DataTest.path("$.y")), ["y": [1]], scope) == [1])
        #expect(try DataFlow.outputPath(.path(DataTest.path("$v")), ["y": [1]], scope) == 7)
        #expect(try DataFlow.outputPath(.path(DataTest.path("$$.State.Name")), ["y": [1]], scope) == "S")
        #expect(throws: RuntimeError("States.Runtime", "Invalid path '$.z' : No results for path: $['z']")) {
            try DataFlow.outputPath(.path(DataTest.path("$.z")), ["y": [1]], scope)
        }
    }
}

@Suite struct DataTemplateTests {
    func field(_ name: String, path: String) throws -> PayloadField {
        PayloadField(name, .expression(.path(try DataTest.path(path))))
    }

    /// Literal fields keep their order and come first; computed fields follow in HashMap order.
    @Test func ordersFieldsLikeAWS() throws {
        let template = PayloadTemplate.object([
            try field("z", path: "$.a"), PayloadField("lit", .template(.value(1))), try field("b", path: "$.a"),
            try field("a", path: "$.a"), try field("y", path: "$.a"),
        ])
        var random = SeededRandom(seed: 1)
        let value = try DataFlow.evaluate(template, try DataTest.scope(#"{"a":0}"#), random: &random)
        #expect(DataFlow.serialize(value) == #"{"lit":1,"a":0,"b":0,"y":0,"z":0}"#)
    }

    @Test func evaluatesNestedTemplatesIntrinsicsContextAndVariables() throws {
        let template = PayloadTemplate.object([
            PayloadField("nested", .template(.object([try field("x", path: "$.a")]))),
            PayloadField("list", .template(.array([.value("s"), .object([try field("ctx", path: "$$.State.Name")])]))),
            PayloadField("f", .expression(.intrinsic(try IntrinsicCall(parsing: "States.Format('{}-{}', $.a, $v)")))),
            try field("v", path: "$v"),
        ])
        var random = SeededRandom(seed: 1)
        let value = try DataFlow.evaluate(template, try DataTest.scope(#"{"a":"A"}"#, variables: ["v": true]), random: &random)
        #expect(DataFlow.serialize(value) == #"{"nested":{"x":"A"},"list":["s",{"ctx":"S"}],"f":"A-true","v":true}"#)
    }

    @Test func missingPathInTemplateNamesTheField() throws {
        let template = PayloadTemplate.object([try field("value", path: "$.no_such_jsonpath")])
        var random = SeededRandom(seed: 1)
        #expect(throws: RuntimeError("States.Runtime",
            #"The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'"#)) {
            try DataFlow.evaluate(template, try DataTest.scope(#"{"int-literal":0}"#), random: &random)
        }
    }

    @Test func expressionsForFailStateFields() throws {
        var random = SeededRandom(seed: 1)
        let scope = try DataTest.scope(#"{"Error":"E"}"#)
        #expect(try DataFlow.evaluate(.path(DataTest.path("$.Error")), scope, field: "ErrorPath", random: &random) == "E")
        #expect(throws: RuntimeError("States.Runtime",
            #"The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"Error":"E"}'"#)) {
            try DataFlow.evaluate(.path(DataTest.path("$.ErrorX")), scope, field: "ErrorPath", random: &random)
        }
        #expect(throws: RuntimeError("States.Runtime", "Invalid path '$.X' : No results for path: $['X']")) {
            try DataFlow.evaluate(.path(DataTest.path("$.X")), scope, random: &random)
        }
    }

    @Test func prefixesCausesWithTheState() {
        let e = RuntimeError("States.Runtime", "Invalid path '$.x' : No results for path: $['x']").prefixed(state: "pass", enteredEventId: 2)
        #expect(e.cause == "An error occurred while executing the state 'pass' (entered at the event id #2). Invalid path '$.x' : No results for path: $['x']")
    }
}

/// One ResultPath application.
struct DataResultPathCase: Sendable, CustomTestStringConvertible {
    var path: String?  // nil: absent; "null": JSON null
    var input: String
    var result: String
    var expected: String
    var testDescription: String { "\(path ?? "absent") on \(input)" }
}

@Suite struct DataResultPathTests {
    static let cases: [DataResultPathCase] = [
        DataResultPathCase(path: nil, input: #"{"a":1}"#, result: #"{"r":2}"#, expected: #"{"r":2}"#),
        DataResultPathCase(path: "null", input: #"{"a":1}"#, result: #"{"r":2}"#, expected: #"{"a":1}"#),
        DataResultPathCase(path: "$", input: #"{"a":1}"#, result: #""s""#, expected: #""s""#),
        DataResultPathCase(path: "$.r", input: #"{"a":1}"#, result: "2", expected: #"{"a":1,"r":2}"#),
        DataResultPathCase(path: "$.a", input: #"{"a":1,"b":2}"#, result: "[3]", expected: #"{"a":[3],"b":2}"#),
        DataResultPathCase(path: "$.x.y.z", input: #"{"a":1}"#, result: "true", expected: #"{"a":1,"x":{"y":{"z":true}}}"#),
        DataResultPathCase(path: "$.x.y", input: #"{"x":{"k":0}}"#, result: "1", expected: #"{"x":{"k":0,"y":1}}"#),
        DataResultPathCase(path: "$.a[1].c", input: #"{"a":[{},{}]}"#, result: "1", expected: #"{"a":[{},{"c":1}]}"#),
        DataResultPathCase(path: "$[1].payload", input: #"[{"a":1},{"id":7}]"#, result: "1", expected: #"[{"a":1},{"id":7,"payload":1}]"#),
        DataResultPathCase(path: "$['odd key']", input: "{}", result: "null", expected: #"{"odd key":null}"#),
    ]

    @Test(arguments: cases)
    func writesResults(_ c: DataResultPathCase) throws {
        let p: NullablePath? = switch c.path {
        case nil: nil
        case "null": .null
        case let text?: .path(try Path.parseReferencePath(text))
        }
        let output = try DataFlow.applyResultPath(p, result: try DataTest.json(c.result), input: try DataTest.json(c.input))
        #expect(DataFlow.serialize(output) == c.expected)
    }

    static let failures: [(path: String, input: String)] = [
        ("$.x", #""just-a-string""#),
        ("$.x", "[1,2]"),
        ("$.x", "5"),
        ("$.a.b", #"{"a":1}"#),
        ("$.a.b.c", #"{"a":{"b":"s"}}"#),
        ("$.a[5]", #"{"a":[1]}"#),
        ("$.a[0]", #"{"a":{}}"#),
        ("$[10].payload", "[1,2]"),
        ("$$.x", "{}"),
        ("$v.x", "{}"),
        ("$.a[*]", #"{"a":[1]}"#),
    ]

    @Test(arguments: failures)
    func reportsMatchFailures(_ f: (path: String, input: String)) throws {
        let input = try DataTest.json(f.input)
        let error = #expect(throws: RuntimeError.self) {
            try DataFlow.applyResultPath(.path(DataTest.path(f.path)), result: 1, input: input)
        }
        #expect(error?.error == "States.ResultPathMatchFailure")
        #expect(error?.cause == "Unable to apply ReferencePath \(f.path) to input \(DataFlow.serialize(input))")
    }
}

@Suite struct DataTextTests {
    @Test func serializesLikeJackson() throws {
        let value = try DataTest.json(#"{"a":"x/y\u0001\u001f\n\t\r\b\f\"\\é🆗","b":[1.50,1e3,-0,12345678901234567890,1.0,0.001,1e-4,1e7,123.456,-2.5,12345678.9],"c":{},"d":[],"e":null,"f":false}"#)
        #expect(DataFlow.serialize(value) ==
            #"{"a":"x/y\u0001\u001F\n\t\r\b\f\"\\é🆗","b":[1.5,1000.0,0,12345678901234567890,1.0,0.001,1.0E-4,1.0E7,123.456,-2.5,1.23456789E7],"c":{},"d":[],"e":null,"f":false}"#)
    }

    /// Random strings (controls, quotes, backslashes, non-ASCII) and nesting survive a round trip.
    @Test func serializedTextParsesBackToTheSameValue() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "\u{7F}", "é", "🆗", " ", "\u{2028}"]
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let value: JSONValue = ["k" + text: [.string(text), ["n": 1, "t": .string(text)], [], [:], nil, true]]
            #expect(try JSONParser.parse(DataFlow.serialize(value)) == value)
        }
    }

    static let doubles: [(Double, String)] = [
        (1, "1.0"), (0.1, "0.1"), (100, "100.0"), (1e7, "1.0E7"), (9_999_999, "9999999.0"), (0.001, "0.001"),
        (0.0001, "1.0E-4"), (123456.789, "123456.789"), (-0.5, "-0.5"), (0, "0.0"), (1.7976931348623157e308, "1.7976931348623157E308"),
        (1e21, "1.0E21"), (2.5e-7, "2.5E-7"), (.infinity, "Infinity"), (.leastNonzeroMagnitude, "4.9E-324"), (1e23, "1.0E23"),
        (8.41e21, "8.41E21"), (9.999999999999999e-4, "9.999999999999998E-4"), (0.30000000000000004, "0.30000000000000004"),
        (9_007_199_254_740_993.0, "9.007199254740992E15"), (3e10, "3.0E10"), (0.002, "0.002"), (-1e-5, "-1.0E-5"),
    ]

    @Test(arguments: doubles)
    func writesDoublesLikeJava(_ pair: (Double, String)) {
        #expect(JavaText.doubleToString(pair.0) == pair.1)
    }

    @Test func formatsValuesLikeJavaToString() throws {
        let value = try DataTest.json(#"{"Arg1":1,"Arg2":[],"s":"x y","n":null,"l":[1.5,"a",{"k":true}]}"#)
        #expect(DataFlow.formatText(value) == "{Arg1=1, Arg2=[], s=x y, n=null, l=[1.5, a, {k=true}]}")
        #expect(DataFlow.formatText("plain") == "plain")
    }

    /// The 13 computed fields of a recorded `Parameters` came out in exactly this order.
    @Test func ordersKeysLikeJavaHashMap() {
        let keys = ["context_object", "execution", "execution_id", "execution_input", "execution_name", "execution_rolearn",
                    "execution_starttime", "state", "state_enteredtime", "state_name", "statemachine", "statemachine_id",
                    "statemachine_name"]
        let expected = ["execution", "execution_rolearn", "execution_name", "statemachine_id", "execution_id", "execution_input",
                        "execution_starttime", "state_name", "state_enteredtime", "statemachine", "state", "context_object",
                        "statemachine_name"]
        #expect(JavaText.hashMapOrder(keys).map { keys[$0] } == expected)
        let small = ["simpleArray", "partitionedArray", "containsElement", "numberRange", "thirdElement", "arraySize", "uniqueValues"]
        #expect(JavaText.hashMapOrder(small).map { small[$0] }
            == ["uniqueValues", "simpleArray", "thirdElement", "partitionedArray", "arraySize", "containsElement", "numberRange"])
        #expect(JavaText.stringHashCode("hello") == 99_162_322)
        #expect(JavaText.hashMapOrder([]) == [])
        // Many keys force several resizes; the result is still a permutation.
        let many = (0..<500).map { "key\($0)" }
        #expect(Set(JavaText.hashMapOrder(many)) == Set(0..<500))
    }

    /// The shortcut for up to 8 keys agrees with replaying the table's growth, repeated keys included.
    @Test func smallKeySetShortcutAgreesWithTheSimulatedTable() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...8, using: &generator)
            let keys = (0..<count).map { _ in "k" + String(Int.random(in: 0..<40, using: &generator), radix: 36) }
            #expect(JavaText.hashMapOrder(keys) == JavaText.simulatedHashMapOrder(keys), "\(keys)")
        }
    }
}

@Suite struct DataNullInputTests {
    /// Seen on AWS when a Lambda returned nothing and the next state read `$.Payload`.
    @Test func pathsOverANullInputFail() throws {
        let scope = DataScope(input: .null, context: DataTest.context, variables: ["v": 1])
        let expected = RuntimeError("States.Runtime", "Unable to apply Path transformation to null or empty input.")
        #expect(throws: expected) { try DataFlow.select(DataTest.path("$.a"), in: scope) }
        #expect(throws: expected) { try DataFlow.select(DataTest.path("$"), in: scope, field: "Input.$") }
        #expect(try DataFlow.select(DataTest.path("$$.State.Name"), in: scope) == "S")
        #expect(try DataFlow.select(DataTest.path("$v"), in: scope) == 1)
        #expect(try DataFlow.inputPath(nil, scope) == .null)
    }
}
