import Foundation
import Testing

@testable import StatesLanguage
import StatecraftTestSupport
import StatecraftSimulator

// MARK: - AST shorthands

private func num(_ text: String) -> JSONataExpression { .number(JSONNumber(text: text) ?? JSONNumber(-999_999)) }
private func name(_ text: String) -> JSONataExpression { .name(text) }
private func variable(_ text: String) -> JSONataExpression { .variable(text) }
private func str(_ text: String) -> JSONataExpression { .string(text) }
private func path(_ steps: JSONataExpression...) -> JSONataExpression { .path(steps) }
private func bin(_ op: JSONataBinaryOperator, _ lhs: JSONataExpression, _ rhs: JSONataExpression) -> JSONataExpression {
    .binary(op, lhs, rhs)
}
private func call(_ function: String, _ arguments: JSONataExpression...) -> JSONataExpression {
    .call(.variable(function), arguments: arguments)
}
private func pair(_ key: JSONataExpression, _ value: JSONataExpression) -> JSONataPair { JSONataPair(key: key, value: value) }

/// Test input and expectations, printable in test names.
struct JSONataShapeCase: CustomTestStringConvertible, Sendable {
    let text: String
    let expected: JSONataExpression
    init(_ text: String, _ expected: JSONataExpression) {
        self.text = text
        self.expected = expected
    }
    var testDescription: String { text }
}

struct JSONataErrorCase: CustomTestStringConvertible, Sendable {
    let text: String
    let offset: Int
    let fragment: String
    init(_ text: String, _ offset: Int, _ fragment: String) {
        self.text = text
        self.offset = offset
        self.fragment = fragment
    }
    var testDescription: String { text.count > 60 ? String(text.prefix(60)) + "…" : text }
}

// MARK: - Corpus access

/// JSONata strings in the shared corpora (read through ``SharedFixtures``).
enum JSONataCorpus {
    /// Every string value that starts with `{%` or ends with `%}`, with the key it is under;
    /// `Comment` fields are skipped (they are never evaluated).
    static func templateStrings(in value: JSONValue, key: String? = nil, into result: inout [(key: String?, text: String)]) {
        switch value {
        case .string(let text):
            if key != "Comment", text.hasPrefix("{%") || text.hasSuffix("%}") { result.append((key, text)) }
        case .object(let object):
            for member in object { templateStrings(in: member.value, key: member.key, into: &result) }
        case .array(let array):
            for v in array { templateStrings(in: v, key: key, into: &result) }
        default:
            break
        }
    }

    static func tags(_ entry: JSONValue, _ field: String) -> [String] {
        if let list = entry[field]?.arrayValue { return list.compactMap(\.stringValue) }
        return entry[field]?.stringValue.map { [$0] } ?? []
    }
}

// MARK: - Fuzzing


@Suite struct JSONataTests {
    // MARK: Shapes

    static let shapes: [JSONataShapeCase] = [
        // Arithmetic precedence and associativity.
        .init("1 + 2 * 3", bin(.add, num("1"), bin(.multiply, num("2"), num("3")))),
        .init("(1 + 2) * 3", bin(.multiply, .block([bin(.add, num("1"), num("2"))]), num("3"))),
        .init("1 - 2 - 3", bin(.subtract, bin(.subtract, num("1"), num("2")), num("3"))),
        .init("2 * 3 + 4 / 5 % 6",
              bin(.add, bin(.multiply, num("2"), num("3")), bin(.modulo, bin(.divide, num("4"), num("5")), num("6")))),
        .init("10 % 3", bin(.modulo, num("10"), num("3"))),
        .init("-2 * 3", bin(.multiply, num("-2"), num("3"))),
        .init("a * -b", bin(.multiply, name("a"), .negate(name("b")))),
        .init("- -1", num("1")),
        .init("-a.b", .negate(path(name("a"), name("b")))),
        .init("1e3 + 1.5E-2", bin(.add, num("1e3"), num("1.5E-2"))),
        // Concatenation shares the additive power.
        .init("\"a\" & \"b\" & c", bin(.concatenate, bin(.concatenate, str("a"), str("b")), name("c"))),
        .init("1 + 2 & \"x\"", bin(.concatenate, bin(.add, num("1"), num("2")), str("x"))),
        .init("a & b = c & d", bin(.equal, bin(.concatenate, name("a"), name("b")), bin(.concatenate, name("c"), name("d")))),
        // Comparison and Boolean operators.
        .init("a = 1 and b != 2 or c",
              bin(.or, bin(.and, bin(.equal, name("a"), num("1")), bin(.notEqual, name("b"), num("2"))), name("c"))),
        .init("a or b and c", bin(.or, name("a"), bin(.and, name("b"), name("c")))),
        .init("a < b = true", bin(.equal, bin(.less, name("a"), name("b")), .boolean(true))),
        .init("x >= 1 and x <= 9", bin(.and, bin(.greaterOrEqual, name("x"), num("1")), bin(.lessOrEqual, name("x"), num("9")))),
        .init("x in [1, 2]", bin(.in, name("x"), .array([num("1"), num("2")]))),
        .init("true and false or null", bin(.or, bin(.and, .boolean(true), .boolean(false)), .null)),
        // Conditionals, default and coalescing.
        .init("a ? b : c", .condition(name("a"), then: name("b"), else: name("c"))),
        .init("a ? b : c ? d : e",
              .condition(name("a"), then: name("b"), else: .condition(name("c"), then: name("d"), else: name("e")))),
        .init("a ? b ? c : d : e",
              .condition(name("a"), then: .condition(name("b"), then: name("c"), else: name("d")), else: name("e"))),
        .init("a ? b", .condition(name("a"), then: name("b"), else: nil)),
        .init("a or b ? 1 : 2", .condition(bin(.or, name("a"), name("b")), then: num("1"), else: num("2"))),
        .init("a ?: b", bin(.defaultValue, name("a"), name("b"))),
        .init("a ?? b + 1", bin(.coalesce, name("a"), bin(.add, name("b"), num("1")))),
        .init("a = b ?: c", bin(.defaultValue, bin(.equal, name("a"), name("b")), name("c"))),
        .init("$exists($states.input.moreData) ? $states.input.moreData : {}",
              .condition(call("exists", path(variable("states"), name("input"), name("moreData"))),
                         then: path(variable("states"), name("input"), name("moreData")), else: .object([]))),
        // Blocks and binding.
        .init("($x := 1; $x + 1)", .block([.bind(variable: "x", value: num("1")), bin(.add, variable("x"), num("1"))])),
        .init("$a := $b := 2", .bind(variable: "a", value: .bind(variable: "b", value: num("2")))),
        .init("$x := 1 + 2", .bind(variable: "x", value: bin(.add, num("1"), num("2")))),
        .init("$x := a ? 1 : 2", .bind(variable: "x", value: .condition(name("a"), then: num("1"), else: num("2")))),
        .init("()", .block([])),
        .init("(1; 2;)", .block([num("1"), num("2")])),
        // Paths.
        .init("a.b.c", path(name("a"), name("b"), name("c"))),
        .init("a.b[0].c", path(name("a"), .filter(name("b"), predicate: num("0")), name("c"))),
        .init("a[-1]", .filter(name("a"), predicate: num("-1"))),
        .init("a[0][1]", .filter(.filter(name("a"), predicate: num("0")), predicate: num("1"))),
        .init("$", .context),
        .init("$$", .root),
        .init("$$.a", path(.root, name("a"))),
        .init("$x.$", path(variable("x"), .context)),
        .init("$states.input.x", path(variable("states"), name("input"), name("x"))),
        .init("$states.input.items[price > 10].name",
              path(variable("states"), name("input"), .filter(name("items"), predicate: bin(.greater, name("price"), num("10"))),
                   name("name"))),
        .init("$x[0].y", path(.filter(variable("x"), predicate: num("0")), name("y"))),
        .init("a.\"b c\"", path(name("a"), name("b c"))),
        .init("`field name`.x", path(name("field name"), name("x"))),
        .init("\"first\".x", path(name("first"), name("x"))),
        .init("*.a", path(.wildcard, name("a"))),
        .init("**.a", path(.descendants, name("a"))),
        .init("a.%.b", path(name("a"), .parent, name("b"))),
        .init("a.(b + c)", path(name("a"), .block([bin(.add, name("b"), name("c"))]))),
        .init("and.or", path(name("and"), name("or"))),
        .init("a.$f(1)", path(name("a"), .call(variable("f"), arguments: [num("1")]))),
        .init("a[]", .keepArray(name("a"))),
        .init("a.b[]", path(name("a"), .keepArray(name("b")))),
        .init("a^(>price, <name)",
              .sort(name("a"), [JSONataSortTerm(expression: name("price"), descending: true),
                                JSONataSortTerm(expression: name("name"))])),
        .init("a.b^(c)", .sort(path(name("a"), name("b")), [JSONataSortTerm(expression: name("c"))])),
        .init("a@$v.b", path(.focus(name("a"), variable: "v"), name("b"))),
        .init("a#$i[$i < 2]", .filter(.index(name("a"), variable: "i"), predicate: bin(.less, variable("i"), num("2")))),
        .init("a{b: c}", .groupBy(name("a"), [pair(name("b"), name("c"))])),
        .init("a.b{c: $sum(d)}", .groupBy(path(name("a"), name("b")), [pair(name("c"), call("sum", name("d")))])),
        // Constructors.
        .init("{\"k\": 1, \"j\": [1, 2]}", .object([pair(str("k"), num("1")), pair(str("j"), .array([num("1"), num("2")]))])),
        .init("{}", .object([])),
        .init("[]", .array([])),
        .init("[1, 2, [3]]", .array([num("1"), num("2"), .array([num("3")])])),
        .init("[1..5]", .array([.range(from: num("1"), to: num("5"))])),
        .init("[1 + 1 .. 2 * 3, 9]",
              .array([.range(from: bin(.add, num("1"), num("1")), to: bin(.multiply, num("2"), num("3"))), num("9")])),
        // Literals.
        .init("'it\\u00e9\\n'", str("ité\n")),
        .init("'say \"hi\"'", str("say \"hi\"")),
        .init("\"\\ud83d\\ude00\"", str("😀")),
        .init("/ab+c/i", .regex(pattern: "ab+c", flags: "i")),
        .init("$match(s, /a\\/b[/]/m)", call("match", name("s"), .regex(pattern: "a\\/b[/]", flags: "m"))),
        .init("/* comment */ 1 /* c */ + 2", bin(.add, num("1"), num("2"))),
        // Functions.
        .init("$sum(a, b)", call("sum", name("a"), name("b"))),
        .init("$f(?, 2)", .partial(variable("f"), arguments: [nil, num("2")])),
        .init("$f()()", .call(.call(variable("f"), arguments: []), arguments: [])),
        .init("function($x, $y) { $x + $y }",
              .lambda(parameters: ["x", "y"], signature: nil, body: bin(.add, variable("x"), variable("y")))),
        .init("λ($x){$x * 2}", .lambda(parameters: ["x"], signature: nil, body: bin(.multiply, variable("x"), num("2")))),
        .init("function($x, $y)<n-n:n>{ $x }",
              .lambda(parameters: ["x", "y"],
                      signature: JSONataSignature(
                          parameters: [.init(type: .number, usesContext: true), .init(type: .number)], result: .number),
                      body: variable("x"))),
        .init("function($a, $f) < a<s> f<n:n>? : (sn) > { $a }",
              .lambda(parameters: ["a", "f"],
                      signature: JSONataSignature(
                          parameters: [.init(type: .array(.string)),
                                       .init(type: .function(JSONataSignature(parameters: [.init(type: .number)], result: .number)),
                                             isOptional: true)],
                          result: .choice([.string, .number])),
                      body: variable("a"))),
        .init("function($x){$x}(3)", .call(.lambda(parameters: ["x"], signature: nil, body: variable("x")), arguments: [num("3")])),
        // Chains and transforms.
        .init("$x ~> $uppercase()", .chain(variable("x"), call("uppercase"))),
        .init("a ~> $f ~> $g", .chain(.chain(name("a"), variable("f")), variable("g"))),
        .init("1 + 2 ~> $string()", .chain(bin(.add, num("1"), num("2")), call("string"))),
        .init("a ~> $f = b", bin(.equal, .chain(name("a"), variable("f")), name("b"))),
        .init("| a | {\"x\": 1} |", .transform(pattern: name("a"), update: .object([pair(str("x"), num("1"))]), delete: nil)),
        .init("| a.b | {}, [\"y\", \"z\"] |",
              .transform(pattern: path(name("a"), name("b")), update: .object([]), delete: .array([str("y"), str("z")]))),
        .init("$ ~> |a|{}|", .chain(.context, .transform(pattern: name("a"), update: .object([]), delete: nil))),
    ]

    @Test(arguments: JSONataTests.shapes)
    func parsesToTheExpectedTree(_ example: JSONataShapeCase) throws {
        let tree = try JSONata.parse(example.text)
        #expect(tree == example.expected)
        // The printed form parses back to the same tree.
        #expect(try JSONata.parse(tree.description) == tree, "printed: \(tree.description)")
    }

    /// More expressions that must parse (realistic Step Functions usage and corner cases).
    static let accepted: [String] = [
        "$states.input.data.items",
        "$sum($states.input.numbers)",
        "$round($random() * 10)",
        "$match($states.input.data.identity.email, /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$/)",
        "$not(null in $each($states.input.data.address, function($v) { $length($trim($v)) > 0 ? $v : null }))",
        "$join($each($inputPayload.data.address, function($v) { $v }), ', ')",
        "($e := $inputPayload.data.identity.email; $inputPayload.data.interests[category = 'home']{'customer': $e, category: {type: yearBuilt}})",
        "Account.Order[0].Product[Price > 30].SKU",
        "Account.Order.Product^(>Price).Description",
        "Phone[type='mobile'].number",
        "library.loans@$l.books@$b[$l.isbn=$b.isbn].{'title': $b.title, 'customer': $l.customer}",
        "Account.Order#$o.Product.{'order': $o, 'sku': SKU}",
        "$reduce([1..5], function($i, $j){$i * $j})",
        "[1..3].($ * $)",
        "Product.$sum(Price * Quantity)",
        "$string(42) & 'x'",
        "$x ~> $substringBefore(?, '.') ~> $number",
        "payload ~> |Account.Order.Product|{'Price': Price * 1.2}, ['Description', 'SKU']|",
        "$states.input.(a + b)",
        "a.b.c.d.e.f.g.h.i.j",
        "{'a': 1}.a",
        "[{'a': 1}, {'a': 2}].a",
        "$count($states.input.items[]) > 0",
        "function($x)<x-:b>{ $boolean($x) }",
        "function(){ 1 }",
        "λ($f){ $f(1) }($string)",
        "$$.x[%.y = 1]",
        "a.b.%.%.c",
        "\"\" & ''",
        "`a b`",
        "$",
        "$states.context.Execution.Input",
        "(/* only a comment in a block */)",
        "$y := 1",
        "-$x.y",
        "$a[0][1][2]",
        "$f($g($h(1)))",
        "{ 'k': [1, {'n': null}] }",
        "a?:b??c",
        "0.5 + 0 + 10e-3",
    ]

    @Test(arguments: JSONataTests.accepted)
    func parses(_ text: String) throws {
        let tree = try JSONata.parse(text)
        #expect(try JSONata.parse(tree.description) == tree, "printed: \(tree.description)")
    }

    // MARK: Errors

    static let failures: [JSONataErrorCase] = [
        .init("", 0, "the expression is empty"),
        .init("  /* nothing */ ", 16, "the expression is empty"),
        .init("10 + * 2", 5, "expected an expression after '+' but found '*'"),
        .init("420.", 3, "a number cannot end with '.'"),
        .init("$sum($states.input.items.numbers", 32, "expected ',' or ')' to close the argument list opened at offset 4"),
        .init("$states.input.items[?(@.price > 10)]", 20, "expected an expression after '[' but found '?'"),
        .init("$.store.book[?(@.price < 10)].title", 13, "JSONPath"),
        .init("1 +", 3, "expected an expression after '+' but found the end of the expression"),
        .init("1 + ", 4, "found the end of the expression"),
        .init("\"abc", 0, "unterminated string"),
        .init("x & 'abc", 4, "unterminated string"),
        .init("1 + /* x", 4, "unterminated comment"),
        .init("$match(s, /abc)", 10, "unterminated regular expression"),
        .init("$match(s, //)", 10, "empty regular expressions are not allowed"),
        .init("(1 + 2", 6, "expected ';' or ')' to close the block opened at offset 0"),
        .init("[1, 2", 5, "expected ',' or ']' to close the array constructor opened at offset 0"),
        .init("{\"a\": 1", 7, "expected ',' or '}' to close the object constructor opened at offset 0"),
        .init("{\"a\" 1}", 5, "expected ':' after the key"),
        .init("[1, ", 4, "(the '[' at offset 0 is not closed)"),
        .init("1 + 2)", 5, "found ')' with no matching opening bracket"),
        .init("a]", 1, "found ']' with no matching opening bracket"),
        .init("1 2", 2, "expected an operator or the end of the expression but found the number 2"),
        .init("a[0", 3, "expected ']' to close the predicate opened at offset 1"),
        .init("$x := ", 6, "expected an expression after ':='"),
        .init("1 := 2", 0, "the left side of ':=' must be a variable name"),
        .init("a@b", 2, "the right side of '@' must be a variable name"),
        .init("a#1", 2, "the right side of '#' must be a variable name"),
        .init("a.1", 2, "the literal value 1 cannot be used as a step"),
        .init("a.true", 2, "the literal value true cannot be used as a step"),
        .init("function($x, y) { $x }", 13, "expected a parameter name"),
        .init("function($x) $x", 13, "expected '{' to begin the body of the function"),
        .init("function($x)<n:z>{ $x }", 15, "unknown type 'z'"),
        .init("function($x)<n{ $x }", 14, "expected '>' to close the function signature opened at offset 12"),
        .init("function($x)<s<n>>{ $x }", 14, "type parameters can only be applied to functions and arrays"),
        .init("function($x)<(a<n>s)>{ $x }", 14, "choice groups containing parameterized types are not supported"),
        .init("function($x)<+n>{ $x }", 13, "must follow a parameter type"),
        .init("function($x){ $x", 16, "expected '}' to close the body of the function opened at offset 12"),
        .init("\"\\q\"", 1, "unsupported escape sequence '\\q'"),
        .init("'it\\'s'", 3, "unsupported escape sequence"),
        .init("\"\\u12\"", 1, "\\u must be followed by 4 hexadecimal digits"),
        .init("`abc", 0, "unterminated quoted name"),
        .init("1e999", 0, "out of range"),
        .init("a[0]@$x", 4, "must come before any predicates"),
        .init("a^(b)@$x", 5, "must come before the order-by"),
        .init("a{b: c}{d: e}", 7, "only one group-by"),
        .init("$x{b: c}[0]", 8, "a predicate cannot follow a group-by"),
        .init("| a | b", 7, "expected ',' or '|' to close the transform opened at offset 0"),
        .init("| a b |", 4, "expected '|' after the pattern of the transform"),
        .init("a ? : b", 4, "expected an expression after '?' but found ':'"),
        .init("@.price", 0, "'@' only binds a variable"),
        .init("[1..5]..6", 6, "expected an operator or the end of the expression but found '..'"),
        .init("a ~> ", 5, "expected an expression after '~>'"),
        .init("$f(?, ? + 1)", 8, "expected ',' or ')' to close the argument list opened at offset 2 but found '+'"),
        .init("a.b.", 4, "expected an expression after '.' but found the end of the expression"),
        .init("!a", 0, "expected an expression but found '!'"),
        .init("a ^ b", 4, "expected '(' after '^'"),
        .init("a^()", 3, "expected an expression after '(' but found ')'"),
        .init("[1,]", 3, "expected an expression after ',' but found ']'"),
        .init("a = = b", 4, "expected an expression after '=' but found '='"),
    ]

    @Test(arguments: JSONataTests.failures)
    func rejects(_ example: JSONataErrorCase) {
        #expect(throws: JSONataSyntaxError.self) { try JSONata.parse(example.text) }
        do {
            let tree = try JSONata.parse(example.text)
            Issue.record("parsed as \(tree)")
        } catch {
            #expect(error.offset == example.offset, "\(error)")
            #expect(error.message.contains(example.fragment), "\(error)")
            #expect(error.description.contains(error.message))
        }
    }

    // MARK: Depth limit

    static let deepShapes: [(String, String, String)] = [
        ("(", "1", ")"),
        ("[", "1", "]"),
        ("{'a':", "1", "}"),
        ("$f(", "1", ")"),
        ("a[", "1", "]"),
        ("a ? ", "1", ""),
        ("function($x){", "1", "}"),
        ("|a|", "1", "|"),
        ("-", "$x", ""),
        ("$x := ", "1", ""),
    ]

    @Test func deepNestingIsRejectedWithoutCrashing() throws {
        for (open, middle, close) in JSONataTests.deepShapes {
            for depth in [500, 10_000] {
                let text = String(repeating: open, count: depth) + middle + String(repeating: close, count: depth)
                #expect(throws: JSONataSyntaxError.self, "\(open) × \(depth)") { try JSONata.parse(text) }
                do {
                    _ = try JSONata.parse(text)
                } catch {
                    #expect(error.message.contains("nested too deeply"), "\(open): \(error)")
                }
            }
        }
        // Left-nested chains grow the tree without recursion in the parser: bounded too.
        let chain = "1" + String(repeating: " + 1", count: 5_000)
        #expect(throws: JSONataSyntaxError.self) { try JSONata.parse(chain) }
        let filters = "a" + String(repeating: "[0]", count: 5_000)
        #expect(throws: JSONataSyntaxError.self) { try JSONata.parse(filters) }
        // Long paths are flat, not deep.
        let longPath = (0..<5_000).map { "f\($0)" }.joined(separator: ".")
        guard case .path(let steps) = try JSONata.parse(longPath) else {
            Issue.record("not a path")
            return
        }
        #expect(steps.count == 5_000)
        // Just inside the limit parses.
        #expect(throws: Never.self) { try JSONata.parse(String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)) }
    }

    /// Inputs at the depth limit must parse, print, compare and be freed on a thread with a small
    /// (512 KiB) stack, as on macOS secondary threads.
    @Test func depthLimitIsSafeOnSmallStacks() async throws {
        let inputs = JSONataTests.deepShapes.map { open, middle, close in
            String(repeating: open, count: 190) + middle + String(repeating: close, count: 190)
        } + ["1" + String(repeating: " + 1", count: 190), "a" + String(repeating: "[0]", count: 190)]
        let failures: [String] = await withCheckedContinuation { continuation in
            let thread = Thread {
                var failures: [String] = []
                for input in inputs {
                    do {
                        let tree = try JSONata.parse(input)
                        let again = try JSONata.parse(tree.description)
                        if tree != again || tree.hashValue != again.hashValue { failures.append("round trip: \(input.prefix(20))") }
                    } catch {
                        failures.append("\(input.prefix(20)): \(error)")
                    }
                    _ = try? JSONata.parse(String(repeating: "(", count: 10_000))
                }
                continuation.resume(returning: failures)
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    // MARK: Templates

    @Test func templates() throws {
        #expect(JSONata.template("plain text") == nil)
        #expect(JSONata.template("") == nil)
        #expect(JSONata.template("{ % 1 % }") == nil)
        #expect(try JSONata.template("{% 10 %}")?.get() == num("10"))
        #expect(try JSONata.template("{%10%}")?.get() == num("10"))
        #expect(try JSONata.template("{% \n10         %}")?.get() == num("10"))
        #expect(try JSONata.template("{%\n\t$states.input.x\n%}")?.get() == path(variable("states"), name("input"), name("x")))

        func failure(_ string: String) -> JSONataSyntaxError? {
            if case .failure(let error) = JSONata.template(string) { return error }
            return nil
        }
        #expect(failure("{% 10 %")?.offset == 7)
        #expect(failure("{% 10 %")?.message.contains("does not end with '%}'") == true)
        #expect(failure("10 %}")?.offset == 0)
        #expect(failure("10 %}")?.message.contains("does not start with '{%'") == true)
        #expect(failure("%}")?.offset == 0)
        #expect(failure("{%}")?.offset == 3)
        #expect(failure("{%")?.offset == 2)
        #expect(failure("{%  %}")?.offset == 4)
        #expect(failure("{%  %}")?.message == "the expression is empty")
        #expect(failure("{% 10 + * 2 %}")?.offset == 8)
        #expect(failure("{% 420. %}")?.offset == 6)
        #expect(failure("{% $sum($states.input.items.numbers %}")?.offset == 36)
        #expect(failure("{% $states.input.items[?(@.price > 10)] %}")?.offset == 23)
        // Offsets count Unicode scalars.
        #expect(failure("{% 'é' + * 1 %}")?.offset == 9)
    }

    // MARK: Corpora

    @Test(.enabled(if: SharedFixtures.isAvailable, "the shared conformance corpus is absent (a note is printed)"))
    func validatorCorpus() throws {
        let cases = try SharedFixtures.jsonLines("conformance/validators/cases.jsonl")
        var parsed = 0
        var rejected: [String: JSONataSyntaxError] = [:]
        var jsonataCases = 0
        for entry in cases {
            let valid = entry["valid"]?.boolValue ?? false
            let tagged = JSONataCorpus.tags(entry, "rule").contains("bad-jsonata")
            if tagged { jsonataCases += 1 }
            var strings: [(key: String?, text: String)] = []
            JSONataCorpus.templateStrings(in: entry["definition"] ?? [:], into: &strings)
            for (_, text) in strings {
                guard let result = JSONata.template(text) else {
                    Issue.record("not recognised as a template: \(text)")
                    continue
                }
                switch result {
                case .success:
                    parsed += 1
                case .failure(let error):
                    rejected[text] = error
                    if valid { Issue.record("\(entry["id"]?.stringValue ?? "?"): a JSONata string of a valid case failed: \(text): \(error)") }
                }
            }
        }
        #expect(jsonataCases == 18)
        // The invalid bad-jsonata cases whose problem is the JSONata text or its delimiters.
        for text in ["{% 420. %}", "{% 10 + * 2 %}", "{% $.store.book[?(@.price < 10)].title %}",
                     "{% $sum($states.input.items.numbers %}", "{% 10 %", "10 %}"] {
            #expect(rejected[text] != nil, "\(text) should be rejected")
        }
        // Disputed fixtures (see the corpus README): valid JSONata with legal whitespace.
        #expect(rejected["{% \n10         %}"] == nil)
        #expect(rejected["{%10%}"] == nil)
        #expect(rejected.count == 6, "\(rejected)")
        print("JSONata validator corpus: \(parsed) strings parsed, \(rejected.count) rejected as expected")
        #expect(parsed >= 45)
    }

    @Test(.enabled(if: SharedFixtures.isAvailable, "the shared conformance corpus is absent (a note is printed)"))
    func localStackCorpus() throws {
        var parsed = 0
        var unique = Set<String>()
        var taggedCases = 0
        for file in ["conformance/localstack/cases.jsonl", "conformance/localstack/choice_io_cases.jsonl"] {
            guard FileManager.default.fileExists(atPath: SharedFixtures.url(file).path) else { continue }
            for entry in try SharedFixtures.jsonLines(file) {
                if JSONataCorpus.tags(entry, "tags").contains("jsonata") { taggedCases += 1 }
                var strings: [(key: String?, text: String)] = []
                JSONataCorpus.templateStrings(in: entry["definition"] ?? [:], into: &strings)
                for (_, text) in strings {
                    switch JSONata.template(text) {
                    case .success(let tree)?:
                        parsed += 1
                        unique.insert(text)
                        #expect(try JSONata.parse(tree.description) == tree, "\(text)")
                    case .failure(let error)?:
                        Issue.record("\(entry["id"]?.stringValue ?? "?"): \(text): \(error)")
                    case nil:
                        Issue.record("not recognised as a template: \(text)")
                    }
                }
            }
        }
        print("JSONata LocalStack corpus: \(parsed) strings (\(unique.count) distinct) parsed from \(taggedCases) cases tagged jsonata")
        #expect(parsed >= 200)
    }

    // MARK: Fuzzing

    static let fuzzSeeds: [String] = JSONataTests.shapes.map(\.text) + JSONataTests.accepted

    @Test func fuzzedInputsNeverCrash() {
        var generator = SeededRandom(seed: 0x5EED_1A7A)
        let alphabet: [Unicode.Scalar] = Array("()[]{}.,;:?$%*/\\\"'`|^@#<>=!~&+-0123456789 abcfλé\n\u{0}\u{1F600}".unicodeScalars)
        var parsedCount = 0
        for iteration in 0..<3_000 {
            let seed = JSONataTests.fuzzSeeds[Int(generator.next() % UInt64(JSONataTests.fuzzSeeds.count))]
            var scalars = Array(seed.unicodeScalars)
            let mutations = 1 + Int(generator.next() % 4)
            for _ in 0..<mutations {
                let position = scalars.isEmpty ? 0 : Int(generator.next() % UInt64(scalars.count + 1))
                switch generator.next() % 6 {
                case 0 where position < scalars.count:
                    scalars.remove(at: position)
                case 1:
                    scalars.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                case 2 where position < scalars.count:
                    scalars[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 3:
                    scalars = Array(scalars.prefix(position))
                case 4:
                    let other = Array(JSONataTests.fuzzSeeds[Int(generator.next() % UInt64(JSONataTests.fuzzSeeds.count))].unicodeScalars)
                    let cut = other.isEmpty ? 0 : Int(generator.next() % UInt64(other.count))
                    scalars.insert(contentsOf: other[cut...], at: position)
                default:
                    let count = min(8, scalars.count - min(position, scalars.count))
                    if count > 0 { scalars.insert(contentsOf: scalars[position..<(position + count)], at: position) }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            var parsed = false
            do {
                let tree = try JSONata.parse(text)
                parsed = true
                parsedCount += 1
                let printed = tree.description
                let again = try? JSONata.parse(printed)
                #expect(again == tree, "iteration \(iteration): \(text) printed as \(printed)")
                #expect(again?.hashValue == tree.hashValue)
            } catch {
                #expect(error.offset >= 0 && error.offset <= scalars.count, "iteration \(iteration): \(text): \(error)")
                #expect(!error.message.isEmpty)
            }
            // The same text as a template gets the same verdict, offsets shifted past "{% ".
            switch JSONata.template("{% " + text + " %}") {
            case .success?:
                #expect(parsed, "iteration \(iteration): \(text)")
            case .failure(let error)?:
                #expect(!parsed, "iteration \(iteration): \(text): \(error)")
                #expect(error.offset >= 2 && error.offset <= scalars.count + 4)
            case nil:
                Issue.record("iteration \(iteration): not a template")
            }
        }
        #expect(parsedCount > 100)
    }
}
