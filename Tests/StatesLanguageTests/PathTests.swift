import Testing

@testable import StatesLanguage
import StatecraftSimulator

/// A path and what it should parse to.
struct PathStructureCase: Sendable, CustomTestStringConvertible {
    var text: String
    var root: Path.Root
    var segments: [Path.Segment]
    var testDescription: String { text }
}

/// A path that must fail, where, and with what message.
struct PathErrorCase: Sendable, CustomTestStringConvertible {
    var text: String
    var offset: Int
    var message: String
    var testDescription: String { text }
}

@Suite struct PathTests {
    // MARK: Valid forms

    static let validPaths: [String] = [
        "$", "$.a", "$.a.b", "$['a']", "$[\"a\"]", "$.a[0]", "$.a[-2]", "$.a[*]", "$.*", "$..a", "$..[0]", "$..*",
        "$.a[0:2]", "$.a[:2]", "$.a[1:]", "$.a[::2]", "$.a[1:5:2]", "$.a[:]", "$.a[0,1]", "$['a','b']", "$[ 'a' , \"b\" ]",
        "$.a[?(@.price < 10)]", "$.a[?(@.isbn)]", "$.a[?(@.x == 'str' && @.y != 2 || !(@.z))]", "$.a[?(@.b.c >= 1.5)]",
        "$.a[?(@.price <= $.limit)]", "$.a[?(@.id == $$.Execution.Id)]", "$.a[?(@.v > $max)]", "$.a[?(@.s == \"x\")]",
        "$.a[?(@.f == true || @.g == false || @.h == null)]", "$.a[?(@.n == -1e3)]", "$.a[?(!@.gone)]",
        "$.a[?(@['odd key'] == 1)]", "$.a[?(@[0] == 1)]", "$.a[?(@.length() > 2)]", "$.a[?( @.x==1 )]",
        "$.books[?(@.tags[?(@ == 'new')])]", "$.delivery-partner", "$.日本", "$.a_b.c1.$d", "$.123", "$['a b']",
        "$['it\\'s']", "$[\"say \\\"hi\\\"\"]", "$['back\\\\slash']", "$['']", "$['.[]$@*']", "$$", "$$.Execution.Id",
        "$$.Map.Item.Value", "$$.Task.Token", "$$['State']['Name']", "$name", "$name.field[0]", "$_x", "$données.a",
        "$v1['k']", "$.a.length()", "$.a[*].b.min()", "$[0]", "$[ 0 ]", "$[ * ]", "$.a[ ?( @.x ) ]", "$.a[007]",
    ]

    @Test(arguments: validPaths)
    func validPathRoundTrips(_ text: String) throws {
        let path = try Path(parsing: text)
        #expect(path.text == text)
        #expect(path.description == text)
        #expect(try Path(parsing: path.text) == path)
    }

    static let structureCases: [PathStructureCase] = [
        .init(text: "$", root: .input, segments: []),
        .init(text: "$.a.b", root: .input, segments: [.member("a"), .member("b")]),
        .init(text: "$['a'][\"b\"]", root: .input, segments: [.member("a"), .member("b")]),
        .init(text: "$.a[0][-2]", root: .input, segments: [.member("a"), .index(0), .index(-2)]),
        .init(text: "$.a[*].*", root: .input, segments: [.member("a"), .wildcard, .wildcard]),
        .init(text: "$..a", root: .input, segments: [.recursive(.member("a"))]),
        .init(text: "$..*", root: .input, segments: [.recursive(.wildcard)]),
        .init(text: "$..[0]", root: .input, segments: [.recursive(.index(0))]),
        .init(text: "$..['x','y']", root: .input, segments: [.recursive(.union([.member("x"), .member("y")]))]),
        .init(text: "$.a[0:2]", root: .input, segments: [.member("a"), .slice(start: 0, end: 2, step: nil)]),
        .init(text: "$.a[:2]", root: .input, segments: [.member("a"), .slice(start: nil, end: 2, step: nil)]),
        .init(text: "$.a[1:]", root: .input, segments: [.member("a"), .slice(start: 1, end: nil, step: nil)]),
        .init(text: "$.a[::2]", root: .input, segments: [.member("a"), .slice(start: nil, end: nil, step: 2)]),
        .init(text: "$.a[-3:-1:-1]", root: .input, segments: [.member("a"), .slice(start: -3, end: -1, step: -1)]),
        .init(text: "$.a[0,1, -1]", root: .input, segments: [.member("a"), .union([.index(0), .index(1), .index(-1)])]),
        .init(text: "$['a','b']", root: .input, segments: [.union([.member("a"), .member("b")])]),
        .init(text: "$.a.length()", root: .input, segments: [.member("a"), .function("length")]),
        .init(text: "$.delivery-partner", root: .input, segments: [.member("delivery-partner")]),
        .init(text: "$.日本.名前", root: .input, segments: [.member("日本"), .member("名前")]),
        .init(text: "$['it\\'s']", root: .input, segments: [.member("it's")]),
        .init(text: "$[\"a\\\"b\\\\c\"]", root: .input, segments: [.member("a\"b\\c")]),
        .init(text: "$$", root: .context, segments: []),
        .init(text: "$$.Execution.Id", root: .context, segments: [.member("Execution"), .member("Id")]),
        .init(text: "$$.Map.Item.Value", root: .context, segments: [.member("Map"), .member("Item"), .member("Value")]),
        .init(text: "$name", root: .variable("name"), segments: []),
        .init(text: "$name.field[0]", root: .variable("name"), segments: [.member("field"), .index(0)]),
        .init(text: "$_tmp2['k']", root: .variable("_tmp2"), segments: [.member("k")]),
        .init(text: "$変数.x", root: .variable("変数"), segments: [.member("x")]),
    ]

    @Test(arguments: structureCases)
    func segmentStructure(_ c: PathStructureCase) throws {
        let path = try Path(parsing: c.text)
        #expect(path.root == c.root)
        #expect(path.segments == c.segments)
    }

    @Test func filterStructure() throws {
        let path = try Path(parsing: "$.a[?(@.x == 'str' && @.y != 2 || !(@.z))]")
        let x: FilterExpression = .comparison(.current([.member("x")]), .equal, .literal(.string("str")))
        let y: FilterExpression = .comparison(.current([.member("y")]), .notEqual, .literal(.number(JSONNumber(2))))
        let z: FilterExpression = .not(.exists(.current([.member("z")])))
        #expect(path.segments == [.member("a"), .filter(.or(.and(x, y), z))])
    }

    static let filterCases: [(String, FilterExpression)] = [
        ("$[?(@.price < 10)]", .comparison(.current([.member("price")]), .less, .literal(.number(JSONNumber(10))))),
        ("$[?(@.isbn)]", .exists(.current([.member("isbn")]))),
        ("$[?(@.b.c >= 1.5)]", .comparison(.current([.member("b"), .member("c")]), .greaterOrEqual, .literal(.number(JSONNumber(1.5))))),
        ("$[?(@.v<=$.max)]", .comparison(.current([.member("v")]), .lessOrEqual, .path(Path(text: "$.max", root: .input, segments: [.member("max")])))),
        ("$[?(@.v > $lim)]", .comparison(.current([.member("v")]), .greater, .path(Path(text: "$lim", root: .variable("lim"), segments: [])))),
        ("$[?(@ == null)]", .comparison(.current([]), .equal, .literal(.null))),
        ("$[?(1 == @.n)]", .comparison(.literal(.number(JSONNumber(1))), .equal, .current([.member("n")]))),
        ("$[?(@.f != true)]", .comparison(.current([.member("f")]), .notEqual, .literal(.bool(true)))),
        ("$[?(@.s == \"a'b\")]", .comparison(.current([.member("s")]), .equal, .literal(.string("a'b")))),
        ("$[?(@.a && (@.b || @.c))]", .and(.exists(.current([.member("a")])), .or(.exists(.current([.member("b")])), .exists(.current([.member("c")]))))),
        ("$[?(!!@.a)]", .not(.not(.exists(.current([.member("a")]))))),
        ("$[?(@.n.length() > 0)]", .comparison(.current([.member("n"), .function("length")]), .greater, .literal(.number(JSONNumber(0))))),
    ]

    @Test(arguments: filterCases)
    func filterExpressions(_ text: String, _ expected: FilterExpression) throws {
        let path = try Path(parsing: text)
        #expect(path.segments == [.filter(expected)])
    }

    @Test func filterNumberKeepsSpelling() throws {
        let path = try Path(parsing: "$[?(@.n == 1.50)]")
        guard case .filter(.comparison(_, _, .literal(.number(let n)))) = path.segments.first else {
            Issue.record("unexpected structure \(path.segments)")
            return
        }
        #expect(n.text == "1.50")
    }

    // MARK: Errors

    static let errorCases: [PathErrorCase] = [
        .init(text: "", offset: 0, message: "a path must not be empty; expected '$'"),
        .init(text: "a.b", offset: 0, message: "a path must start with '$' but found 'a'"),
        .init(text: " $.a", offset: 0, message: "a path must start with '$' but found a space"),
        .init(text: "$.", offset: 2, message: "expected a member name after '.' but found the end of the path"),
        .init(text: "$.a.", offset: 4, message: "expected a member name after '.' but found the end of the path"),
        .init(text: "$.['a']", offset: 2, message: "expected a member name after '.' but found '['"),
        .init(text: "$..", offset: 3, message: "expected a member name, '*' or '[' after '..' but found the end of the path"),
        .init(text: "$...a", offset: 3, message: "expected a member name, '*' or '[' after '..' but found '.'"),
        .init(text: "$.a b", offset: 3, message: "unexpected a space in the path; use bracket notation like ['a b'] for names with spaces"),
        .init(text: "$.a ", offset: 3, message: "unexpected a space in the path; use bracket notation like ['a b'] for names with spaces"),
        .init(text: "$.a:b", offset: 3, message: "':' is not allowed in a member name after '.'; use bracket notation like ['name'] for names with special characters"),
        .init(text: "$a-b", offset: 2, message: "'-' is not allowed in a variable name"),
        .init(text: "$1", offset: 1, message: "a variable name cannot start with a digit"),
        .init(text: "$$$", offset: 2, message: "expected '.' or '[' but found '$'"),
        .init(text: "$.a)", offset: 3, message: "expected '.' or '[' but found ')'"),
        .init(text: "$[", offset: 2, message: "expected a quoted name, an index, '*', a slice or a filter after '[' but found the end of the path"),
        .init(text: "$[]", offset: 2, message: "empty brackets; expected a quoted name, an index, '*', a slice or a filter"),
        .init(text: "$[0", offset: 3, message: "expected ']' after the index but found the end of the path"),
        .init(text: "$[a]", offset: 2, message: "expected a quoted name, an index, '*', a slice or a filter after '[' but found 'a'"),
        .init(text: "$['a'", offset: 5, message: "expected ',' or ']' after the member name but found the end of the path"),
        .init(text: "$['abc", offset: 2, message: "unterminated string; expected a closing \"'\""),
        .init(text: "$[\"abc]", offset: 2, message: "unterminated string; expected a closing '\"'"),
        .init(text: "$['a\\n']", offset: 4, message: "unsupported escape '\\n'; only \\', \\\" and \\\\ are allowed"),
        .init(text: "$['a',]", offset: 6, message: "expected a quoted member name but found ']'"),
        .init(text: "$['a',0]", offset: 6, message: "a union cannot mix member names and indexes"),
        .init(text: "$[0,'a']", offset: 4, message: "a union cannot mix member names and indexes"),
        .init(text: "$[0,]", offset: 4, message: "expected an index after ',' but found ']'"),
        .init(text: "$[*", offset: 3, message: "expected ']' after '*' but found the end of the path"),
        .init(text: "$[-]", offset: 3, message: "expected a digit after '-' but found ']'"),
        .init(text: "$[::0]", offset: 4, message: "a slice step must not be zero"),
        .init(text: "$[0:1:2:3]", offset: 7, message: "expected ']' to close the slice but found ':'"),
        .init(text: "$[99999999999999999999]", offset: 2, message: "the index 99999999999999999999 is too large"),
        .init(text: "$[-99999999999999999999:]", offset: 2, message: "the index -99999999999999999999 is too large"),
        .init(text: "$.a[(@.length-1)]", offset: 4, message: "script expressions like [(@.length-1)] are not supported; use a negative index like [-1] or a slice"),
        .init(text: "$.a[?@.x]", offset: 5, message: "expected '(' after '?' in a filter like [?(@.price < 10)] but found '@'"),
        .init(text: "$.a[?()]", offset: 6, message: "expected a filter expression inside '?()'"),
        .init(text: "$.a[?(@.x]", offset: 9, message: "expected ')' to close the filter but found ']'"),
        .init(text: "$.a[?(@.x)", offset: 10, message: "expected ']' after the filter but found the end of the path"),
        .init(text: "$.a[?(@.x = 1)]", offset: 10, message: "expected '==' but found a single '='"),
        .init(text: "$.a[?(@.x =~ /a/)]", offset: 10, message: "the regular-expression operator '=~' is not supported; use ==, !=, <, <=, > or >="),
        .init(text: "$.a[?(@.x in [1])]", offset: 10, message: "unsupported filter operator 'in'; use ==, !=, <, <=, > or >="),
        .init(text: "$.a[?(@.x & @.y)]", offset: 10, message: "expected '&&' but found a single '&'"),
        .init(text: "$.a[?(@.x | @.y)]", offset: 10, message: "expected '||' but found a single '|'"),
        .init(text: "$.a[?(@.x == )]", offset: 13, message: "expected '@', a path or a literal but found ')'"),
        .init(text: "$.a[?(@.x == 01)]", offset: 13, message: "invalid number '01'"),
        .init(text: "$.a[?(@.x == yes)]", offset: 13, message: "unexpected 'yes' in a filter; expected '@', a path, a number, a quoted string, true, false or null"),
        .init(text: "$.a[?(@.x == 'a)]", offset: 13, message: "unterminated string; expected a closing \"'\""),
        .init(text: "$.a[?(1)]", offset: 6, message: "a literal on its own is not a condition; compare it with an operator such as '=='"),
        .init(text: "$.a[?((@.x)]", offset: 11, message: "expected ')' to close the filter but found ']'"),
        .init(text: "$.a[?((@.x)", offset: 11, message: "expected ')' to close the filter but found the end of the path"),
        .init(text: "$.a[?((@.x ]", offset: 11, message: "expected ')' to close '(' but found ']'"),
        .init(text: "$.a.length().b", offset: 12, message: "a function call must be the last segment of a path"),
        .init(text: "$.a.concat('x')", offset: 11, message: "path function 'concat' cannot take arguments; expected ')'"),
        .init(text: "$.a.length(", offset: 11, message: "expected ')' to close the call of 'length' but found the end of the path"),
        .init(text: "$..length()", offset: 9, message: "a function call cannot follow '..'"),
        .init(text: "$.a\u{1}", offset: 3, message: "U+0001 is not allowed in a member name after '.'; use bracket notation like ['name'] for names with special characters"),
    ]

    @Test(arguments: errorCases)
    func syntaxErrors(_ c: PathErrorCase) {
        #expect(throws: PathSyntaxError(message: c.message, offset: c.offset)) {
            _ = try Path(parsing: c.text)
        }
    }

    @Test func errorDescriptionNamesTheCharacter() {
        let error = PathSyntaxError(message: "expected a member name after '.'", offset: 3)
        #expect(error.description == "expected a member name after '.' (at character 4)")
    }

    @Test func offsetsCountUnicodeScalars() {
        #expect(throws: PathSyntaxError(message: "expected a member name after '.' but found the end of the path", offset: 5)) {
            _ = try Path(parsing: "$.日本.")
        }
    }

    @Test func filterNestingIsLimited() {
        let deep = "$[?(" + String(repeating: "(", count: 100) + "@.a" + String(repeating: ")", count: 100) + ")]"
        #expect(throws: PathSyntaxError.self) { _ = try Path(parsing: deep) }
        do {
            _ = try Path(parsing: deep)
        } catch {
            #expect(error.message == "the filter nests deeper than the limit of 64 levels")
        }
        let negations = "$[?(" + String(repeating: "!", count: 100) + "@.a)]"
        #expect(throws: PathSyntaxError.self) { _ = try Path(parsing: negations) }
        let nestedFilters = "$" + String(repeating: "[?(@", count: 80) + String(repeating: ")]", count: 80)
        #expect(throws: PathSyntaxError.self) { _ = try Path(parsing: nestedFilters) }
        let fine = "$[?(" + String(repeating: "(", count: 60) + "@.a" + String(repeating: ")", count: 60) + ")]"
        #expect(throws: Never.self) { _ = try Path(parsing: fine) }
    }

    // MARK: Reference paths and definiteness

    static let referencePaths: [String] = [
        "$", "$$", "$.a", "$.a.b[0]", "$['a b'][2]", "$$.Execution.Input", "$var", "$var.x[10]", "$.delivery-partner",
    ]

    @Test(arguments: referencePaths)
    func referencePathsParse(_ text: String) throws {
        let path = try Path.parseReferencePath(text)
        #expect(path.text == text)
        #expect(path.isReferencePath)
        #expect(path.isDefinite)
    }

    static let referencePathRejectionCases: [PathErrorCase] = [
        .init(text: "$.a[*]", offset: 3, message: "a reference path cannot contain a wildcard"),
        .init(text: "$.*", offset: 1, message: "a reference path cannot contain a wildcard"),
        .init(text: "$..a", offset: 1, message: "a reference path cannot contain recursive descent ('..')"),
        .init(text: "$.a[0:2]", offset: 3, message: "a reference path cannot contain an array slice"),
        .init(text: "$.a[0,1]", offset: 3, message: "a reference path cannot contain a union"),
        .init(text: "$['a','b']", offset: 1, message: "a reference path cannot contain a union"),
        .init(text: "$.a[?(@.b)]", offset: 3, message: "a reference path cannot contain a filter expression"),
        .init(text: "$.a.length()", offset: 3, message: "a reference path cannot contain a function call"),
        .init(text: "$.a[-1]", offset: 3, message: "a reference path cannot contain a negative index"),
        .init(text: "$.a.", offset: 4, message: "expected a member name after '.' but found the end of the path"),
    ]

    @Test(arguments: referencePathRejectionCases)
    func referencePathRejections(_ c: PathErrorCase) throws {
        #expect(throws: PathSyntaxError(message: c.message, offset: c.offset)) {
            _ = try Path.parseReferencePath(c.text)
        }
        if let path = try? Path(parsing: c.text) {
            #expect(!path.isReferencePath)
        }
    }

    static let definitenessCases: [(String, Bool)] = [
        ("$", true), ("$.a[0]", true), ("$.a[-1]", true), ("$.a.length()", true), ("$['x']", true),
        ("$.a[*]", false), ("$..a", false), ("$.a[1:]", false), ("$.a[0,1]", false), ("$.a[?(@.x)]", false), ("$.*", false),
    ]

    @Test(arguments: definitenessCases)
    func definiteness(_ text: String, _ definite: Bool) throws {
        #expect(try Path(parsing: text).isDefinite == definite)
    }

    @Test func negativeIndexIsDefiniteButNotReference() throws {
        let path = try Path(parsing: "$.a[-1]")
        #expect(path.isDefinite)
        #expect(!path.isReferencePath)
    }

    // MARK: Fuzzing

    @Test func fuzzedInputsNeverCrash() throws {
        var random = SeededRandom(seed: 0x5EED_2024)
        let pathSeeds = PathTests.validPaths
        let callSeeds = IntrinsicTests.validCalls + [
            "States.Format('a\\'b\\{\\}', $$.Execution.Id, $v.x[0])", "States.Hash($.d, 'SHA-256')",
        ]
        let alphabet = Array("$@.[]()'\"\\*?:,-!=<>&| 0123456789abcxyzStates.FormatUUID{}日\u{0}\u{7F}e+_")
        var parsedPaths = 0
        var parsedCalls = 0
        for i in 0..<2_000 {
            let input: String
            if i % 4 == 0 {
                let length = Int(random.next() % 32)
                input = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            } else {
                let seeds = i % 2 == 0 ? pathSeeds : callSeeds
                var characters = Array(seeds[Int(random.next() % UInt64(seeds.count))])
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    let position = characters.isEmpty ? 0 : Int(random.next() % UInt64(characters.count + 1))
                    let replacement = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    switch random.next() % 3 {
                    case 0: characters.insert(replacement, at: position)
                    case 1: if position < characters.count { characters.remove(at: position) }
                    default: if position < characters.count { characters[position] = replacement }
                    }
                }
                input = String(characters)
            }
            let scalarCount = input.unicodeScalars.count
            do {
                let path = try Path(parsing: input)
                #expect(path.text == input)
                parsedPaths += 1
            } catch {
                #expect(error.offset >= 0 && error.offset <= scalarCount, "offset \(error.offset) outside \(input.debugDescription)")
            }
            _ = try? Path.parseReferencePath(input)
            do {
                let call = try IntrinsicCall(parsing: input)
                #expect(call.text == input)
                _ = call.checkSignature()
                parsedCalls += 1
            } catch {
                #expect(error.offset >= 0 && error.offset <= scalarCount, "offset \(error.offset) outside \(input.debugDescription)")
            }
            _ = IntrinsicCall.looksLikeCall(input)
        }
        // The mutations keep a fair share of inputs valid, so both success paths are exercised.
        #expect(parsedPaths > 50)
        #expect(parsedCalls > 50)
    }
}


@Suite struct SimplePathFastPathTests {
    /// The fast path for plain dotted paths must give exactly what the full parser gives.
    @Test(arguments: ["$", "$$", "$.a", "$.a.b.c", "$.with-dash", "$.under_score.x9", "$$.Execution.Id", "$$.Map.Item.Value",
                      "$name", "$name.field", "$v1.a-b", "$.A", "$.a.b.c.d.e.f.g"])
    func fastPathMatchesTheParser(_ text: String) throws {
        let fast = try #require(Path.simple(text))
        var parser = PathParser(text)
        let parsed = try parser.parseWholePath()
        #expect(fast.root == parsed.root)
        #expect(fast.segments == parsed.segments)
        #expect(fast.text == text)
    }

    @Test(arguments: ["", "$.", "$..a", "$.a.", "$.1a", "$.a[0]", "$.a b", "$.日本", "$-", "$$x", "$.a.*", "a.b", "$$$", "$1"])
    func otherFormsGoToTheParser(_ text: String) {
        #expect(Path.simple(text) == nil)
    }

    @Test func seededRandomDottedPathsAgree() throws {
        var generator = SeededRandom(seed: 7)
        let alphabet = Array("abcXYZ_-09.$")
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 12)
            let text = "$" + String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            var parser = PathParser(text)
            let parsed = try? parser.parseWholePath()
            if let fast = Path.simple(text) {
                let full = try #require(parsed, "fast path accepted \(text), the parser did not")
                #expect(fast.root == full.root && fast.segments == full.segments, "\(text)")
            }
        }
    }
}
