import StatesLanguage
import Testing

@testable import StatecraftSimulator

// MARK: - Support

/// Parses JSON text that the test knows to be an object.
private func object(_ json: String) throws -> JSONObject {
    try #require(try JSONParser.parse(json).objectValue, "not a JSON object: \(json)")
}

/// ExpressionAttributeValues from JSON text such as `{":v": {"N": "1"}}`.
private func valueMap(_ json: String) throws -> [String: JSONValue] {
    var values: [String: JSONValue] = [:]
    for member in try object(json) { values[member.key] = member.value }
    return values
}

/// The message a condition's reading fails with, or `nil` when it reads.
private func conditionError(_ expression: String, names: [String: String] = [:], values: [String: JSONValue] = [:]) -> String? {
    do {
        _ = try DynamoDBCondition(expression, names: names, values: values)
        return nil
    } catch {
        return error.message
    }
}

/// The message an update's reading fails with, or `nil` when it reads.
private func updateError(_ expression: String, names: [String: String] = [:], values: [String: JSONValue] = [:]) -> String? {
    do {
        _ = try DynamoDBUpdate(expression, names: names, values: values)
        return nil
    } catch {
        return error.message
    }
}

/// The message applying an update fails with, or `nil` when it applies.
private func applyError(_ expression: String, to item: JSONObject, values: [String: JSONValue]) throws -> String? {
    let update = try DynamoDBUpdate(expression, names: [:], values: values)
    do {
        _ = try update.apply(to: item)
        return nil
    } catch {
        return error.message
    }
}

/// An item with an attribute of every type.
private let sampleItem = #"""
{"id":{"S":"k1"},"n":{"N":"5"},"s":{"S":"hello"},"b":{"B":"AQID"},"hi":{"B":"/w=="},"t":{"BOOL":true},"z":{"NULL":true},
 "m":{"M":{"x":{"N":"1"},"y":{"S":"why"}}},"l":{"L":[{"S":"a"},{"N":"2"}]},
 "ss":{"SS":["red","blue"]},"ns":{"NS":["1","2.5"]},"bs":{"BS":["AQ=="]},
 "e":{"S":"é"},"emoji":{"S":"😀"},"dotted.attr":{"N":"7"}}
"""#

/// Values the condition cases use.
private let sampleValues = #"""
{":zero":{"N":"0"},":one":{"N":"1"},":two":{"N":"2"},":three":{"N":"3"},":four":{"N":"4"},":five":{"N":"5"},
 ":five00":{"N":"5.00"},":six":{"N":"6"},":seven":{"N":"7"},":sfive":{"S":"5"},
 ":hello":{"S":"hello"},":Hello":{"S":"Hello"},":world":{"S":"world"},":he":{"S":"he"},":ell":{"S":"ell"},
 ":a":{"S":"a"},":z":{"S":"z"},":nope":{"S":"nope"},":halfwidth":{"S":"｡"},
 ":bin":{"B":"AQID"},":bin2":{"B":"AQIE"},":binprefix":{"B":"AQ=="},":low":{"B":"AA=="},
 ":true":{"BOOL":true},":false":{"BOOL":false},":null":{"NULL":true},
 ":map":{"M":{"y":{"S":"why"},"x":{"N":"1.0"}}},":list":{"L":[{"S":"a"},{"N":"2"}]},":reversed":{"L":[{"N":"2"},{"S":"a"}]},
 ":colors":{"SS":["blue","red"]},":nums":{"NS":["2.50","1"]},":red":{"S":"red"},":green":{"S":"green"},":twohalf":{"N":"2.50"},
 ":N":{"S":"N"},":S":{"S":"S"},":SS":{"S":"SS"},":M":{"S":"M"},":NULL":{"S":"NULL"},":L":{"S":"L"},":B":{"S":"B"}}
"""#

/// One condition and whether it holds on ``sampleItem``.
struct DynamoDBConditionCase: Sendable, CustomTestStringConvertible {
    var expression: String
    var names: [String: String]
    var expected: Bool
    var testDescription: String { "\(expression) → \(expected)" }
    init(_ expression: String, _ expected: Bool, names: [String: String] = [:]) {
        self.expression = expression
        self.expected = expected
        self.names = names
    }
}

/// One expression that fails to read, with DynamoDB's message.
struct DynamoDBErrorCase: Sendable, CustomTestStringConvertible {
    var expression: String
    var values: String
    var names: [String: String]
    var message: String
    var testDescription: String { expression }
    init(_ expression: String, values: String = "{}", names: [String: String] = [:], _ message: String) {
        self.expression = expression
        self.values = values
        self.names = names
        self.message = message
    }
}

@Suite struct DynamoDBExpressionTests {
    // MARK: - Conditions

    static let conditions: [DynamoDBConditionCase] = [
        // Numbers compare by value.
        DynamoDBConditionCase("n = :five", true),
        DynamoDBConditionCase("n = :five00", true),
        DynamoDBConditionCase("n <> :five", false),
        DynamoDBConditionCase("n <> :six", true),
        DynamoDBConditionCase("n < :six", true),
        DynamoDBConditionCase("n < :five", false),
        DynamoDBConditionCase("n <= :five", true),
        DynamoDBConditionCase("n > :four", true),
        DynamoDBConditionCase("n > :five", false),
        DynamoDBConditionCase("n >= :six", false),
        DynamoDBConditionCase("n >= :five", true),
        // Different types: only <> holds.
        DynamoDBConditionCase("n = :sfive", false),
        DynamoDBConditionCase("n <> :sfive", true),
        DynamoDBConditionCase("n < :sfive", false),
        DynamoDBConditionCase("n > :sfive", false),
        // A missing attribute: only <> holds.
        DynamoDBConditionCase("absent = :five", false),
        DynamoDBConditionCase("absent <> :five", true),
        DynamoDBConditionCase("absent < :five", false),
        DynamoDBConditionCase("absent >= :five", false),
        // Strings compare by UTF-8 bytes ("😀" is F0…, "｡" is EF…; in UTF-16 the order is the other way round).
        DynamoDBConditionCase("s < :world", true),
        DynamoDBConditionCase("s > :Hello", true),
        DynamoDBConditionCase("e > :z", true),
        DynamoDBConditionCase("emoji > :halfwidth", true),
        // Binary compares by bytes, not by base64 text ("/w==" is 0xFF, "AA==" is 0x00).
        DynamoDBConditionCase("b = :bin", true),
        DynamoDBConditionCase("b < :bin2", true),
        DynamoDBConditionCase("hi > :low", true),
        // Booleans and nulls are equal or not, never ordered.
        DynamoDBConditionCase("t = :true", true),
        DynamoDBConditionCase("t = :false", false),
        DynamoDBConditionCase("t < :true", false),
        DynamoDBConditionCase("t >= :true", false),
        DynamoDBConditionCase("z = :null", true),
        // Deep equality: maps ignore member order and number spelling, lists keep order, sets ignore order.
        DynamoDBConditionCase("m = :map", true),
        DynamoDBConditionCase("l = :list", true),
        DynamoDBConditionCase("l = :reversed", false),
        DynamoDBConditionCase("l <> :reversed", true),
        DynamoDBConditionCase("ss = :colors", true),
        DynamoDBConditionCase("ns = :nums", true),
        DynamoDBConditionCase("m < :map", false),
        // BETWEEN is inclusive and needs one type.
        DynamoDBConditionCase("n BETWEEN :four AND :six", true),
        DynamoDBConditionCase("n BETWEEN :five AND :five", true),
        DynamoDBConditionCase("n BETWEEN :six AND :seven", false),
        DynamoDBConditionCase("s BETWEEN :a AND :z", true),
        DynamoDBConditionCase("absent BETWEEN :four AND :six", false),
        DynamoDBConditionCase("n BETWEEN :a AND :z", false),
        // IN
        DynamoDBConditionCase("n IN (:four, :five)", true),
        DynamoDBConditionCase("n IN (:four, :six)", false),
        DynamoDBConditionCase("s IN (:hello)", true),
        DynamoDBConditionCase("n IN (:sfive)", false),
        DynamoDBConditionCase("absent IN (:five)", false),
        // attribute_exists / attribute_not_exists, nested paths and list indexes.
        DynamoDBConditionCase("attribute_exists(n)", true),
        DynamoDBConditionCase("attribute_exists(absent)", false),
        DynamoDBConditionCase("attribute_not_exists(absent)", true),
        DynamoDBConditionCase("attribute_not_exists(n)", false),
        DynamoDBConditionCase("attribute_exists(m.x)", true),
        DynamoDBConditionCase("attribute_exists(m.q)", false),
        DynamoDBConditionCase("attribute_exists(l[1])", true),
        DynamoDBConditionCase("attribute_exists(l[2])", false),
        DynamoDBConditionCase("attribute_exists(s.x)", false),
        DynamoDBConditionCase("attribute_exists(m[0])", false),
        DynamoDBConditionCase("m.y = :hello", false),
        DynamoDBConditionCase("l[0] = :a", true),
        DynamoDBConditionCase("m.x = :one", true),
        // Placeholders: a name may hold dots, which are then part of the name.
        DynamoDBConditionCase("#m.#x = :one", true, names: ["#m": "m", "#x": "x"]),
        DynamoDBConditionCase("#d = :seven", true, names: ["#d": "dotted.attr"]),
        DynamoDBConditionCase("attribute_exists(#d)", true, names: ["#d": "dotted.attr"]),
        DynamoDBConditionCase("attribute_exists(dotted.attr)", false),
        // attribute_type
        DynamoDBConditionCase("attribute_type(n, :N)", true),
        DynamoDBConditionCase("attribute_type(n, :S)", false),
        DynamoDBConditionCase("attribute_type(ss, :SS)", true),
        DynamoDBConditionCase("attribute_type(m, :M)", true),
        DynamoDBConditionCase("attribute_type(z, :NULL)", true),
        DynamoDBConditionCase("attribute_type(l, :L)", true),
        DynamoDBConditionCase("attribute_type(b, :B)", true),
        DynamoDBConditionCase("attribute_type(absent, :S)", false),
        // begins_with
        DynamoDBConditionCase("begins_with(s, :he)", true),
        DynamoDBConditionCase("begins_with(s, :ell)", false),
        DynamoDBConditionCase("begins_with(n, :he)", false),
        DynamoDBConditionCase("begins_with(b, :binprefix)", true),
        DynamoDBConditionCase("begins_with(absent, :he)", false),
        // contains: substrings, set elements (numbers by value), list elements.
        DynamoDBConditionCase("contains(s, :ell)", true),
        DynamoDBConditionCase("contains(s, :world)", false),
        DynamoDBConditionCase("contains(ss, :red)", true),
        DynamoDBConditionCase("contains(ss, :green)", false),
        DynamoDBConditionCase("contains(ns, :twohalf)", true),
        DynamoDBConditionCase("contains(ns, :three)", false),
        DynamoDBConditionCase("contains(l, :a)", true),
        DynamoDBConditionCase("contains(l, :two)", true),
        DynamoDBConditionCase("contains(l, :three)", false),
        DynamoDBConditionCase("contains(n, :five)", false),
        DynamoDBConditionCase("contains(absent, :ell)", false),
        // size: UTF-8 bytes of strings, bytes of binary values, elements of sets, lists and maps.
        DynamoDBConditionCase("size(s) = :five", true),
        DynamoDBConditionCase("size(e) = :two", true),
        DynamoDBConditionCase("size(b) = :three", true),
        DynamoDBConditionCase("size(ss) = :two", true),
        DynamoDBConditionCase("size(m) = :two", true),
        DynamoDBConditionCase("size(l) > :one", true),
        DynamoDBConditionCase("size(n) = :one", false),
        DynamoDBConditionCase("size(absent) >= :zero", false),
        DynamoDBConditionCase("size(s) BETWEEN :four AND :six", true),
        DynamoDBConditionCase("size(s) IN (:one, :five)", true),
        DynamoDBConditionCase("(size(s)) = :five", true),
        // AND, OR, NOT and parentheses.
        DynamoDBConditionCase("n = :five AND s = :hello", true),
        DynamoDBConditionCase("n = :five AND s = :world", false),
        DynamoDBConditionCase("n = :six OR s = :hello", true),
        DynamoDBConditionCase("n = :six OR s = :world", false),
        DynamoDBConditionCase("NOT n = :six", true),
        DynamoDBConditionCase("NOT attribute_exists(n)", false),
        DynamoDBConditionCase("NOT NOT attribute_exists(n)", true),
        DynamoDBConditionCase("NOT (n = :five)", false),
        // AND binds tighter than OR: (false AND true) OR true.
        DynamoDBConditionCase("n = :six AND s = :hello OR t = :true", true),
        // ... and is not read left to right: true OR (false AND false).
        DynamoDBConditionCase("n = :five OR s = :nope AND t = :false", true),
        // NOT binds tighter than OR and AND: (NOT true) OR true, (NOT false) AND true.
        DynamoDBConditionCase("NOT n = :five OR s = :hello", true),
        DynamoDBConditionCase("NOT n = :six AND s = :hello", true),
        // Parentheses change the grouping: (true OR true) AND false.
        DynamoDBConditionCase("(n = :five OR t = :true) AND s = :nope", false),
        DynamoDBConditionCase("n = :five OR (t = :true AND s = :nope)", true),
        DynamoDBConditionCase("(n = :five)", true),
        DynamoDBConditionCase("(attribute_exists(n))", true),
        DynamoDBConditionCase("(n) = :five", true),
        DynamoDBConditionCase("n = (:five)", true),
        // Keywords are case-insensitive; whitespace is free.
        DynamoDBConditionCase("n = :five and not s = :nope", true),
        DynamoDBConditionCase("n between :four and :six or s = :nope", true),
        DynamoDBConditionCase("n\tIN(:four,:five)", true),
        DynamoDBConditionCase("\n  n=:five  ", true),
    ]

    @Test(arguments: conditions)
    func conditionHolds(_ c: DynamoDBConditionCase) throws {
        let condition = try DynamoDBCondition(c.expression, names: c.names, values: try valueMap(sampleValues))
        #expect(try condition.holds(on: try object(sampleItem)) == c.expected)
    }

    @Test func missingItemHasNoAttributes() throws {
        let values = try valueMap(sampleValues)
        #expect(try DynamoDBCondition("attribute_not_exists(id)", names: [:], values: values).holds(on: nil))
        #expect(try !DynamoDBCondition("attribute_exists(id)", names: [:], values: values).holds(on: nil))
        #expect(try DynamoDBCondition("n <> :five", names: [:], values: values).holds(on: nil))
        #expect(try !DynamoDBCondition("n = :five", names: [:], values: values).holds(on: nil))
        #expect(try !DynamoDBCondition("size(s) < :one", names: [:], values: values).holds(on: nil))
    }

    @Test func usedPlaceholdersAreReported() throws {
        let condition = try DynamoDBCondition("#a = :one AND attribute_exists(#b.c)", names: ["#a": "a", "#b": "b", "#unused": "u"],
                                              values: try valueMap(sampleValues))
        #expect(condition.usedNames == ["#a", "#b"])
        #expect(condition.usedValues == [":one"])
        let unused = DynamoDBExpressionError.unusedPlaceholders(names: ["#a": "a", "#b": "b", "#x": "x"], values: [":one": ["N": "1"]],
                                                                usedNames: condition.usedNames, usedValues: condition.usedValues)
        #expect(unused?.message == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}")
        let unusedValue = DynamoDBExpressionError.unusedPlaceholders(names: ["#a": "a"], values: [":one": ["N": "1"], ":v": ["N": "2"]],
                                                                     usedNames: ["#a"], usedValues: [":one"])
        #expect(unusedValue?.message == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}")
        #expect(DynamoDBExpressionError.unusedPlaceholders(names: ["#a": "a"], values: [:], usedNames: ["#a"], usedValues: []) == nil)
    }

    // MARK: - Updates

    @Test func setWritesValuesAndPaths() throws {
        let values = try valueMap(#"{":v":{"S":"new"},":n":{"N":"9"}}"#)
        let item = try object(sampleItem)
        let updated = try DynamoDBUpdate("SET a = :v, s = :v, m.z = :n, l[0] = :n, l[10] = :v", names: [:], values: values).apply(to: item)
        #expect(updated["a"] == ["S": "new"])
        #expect(updated["s"] == ["S": "new"])
        #expect(updated["m"] == ["M": ["x": ["N": "1"], "y": ["S": "why"], "z": ["N": "9"]]])
        // An index past the end appends.
        #expect(updated["l"] == ["L": [["N": "9"], ["N": "2"], ["S": "new"]]])
        // The input is left alone.
        #expect(item["a"] == nil)
    }

    @Test func setReadsTheItemAsItWasBeforeTheUpdate() throws {
        let item = try object(#"{"a":{"N":"1"},"b":{"N":"2"}}"#)
        let swapped = try DynamoDBUpdate("SET a = b, b = a", names: [:], values: [:]).apply(to: item)
        #expect(swapped["a"] == ["N": "2"])
        #expect(swapped["b"] == ["N": "1"])
        let copied = try DynamoDBUpdate("SET c = a, a = :x", names: [:], values: try valueMap(#"{":x":{"N":"5"}}"#)).apply(to: item)
        #expect(copied["c"] == ["N": "1"])
        #expect(copied["a"] == ["N": "5"])
    }

    @Test func setArithmetic() throws {
        let values = try valueMap(#"""
            {":one":{"N":"1"},":ten":{"N":"10"},":half":{"N":"0.5"},":p1":{"N":"0.1"},":p2":{"N":"0.2"},
             ":big":{"N":"12345678901234567890123456789012345678"},":tiny":{"N":"1E-100"},":e":{"N":"1.5e3"}}
            """#)
        let item = try object(#"{"n":{"N":"5"},"f":{"N":"1.50"}}"#)
        func result(_ expression: String) throws -> JSONValue? {
            try DynamoDBUpdate(expression, names: [:], values: values).apply(to: item)["r"]
        }
        #expect(try result("SET r = n + :one") == ["N": "6"])
        #expect(try result("SET r = n - :ten") == ["N": "-5"])
        #expect(try result("SET r = :half + :one") == ["N": "1.5"])
        #expect(try result("SET r = f - :half") == ["N": "1"])
        // Decimal arithmetic: no binary floating-point error, 38 digits kept.
        #expect(try result("SET r = :p1 + :p2") == ["N": "0.3"])
        #expect(try result("SET r = :big + :one") == ["N": "12345678901234567890123456789012345679"])
        #expect(try result("SET r = :e - :one") == ["N": "1499"])
        #expect(try result("SET r = (n + :one)") == ["N": "6"])
        #expect(try result("SET r = (n) - (:one)") == ["N": "4"])
        #expect(try result("SET r = :tiny - :tiny") == ["N": "0"])
        // In place.
        let incremented = try DynamoDBUpdate("SET n = n + :one", names: [:], values: values).apply(to: item)
        #expect(incremented["n"] == ["N": "6"])
    }

    @Test func setArithmeticFailures() throws {
        let values = try valueMap(#"{":one":{"N":"1"},":max":{"N":"9E+125"},":e37":{"N":"1E37"},":small":{"N":"1E-10"}}"#)
        let item = try object(#"{"n":{"N":"5"},"s":{"S":"x"}}"#)
        #expect(try applyError("SET r = absent + :one", to: item, values: values)
                == "The provided expression refers to an attribute that does not exist in the item")
        #expect(try applyError("SET r = s + :one", to: item, values: values) == "An operand in the update expression has an incorrect data type")
        #expect(try applyError("SET r = :one - s", to: item, values: values) == "An operand in the update expression has an incorrect data type")
        #expect(try applyError("SET r = :max + :max", to: item, values: values)
                == "Number overflow. Attempting to store a number with magnitude larger than supported range")
        #expect(try applyError("SET r = :e37 + :small", to: item, values: values) == "Attempting to store more than 38 significant digits in a Number")
        #expect(try applyError("SET r = absent", to: item, values: values)
                == "The provided expression refers to an attribute that does not exist in the item")
        #expect(try applyError("SET r.x = :one", to: item, values: values) == "The document path provided in the update expression is invalid for update")
        #expect(try applyError("SET s.x = :one", to: item, values: values) == "The document path provided in the update expression is invalid for update")
        #expect(try applyError("SET n[0] = :one", to: item, values: values) == "The document path provided in the update expression is invalid for update")
    }

    @Test func ifNotExists() throws {
        let values = try valueMap(#"{":zero":{"N":"0"},":one":{"N":"1"},":x":{"S":"x"}}"#)
        let counter = try DynamoDBUpdate("SET c = if_not_exists(c, :zero) + :one", names: [:], values: values)
        let first = try counter.apply(to: JSONObject())
        #expect(first["c"] == ["N": "1"])
        let second = try counter.apply(to: first)
        #expect(second["c"] == ["N": "2"])
        let kept = try DynamoDBUpdate("SET s = if_not_exists(s, :x)", names: [:], values: values).apply(to: try object(#"{"s":{"S":"old"}}"#))
        #expect(kept["s"] == ["S": "old"])
        let filled = try DynamoDBUpdate("SET s = if_not_exists(s, :x)", names: [:], values: values).apply(to: JSONObject())
        #expect(filled["s"] == ["S": "x"])
        // The fallback may be another attribute.
        let fromOther = try DynamoDBUpdate("SET s = if_not_exists(s, t)", names: [:], values: [:]).apply(to: try object(#"{"t":{"N":"3"}}"#))
        #expect(fromOther["s"] == ["N": "3"])
    }

    @Test func listAppend() throws {
        let values = try valueMap(#"{":more":{"L":[{"S":"c"}]},":empty":{"L":[]},":s":{"S":"x"}}"#)
        let item = try object(#"{"l":{"L":[{"S":"a"},{"S":"b"}]},"s":{"S":"str"}}"#)
        let appended = try DynamoDBUpdate("SET l = list_append(l, :more)", names: [:], values: values).apply(to: item)
        #expect(appended["l"] == ["L": [["S": "a"], ["S": "b"], ["S": "c"]]])
        let prepended = try DynamoDBUpdate("SET l = list_append(:more, l)", names: [:], values: values).apply(to: item)
        #expect(prepended["l"] == ["L": [["S": "c"], ["S": "a"], ["S": "b"]]])
        let created = try DynamoDBUpdate("SET q = list_append(if_not_exists(q, :empty), :more)", names: [:], values: values).apply(to: item)
        #expect(created["q"] == ["L": [["S": "c"]]])
        #expect(try applyError("SET q = list_append(q, :more)", to: item, values: values)
                == "The provided expression refers to an attribute that does not exist in the item")
        #expect(try applyError("SET q = list_append(s, :more)", to: item, values: values) == "An operand in the update expression has an incorrect data type")
        #expect(updateError("SET q = list_append(l, :s)", values: values)
                == "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S")
    }

    @Test func remove() throws {
        let item = try object(#"{"s":{"S":"x"},"m":{"M":{"x":{"N":"1"},"y":{"N":"2"}}},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]},"k":{"S":"keep"}}"#)
        let updated = try DynamoDBUpdate("REMOVE s, m.x, absent", names: [:], values: [:]).apply(to: item)
        #expect(updated["s"] == nil)
        #expect(updated["m"] == ["M": ["y": ["N": "2"]]])
        #expect(updated["k"] == ["S": "keep"])
        #expect(updated.keys == ["m", "l", "k"])
        // List indexes refer to the list as it was: removing [0] and [1] leaves the third element.
        let list = try DynamoDBUpdate("REMOVE l[0], l[1]", names: [:], values: [:]).apply(to: item)
        #expect(list["l"] == ["L": [["S": "c"]]])
        let reversed = try DynamoDBUpdate("REMOVE l[1], l[0]", names: [:], values: [:]).apply(to: item)
        #expect(reversed["l"] == ["L": [["S": "c"]]])
        let pastEnd = try DynamoDBUpdate("REMOVE l[7], m.q", names: [:], values: [:]).apply(to: item)
        #expect(pastEnd == item)
    }

    @Test func addNumbersAndSets() throws {
        let values = try valueMap(#"""
            {":one":{"N":"1"},":minusone":{"N":"-1"},":colors":{"SS":["red","green"]},":nums":{"NS":["3","1.0"]},":s":{"S":"x"}}
            """#)
        let item = try object(#"{"n":{"N":"5"},"ss":{"SS":["red","blue"]},"ns":{"NS":["1","2"]},"s":{"S":"str"}}"#)
        func apply(_ expression: String, to item: JSONObject) throws -> JSONObject {
            try DynamoDBUpdate(expression, names: [:], values: values).apply(to: item)
        }
        #expect(try apply("ADD n :one", to: item)["n"] == ["N": "6"])
        // An absent number starts from 0.
        #expect(try apply("ADD c :one", to: item)["c"] == ["N": "1"])
        #expect(try apply("ADD c :minusone", to: item)["c"] == ["N": "-1"])
        // Sets gain the elements they lack (numbers by value).
        #expect(try apply("ADD ss :colors", to: item)["ss"] == ["SS": ["red", "blue", "green"]])
        #expect(try apply("ADD ns :nums", to: item)["ns"] == ["NS": ["1", "2", "3"]])
        #expect(try apply("ADD fresh :colors", to: item)["fresh"] == ["SS": ["red", "green"]])
        #expect(try applyError("ADD ss :nums", to: item, values: values) == "An operand in the update expression has an incorrect data type")
        #expect(try applyError("ADD s :one", to: item, values: values) == "An operand in the update expression has an incorrect data type")
        #expect(try applyError("ADD n :colors", to: item, values: values) == "An operand in the update expression has an incorrect data type")
        #expect(updateError("ADD n :s", values: values)
                == "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING")
    }

    @Test func deleteFromSets() throws {
        let values = try valueMap(#"{":red":{"SS":["red"]},":all":{"SS":["red","blue","green"]},":two":{"NS":["2.0"]},":n":{"N":"1"}}"#)
        let item = try object(#"{"ss":{"SS":["red","blue"]},"ns":{"NS":["1","2"]},"s":{"S":"str"}}"#)
        func apply(_ expression: String) throws -> JSONObject {
            try DynamoDBUpdate(expression, names: [:], values: values).apply(to: item)
        }
        #expect(try apply("DELETE ss :red")["ss"] == ["SS": ["blue"]])
        #expect(try apply("DELETE ns :two")["ns"] == ["NS": ["1"]])
        // No empty sets: the attribute goes.
        let emptied = try apply("DELETE ss :all")
        #expect(emptied["ss"] == nil)
        #expect(emptied.keys == ["ns", "s"])
        #expect(try apply("DELETE absent :red") == item)
        #expect(try applyError("DELETE ns :red", to: item, values: values) == "An operand in the update expression has an incorrect data type")
        #expect(try applyError("DELETE s :red", to: item, values: values) == "An operand in the update expression has an incorrect data type")
        #expect(updateError("DELETE ns :n", values: values)
                == "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER")
    }

    @Test func clausesInAnyOrderAndCase() throws {
        let values = try valueMap(#"{":v":{"S":"v"},":one":{"N":"1"},":red":{"SS":["red"]}}"#)
        let item = try object(#"{"id":{"S":"k"},"s":{"S":"x"},"n":{"N":"1"},"ss":{"SS":["red","blue"]}}"#)
        let update = try DynamoDBUpdate("remove s Set a = :v ADD n :one delete ss :red", names: [:], values: values)
        #expect(update.touchedAttributes == ["s", "a", "n", "ss"])
        let updated = try update.apply(to: item)
        #expect(updated == (try object(#"{"id":{"S":"k"},"n":{"N":"2"},"ss":{"SS":["blue"]},"a":{"S":"v"}}"#)))
    }

    @Test func touchedAttributesAreTopLevelNames() throws {
        let values = try valueMap(#"{":v":{"S":"v"}}"#)
        let update = try DynamoDBUpdate("SET #k.x = :v, extra = :v, #k.y = :v REMOVE l[0]", names: ["#k": "LockName"], values: values)
        #expect(update.touchedAttributes == ["LockName", "extra", "l"])
        #expect(update.usedNames == ["#k"])
        #expect(update.usedValues == [":v"])
    }

    // MARK: - The concurrency gate's lock

    static let gateNames = ["#count": "currentlockcount", "#owner": "arn:aws:states:us-east-1:123456789012:execution:m:e1"]
    static let gateValues = #"{":one":{"N":"1"},":minusone":{"N":"-1"},":limit":{"N":"2"},":now":{"S":"2026-01-01T00:00:00Z"}}"#

    /// The gate's acquire for one execution: the conditional update, as DynamoDB's UpdateItem runs it.
    /// - Returns: whether the slot was granted.
    private func acquire(_ item: inout JSONObject?, execution: String) throws -> Bool {
        let names = ["#count": "currentlockcount", "#owner": execution]
        let values = try valueMap(Self.gateValues)
        let condition = try DynamoDBCondition("(attribute_not_exists(#count) OR #count < :limit) AND attribute_not_exists(#owner)",
                                              names: names, values: values)
        guard try condition.holds(on: item) else { return false }
        let update = try DynamoDBUpdate("ADD #count :one SET #owner = :now", names: names, values: values)
        item = try update.apply(to: item ?? (try object(#"{"LockName":{"S":"lock"}}"#)))
        return true
    }

    /// The gate's release for one execution. - Returns: whether the execution held a slot.
    private func release(_ item: inout JSONObject?, execution: String) throws -> Bool {
        let names = ["#count": "currentlockcount", "#owner": execution]
        let values = try valueMap(Self.gateValues)
        let condition = try DynamoDBCondition("attribute_exists(#owner)", names: names, values: values)
        guard try condition.holds(on: item) else { return false }
        let update = try DynamoDBUpdate("ADD #count :minusone REMOVE #owner", names: names, values: values)
        item = try update.apply(to: item ?? JSONObject())
        return true
    }

    private func execution(_ name: String) -> String { "arn:aws:states:us-east-1:123456789012:execution:m:\(name)" }

    @Test func gateExpressionsRead() throws {
        let values = try valueMap(Self.gateValues)
        let acquire = try DynamoDBUpdate("ADD #count :one SET #owner = :now", names: Self.gateNames, values: values)
        // The key attribute is not touched; the owner attribute's name is the whole ARN.
        #expect(acquire.touchedAttributes == ["currentlockcount", "arn:aws:states:us-east-1:123456789012:execution:m:e1"])
        let release = try DynamoDBUpdate("ADD #count :minusone REMOVE #owner", names: Self.gateNames, values: values)
        #expect(release.touchedAttributes == ["currentlockcount", "arn:aws:states:us-east-1:123456789012:execution:m:e1"])
        let condition = try DynamoDBCondition("(attribute_not_exists(#count) OR #count < :limit) AND attribute_not_exists(#owner)",
                                              names: Self.gateNames, values: values)
        #expect(condition.usedValues == [":limit"])
        #expect(condition.usedNames == ["#count", "#owner"])
    }

    @Test func gateRefusesAThirdAcquirerAndReleaseFreesASlot() throws {
        var lock: JSONObject? = nil
        #expect(try acquire(&lock, execution: execution("e1")))
        #expect(lock?["currentlockcount"] == ["N": "1"])
        #expect(lock?[execution("e1")] == ["S": "2026-01-01T00:00:00Z"])
        #expect(lock?["LockName"] == ["S": "lock"])
        // The holder cannot take a second slot.
        #expect(try !acquire(&lock, execution: execution("e1")))
        #expect(try acquire(&lock, execution: execution("e2")))
        #expect(lock?["currentlockcount"] == ["N": "2"])
        // The limit is 2: a third acquirer is refused and the lock is unchanged.
        let full = lock
        #expect(try !acquire(&lock, execution: execution("e3")))
        #expect(lock == full)
        // Only holders release.
        #expect(try !release(&lock, execution: execution("e3")))
        #expect(try release(&lock, execution: execution("e1")))
        #expect(lock?["currentlockcount"] == ["N": "1"])
        #expect(lock?[execution("e1")] == nil)
        #expect(try !release(&lock, execution: execution("e1")))
        // The freed slot goes to the waiting execution.
        #expect(try acquire(&lock, execution: execution("e3")))
        #expect(lock?["currentlockcount"] == ["N": "2"])
        #expect(lock.map { Set($0.keys) } == ["LockName", "currentlockcount", execution("e2"), execution("e3")])
        #expect(try release(&lock, execution: execution("e2")))
        #expect(try release(&lock, execution: execution("e3")))
        #expect(lock?["currentlockcount"] == ["N": "0"])
        // At zero holders the count attribute still exists, so acquiring checks `#count < :limit`.
        #expect(try acquire(&lock, execution: execution("e4")))
        #expect(lock?["currentlockcount"] == ["N": "1"])
    }

    // MARK: - Errors

    static let conditionErrors: [DynamoDBErrorCase] = [
        DynamoDBErrorCase("", "Invalid ConditionExpression: The expression can not be empty;"),
        DynamoDBErrorCase("  \n ", "Invalid ConditionExpression: The expression can not be empty;"),
        // Syntax errors name the token and the text around it.
        DynamoDBErrorCase("a = ", values: #"{}"#, #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "= ""#),
        DynamoDBErrorCase("a = 5", #"Invalid ConditionExpression: Syntax error; token: "5", near: "= 5""#),
        DynamoDBErrorCase("attribute_exists(a) AND", #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND""#),
        DynamoDBErrorCase("a", #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "a""#),
        DynamoDBErrorCase("a = :v :w", values: #"{":v":{"N":"1"},":w":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: ":w", near: ":v :w""#),
        DynamoDBErrorCase("a == :v", values: #"{":v":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: "=", near: "== :v""#),
        DynamoDBErrorCase("a = :v; DROP", values: #"{":v":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: ";", near: ":v; DROP""#),
        DynamoDBErrorCase("my-attr = :v", values: #"{":v":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: "-", near: "my-attr""#),
        DynamoDBErrorCase("# = :v", values: #"{":v":{"N":"1"}}"#, ##"Invalid ConditionExpression: Syntax error; token: "#", near: "# =""##),
        DynamoDBErrorCase("(a = :v", values: #"{":v":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v""#),
        DynamoDBErrorCase("a BETWEEN :v OR :v", values: #"{":v":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: "OR", near: ":v OR :v""#),
        DynamoDBErrorCase("a IN :v", values: #"{":v":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: ":v", near: "IN :v""#),
        DynamoDBErrorCase("attribute_exists()", #"Invalid ConditionExpression: Syntax error; token: ")", near: "()""#),
        DynamoDBErrorCase("a[x] = :v", values: #"{":v":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: "x", near: "[x]""#),
        DynamoDBErrorCase("a = :v AND AND", values: #"{":v":{"N":"1"}}"#, #"Invalid ConditionExpression: Syntax error; token: "AND", near: "AND AND""#),
        // Placeholders.
        DynamoDBErrorCase("a = :v", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
        DynamoDBErrorCase("#n = :v", values: #"{":v":{"N":"1"}}"#,
                          "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n"),
        // Reserved words need a placeholder.
        DynamoDBErrorCase("status = :v", values: #"{":v":{"N":"1"}}"#, "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"),
        DynamoDBErrorCase("a.Count = :v", values: #"{":v":{"N":"1"}}"#, "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Count"),
        // Functions: names are case-sensitive.
        DynamoDBErrorCase("foo(a)", "Invalid ConditionExpression: Invalid function name; function: foo"),
        DynamoDBErrorCase("ATTRIBUTE_EXISTS(a)", "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS"),
        DynamoDBErrorCase("attribute_exists(a, b)",
                          "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
        DynamoDBErrorCase("attribute_not_exists(:v)", values: #"{":v":{"N":"1"}}"#,
                          "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_not_exists"),
        DynamoDBErrorCase("size(a)", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
        DynamoDBErrorCase("attribute_exists(a) = :v", values: #"{":v":{"BOOL":true}}"#,
                          "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"),
        DynamoDBErrorCase("if_not_exists(a, :v) = :v", values: #"{":v":{"N":"1"}}"#,
                          "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists"),
        DynamoDBErrorCase("begins_with(a, :v)", values: #"{":v":{"N":"1"}}"#,
                          "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        DynamoDBErrorCase("attribute_type(a, :v)", values: #"{":v":{"S":"X"}}"#,
                          "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
        DynamoDBErrorCase("attribute_type(a, :v)", values: #"{":v":{"N":"1"}}"#,
                          "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"),
        // A path compared with itself.
        DynamoDBErrorCase("a = a", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
        DynamoDBErrorCase("contains(#a, a)", names: ["#a": "a"],
                          "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]"),
        // BETWEEN's literal bounds.
        DynamoDBErrorCase("a BETWEEN :hi AND :lo", values: #"{":hi":{"N":"6"},":lo":{"N":"4"}}"#,
                          "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:6}, upper bound operand: AttributeValue: {N:4}"),
        DynamoDBErrorCase("a BETWEEN :lo AND :s", values: #"{":s":{"S":"x"},":lo":{"N":"4"}}"#,
                          "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:4}, upper bound operand: AttributeValue: {S:x}"),
        // Parentheses.
        DynamoDBErrorCase("((a = :v))", values: #"{":v":{"N":"1"}}"#, "Invalid ConditionExpression: The expression has redundant parentheses;"),
        DynamoDBErrorCase("((a)) = :v", values: #"{":v":{"N":"1"}}"#, "Invalid ConditionExpression: The expression has redundant parentheses;"),
        DynamoDBErrorCase("NOT ((attribute_exists(a)))", "Invalid ConditionExpression: The expression has redundant parentheses;"),
        // Invalid values.
        DynamoDBErrorCase("a = :v", values: #"{":v":{"N":"abc"}}"#,
                          "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: abc for key :v"),
        DynamoDBErrorCase("a = :v", values: #"{":v":{"N":"1234567890123456789012345678901234567890"}}"#,
                          "ExpressionAttributeValues contains invalid value: Attempting to store more than 38 significant digits in a Number for key :v"),
        DynamoDBErrorCase("a = :v", values: #"{":v":{"N":"1E126"}}"#,
                          "ExpressionAttributeValues contains invalid value: Number overflow. Attempting to store a number with magnitude larger than supported range for key :v"),
        DynamoDBErrorCase("a = :v", values: #"{":v":{"SS":[]}}"#,
                          "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v"),
        DynamoDBErrorCase("a = :v", values: #"{":v":{"NS":["1","1.0"]}}"#,
                          "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: Input collection [1, 1.0] contains duplicates. for key :v"),
        DynamoDBErrorCase("a = :v", values: #"{":v":{}}"#,
                          "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :v"),
        DynamoDBErrorCase("a = :v", values: #"{":v":{"S":"x","N":"1"}}"#,
                          "ExpressionAttributeValues contains invalid value: Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes for key :v"),
        DynamoDBErrorCase("a = :v", values: #"{":v":{"M":{"x":{"N":"x"}}}}"#,
                          "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: x for key :v"),
        // Several problems: the most important is reported, wherever it is written.
        DynamoDBErrorCase("status = :undefined AND foo(a)", "Invalid ConditionExpression: Invalid function name; function: foo"),
        DynamoDBErrorCase("#undefined = :undefined", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #undefined"),
    ]

    @Test(arguments: conditionErrors)
    func conditionErrorMessage(_ c: DynamoDBErrorCase) throws {
        #expect(conditionError(c.expression, names: c.names, values: try valueMap(c.values)) == c.message)
    }

    static let updateErrors: [DynamoDBErrorCase] = [
        DynamoDBErrorCase("", "Invalid UpdateExpression: The expression can not be empty;"),
        DynamoDBErrorCase("SET", #"Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET""#),
        DynamoDBErrorCase("SET a = ", #"Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "= ""#),
        DynamoDBErrorCase("ADD hits : incr", values: #"{":incr":{"N":"1"}}"#, #"Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr""#),
        DynamoDBErrorCase("INVALID SYNTAX HERE", #"Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX""#),
        DynamoDBErrorCase("SET a = b + c + d", #"Invalid UpdateExpression: Syntax error; token: "+", near: "c + d""#),
        DynamoDBErrorCase("SET a = :v REMOVE", values: #"{":v":{"N":"1"}}"#, #"Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "REMOVE""#),
        DynamoDBErrorCase("SET a :v", values: #"{":v":{"N":"1"}}"#, #"Invalid UpdateExpression: Syntax error; token: ":v", near: "a :v""#),
        DynamoDBErrorCase("ADD a b", #"Invalid UpdateExpression: Syntax error; token: "b", near: "a b""#),
        DynamoDBErrorCase("SET a = :v,", values: #"{":v":{"N":"1"}}"#, #"Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ",""#),
        DynamoDBErrorCase("SET a = :v * :v", values: #"{":v":{"N":"1"}}"#, #"Invalid UpdateExpression: Syntax error; token: "*", near: ":v * :v""#),
        DynamoDBErrorCase("SET a = :v AND b = :v", values: #"{":v":{"N":"1"}}"#, #"Invalid UpdateExpression: Syntax error; token: "AND", near: ":v AND b""#),
        // Placeholders.
        DynamoDBErrorCase("SET a = :v", "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
        DynamoDBErrorCase("REMOVE #n", "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #n"),
        DynamoDBErrorCase("SET status = :v", values: #"{":v":{"N":"1"}}"#, "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"),
        // Clauses at most once.
        DynamoDBErrorCase("SET a = :v SET b = :v", values: #"{":v":{"N":"1"}}"#,
                          #"Invalid UpdateExpression: The "SET" section can only be used once in an update expression;"#),
        DynamoDBErrorCase("remove a ADD n :v REMOVE b", values: #"{":v":{"N":"1"}}"#,
                          #"Invalid UpdateExpression: The "REMOVE" section can only be used once in an update expression;"#),
        // Overlapping and conflicting paths.
        DynamoDBErrorCase("SET a = :v REMOVE a", values: #"{":v":{"N":"1"}}"#,
                          "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        DynamoDBErrorCase("SET a.b = :v, a = :v", values: #"{":v":{"N":"1"}}"#,
                          "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"),
        DynamoDBErrorCase("SET #a = :v ADD a :v", values: #"{":v":{"N":"1"}}"#, names: ["#a": "a"],
                          "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        DynamoDBErrorCase("SET a[0] = :v, a.b = :v", values: #"{":v":{"N":"1"}}"#,
                          "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]"),
        // Functions.
        DynamoDBErrorCase("SET a = size(b)", "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"),
        DynamoDBErrorCase("SET a = foo(b)", "Invalid UpdateExpression: Invalid function name; function: foo"),
        DynamoDBErrorCase("SET a = if_not_exists(:v, :v)", values: #"{":v":{"N":"1"}}"#,
                          "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
        DynamoDBErrorCase("SET a = if_not_exists(a)",
                          "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1"),
        // Operand types known from the literal.
        DynamoDBErrorCase("SET a = a + :s", values: #"{":s":{"S":"x"}}"#,
                          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"),
        DynamoDBErrorCase("SET a = :l - a", values: #"{":l":{"L":[]}}"#,
                          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: L"),
        DynamoDBErrorCase("ADD a :m", values: #"{":m":{"M":{}}}"#,
                          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: MAP"),
        DynamoDBErrorCase("ADD a :b", values: #"{":b":{"BOOL":true}}"#,
                          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN"),
        DynamoDBErrorCase("DELETE a :s", values: #"{":s":{"S":"x"}}"#,
                          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING"),
        // Paths nest at most 32 levels.
        DynamoDBErrorCase("REMOVE a" + String(repeating: ".b", count: 32),
                          "Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33"),
    ]

    @Test(arguments: updateErrors)
    func updateErrorMessage(_ c: DynamoDBErrorCase) throws {
        #expect(updateError(c.expression, names: c.names, values: try valueMap(c.values)) == c.message)
    }

    @Test func inAcceptsAtMostOneHundredOperands() throws {
        let values = try valueMap(#"{":v":{"N":"1"}}"#)
        let hundred = "a IN (" + Array(repeating: ":v", count: 100).joined(separator: ", ") + ")"
        #expect(conditionError(hundred, values: values) == nil)
        let tooMany = "a IN (" + Array(repeating: ":v", count: 101).joined(separator: ", ") + ")"
        #expect(conditionError(tooMany, values: values)
                == "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101")
    }

    @Test func pathsOf32LevelsAreAllowed() throws {
        let path = "a" + String(repeating: ".b", count: 31)
        #expect(updateError("REMOVE " + path) == nil)
        #expect(conditionError("attribute_exists(\(path))") == nil)
    }

    // MARK: - Robustness

    @Test func deepNestingIsRefusedWithoutCrashing() throws {
        let values = try valueMap(#"{":v":{"N":"1"}}"#)
        // NOT and parentheses nest; 100 levels are allowed.
        let fifty = String(repeating: "NOT ", count: 50) + "a = :v"
        #expect(try DynamoDBCondition(fifty, names: [:], values: values).holds(on: try object(#"{"a":{"N":"1"}}"#)))
        let alternating = String(repeating: "NOT (", count: 50) + "a = :v" + String(repeating: ")", count: 50)
        #expect(try DynamoDBCondition(alternating, names: [:], values: values).holds(on: try object(#"{"a":{"N":"1"}}"#)))
        let deepNot = String(repeating: "NOT ", count: 10_000) + "a = :v"
        #expect(conditionError(deepNot, values: values)?.hasPrefix("Invalid ConditionExpression: The expression is nested too deeply") == true)
        let deepParentheses = String(repeating: "(", count: 10_000) + "a = :v" + String(repeating: ")", count: 10_000)
        #expect(conditionError(deepParentheses, values: values)?.hasPrefix("Invalid ConditionExpression: The expression is nested too deeply") == true)
        let deepFunctions = String(repeating: "list_append(", count: 10_000) + "a, b" + String(repeating: ")", count: 10_000)
        #expect(updateError("SET x = " + deepFunctions)?.hasPrefix("Invalid UpdateExpression: The expression is nested too deeply") == true)
        let deepSet = "SET x = " + String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        #expect(updateError(deepSet)?.hasPrefix("Invalid UpdateExpression: The expression is nested too deeply") == true)
        // Long flat chains are not nesting.
        let chain = Array(repeating: "a = :v", count: 5_000).joined(separator: " AND ")
        #expect(try DynamoDBCondition(chain, names: [:], values: values).holds(on: try object(#"{"a":{"N":"1"}}"#)))
    }

    @Test func numbersOutOfRangeInItemsAreRefusedNotExpanded() throws {
        // Items normally hold only numbers DynamoDB accepts; anything else must not hang or crash.
        let values = try valueMap(#"{":one":{"N":"1"},":huge":{"NS":["1E999999999"]},":bignum":{"N":"1E999999999"}}"#)
        let item = try object(#"{"n":{"N":"1E200"},"ns":{"NS":["1E999999999","1"]}}"#)
        #expect(try applyError("SET r = n + :one", to: item, values: values)
                == "Number overflow. Attempting to store a number with magnitude larger than supported range")
        #expect(try applyError("ADD n :one", to: item, values: values)
                == "Number overflow. Attempting to store a number with magnitude larger than supported range")
        let condition = try DynamoDBCondition("contains(ns, :one) AND n > :one", names: [:], values: [":one": ["N": "1"]])
        #expect(try condition.holds(on: item))
        #expect(conditionError("contains(ns, :bignum)", values: values)
                == "ExpressionAttributeValues contains invalid value: Number overflow. Attempting to store a number with magnitude larger than supported range for key :bignum")
        let deleted = try DynamoDBUpdate("DELETE ns :one", names: [:], values: [":one": ["NS": ["1"]]]).apply(to: item)
        #expect(deleted["ns"] == ["NS": ["1E999999999"]])
    }

    @Test func arbitraryTokenSequencesNeverCrash() throws {
        let values = try valueMap(#"{":v":{"N":"1"},":s":{"SS":["a"]},":l":{"L":[]}}"#)
        let names = ["#n": "n", "#m": "m"]
        let item = try object(#"{"n":{"N":"1"},"m":{"M":{"x":{"L":[{"N":"2"}]}}},"a":{"S":"x"}}"#)
        let pieces = ["a", "#n", "#m", ".", "x", "[", "0", "]", ":v", ":s", ":l", "(", ")", ",", "=", "<>", "<", ">=", "+", "-",
                      "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "size", "contains", "if_not_exists",
                      "list_append", "attribute_exists", "begins_with", "#", ":", "é", "\"", " "]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var outcomes = 0
        for _ in 0..<3_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 59) + 1
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))] + " "
            }
            do {
                let condition = try DynamoDBCondition(text, names: names, values: values)
                _ = try condition.holds(on: item)
                outcomes += 1
            } catch {
                #expect(error.message.hasPrefix("Invalid ConditionExpression: ") || error.message.hasPrefix("ExpressionAttributeValues"), "\(text)")
                outcomes += 1
            }
            do {
                let update = try DynamoDBUpdate(text, names: names, values: values)
                _ = try? update.apply(to: item)
                outcomes += 1
            } catch {
                #expect(error.message.hasPrefix("Invalid UpdateExpression: ") || error.message.hasPrefix("ExpressionAttributeValues"), "\(text)")
                outcomes += 1
            }
        }
        #expect(outcomes == 6_000)
    }
}
