import Testing

@testable import StatesLanguage

/// A call that must fail to parse, where, and with what message.
struct IntrinsicErrorCase: Sendable, CustomTestStringConvertible {
    var text: String
    var offset: Int
    var message: String
    var testDescription: String { text }
}

/// A call that parses and the signature problems it must report.
struct SignatureCase: Sendable, CustomTestStringConvertible {
    var text: String
    var problems: [String]
    var testDescription: String { text }
}

@Suite struct IntrinsicTests {
    private static func path(_ text: String) -> IntrinsicArgument {
        // Test helper: the texts given here are valid paths.
        (try? Path(parsing: text)).map { .path($0) } ?? .null
    }

    // MARK: Valid forms

    static let validCalls: [String] = [
        "States.Format('Hello, {}!', $.name)",
        "States.Array(1, 2.3, 'x', true, null, $.a, States.UUID())",
        "States.MathAdd($.i, 1)",
        "States.UUID()",
        "States.Array()",
        "States.Array( )",
        "States.Array(1,2,3)",
        "States.Array(  1 ,  2  )",
        "States.MathAdd(-1, -2)",
        "States.StringToJson($.s)",
        "States.JsonToString($)",
        "States.Format('{} {}', $$.Execution.Id, $var.x[0])",
        "States.Format('a\\'b\\{\\}c\\\\', $.x)",
        "States.ArrayGetItem($.a[?(@.x == 'a, b)')], 0)",
        "States.ArrayLength($.items[*])",
        "States.ArrayLength($.a.length())",
        "States.JsonMerge($.a, $.b, false)",
        "States.Hash($.data, 'SHA-256')",
        "States.ArrayPartition(States.ArrayRange(1, 10, 1), 3)",
        "States.Format('{}', States.Format('{}', States.Format('{}', $.deep)))",
        "States.Format('日本 {}', $.名前)",
        "States.Array($['a,b'], $[\"c)d\"])",
        "Foo.Bar(1)",
        "States.MathRandom(1, 999, 42)",
        "States.Array(1e3, 0.5, -0)",
    ]

    @Test(arguments: validCalls)
    func validCallRoundTrips(_ text: String) throws {
        let call = try IntrinsicCall(parsing: text)
        #expect(call.text == text)
        #expect(call.description == text)
        #expect(try IntrinsicCall(parsing: call.text) == call)
    }

    @Test func argumentsAreDecoded() throws {
        let call = try IntrinsicCall(parsing: "States.Array(1, 2.3, 'x', true, false, null, $.a, States.UUID())")
        #expect(call.function == .array)
        #expect(call.name == "States.Array")
        #expect(call.arguments.count == 8)
        #expect(call.arguments[0] == .number(JSONNumber(1)))
        #expect(call.arguments[1] == .number(JSONNumber(2.3)))
        #expect(call.arguments[2] == .string("x"))
        #expect(call.arguments[3] == .bool(true))
        #expect(call.arguments[4] == .bool(false))
        #expect(call.arguments[5] == .null)
        #expect(call.arguments[6] == Self.path("$.a"))
        guard case .call(let uuid) = call.arguments[7] else {
            Issue.record("expected a nested call")
            return
        }
        #expect(uuid.function == .uuid)
        #expect(uuid.text == "States.UUID()")
        #expect(uuid.arguments.isEmpty)
    }

    static let stringLiterals: [(String, String)] = [
        ("States.Format('plain')", "plain"),
        ("States.Format('it\\'s')", "it's"),
        ("States.Format('\\{\\}')", "{}"),
        ("States.Format('back\\\\slash')", "back\\slash"),
        ("States.Format('')", ""),
        ("States.Format('a, b) c')", "a, b) c"),
        ("States.Format('\"quoted\"')", "\"quoted\""),
        ("States.Format('日本語')", "日本語"),
    ]

    @Test(arguments: stringLiterals)
    func stringEscapes(_ text: String, _ value: String) throws {
        let call = try IntrinsicCall(parsing: text)
        #expect(call.arguments == [.string(value)])
    }

    @Test func pathArgumentsKeepTheirText() throws {
        let call = try IntrinsicCall(parsing: "States.Format('{} {} {}', $$.Execution.Id ,$v.x[0],  $.a[?(@.b == 'x,)')]  )")
        let texts = call.arguments.dropFirst().map { argument -> String in
            if case .path(let p) = argument { return p.text }
            return "?"
        }
        #expect(texts == ["$$.Execution.Id", "$v.x[0]", "$.a[?(@.b == 'x,)')]"])
        guard case .path(let context) = call.arguments[1], case .path(let variable) = call.arguments[2] else {
            Issue.record("expected paths")
            return
        }
        #expect(context.root == .context)
        #expect(variable.root == .variable("v"))
    }

    @Test func nestedCallsKeepTheirText() throws {
        let call = try IntrinsicCall(parsing: "States.ArrayPartition(States.ArrayRange(1, 10, 1), 3)")
        guard case .call(let inner) = call.arguments.first else {
            Issue.record("expected a nested call")
            return
        }
        #expect(inner.text == "States.ArrayRange(1, 10, 1)")
        #expect(inner.function == .arrayRange)
        #expect(inner.arguments == [.number(JSONNumber(1)), .number(JSONNumber(10)), .number(JSONNumber(1))])
        #expect(call.arguments.last == .number(JSONNumber(3)))
    }

    @Test func unknownNamesParse() throws {
        let call = try IntrinsicCall(parsing: "States.Nope(1)")
        #expect(call.function == nil)
        #expect(call.name == "States.Nope")
        #expect(call.checkSignature() == ["unknown intrinsic function 'States.Nope'"])
        #expect(try IntrinsicCall(parsing: "States.format('x')").checkSignature()
            == ["unknown intrinsic function 'States.format'; did you mean 'States.Format'?"])
    }

    @Test func numbersKeepTheirSpelling() throws {
        let call = try IntrinsicCall(parsing: "States.Array(1.50, -0.0, 2e2)")
        #expect(call.arguments.map { argument -> String in
            if case .number(let n) = argument { return n.text }
            return "?"
        } == ["1.50", "-0.0", "2e2"])
    }

    // MARK: Syntax errors

    static let errorCases: [IntrinsicErrorCase] = [
        .init(text: "", offset: 0, message: "expected an intrinsic function name like States.Format but found the end of the text"),
        .init(text: "$.a", offset: 0, message: "expected an intrinsic function name like States.Format but found '$'"),
        .init(text: "States.", offset: 7, message: "expected a name after '.' in the function name but found the end of the text"),
        .init(text: "States.Format", offset: 13, message: "expected '(' after the function name 'States.Format' but found the end of the text"),
        .init(text: "States.Format ('x')", offset: 13, message: "expected '(' after the function name 'States.Format' but found a space"),
        .init(text: "States.Format(", offset: 14, message: "missing ')' to close the call opened at character 14"),
        .init(text: "States.Format('x'", offset: 17, message: "missing ')' to close the call of States.Format opened at character 14"),
        .init(text: "States.Format('x', ", offset: 19, message: "missing ')' to close the call opened at character 14"),
        .init(text: "States.Format('abc)", offset: 14, message: "unterminated string literal; expected a closing \"'\""),
        .init(text: "States.Format('abc\\", offset: 14, message: "unterminated string literal; expected a closing \"'\""),
        .init(text: "States.Format('a\\nb')", offset: 16, message: "invalid escape '\\n'; only \\', \\{, \\} and \\\\ may be escaped in an intrinsic string"),
        .init(text: "States.Format(\"x\")", offset: 14, message: "string literals in intrinsic functions use single quotes"),
        .init(text: "States.Array(,)", offset: 13, message: "expected an argument but found ','"),
        .init(text: "States.Array(1,)", offset: 15, message: "expected an argument but found ')'"),
        .init(text: "States.Array(1,,2)", offset: 15, message: "expected an argument but found ','"),
        .init(text: "States.Array(1 2)", offset: 15, message: "expected ',' or ')' after the argument but found '2'"),
        .init(text: "States.Array(1) ", offset: 15, message: "unexpected a space after the closing ')' of the call"),
        .init(text: "States.Array(1)x", offset: 15, message: "unexpected 'x' after the closing ')' of the call"),
        .init(text: "States.Array(1))", offset: 15, message: "unexpected ')' after the closing ')' of the call"),
        .init(text: "States.Array(01)", offset: 13, message: "invalid number '01'"),
        .init(text: "States.Array(-)", offset: 13, message: "invalid number '-'"),
        .init(text: "States.Array(1.)", offset: 13, message: "invalid number '1.'"),
        .init(text: "States.Array(True)", offset: 13, message: "unexpected 'True'; expected a string in single quotes, a number, true, false, null, a path or a function call"),
        .init(text: "States.Array(#)", offset: 13, message: "expected a string in single quotes, a number, true, false, null, a path or a function call but found '#'"),
        .init(text: "States.Array($.)", offset: 15, message: "invalid path '$.': expected a member name after '.' but found the end of the path"),
        .init(text: "States.Array($.a b)", offset: 16, message: "invalid path '$.a b': unexpected a space in the path; use bracket notation like ['a b'] for names with spaces"),
        .init(text: "States.Array($['a)", offset: 15, message: "invalid path '$['a)': unterminated string; expected a closing \"'\""),
        .init(text: "States.Array(States.UUID()", offset: 26, message: "missing ')' to close the call of States.Array opened at character 13"),
        .init(text: "States.Array(States.UUID(1)", offset: 27, message: "missing ')' to close the call of States.Array opened at character 13"),
        .init(text: "States.Array(Foo.(1))", offset: 13, message: "unexpected 'Foo.'; expected a string in single quotes, a number, true, false, null, a path or a function call"),
    ]

    @Test(arguments: errorCases)
    func syntaxErrors(_ c: IntrinsicErrorCase) {
        #expect(throws: IntrinsicSyntaxError(message: c.message, offset: c.offset)) {
            _ = try IntrinsicCall(parsing: c.text)
        }
    }

    @Test func errorDescriptionNamesTheCharacter() {
        #expect(IntrinsicSyntaxError(message: "boom", offset: 0).description == "boom (at character 1)")
    }

    @Test func nestingIsLimited() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "States.Array(", count: depth) + String(repeating: ")", count: depth)
        }
        #expect(throws: Never.self) { _ = try IntrinsicCall(parsing: nested(64)) }
        #expect(throws: IntrinsicSyntaxError(message: "intrinsic function calls are nested deeper than the limit of 64", offset: 13 * 64)) {
            _ = try IntrinsicCall(parsing: nested(65))
        }
        #expect(throws: IntrinsicSyntaxError.self) { _ = try IntrinsicCall(parsing: nested(10_000)) }
        #expect(throws: IntrinsicSyntaxError.self) { _ = try IntrinsicCall(parsing: String(repeating: "States.Array(", count: 10_000)) }
    }

    // MARK: Signatures

    static let arityCases: [SignatureCase] = [
        .init(text: "States.Format()", problems: ["States.Format expects at least 1 argument but got 0"]),
        .init(text: "States.StringToJson()", problems: ["States.StringToJson expects 1 argument but got 0"]),
        .init(text: "States.JsonToString($.a, $.b)", problems: ["States.JsonToString expects 1 argument but got 2"]),
        .init(text: "States.ArrayPartition($.a)", problems: ["States.ArrayPartition expects 2 arguments but got 1"]),
        .init(text: "States.ArrayContains($.a)", problems: ["States.ArrayContains expects 2 arguments but got 1"]),
        .init(text: "States.ArrayRange(1, 2)", problems: ["States.ArrayRange expects 3 arguments but got 2"]),
        .init(text: "States.ArrayGetItem($.a, 0, 1)", problems: ["States.ArrayGetItem expects 2 arguments but got 3"]),
        .init(text: "States.ArrayLength()", problems: ["States.ArrayLength expects 1 argument but got 0"]),
        .init(text: "States.ArrayUnique($.a, $.b)", problems: ["States.ArrayUnique expects 1 argument but got 2"]),
        .init(text: "States.Base64Encode()", problems: ["States.Base64Encode expects 1 argument but got 0"]),
        .init(text: "States.Base64Decode($.a, $.b)", problems: ["States.Base64Decode expects 1 argument but got 2"]),
        .init(text: "States.Hash($.a)", problems: ["States.Hash expects 2 arguments but got 1"]),
        .init(text: "States.JsonMerge($.a, $.b)", problems: ["States.JsonMerge expects 3 arguments but got 2"]),
        .init(text: "States.MathRandom(1)", problems: ["States.MathRandom expects 2 or 3 arguments but got 1"]),
        .init(text: "States.MathRandom(1, 2, 3, 4)", problems: ["States.MathRandom expects 2 or 3 arguments but got 4"]),
        .init(text: "States.MathAdd($.i, 1, 2)", problems: ["States.MathAdd expects 2 arguments but got 3"]),
        .init(text: "States.StringSplit($.s)", problems: ["States.StringSplit expects 2 arguments but got 1"]),
        .init(text: "States.UUID(1)", problems: ["States.UUID expects no arguments but got 1"]),
    ]

    static let typeCases: [SignatureCase] = [
        .init(text: "States.MathAdd('1', 2)", problems: ["States.MathAdd: argument 1 must be an integer but is a string"]),
        .init(text: "States.MathAdd(true, null)", problems: [
            "States.MathAdd: argument 1 must be an integer but is a boolean", "States.MathAdd: argument 2 must be an integer but is null",
        ]),
        .init(text: "States.MathRandom('a', 2)", problems: ["States.MathRandom: argument 1 must be a number but is a string"]),
        .init(text: "States.MathRandom(1, 2, false)", problems: ["States.MathRandom: argument 3 must be a number but is a boolean"]),
        .init(text: "States.ArrayRange(1, '9', 1)", problems: ["States.ArrayRange: argument 2 must be a number but is a string"]),
        .init(text: "States.ArrayRange(1, 9, 0)", problems: ["States.ArrayRange: the step (argument 3) must not be 0 but is 0"]),
        .init(text: "States.ArrayGetItem($.a, 'x')", problems: ["States.ArrayGetItem: argument 2 must be a number but is a string"]),
        .init(text: "States.ArrayGetItem('x', 0)", problems: [
            "States.ArrayGetItem: argument 1 must be an array (a path or a call such as States.Array) but is a string",
        ]),
        .init(text: "States.ArrayPartition($.a, 'two')", problems: ["States.ArrayPartition: argument 2 must be a number but is a string"]),
        .init(text: "States.ArrayPartition($.a, 0)", problems: ["States.ArrayPartition: the chunk size (argument 2) must be a positive integer but is 0"]),
        .init(text: "States.ArrayLength(3)", problems: [
            "States.ArrayLength: argument 1 must be an array (a path or a call such as States.Array) but is a number",
        ]),
        .init(text: "States.JsonMerge($.a, $.b, true)", problems: ["States.JsonMerge: only shallow merging is supported; argument 3 must be false"]),
        .init(text: "States.JsonMerge('a', $.b, false)", problems: ["States.JsonMerge: argument 1 must be an object (a path) but is a string"]),
        .init(text: "States.Hash($.d, 'SHA-3')", problems: ["States.Hash: unsupported algorithm 'SHA-3'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"]),
        .init(text: "States.Hash($.d, 'sha-256')", problems: ["States.Hash: unsupported algorithm 'sha-256'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"]),
        .init(text: "States.Hash($.d, 256)", problems: ["States.Hash: the algorithm (argument 2) must be a string but is a number"]),
        .init(text: "States.Base64Encode(42)", problems: ["States.Base64Encode: argument 1 must be a string but is a number"]),
        .init(text: "States.Base64Decode(true)", problems: ["States.Base64Decode: argument 1 must be a string but is a boolean"]),
        .init(text: "States.StringToJson(null)", problems: ["States.StringToJson: argument 1 must be a string but is null"]),
        .init(text: "States.StringSplit($.s, 1)", problems: ["States.StringSplit: argument 2 must be a string but is a number"]),
        .init(text: "States.Format(1)", problems: ["States.Format: the template (argument 1) must be a string literal or a path but is a number"]),
        .init(text: "States.Format(States.UUID())", problems: [
            "States.Format: the template (argument 1) must be a string literal or a path but is a function call",
        ]),
        .init(text: "States.Format('{} and {}', $.a)", problems: ["States.Format: the template has 2 placeholders '{}' but 1 value follows"]),
        .init(text: "States.Format('none', $.a, $.b)", problems: ["States.Format: the template has 0 placeholders '{}' but 2 values follow"]),
        .init(text: "States.Format('{}')", problems: ["States.Format: the template has 1 placeholder '{}' but 0 values follow"]),
        .init(text: "States.Format('\\{\\} {}', $.a, $.b)", problems: ["States.Format: the template has 1 placeholder '{}' but 2 values follow"]),
        .init(text: "States.Array(States.MathAdd(1.5, 2), States.UUID(1))", problems: ["States.UUID expects no arguments but got 1"]),
        .init(text: "States.Format('{}', States.Array(States.Hash($.a, 'CRC32')))", problems: [
            "States.Hash: unsupported algorithm 'CRC32'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512",
        ]),
        .init(text: "States.Nope(States.UUID(2))", problems: [
            "unknown intrinsic function 'States.Nope'", "States.UUID expects no arguments but got 1",
        ]),
    ]

    /// Literal arguments that break a limit AWS documents or was seen to enforce: the call fails on
    /// every execution, so the validator says so before it runs. Sources: the developer guide's
    /// "Intrinsic functions" page (limits, MathAdd's int range) and executions recorded against AWS
    /// (truncation of ArrayPartition/ArrayRange/MathRandom numbers, MathAdd's rounding: LocalStack's
    /// `test_math_add` snapshot, and a public characterization suite, cases AP-013..018, ARANGE-014..024,
    /// MRAND-005..010, HASH-013).
    static let strayBrace = "States.Format: the template has a '{' or '}' outside a '{}' placeholder; write \\{ or \\} for a literal brace"

    static let limitCases: [SignatureCase] = [
        // ArrayPartition: the size is truncated, then must be positive.
        .init(text: "States.ArrayPartition($.a, 0.6)", problems: ["States.ArrayPartition: the chunk size (argument 2) must be a positive integer but is 0.6"]),
        .init(text: "States.ArrayPartition($.a, -1)", problems: ["States.ArrayPartition: the chunk size (argument 2) must be a positive integer but is -1"]),
        .init(text: "States.ArrayPartition($.a, 3000000000)", problems: [
            "States.ArrayPartition: the chunk size (argument 2) must be a positive integer but is 3000000000",
        ]),
        // ArrayRange: a step truncated to 0, more than 1,000 items, a bound outside the int range.
        .init(text: "States.ArrayRange(1, 10, 0.49)", problems: ["States.ArrayRange: the step (argument 3) must not be 0 but is 0.49"]),
        .init(text: "States.ArrayRange(1, 1001, 1)", problems: ["States.ArrayRange: the range has 1001 items; at most 1000 are allowed"]),
        .init(text: "States.ArrayRange(1001, 1, -1)", problems: ["States.ArrayRange: the range has 1001 items; at most 1000 are allowed"]),
        .init(text: "States.ArrayRange(1, 3000000000, 1)", problems: [
            "States.ArrayRange: argument 2 must be an integer from -2147483648 to 2147483647 but is 3000000000",
        ]),
        // ArrayGetItem: an index outside the int range always fails.
        .init(text: "States.ArrayGetItem($.a, 1e10)", problems: [
            "States.ArrayGetItem: argument 2 must be an integer from -2147483648 to 2147483647 but is 1e10",
        ]),
        // MathRandom: start must stay below end once truncated.
        .init(text: "States.MathRandom(1, 1)", problems: [
            "States.MathRandom: the start (argument 1) must be less than the end (argument 2) once both are truncated to integers",
        ]),
        .init(text: "States.MathRandom(10, 5)", problems: [
            "States.MathRandom: the start (argument 1) must be less than the end (argument 2) once both are truncated to integers",
        ]),
        .init(text: "States.MathRandom(1.4, 1.6)", problems: [
            "States.MathRandom: the start (argument 1) must be less than the end (argument 2) once both are truncated to integers",
        ]),
        // MathAdd: numbers are rounded; each and the sum must fit in a Java int.
        .init(text: "States.MathAdd(3000000000, 1)", problems: [
            "States.MathAdd: argument 1 must be an integer from -2147483648 to 2147483647 but is 3000000000",
        ]),
        .init(text: "States.MathAdd(2147483647, 1)", problems: ["States.MathAdd: the sum 2147483648 is outside -2147483648 to 2147483647"]),
        .init(text: "States.MathAdd(-2147483648, -0.6)", problems: ["States.MathAdd: the sum -2147483649 is outside -2147483648 to 2147483647"]),
        // Base64Encode, Base64Decode, Hash: at most 10,000 characters.
        .init(text: "States.Base64Encode('" + String(repeating: "a", count: 10_001) + "')", problems: [
            "States.Base64Encode: argument 1 has 10001 characters; at most 10000 are allowed",
        ]),
        .init(text: "States.Base64Decode('" + String(repeating: "A", count: 10_004) + "')", problems: [
            "States.Base64Decode: argument 1 has 10004 characters; at most 10000 are allowed",
        ]),
        .init(text: "States.Hash('" + String(repeating: "a", count: 10_001) + "', 'MD5')", problems: [
            "States.Hash: argument 1 has 10001 characters; at most 10000 are allowed",
        ]),
        // Format: a brace outside a '{}' pair always fails (suite FMT-17, FMT-18, FMT-21).
        .init(text: "States.Format('Hello {', $.a)", problems: [strayBrace]),
        .init(text: "States.Format('Hello {{}}', $.a)", problems: [strayBrace]),
        .init(text: "States.Format('}')", problems: [strayBrace]),
        .init(text: "States.Format('{\\}', $.a)", problems: [strayBrace]),
        // StringToJson: a literal that is not JSON text.
        .init(text: "States.StringToJson('{not json')", problems: [
            "States.StringToJson: argument 1 is not JSON text: expected a member name in double quotes but found 'n'",
        ]),
    ]

    /// Literals AWS accepts although the developer guide asks for integers: it rounds (MathAdd) or
    /// truncates (the others) them; boundaries of the limits above.
    static let limitFineCases: [SignatureCase] = [
        .init(text: "States.MathAdd($.i, 1.5)", problems: []),
        .init(text: "States.MathAdd(2147483646, 1)", problems: []),
        .init(text: "States.MathAdd(-2147483647, -1)", problems: []),
        .init(text: "States.MathAdd(-0.5, 0)", problems: []),
        .init(text: "States.ArrayPartition($.a, 2.9)", problems: []),
        .init(text: "States.ArrayPartition($.a, 2147483647)", problems: []),
        .init(text: "States.ArrayRange(1.4, 5.6, 2.2)", problems: []),
        .init(text: "States.ArrayRange(1, 1000, 1)", problems: []),
        .init(text: "States.ArrayRange(1, 5, -1)", problems: []),
        .init(text: "States.ArrayGetItem($.a, 1.2)", problems: []),
        .init(text: "States.ArrayGetItem($.a, -1)", problems: []),
        .init(text: "States.MathRandom(1.6, 5.4)", problems: []),
        .init(text: "States.MathRandom(1, 10, -10)", problems: []),
        .init(text: "States.Base64Encode('" + String(repeating: "a", count: 10_000) + "')", problems: []),
        .init(text: "States.Hash('" + String(repeating: "a", count: 10_000) + "', 'SHA-256')", problems: []),
        .init(text: "States.StringToJson('  ')", problems: []),
        .init(text: "States.StringToJson('\"x\"')", problems: []),
        .init(text: "States.Format('\\{ {} \\}', $.a)", problems: []),
        // JsonMerge: a string deep flag merges shallowly on AWS (characterization suite, JMG-13).
        .init(text: "States.JsonMerge($.a, $.b, 'false')", problems: []),
    ]

    static let fineCases: [SignatureCase] = [
        .init(text: "States.Format('Hello, {}!', $.name)", problems: []),
        .init(text: "States.Format($.template, $.a, $.b)", problems: []),
        .init(text: "States.Format('\\{\\}')", problems: []),
        .init(text: "States.Format('{}{}', 1, null)", problems: []),
        .init(text: "States.StringToJson($.s)", problems: []),
        .init(text: "States.StringToJson('{\"a\": 1}')", problems: []),
        .init(text: "States.JsonToString($.o)", problems: []),
        .init(text: "States.Array()", problems: []),
        .init(text: "States.Array(1, 'a', true, null, $.x, States.UUID())", problems: []),
        .init(text: "States.ArrayPartition($.a, 4)", problems: []),
        .init(text: "States.ArrayContains($.a, 'x')", problems: []),
        .init(text: "States.ArrayRange(1, 9, 2)", problems: []),
        .init(text: "States.ArrayRange($.s, $.e, $.st)", problems: []),
        .init(text: "States.ArrayGetItem(States.Array(1, 2), 1)", problems: []),
        .init(text: "States.ArrayLength($.a)", problems: []),
        .init(text: "States.ArrayUnique($.a)", problems: []),
        .init(text: "States.Base64Encode('data')", problems: []),
        .init(text: "States.Base64Decode($.b)", problems: []),
        .init(text: "States.Hash($.d, 'MD5')", problems: []),
        .init(text: "States.Hash('x', 'SHA-512')", problems: []),
        .init(text: "States.Hash($.d, $.algorithm)", problems: []),
        .init(text: "States.JsonMerge($.a, $.b, false)", problems: []),
        .init(text: "States.JsonMerge($.a, $.b, $.deep)", problems: []),
        .init(text: "States.MathRandom(1, 999)", problems: []),
        .init(text: "States.MathRandom(1, 999, 7)", problems: []),
        .init(text: "States.MathAdd($.i, -1)", problems: []),
        .init(text: "States.MathAdd(2.0, 3)", problems: []),
        .init(text: "States.StringSplit($.s, ',')", problems: []),
        .init(text: "States.UUID()", problems: []),
    ]

    @Test(arguments: arityCases + typeCases + limitCases + limitFineCases + fineCases)
    func signatureProblems(_ c: SignatureCase) throws {
        let call = try IntrinsicCall(parsing: c.text)
        #expect(call.checkSignature() == c.problems)
    }

    @Test(arguments: IntrinsicFunction.allCases)
    func everyFunctionHasAnArityAndChecksIt(_ function: IntrinsicFunction) throws {
        let arity = function.arity
        #expect(arity.lowerBound >= 0)
        let tooMany = arity.upperBound == Int.max ? nil : arity.upperBound + 1
        if let tooMany {
            let text = function.rawValue + "(" + Array(repeating: "$.x", count: tooMany).joined(separator: ", ") + ")"
            let problems = try IntrinsicCall(parsing: text).checkSignature()
            #expect(problems.contains { $0.hasPrefix("\(function.rawValue) expects ") && $0.hasSuffix("but got \(tooMany)") })
        }
        if arity.lowerBound > 0 {
            let text = function.rawValue + "(" + Array(repeating: "$.x", count: arity.lowerBound - 1).joined(separator: ", ") + ")"
            let problems = try IntrinsicCall(parsing: text).checkSignature()
            #expect(problems.contains { $0.hasSuffix("but got \(arity.lowerBound - 1)") })
        }
    }

    @Test func arityTable() {
        #expect(IntrinsicFunction.format.arity == 1...Int.max)
        #expect(IntrinsicFunction.array.arity == 0...Int.max)
        #expect(IntrinsicFunction.mathRandom.arity == 2...3)
        #expect(IntrinsicFunction.jsonMerge.arity == 3...3)
        #expect(IntrinsicFunction.uuid.arity == 0...0)
        #expect(IntrinsicFunction.allCases.count == 18)
    }

    // MARK: Call detection

    static let looksLikeCallCases: [(String, Bool)] = [
        ("States.Format('x')", true), ("States.X(", true), ("Foo.Bar(", true), ("foo(", true), ("States.UUID()", true),
        ("$.a", false), ("$", false), ("States.Format", false), ("States.(", false), ("States .Format(", false),
        (" States.Format(", false), ("", false), ("1States(", false), ("$.a.length()", false),
    ]

    @Test(arguments: looksLikeCallCases)
    func callDetection(_ text: String, _ expected: Bool) {
        #expect(IntrinsicCall.looksLikeCall(text) == expected)
    }
}
