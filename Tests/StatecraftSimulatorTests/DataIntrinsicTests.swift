import StatesLanguage
import Testing

@testable import StatecraftSimulator

/// One intrinsic call and what AWS gives for it: a value (compact JSON) or the failure
/// `Invalid arguments in <function>`.
struct DataIntrinsicCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        case value(String)
        case invalid
    }

    var call: String
    var input: String
    var outcome: Outcome
    var testDescription: String { call.count > 120 ? String(call.prefix(117)) + "..." : call }

    /// A call that gives `expected`.
    init(_ call: String, _ input: String = "{}", _ expected: String) {
        self.call = call
        self.input = input
        self.outcome = .value(expected)
    }

    /// A call that fails with `Invalid arguments in <its function>`.
    static func invalid(_ call: String, _ input: String = "{}") -> DataIntrinsicCase {
        var c = DataIntrinsicCase(call, input, "")
        c.outcome = .invalid
        return c
    }
}

/// The behaviour of every intrinsic, one table each, audited against AWS. Sources, named on each row or group:
/// - guide: the developer guide's "Intrinsic functions for JSONPath states" page (documented checks and limits);
/// - LocalStack: executions LocalStack recorded on AWS (`conformance/localstack/cases.jsonl`, its
///   `tests/aws/services/stepfunctions/v2/intrinsic_functions` snapshots);
/// - suite XX-nnn: a public characterization suite whose cases were run on AWS
///   (`tests/support/conformance/intrinsicCases/States.*.ts`), by case id;
/// - Java: the JDK behaviour AWS shows (`Math.round`, `(int)` casts, `StringTokenizer`, `java.util.Random`).
/// Failures are `States.Runtime` with the cause `The function '<call>' had the following error: Invalid
/// arguments in <function>`: the wording recorded in public reports of AWS executions (MathAdd,
/// StringToJson) and in the suite; AWS's guide names `States.IntrinsicFailure`, executions show `States.Runtime`.
@Suite struct DataIntrinsicTests {
    static func check(_ c: DataIntrinsicCase) throws {
        switch c.outcome {
        case .value(let expected):
            #expect(DataFlow.serialize(try DataTest.call(c.call, c.input)) == expected)
        case .invalid:
            let function = String(c.call.prefix { $0 != "(" })
            let error = try DataTest.callError(c.call, c.input)
            #expect(error == RuntimeError(DataFlow.intrinsicFailureError,
                "The function '\(c.call)' had the following error: Invalid arguments in \(function)"))
        }
    }

    /// States.Format: strings raw, other values as Java text, `\\{` `\\}` escapes; as many values as `{}`.
    static let formatCases: [DataIntrinsicCase] = [
        // guide (example); LocalStack test_format_1/2 (Java text of values).
        DataIntrinsicCase("States.Format('Hello, my name is {}.', $.name)", #"{"name":"Arnav"}"#, #""Hello, my name is Arnav.""#),
        DataIntrinsicCase("States.Format('{} {} {} {} {}', $.n, $.b, $.z, $.o, $.i)", #"{"n":1.5,"b":true,"z":null,"o":{"a":[1,"x"]},"i":1.0}"#,
                          #""1.5 true null {a=[1, x]} 1.0""#),
        // guide, "Reserved characters": \' \{ \} \\ escapes.
        DataIntrinsicCase(#"States.Format('a\{\}b {}', 'x')"#, "{}", #""a{}b x""#),
        DataIntrinsicCase(#"States.Format('it\'s \\ {}', 1)"#, "{}", #""it's \\ 1""#),
        // suite FMT-05, FMT-06; LocalStack test_context_json_path.
        DataIntrinsicCase("States.Format('no placeholders')", "{}", #""no placeholders""#),
        DataIntrinsicCase("States.Format($.t, $.v)", #"{"t":"n={}","v":[1,2]}"#, #""n=[1, 2]""#),
        DataIntrinsicCase("States.Format('{}', $$.StateMachine)", "{}", #""{Id=arn:aws:states:us-east-1:123456789012:stateMachine:M, Name=M}""#),
        // Java: Double.toString.
        DataIntrinsicCase("States.Format('{}', 1e21)", "{}", #""1.0E21""#),
        // guide: as many values as placeholders; suite FMT-14, FMT-15, FMT-17, FMT-18, FMT-21, FMT-07 (AWS fails;
        // the suite does not record the cause text, so the common one is kept).
        .invalid("States.Format('{} {}', 'x')"),
        .invalid("States.Format('{}', 'x', 'y')"),
        .invalid("States.Format('Hello {', 'x')"),
        .invalid("States.Format('Hello {{}}', 'x')"),
        .invalid("States.Format('}')"),
        .invalid("States.Format($.t)", #"{"t":123}"#),
    ]

    /// States.StringToJson: JSON text parsed; blank text is null.
    static let stringToJsonCases: [DataIntrinsicCase] = [
        // LocalStack test_string_to_json (blank strings give null, numbers keep their value).
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":"{\"a\": [1, 2.50]}"}"#, #"{"a":[1,2.5]}"#),
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":""}"#, "null"),
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":"  "}"#, "null"),
        DataIntrinsicCase("States.StringToJson($.s)", #"{"s":"-0"}"#, "0"),
        DataIntrinsicCase("States.StringToJson('\"x\"')", "{}", #""x""#),
        // Public AWS failure report: "States.Runtime: Invalid arguments in States.StringToJson" for a non-string.
        .invalid("States.StringToJson($.s)", #"{"s":"{not json"}"#),
        .invalid("States.StringToJson(1)"),
        .invalid("States.StringToJson($.o)", #"{"o":{"a":1}}"#),
    ]

    /// States.JsonToString: any value, as compact JSON text.
    static let jsonToStringCases: [DataIntrinsicCase] = [
        // LocalStack test_json_to_string.
        DataIntrinsicCase("States.JsonToString($.o)", #"{"o":{"a":"x/y","b":[1.50,true,null]}}"#, #""{\"a\":\"x/y\",\"b\":[1.5,true,null]}""#),
        DataIntrinsicCase("States.JsonToString($.s)", #"{"s":"HelloWorld"}"#, #""\"HelloWorld\"""#),
        DataIntrinsicCase("States.JsonToString($)", #"{"x":1}"#, #""{\"x\":1}""#),
        // guide: one argument.
        .invalid("States.JsonToString($.a, $.b)", #"{"a":1,"b":2}"#),
    ]

    /// States.JsonMerge: two objects, shallow; only `true` as the deep flag fails.
    static let jsonMergeCases: [DataIntrinsicCase] = [
        // guide (shallow: the later key wins); LocalStack test_json_merge, test_json_merge_escaped_argument.
        DataIntrinsicCase("States.JsonMerge($.a, $.b, false)", #"{"a":{"a":{"a1":1},"b":2,"d":3},"b":{"a":{"a3":1},"c":3,"d":4}}"#,
                          #"{"a":{"a3":1},"b":2,"c":3,"d":4}"#),
        DataIntrinsicCase(#"States.JsonMerge(States.StringToJson('{"constant_in_literal": "false"}'), $.f, false)"#,
                          #"{"f":{"constant_input_field":"v"}}"#, #"{"constant_input_field":"v","constant_in_literal":"false"}"#),
        // suite JMG-13: a non-boolean deep flag (the string "false") merges shallowly on AWS.
        DataIntrinsicCase("States.JsonMerge($.a, $.b, $.deep)", #"{"a":{"x":1},"b":{"y":2},"deep":"false"}"#, #"{"x":1,"y":2}"#),
        // guide: deep merging is not supported; suite JMG-07..12, JMG-16 (AWS fails; cause text not recorded).
        .invalid("States.JsonMerge($.a, $.b, true)", #"{"a":{},"b":{}}"#),
        .invalid("States.JsonMerge($.a, $.b, false)", #"{"a":[],"b":{}}"#),
        .invalid("States.JsonMerge($.a, $.b, false)", #"{"a":{},"b":null}"#),
        .invalid("States.JsonMerge($.a, $.b, false)", #"{"a":{},"b":"x"}"#),
    ]

    /// States.Array: any values, in order.
    static let arrayCases: [DataIntrinsicCase] = [
        // guide; LocalStack test_array_0, test_array_2.
        DataIntrinsicCase("States.Array()", "{}", "[]"),
        DataIntrinsicCase("States.Array(1, 'a', true, null, $.x, States.Array(2))", #"{"x":{"k":1}}"#, #"[1,"a",true,null,{"k":1},[2]]"#),
        DataIntrinsicCase("States.Array($.a, $.a)", #"{"a":1.1}"#, "[1.1,1.1]"),
    ]

    /// States.ArrayPartition: an array and a chunk size truncated to a positive Java int.
    static let arrayPartitionCases: [DataIntrinsicCase] = [
        // guide (example); LocalStack test_array_partition (sizes 1 to 5 over arrays of 0 to 4 items).
        DataIntrinsicCase("States.ArrayPartition($.a, 2)", #"{"a":[1,2,3,4,5]}"#, "[[1,2],[3,4],[5]]"),
        DataIntrinsicCase("States.ArrayPartition($.a, 10)", #"{"a":[1,2,3]}"#, "[[1,2,3]]"),
        DataIntrinsicCase("States.ArrayPartition($.a, 3)", #"{"a":[]}"#, "[]"),
        // suite AP-013, AP-014, AP-024: the size is truncated (the guide says rounded; AWS truncates).
        DataIntrinsicCase("States.ArrayPartition($.a, 2.9)", #"{"a":[1,2,3,4,5]}"#, "[[1,2],[3,4],[5]]"),
        DataIntrinsicCase("States.ArrayPartition($.a, 2147483647)", #"{"a":[]}"#, "[]"),
        // guide: an array and a positive integer; suite AP-008..012, AP-015..018.
        .invalid("States.ArrayPartition('not-array', 2)"),
        .invalid("States.ArrayPartition($.a, 0)", #"{"a":[1]}"#),
        .invalid("States.ArrayPartition($.a, 0.6)", #"{"a":[1]}"#),
        .invalid("States.ArrayPartition($.a, -0.4)", #"{"a":[1]}"#),
        .invalid("States.ArrayPartition($.a, -1)", #"{"a":[1]}"#),
        .invalid("States.ArrayPartition($.a, '2')", #"{"a":[1]}"#),
        .invalid("States.ArrayPartition($.a, null)", #"{"a":[1]}"#),
        .invalid("States.ArrayPartition($.a, 3000000000)", #"{"a":[1]}"#),
    ]

    /// States.ArrayContains: an array and any value, compared as JSON values.
    static let arrayContainsCases: [DataIntrinsicCase] = [
        // LocalStack test_array_contains.
        DataIntrinsicCase("States.ArrayContains($.a, $.v)", #"{"a":[[1,2,3],2],"v":[1,2,3]}"#, "true"),
        DataIntrinsicCase("States.ArrayContains($.a, $.v)", #"{"a":[{"1":2,"2":[]}],"v":{"2":[],"1":2}}"#, "true"),
        DataIntrinsicCase("States.ArrayContains($.a, $.v)", #"{"a":[[1,2,3],2],"v":null}"#, "false"),
        DataIntrinsicCase("States.ArrayContains($.a, $.v)", #"{"a":[],"v":[]}"#, "false"),
        DataIntrinsicCase("States.ArrayContains($.a, $.v)", #"{"a":[true,false],"v":false}"#, "true"),
        // Java: Jackson equality tells 1.0 from 1.
        DataIntrinsicCase("States.ArrayContains($.a, 1.0)", #"{"a":[1]}"#, "false"),
        // guide: the first argument must be an array.
        .invalid("States.ArrayContains($.a, 1)", #"{"a":{}}"#),
        .invalid("States.ArrayContains('abc', 'a')"),
    ]

    /// States.ArrayRange: three numbers truncated to Java ints, a step other than 0, at most 1,000 items.
    static let arrayRangeCases: [DataIntrinsicCase] = [
        // guide (example); LocalStack test_array_range.
        DataIntrinsicCase("States.ArrayRange(1, 9, 2)", "{}", "[1,3,5,7,9]"),
        DataIntrinsicCase("States.ArrayRange(0, 10, 3)", "{}", "[0,3,6,9]"),
        DataIntrinsicCase("States.ArrayRange(1, 9, 9)", "{}", "[1]"),
        // suite ARANGE-006..009: a step pointing away gives [].
        DataIntrinsicCase("States.ArrayRange(5, 1, -2)", "{}", "[5,3,1]"),
        DataIntrinsicCase("States.ArrayRange(3, 3, -1)", "{}", "[3]"),
        DataIntrinsicCase("States.ArrayRange(1, 5, -1)", "{}", "[]"),
        // suite ARANGE-004, ARANGE-023, ARANGE-024: numbers are truncated (the guide says rounded).
        DataIntrinsicCase("States.ArrayRange(1.4, 5.6, 2.2)", "{}", "[1,3,5]"),
        DataIntrinsicCase("States.ArrayRange(1.6, 1.4, 1)", "{}", "[1]"),
        DataIntrinsicCase("States.ArrayRange(5.4, -0.6, -2.4)", "{}", "[5,3,1]"),
        // guide: up to 1,000 items; suite ARANGE-015, ARANGE-017.
        DataIntrinsicCase("States.ArrayRange(-2147483648, -2147482649, 1)", "{}",
                          "[" + (0..<1000).map { String(-2_147_483_648 + $0) }.joined(separator: ",") + "]"),
        // guide: integers, a step other than 0, at most 1,000 items; suite ARANGE-010..014, ARANGE-016, ARANGE-018.
        .invalid("States.ArrayRange(1, 10, 0)"),
        .invalid("States.ArrayRange(1, 10, 0.49)"),
        .invalid("States.ArrayRange(1, 1001, 1)"),
        .invalid("States.ArrayRange(1001, 1, -1)"),
        .invalid("States.ArrayRange('a', 5, 1)"),
        .invalid("States.ArrayRange(1, 5, 'c')"),
        .invalid("States.ArrayRange(-2147483648, 2147483647, 1)"),
        .invalid("States.ArrayRange(1, 3000000000, 1)"),
        .invalid("States.ArrayRange(1, 5)"),
    ]

    /// States.ArrayGetItem: an array and an index truncated to a Java int.
    static let arrayGetItemCases: [DataIntrinsicCase] = [
        // guide (example); LocalStack test_array_get_item.
        DataIntrinsicCase("States.ArrayGetItem($.a, 5)", #"{"a":[1,2,3,4,5,6,7,8,9]}"#, "6"),
        // suite AGI-015: a fractional index is truncated; AGI-011: any index into [] gives null.
        DataIntrinsicCase("States.ArrayGetItem($.a, 1.2)", #"{"a":[10,20,30]}"#, "20"),
        DataIntrinsicCase("States.ArrayGetItem($.a, 999)", #"{"a":[]}"#, "null"),
        DataIntrinsicCase("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)", "{}", #""M""#),
        // suite AGI-008..010, AGI-012.
        .invalid("States.ArrayGetItem($.a, 3)", #"{"a":[10,20,30]}"#),
        .invalid("States.ArrayGetItem($.a, -1)", #"{"a":[10,20,30]}"#),
        .invalid("States.ArrayGetItem($.a, '1')", #"{"a":[10,20,30]}"#),
        .invalid("States.ArrayGetItem('x', 0)"),
    ]

    /// States.ArrayLength: the length of an array.
    static let arrayLengthCases: [DataIntrinsicCase] = [
        // guide; LocalStack test_array_length, test_array_unique (which calls ArrayLength).
        DataIntrinsicCase("States.ArrayLength($.a)", #"{"a":[1,[2],{"3":3}]}"#, "3"),
        DataIntrinsicCase("States.ArrayLength($.a[*].nope)", #"{"a":[1,2]}"#, "0"),
        // guide: the argument is an array.
        .invalid("States.ArrayLength('not-array')"),
        .invalid("States.ArrayLength($.o)", #"{"o":{"k":1}}"#),
    ]

    /// States.ArrayUnique: an array without repeated values (compared as JSON values).
    static let arrayUniqueCases: [DataIntrinsicCase] = [
        // guide (example); Java: Jackson equality (1 and 1.0 differ, key order does not matter).
        DataIntrinsicCase("States.ArrayUnique($.a)", #"{"a":[1,2,2,"2",{"a":1,"b":2},{"b":2,"a":1},null,null,1.0]}"#,
                          #"[1,2,"2",{"a":1,"b":2},null,1.0]"#),
        // guide: the argument is an array.
        .invalid("States.ArrayUnique($.o)", #"{"o":{"k":1}}"#),
    ]

    /// States.Base64Encode: a string of at most 10,000 characters, as standard Base64 of its UTF-8.
    static let base64EncodeCases: [DataIntrinsicCase] = [
        // guide (example); LocalStack test_base_64_encode; suite B64E-004, B64E-008/009, B64E-022.
        DataIntrinsicCase("States.Base64Encode($.s)", #"{"s":"Data to encode"}"#, #""RGF0YSB0byBlbmNvZGU=""#),
        DataIntrinsicCase("States.Base64Encode('✓')", "{}", #""4pyT""#),
        DataIntrinsicCase("States.Base64Encode('🚀')", "{}", #""8J+agA==""#),
        DataIntrinsicCase("States.Base64Encode('')", "{}", #""""#),
        DataIntrinsicCase("States.Base64Encode($.s)", "{\"s\":\"" + String(repeating: "a", count: 10_000) + "\"}",
                          "\"" + String(repeating: "YWFh", count: 3_333) + "YQ==\""),
        // guide: up to 10,000 characters; suite B64E-010, B64E-011, B64E-014, B64E-015.
        .invalid("States.Base64Encode(123)"),
        .invalid("States.Base64Encode($.o)", #"{"o":{}}"#),
        .invalid("States.Base64Encode($.s)", "{\"s\":\"" + String(repeating: "a", count: 10_001) + "\"}"),
    ]

    /// States.Base64Decode: strict standard Base64 of at most 10,000 characters, read as UTF-8.
    static let base64DecodeCases: [DataIntrinsicCase] = [
        // guide (example); LocalStack test_base_64_decode.
        DataIntrinsicCase("States.Base64Decode($.s)", #"{"s":"RGF0YSB0byBlbmNvZGU="}"#, #""Data to encode""#),
        DataIntrinsicCase("States.Base64Decode('44GT44KT44Gr44Gh44Gv')", "{}", #""こんにちは""#),
        // Java: the basic decoder takes unpadded text, and padding only where the last group needs it.
        DataIntrinsicCase("States.Base64Decode('YWJjZA')", "{}", #""abcd""#),
        DataIntrinsicCase("States.Base64Decode('YWJjZGU')", "{}", #""abcde""#),
        DataIntrinsicCase("States.Base64Decode('YQ==')", "{}", #""a""#),
        DataIntrinsicCase("States.Base64Decode('wqk=')", "{}", #""©""#),
        DataIntrinsicCase("States.Base64Decode('')", "{}", #""""#),
        .invalid("States.Base64Decode($.o)", #"{"o":{}}"#),
        .invalid("States.Base64Decode('not base64!')"),
        .invalid("States.Base64Decode(' YWJjZA== ')"),
        .invalid("States.Base64Decode('ab==cd')"),
        .invalid("States.Base64Decode('YWJjZ')"),
        .invalid("States.Base64Decode('YQ=')"),
        .invalid("States.Base64Decode('YWI===')"),
        .invalid("States.Base64Decode('====')"),
        .invalid("States.Base64Decode('-_-_')"),
        // guide: up to 10,000 characters.
        .invalid("States.Base64Decode($.s)", "{\"s\":\"" + String(repeating: "A", count: 10_001) + "\"}"),
    ]

    /// States.Hash: data of at most 10,000 characters (other values hashed by their Java text) and
    /// one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, spelled exactly.
    static let hashCases: [DataIntrinsicCase] = [
        // guide (algorithms); LocalStack test_hash; suite HASH-001..002.
        DataIntrinsicCase("States.Hash('hello', 'MD5')", "{}", #""5d41402abc4b2a76b9719d911017c592""#),
        DataIntrinsicCase("States.Hash('hello', 'SHA-1')", "{}", #""aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d""#),
        DataIntrinsicCase("States.Hash($.d, $.a)", #"{"d":"input data","a":"SHA-256"}"#,
                          #""b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3""#),
        DataIntrinsicCase("States.Hash('input data', 'SHA-384')", "{}",
                          #""d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562""#),
        DataIntrinsicCase("States.Hash('input data', 'SHA-512')", "{}",
                          #""6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4""#),
        // suite HASH-014, HASH-017: numbers and objects are hashed by their text.
        DataIntrinsicCase("States.Hash(123, 'SHA-256')", "{}", #""a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3""#),
        // suite HASH-012: exactly 10,000 characters is accepted.
        DataIntrinsicCase("States.Hash($.s, 'MD5')", "{\"s\":\"" + String(repeating: "a", count: 10_000) + "\"}",
                          #""0d0c9c4db6953fee9e03f528cafd7d3e""#),
        // guide: the five algorithms, 10,000 characters; suite HASH-013, HASH-018, HASH-024..026, HASH-030..032.
        .invalid("States.Hash('data', 'sha-256')"),
        .invalid("States.Hash('data', 'SHA256')"),
        .invalid("States.Hash('data', 'MD-5')"),
        .invalid("States.Hash('data', '')"),
        .invalid("States.Hash('hello', 123)"),
        .invalid("States.Hash($.s, 'MD5')", "{\"s\":\"" + String(repeating: "a", count: 10_001) + "\"}"),
    ]

    /// States.MathRandom: start and end truncated to Java ints, start < end; an optional numeric seed.
    static let mathRandomCases: [DataIntrinsicCase] = [
        // suite MRAND-008, MRAND-009: bounds are truncated (1.6 allows 1; the guide says rounded).
        DataIntrinsicCase("States.MathRandom(7, 8)", "{}", "7"),
        DataIntrinsicCase("States.MathRandom(7.9, 8.9)", "{}", "7"),
        // suite MRAND-005, MRAND-006, MRAND-009..013, MRAND-019.
        .invalid("States.MathRandom(1, 1)"),
        .invalid("States.MathRandom(10, 5)"),
        .invalid("States.MathRandom(1.4, 1.6)"),
        .invalid("States.MathRandom('a', 10)"),
        .invalid("States.MathRandom(1, 'b')"),
        .invalid("States.MathRandom(1, 10, null)"),
        .invalid("States.MathRandom(1, 10, 'seed')"),
        // Java: end - start must fit nextInt's int bound.
        .invalid("States.MathRandom(-2147483648, 2147483647)"),
    ]

    /// States.MathAdd: two numbers rounded half up to Java ints, with a sum that fits a Java int.
    static let mathAddCases: [DataIntrinsicCase] = [
        // guide (example); LocalStack test_math_add (Math.round: 1.5 and -1.51 round away, -0.5 and -2.5 up).
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":-9,"b":3}"#, "-6"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":1.49,"b":1.5}"#, "3"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":-1.5,"b":-1.51}"#, "-3"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":-0.5,"b":0}"#, "0"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":-2.5,"b":0}"#, "-2"),
        DataIntrinsicCase("States.MathAdd($.a, $.b)", #"{"a":2.5,"b":0}"#, "3"),
        // guide: integers from -2147483648 to 2147483647; suite MADD-009, MADD-010, MADD-015, MADD-016.
        DataIntrinsicCase("States.MathAdd(2147483646, 1)", "{}", "2147483647"),
        DataIntrinsicCase("States.MathAdd(-2147483647, -1)", "{}", "-2147483648"),
        DataIntrinsicCase("States.MathAdd(States.ArrayLength(States.Array(1, 2)), -1)", "{}", "1"),
        // suite MADD-011..014, MADD-017..020, MADD-031..036; a public AWS failure report (a string operand).
        .invalid("States.MathAdd(2147483647, 1)"),
        .invalid("States.MathAdd(-2147483648, -1)"),
        .invalid("States.MathAdd(3000000000, 1)"),
        .invalid("States.MathAdd('1', 2)"),
        .invalid("States.MathAdd(true, 1)"),
        .invalid("States.MathAdd(null, 1)"),
        .invalid("States.MathAdd(-1, $.probe)", #"{"probe":[1]}"#),
        .invalid("States.MathAdd($.firstNumber, $.secondNumber)", #"{"firstNumber":1,"secondNumber":"NOT A NUMBER"}"#),
        .invalid("States.MathAdd(1)"),
    ]

    /// States.StringSplit: a string and a string of delimiter characters; empty pieces are dropped.
    static let stringSplitCases: [DataIntrinsicCase] = [
        // guide (both examples); LocalStack test_string_split; suite SSP-03..07 (empty pieces dropped).
        DataIntrinsicCase("States.StringSplit($.s, $.d)", #"{"s":"1,2,3,4,5","d":","}"#, #"["1","2","3","4","5"]"#),
        DataIntrinsicCase("States.StringSplit($.s, $.d)", #"{"s":"This.is+a,test=string","d":".+,="}"#, #"["This","is","a","test","string"]"#),
        DataIntrinsicCase("States.StringSplit($.s, ',')", #"{"s":", , ,"}"#, #"[" "," "]"#),
        DataIntrinsicCase("States.StringSplit($.s, ',')", #"{"s":",,,,"}"#, "[]"),
        DataIntrinsicCase("States.StringSplit($.s, ',')", #"{"s":""}"#, "[]"),
        DataIntrinsicCase("States.StringSplit($.s, $.d)", #"{"s":"split on T and \nnew line","d":"T\n"}"#, #"["split on "," and ","new line"]"#),
        // Java: StringTokenizer with no delimiters returns the whole string (AWS's answer not recorded).
        DataIntrinsicCase("States.StringSplit('abc', '')", "{}", #"["abc"]"#),
        // suite SSP-10..13, SSP-27, SSP-28.
        .invalid("States.StringSplit(1, ',')"),
        .invalid("States.StringSplit('a', 1)"),
        .invalid("States.StringSplit($.s, $.d)", #"{"s":null,"d":","}"#),
        .invalid("States.StringSplit($.s, $.d)", #"{"s":"a,b","d":[","]}"#),
    ]

    /// States.UUID: no arguments.
    static let uuidCases: [DataIntrinsicCase] = [
        .invalid("States.UUID(1)"),
    ]

    @Test(arguments: formatCases) func format(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: stringToJsonCases) func stringToJson(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: jsonToStringCases) func jsonToString(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: jsonMergeCases) func jsonMerge(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: arrayCases) func array(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: arrayPartitionCases) func arrayPartition(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: arrayContainsCases) func arrayContains(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: arrayRangeCases) func arrayRange(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: arrayGetItemCases) func arrayGetItem(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: arrayLengthCases) func arrayLength(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: arrayUniqueCases) func arrayUnique(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: base64EncodeCases) func base64Encode(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: base64DecodeCases) func base64Decode(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: hashCases) func hash(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: mathRandomCases) func mathRandom(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: mathAddCases) func mathAdd(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: stringSplitCases) func stringSplit(_ c: DataIntrinsicCase) throws { try Self.check(c) }
    @Test(arguments: uuidCases) func uuid(_ c: DataIntrinsicCase) throws { try Self.check(c) }

    /// Every intrinsic has a table above.
    @Test func everyFunctionIsAudited() {
        let tables = [
            Self.formatCases, Self.stringToJsonCases, Self.jsonToStringCases, Self.jsonMergeCases, Self.arrayCases, Self.arrayPartitionCases, Self.arrayContainsCases, Self.arrayRangeCases, Self.arrayGetItemCases,
            Self.arrayLengthCases, Self.arrayUniqueCases, Self.base64EncodeCases, Self.base64DecodeCases, Self.hashCases, Self.mathRandomCases, Self.mathAddCases, Self.stringSplitCases, Self.uuidCases,
        ]
        let covered = Set(tables.compactMap { $0.first.map { String($0.call.prefix { $0 != "(" }) } })
        #expect(covered == Set(IntrinsicFunction.allCases.map(\.rawValue)))
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

    /// A compiled call (nested constant calls folded once) gives what the call as written gives:
    /// the same value, or the same error with the same cause, and the same random draws.
    @Test(arguments: [
        "States.ArrayGetItem(States.Array(10, 15, 23, 34), $.i)",
        "States.ArrayGetItem(States.Array(10, 15, 23, 34), 9)",
        "States.Format('{} of {}', States.MathAdd(1, 2), States.ArrayLength(States.Array(1, 2, 3)))",
        "States.ArrayContains(States.ArrayRange(1, 5, 1), States.MathAdd($.i, 1))",
        "States.Array(States.Base64Decode('not base64!'), $.i)",
        "States.Array(States.ArrayRange(1, 2000, 1), 1)",
        "States.Array(States.UUID(), States.UUID(), States.MathRandom(1, 100), States.MathRandom(1, 100, 7))",
        "States.Array(States.Nope(1), 2)",
        "States.Array(" + String(repeating: "States.Array(", count: 62) + "1" + String(repeating: ")", count: 62) + ")",
        "States.Array(" + String(repeating: "States.Array(", count: 61) + "1" + String(repeating: ")", count: 61) + ", $.i)",
    ])
    func compiledCallsMatchTheCallsAsWritten(_ text: String) throws {
        let call = try IntrinsicCall(parsing: text)
        let scope = try DataTest.scope(#"{"i": 2}"#)
        func outcome(_ body: (inout SeededRandom) throws(RuntimeError) -> JSONValue) -> String {
            var random = SeededRandom(seed: 5)
            do throws(RuntimeError) { return DataFlow.serialize(try body(&random)) } catch { return "\(error.error): \(error.cause)" }
        }
        let written = outcome { r throws(RuntimeError) in try DataFlow.evaluate(call, scope, random: &r) }
        let compiled = CompiledIntrinsic(call)
        let folded = outcome { r throws(RuntimeError) in try Intrinsics(scope: scope, expressionText: text).evaluate(compiled, random: &r) }
        #expect(folded == written)
        // Evaluating the compiled call twice gives the same as the first time (nothing is consumed).
        #expect(outcome { r throws(RuntimeError) in try Intrinsics(scope: scope, expressionText: text).evaluate(compiled, random: &r) } == written)
    }

    @Test func constantNestedCallsAreFoldedOnce() throws {
        let compiled = CompiledIntrinsic(try IntrinsicCall(parsing: "States.ArrayGetItem(States.Array(10, 15, States.MathAdd(20, 3)), $.i)"))
        guard case .value(let array) = compiled.arguments[0] else { Issue.record("not folded: \(compiled.arguments[0])"); return }
        #expect(array == [10, 15, 23])
        let random = CompiledIntrinsic(try IntrinsicCall(parsing: "States.Array(States.UUID(), 1)"))
        guard case .call = random.arguments[0] else { Issue.record("a random draw was folded"); return }
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
        var r = JavaRandom(seed: 42)
        // java.util.Random(42): nextInt(10) gives 0, 3, 8, 4, 0 (documented JDK behaviour).
        #expect((0..<5).map { _ in r.nextInt(10) } == [0, 3, 8, 4, 0])
        var p = JavaRandom(seed: 0)
        #expect(p.nextInt(16) == 11)  // power-of-two bound path
    }

    @Test func formatTemplatePieces() {
        #expect(Intrinsics.templatePieces(#"a\{\}b {}"#, escapes: true) == [.text("a{}b "), .placeholder])
        #expect(Intrinsics.templatePieces("{}{}", escapes: false) == [.placeholder, .placeholder])
        #expect(Intrinsics.templatePieces("{ }", escapes: false) == nil)
        #expect(Intrinsics.tokenize("a,b;;c", ",;") == ["a", "b", "c"])
    }
}
