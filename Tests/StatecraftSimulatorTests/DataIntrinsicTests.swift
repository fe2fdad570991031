import StatesLanguage
import Testing

@testable import StatecraftSimulator

/// One intrinsic call that succeeds: the call, the input and the compact JSON of the result.
struct DataIntrinsicCase: Sendable, CustomTestStringConvertible {
    var call: String
    var input: String
    var expected: String
    var testDescription: String { call }
    init(_ call: String, _ input: String = "{}", _ expected: String) {
        self.call = call
        self.input = input
        self.expected = expected
    }
}

@Suite struct DataIntrinsicTests {
    static let successes: [DataIntrinsicCase] = [
        // States.Format: strings raw, other values as Java text, \{ \} escapes.
        DataIntrinsicCase("States.Format('Hello, my name is {}.', $.name)", #"{"name":"Arnav"}"#, #""Hello, my name is Arnav.""#),
        DataIntrinsicCase("States.Format('{} {} {} {} {}', $.n, $.b, $.z, $.o, $.i)", #"{"n":1.5,"b":true,"z":null,"o":{"a":[1,"x"]},"i":1.0}"#,
                          #""1.5 true null {a=[1, x]} 1.0""#),
        DataIntrinsicCase(#"States.Format('a\{\}b {}', 'x')"#, "{}", #""a{}b x""#),
        DataIntrinsicCase(#"States.Format('it\'s \\ {}', 1)"#, "{}", #""it's \\ 1""#),
        DataIntrinsicCase("States.Format('no placeholders')", "{}", #""no placeholders""#),
        DataIntrinsicCase("States.Format($.t, $.v)", #"{"t":"n={}","v":[1,2]}"#, #""n=[1, 2]""#),
        DataIntrinsicCase("States.Format('{}', $$.StateMachine)", "{}", #""{Id=arn:aws:states:us-east-1:123456789012:stateMachine:M, Name=M}""#),
        DataIntrinsicCase("States.Format('{}', 1e21)", "{}", #""1.0E21""#),
        // JSON
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":"{\"a\": [1, 2.50]}"}"#, #"{"a":[1,2.5]}"#),
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":""}"#, "null"),
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":"  "}"#, "null"),
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":"-0"}"#, "0"),
        DataIntrinsicCase("States.StringToJson('\"x\"')", "{}", #""x""#),
        DataIntrinsicCase("States.JsonToString($.o)", #"{"o":{"a":"x/y","b":[1.50,true,null]}}"#, #""{\"a\":\"x/y\",\"b\":[1.5,true,null]}""#),
        DataIntrinsicCase("States.JsonToString($.s)", #"{"s":"HelloWorld"}"#, #""\"HelloWorld\"""#),
        DataIntrinsicCase("States.JsonToString($)", #"{"x":1}"#, #""{\"x\":1}""#),
        DataIntrinsicCase("States.JsonMerge($.a, $.b, false)", #"{"a":{"a":{"a1":1},"b":2,"d":3},"b":{"a":{"a3":1},"c":3,"d":4}}"#,
                          #"{"a":{"a3":1},"b":2,"c":3,"d":4}"#),
        DataIntrinsicCase(#"States.JsonMerge(States.StringToJson('{"constant_in_literal": "false"}'), $.f, false)"#,
                          #"{"f":{"constant_input_field":"v"}}"#, #"{"constant_input_field":"v","constant_in_literal":"false"}"#),
        // Arrays
        DataIntrinsicCase("States.Array()", "{}", "[]"),
        DataIntrinsicCase("States.Array(1, 'a', true, null, $.x, States.Array(2))", #"{"x":{"k":1}}"#, #"[1,"a",true,null,{"k":1},[2]]"#),
        DataIntrinsicCase("States.ArrayPartition($.a, 2)", #"{"a":[1,2,3,4,5]}"#, "[[1,2],[3,4],[5]]"),
        DataIntrinsicCase("States.ArrayPartition($.a, 2.9)", #"{"a":[1,2,3,4,5]}"#, "[[1,2],[3,4],[5]]"),
        DataIntrinsicCase("States.ArrayPartition($.a, 10)", #"{"a":[1,2,3]}"#, "[[1,2,3]]"),
        DataIntrinsicCase("States.ArrayPartition($.a, 2147483647)", #"{"a":[]}"#, "[]"),
        DataIntrinsicCase("States.ArrayContains($.a, $.v)", #"{"a":[[1,2,3],2],"v":[1,2,3]}"#, "true"),
        DataIntrinsicCase("States.ArrayContains($.a, $.v)", #"{"a":[{"1":2,"2":[]}],"v":{"2":[],"1":2}}"#, "true"),
        DataIntrinsicCase("States.ArrayContains($.a, $.v)", #"{"a":[[1,2,3],2],"v":null}"#, "false"),
        DataIntrinsicCase("States.ArrayContains($.a, 1.0)", #"{"a":[1]}"#, "false"),
        DataIntrinsicCase("States.ArrayRange(1, 9, 2)", "{}", "[1,3,5,7,9]"),
        DataIntrinsicCase("States.ArrayRange(0, 10, 3)", "{}", "[0,3,6,9]"),
        DataIntrinsicCase("States.ArrayRange(5, 1, -2)", "{}", "[5,3,1]"),
        DataIntrinsicCase("States.ArrayRange(3, 3, -1)", "{}", "[3]"),
        DataIntrinsicCase("States.ArrayRange(1, 5, -1)", "{}", "[]"),
        DataIntrinsicCase("States.ArrayRange(1.4, 5.6, 2.2)", "{}", "[1,3,5]"),
        DataIntrinsicCase("States.ArrayRange(-2147483648, -2147482649, 1)", "{}",
                          "[" + (0..<1000).map { String(-2_147_483_648 + $0) }.joined(separator: ",") + "]"),
        DataIntrinsicCase("States.ArrayGetItem($.a, 5)", #"{"a":[1,2,3,4,5,6,7,8,9]}"#, "6"),
        DataIntrinsicCase("States.ArrayGetItem($.a, 1.2)", #"{"a":[10,20,30]}"#, "20"),
        DataIntrinsicCase("States.ArrayGetItem($.a, 999)", #"{"a":[]}"#, "null"),
        DataIntrinsicCase("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)", "{}", #""M""#),
        DataIntrinsicCase("States.ArrayLength($.a)", #"{"a":[1,[2],{"3":3}]}"#, "3"),
        DataIntrinsicCase("States.ArrayLength($.a[*].nope)", #"{"a":[1,2]}"#, "0"),
        DataIntrinsicCase("States.ArrayUnique($.a)", #"{"a":[1,2,2,"2",{"a":1,"b":2},{"b":2,"a":1},null,null,1.0]}"#,
                          #"[1,2,"2",{"a":1,"b":2},null,1.0]"#),
        // Encoding
        DataIntrinsicCase("States.Base64Encode($.s)", #"{"s":"Data to encode"}"#, #""RGF0YSB0byBlbmNvZGU=""#),
        DataIntrinsicCase("States.Base64Encode('✓')", "{}", #""4pyT""#),
        DataIntrinsicCase("States.Base64Encode('🚀')", "{}", #""8J+agA==""#),
        DataIntrinsicCase("States.Base64Encode('')", "{}", #""""#),
        DataIntrinsicCase("States.Base64Decode($.s)", #"{"s":"RGF0YSB0byBlbmNvZGU="}"#, #""Data to encode""#),
        DataIntrinsicCase("States.Base64Decode('44GT44KT44Gr44Gh44Gv')", "{}", #""こんにちは""#),
        DataIntrinsicCase("States.Base64Decode('YWJjZA')", "{}", #""abcd""#),
        DataIntrinsicCase("States.Base64Decode('YWJjZGU')", "{}", #""abcde""#),
        DataIntrinsicCase("States.Base64Decode('YQ==')", "{}", #""a""#),
        DataIntrinsicCase("States.Base64Decode('wqk=')", "{}", #""©""#),
        DataIntrinsicCase("States.Base64Decode('')", "{}", #""""#),
        // Hash
        DataIntrinsicCase("States.Hash('hello', 'MD5')", "{}", #""5d41402abc4b2a76b9719d911017c592""#),
        DataIntrinsicCase("States.Hash('hello', 'SHA-1')", "{}", #""aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d""#),
        DataIntrinsicCase("States.Hash($.d, $.a)", #"{"d":"input data","a":"SHA-256"}"#,
                          #""b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3""#),
        DataIntrinsicCase("States.Hash('input data', 'SHA-384')", "{}",
                          #""d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562""#),
        DataIntrinsicCase("States.Hash('input data', 'SHA-512')", "{}",
                          #""6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4""#),
        DataIntrinsicCase("States.Hash(123, 'SHA-256')", "{}", #""a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3""#),
        // Math: MathAdd rounds half up (Java Math.round), MathRandom bounds are truncated.
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":-9,"b":3}"#, "-6"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":1.49,"b":1.5}"#, "3"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":-1.5,"b":-1.51}"#, "-3"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":-0.5,"b":0}"#, "0"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":-2.5,"b":0}"#, "-2"),
        DataIntrinsicCase("States.MathAdd(2147483646, 1)", "{}", "2147483647"),
        DataIntrinsicCase("States.MathAdd(-2147483647, -1)", "{}", "-2147483648"),
        DataIntrinsicCase("States.MathAdd(States.ArrayLength(States.Array(1, 2)), -1)", "{}", "1"),
        DataIntrinsicCase("States.MathRandom(7, 8)", "{}", "7"),
        DataIntrinsicCase("States.MathRandom(7.9, 8.9)", "{}", "7"),
        // Strings: any delimiter character splits, empty parts are dropped.
        DataIntrinsicCase("States.StringSplit($.s, $.d)", #"{"s":"This.is+a,test=string","d":".+,="}"#, #"["This","is","a","test","string"]"#),
        DataIntrinsicCase("States.StringSplit($.s, ',')", #"{"s":", , ,"}"#, #"[" "," "]"#),
        DataIntrinsicCase("States.StringSplit($.s, ',')", #"{"s":",,,,"}"#, "[]"),
        DataIntrinsicCase("States.StringSplit($.s, $.d)", #"{"s":"split on T and \nnew line","d":"T\n"}"#, #"["split on "," and ","new line"]"#),
        DataIntrinsicCase("States.StringSplit('abc', '')", "{}", #"["abc"]"#),
    ]

    @Test(arguments: successes)
    func evaluates(_ c: DataIntrinsicCase) throws {
        #expect(DataFlow.serialize(try DataTest.call(c.call, c.input)) == c.expected)
    }

    /// Calls that fail with `Invalid arguments in <function>`.
    static let invalid: [DataIntrinsicCase] = [
        DataIntrinsicCase("States.Format('{} {}', 'x')", "{}", "States.Format"),
        DataIntrinsicCase("States.Format('{}', 'x', 'y')", "{}", "States.Format"),
        DataIntrinsicCase("States.Format('Hello {', 'x')", "{}", "States.Format"),
        DataIntrinsicCase("States.Format('}')", "{}", "States.Format"),
        DataIntrinsicCase("States.Format($.t)", #"{"t":123}"#, "States.Format"),
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":"{not json"}"#, "States.StringToJson"),
        DataIntrinsicCase("States.StringToJson(1)", "{}", "States.StringToJson"),
        DataIntrinsicCase("States.ArrayPartition('not-array', 2)", "{}", "States.ArrayPartition"),
        DataIntrinsicCase("States.ArrayPartition($.a, 0)", #"{"a":[1]}"#, "States.ArrayPartition"),
        DataIntrinsicCase("States.ArrayPartition($.a, 0.6)", #"{"a":[1]}"#, "States.ArrayPartition"),
        DataIntrinsicCase("States.ArrayPartition($.a, -1)", #"{"a":[1]}"#, "States.ArrayPartition"),
        DataIntrinsicCase("States.ArrayPartition($.a, '2')", #"{"a":[1]}"#, "States.ArrayPartition"),
        DataIntrinsicCase("States.ArrayContains($.a, 1)", #"{"a":{}}"#, "States.ArrayContains"),
        DataIntrinsicCase("States.ArrayRange(1, 10, 0)", "{}", "States.ArrayRange"),
        DataIntrinsicCase("States.ArrayRange(1, 10, 0.49)", "{}", "States.ArrayRange"),
        DataIntrinsicCase("States.ArrayRange(1, 1001, 1)", "{}", "States.ArrayRange"),
        DataIntrinsicCase("States.ArrayRange(1001, 1, -1)", "{}", "States.ArrayRange"),
        DataIntrinsicCase("States.ArrayRange('a', 5, 1)", "{}", "States.ArrayRange"),
        DataIntrinsicCase("States.ArrayRange(-2147483648, 2147483647, 1)", "{}", "States.ArrayRange"),
        DataIntrinsicCase("States.ArrayRange(1, 3000000000, 1)", "{}", "States.ArrayRange"),
        DataIntrinsicCase("States.ArrayGetItem($.a, 3)", #"{"a":[10,20,30]}"#, "States.ArrayGetItem"),
        DataIntrinsicCase("States.ArrayGetItem($.a, -1)", #"{"a":[10,20,30]}"#, "States.ArrayGetItem"),
        DataIntrinsicCase("States.ArrayGetItem($.a, '1')", #"{"a":[10,20,30]}"#, "States.ArrayGetItem"),
        DataIntrinsicCase("States.ArrayGetItem('x', 0)", "{}", "States.ArrayGetItem"),
        DataIntrinsicCase("States.ArrayLength('not-array')", "{}", "States.ArrayLength"),
        DataIntrinsicCase("States.ArrayUnique($.o)", #"{"o":{"k":1}}"#, "States.ArrayUnique"),
        DataIntrinsicCase("States.Base64Encode(123)", "{}", "States.Base64Encode"),
        DataIntrinsicCase("States.Base64Encode($.s)", "{\"s\":\"" + String(repeating: "a", count: 10_001) + "\"}", "States.Base64Encode"),
        DataIntrinsicCase("States.Base64Decode($.o)", #"{"o":{}}"#, "States.Base64Decode"),
        // Java's basic decoder: only the standard alphabet, padding only where the last group needs it.
        DataIntrinsicCase("States.Base64Decode('not base64!')", "{}", "States.Base64Decode"),
        DataIntrinsicCase("States.Base64Decode(' YWJjZA== ')", "{}", "States.Base64Decode"),
        DataIntrinsicCase("States.Base64Decode('ab==cd')", "{}", "States.Base64Decode"),
        DataIntrinsicCase("States.Base64Decode('YWJjZ')", "{}", "States.Base64Decode"),
        DataIntrinsicCase("States.Base64Decode('YQ=')", "{}", "States.Base64Decode"),
        DataIntrinsicCase("States.Base64Decode('YWI===')", "{}", "States.Base64Decode"),
        DataIntrinsicCase("States.Base64Decode('====')", "{}", "States.Base64Decode"),
        DataIntrinsicCase("States.Base64Decode('-_-_')", "{}", "States.Base64Decode"),
        DataIntrinsicCase("States.Base64Decode($.s)", "{\"s\":\"" + String(repeating: "A", count: 10_001) + "\"}", "States.Base64Decode"),
        DataIntrinsicCase("States.Hash('data', 'sha-256')", "{}", "States.Hash"),
        DataIntrinsicCase("States.Hash('data', 'SHA256')", "{}", "States.Hash"),
        DataIntrinsicCase("States.Hash('hello', 123)", "{}", "States.Hash"),
        DataIntrinsicCase("States.Hash($.s, 'MD5')", "{\"s\":\"" + String(repeating: "a", count: 10_001) + "\"}", "States.Hash"),
        DataIntrinsicCase("States.JsonMerge($.a, $.b, true)", #"{"a":{},"b":{}}"#, "States.JsonMerge"),
        DataIntrinsicCase("States.JsonMerge($.a, $.b, false)", #"{"a":[],"b":{}}"#, "States.JsonMerge"),
        DataIntrinsicCase("States.JsonMerge($.a, $.b, 'false')", #"{"a":{},"b":{}}"#, "States.JsonMerge"),
        DataIntrinsicCase("States.MathRandom(1, 1)", "{}", "States.MathRandom"),
        DataIntrinsicCase("States.MathRandom(10, 5)", "{}", "States.MathRandom"),
        DataIntrinsicCase("States.MathRandom(1.4, 1.6)", "{}", "States.MathRandom"),
        DataIntrinsicCase("States.MathRandom('a', 10)", "{}", "States.MathRandom"),
        DataIntrinsicCase("States.MathRandom(1, 10, null)", "{}", "States.MathRandom"),
        DataIntrinsicCase("States.MathRandom(1, 10, 'seed')", "{}", "States.MathRandom"),
        DataIntrinsicCase("States.MathRandom(-2147483648, 2147483647)", "{}", "States.MathRandom"),
        DataIntrinsicCase("States.MathAdd(2147483647, 1)", "{}", "States.MathAdd"),
        DataIntrinsicCase("States.MathAdd(-2147483648, -1)", "{}", "States.MathAdd"),
        DataIntrinsicCase("States.MathAdd(3000000000, 1)", "{}", "States.MathAdd"),
        DataIntrinsicCase("States.MathAdd('1', 2)", "{}", "States.MathAdd"),
        DataIntrinsicCase("States.MathAdd(true, 1)", "{}", "States.MathAdd"),
        DataIntrinsicCase("States.MathAdd($.firstNumber, $.secondNumber)", #"{"firstNumber":1,"secondNumber":"NOT A NUMBER"}"#, "States.MathAdd"),
        DataIntrinsicCase("States.StringSplit(1, ',')", "{}", "States.StringSplit"),
        DataIntrinsicCase("States.StringSplit('a', 1)", "{}", "States.StringSplit"),
        // Wrong argument counts (the validator rejects these in definitions; the runtime fails the same way).
        DataIntrinsicCase("States.MathAdd(1)", "{}", "States.MathAdd"),
        DataIntrinsicCase("States.ArrayRange(1, 5)", "{}", "States.ArrayRange"),
        DataIntrinsicCase("States.UUID(1)", "{}", "States.UUID"),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidArguments(_ c: DataIntrinsicCase) throws {
        let error = try DataTest.callError(c.call, c.input)
        #expect(error == RuntimeError(DataFlow.intrinsicFailureError,
            "The function '\(c.call)' had the following error: Invalid arguments in \(c.expected)"))
    }

    /// A path argument that matches nothing names itself and the state input.
    static let misses: [(call: String, input: String, field: String)] = [
        ("States.Format('{}', $.nope)", #"{"other":1}"#, "$.nope"),
        ("States.Format('{}',$.nope)", #"{"other":1}"#, "$.nope"),
        ("States.Format('{} {}', $.other, $.a.b)", #"{"other":1}"#, "$.a.b"),
        ("States.Format($.nope, 1)", #"{"other":1}"#, "$.nope"),
        ("States.Format('{}', States.Format('{}', $.nope))", #"{"other":1}"#, "$.nope"),
        ("States.ArrayLength($.nope)", #"{"other":1}"#, "$.nope"),
        ("States.JsonMerge($.nope, $.other, false)", #"{"other":1}"#, "$.nope"),
        ("States.Format('{}', $.items[5])", #"{"items":[1,2]}"#, "$.items[5]"),
        ("States.Format('{}', $.items[5].x)", #"{"items":[1]}"#, "$.items[5].x"),
        ("States.Format('{}', $.other[0])", #"{"other":1}"#, "$.other[0]"),
        ("States.Format('{}', $$.Nope.Deep)", #"{"other":1}"#, "$.Nope.Deep"),
        ("States.Format('{}', $missing)", #"{"other":1}"#, "$missing"),
    ]

    @Test(arguments: misses)
    func missingArgumentsNameThePath(_ m: (call: String, input: String, field: String)) throws {
        let error = try DataTest.callError(m.call, m.input)
        #expect(error == RuntimeError("States.Runtime",
            "The function '\(m.call)' had the following error: The JsonPath argument for the field '\(m.field)' could not be found in the input '\(m.input)'"))
    }

    @Test func presentNullArgumentsFormat() throws {
        #expect(try DataTest.call("States.Format('{}', $.n)", #"{"n":null}"#) == "null")
        #expect(try DataTest.call("States.JsonToString($)", #"{"other":1}"#) == #"{"other":1}"#)
    }

    @Test func randomAndUUIDUseTheSeededGenerator() throws {
        for seed in UInt64(0)..<200 {
            guard case .number(let n) = try DataTest.call("States.MathRandom(-5, 5)", seed: seed), let v = n.intValue else {
                Issue.record("not an integer")
                return
            }
            #expect((-5..<5).contains(v))
        }
        #expect(try DataTest.call("States.MathRandom(0, 1000)", seed: 9) == DataTest.call("States.MathRandom(0, 1000)", seed: 9))
        #expect(try DataTest.call("States.UUID()", seed: 3) == DataTest.call("States.UUID()", seed: 3))
        guard case .string(let uuid) = try DataTest.call("States.UUID()", seed: 3) else {
            Issue.record("UUID is not a string")
            return
        }
        #expect(uuid.count == 36 && Array(uuid)[14] == "4")
    }

    /// A seed gives the same number whatever the simulator's own generator holds (java.util.Random).
    @Test func seededRandomIsDeterministic() throws {
        let a = try DataTest.call("States.MathRandom(0, 999, 3)", seed: 1)
        let b = try DataTest.call("States.MathRandom(0, 999, 3)", seed: 2)
        #expect(a == b)
        #expect(try DataTest.call("States.MathRandom(1, 10, -10)") != .null)
        var r = _JavaRandom(seed: 42)
        // java.util.Random(42): nextInt(10) gives 0, 3, 8, 4, 0 (documented JDK behaviour).
        #expect((0..<5).map { _ in r.nextInt(10) } == [0, 3, 8, 4, 0])
        var p = _JavaRandom(seed: 0)
        #expect(p.nextInt(16) == 11)  // power-of-two bound path
    }

    @Test func formatTemplatePieces() {
        #expect(_Intrinsics.templatePieces(#"a\{\}b {}"#, escapes: true) == [.text("a{}b "), .placeholder])
        #expect(_Intrinsics.templatePieces("{}{}", escapes: false) == [.placeholder, .placeholder])
        #expect(_Intrinsics.templatePieces("{ }", escapes: false) == nil)
        #expect(_Intrinsics.tokenize("a,b;;c", ",;") == ["a", "b", "c"])
    }
}
