import Testing
@testable import StatesLanguage

@Suite struct JSONParserTests {
    @Test func parsesEveryValueKindAndKeepsMemberOrder() throws {
        let value = try JSONParser.parse(#"{"z": 1, "a": [true, false, null, "s", -0.5e3], "m": {}}"#)
        guard case .object(let o) = value else { Issue.record("not an object"); return }
        #expect(o.keys == ["z", "a", "m"])
        #expect(o["a"] == [true, false, nil, "s", .number(JSONNumber(text: "-0.5e3")!)])
        #expect(o["m"] == .object(JSONObject()))
    }

    @Test(arguments: ["0", "-0", "1.0", "1e3", "1E+3", "-12.50e-02", "123456789012345678901234567890"])
    func keepsTheExactLexicalFormOfNumbers(_ text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(value.numberValue?.text == text)
        #expect(JSONWriter.string(value) == text)
    }

    @Test func readsSmallIntegersInOnePass() {
        #expect(JSONNumber(text: "0")?.smallIntegerValue == 0)
        #expect(JSONNumber(text: "-42")?.smallIntegerValue == -42)
        #expect(JSONNumber(text: "-0")?.smallIntegerValue == 0)
        #expect(JSONNumber(text: "999999999999999999")?.smallIntegerValue == 999_999_999_999_999_999)
        // Not integer literals, or too long to be sure of fitting: left to the slower readers.
        for text in ["1.0", "1e3", "-2.5E-1", "1000000000000000000", "123456789012345678901234567890"] {
            #expect(JSONNumber(text: text)?.smallIntegerValue == nil, "\(text)")
        }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\u{8}\u{C}\n\r\té😀"))
    }

    @Test func acceptsMultibyteTextAndAByteOrderMark() throws {
        #expect(try JSONParser.parse(Array("\u{FEFF}{\"名前\": \"値\"}".utf8)) == ["名前": "値"])
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        let text: String
        let kind: JSONSyntaxError.Kind
        let line: Int
        let column: Int
        var description: String { text }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(text: "{\"a\": 1,}", kind: .trailingComma, line: 1, column: 8),
        ErrorCase(text: "[1, 2,\n]", kind: .trailingComma, line: 1, column: 6),
        ErrorCase(text: "{\"a\" 1}", kind: .unexpectedToken, line: 1, column: 6),
        ErrorCase(text: "{\"a\": }", kind: .unexpectedToken, line: 1, column: 7),
        ErrorCase(text: "{'a': 1}", kind: .unexpectedToken, line: 1, column: 2),
        ErrorCase(text: "[1 2]", kind: .unexpectedToken, line: 1, column: 4),
        ErrorCase(text: "", kind: .unexpectedEnd, line: 1, column: 1),
        ErrorCase(text: "{\"a\": [1, 2", kind: .unexpectedEnd, line: 1, column: 12),
        ErrorCase(text: "\"abc", kind: .unterminatedString, line: 1, column: 1),
        ErrorCase(text: "{\n  \"a\": \"x\n\"}", kind: .unterminatedString, line: 2, column: 10),
        ErrorCase(text: #"["\q"]"#, kind: .invalidEscape, line: 1, column: 3),
        ErrorCase(text: #"["\u12G4"]"#, kind: .invalidEscape, line: 1, column: 3),
        ErrorCase(text: #"["\ud800"]"#, kind: .invalidEscape, line: 1, column: 3),
        ErrorCase(text: "[\"a\u{1}\"]", kind: .controlCharacter, line: 1, column: 4),
        ErrorCase(text: "[01]", kind: .invalidNumber, line: 1, column: 3),
        ErrorCase(text: "[1.]", kind: .invalidNumber, line: 1, column: 4),
        ErrorCase(text: "[-]", kind: .invalidNumber, line: 1, column: 3),
        ErrorCase(text: "[1e]", kind: .invalidNumber, line: 1, column: 4),
        ErrorCase(text: "[1x]", kind: .invalidNumber, line: 1, column: 3),
        ErrorCase(text: "{\"a\": 1,\n \"a\": 2}", kind: .duplicateKey, line: 2, column: 2),
        ErrorCase(text: "{} x", kind: .trailingContent, line: 1, column: 4),
        ErrorCase(text: "[tru]", kind: .unexpectedToken, line: 1, column: 2),
        ErrorCase(text: "[truex]", kind: .unexpectedToken, line: 1, column: 2),
        ErrorCase(text: "{\"é\": x}", kind: .unexpectedToken, line: 1, column: 7),
        ErrorCase(text: "// comment\n{}", kind: .unexpectedToken, line: 1, column: 1),
    ]

    @Test(arguments: errorCases)
    func reportsEachSyntaxErrorWithItsPlace(_ c: ErrorCase) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(c.text) }
        do {
            _ = try JSONParser.parse(c.text)
        } catch {
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.position.line == c.line && error.position.column == c.column, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func duplicateKeysCompareByCodePoints() throws {
        // An escaped spelling of the same key is a duplicate...
        #expect { try JSONParser.parse(#"{"a": 1, "\u0061": 2}"#) } throws: { ($0 as? JSONSyntaxError)?.kind == .duplicateKey }
        // ...but canonically equivalent keys with different code points are different JSON keys.
        let value = try JSONParser.parse("{\"\u{E9}\": 1, \"e\u{301}\": 2}")
        #expect(value.objectValue?.count == 2)
        #expect(value["e\u{301}"] == 2)
        #expect(value["\u{E9}"] == 1)
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = Array("[\"ab".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
        #expect { try JSONParser.parse(bytes) } throws: { ($0 as? JSONSyntaxError)?.kind == .invalidUTF8 }
    }

    @Test func limitsNestingDepth() throws {
        let ok = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(ok)
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect { try JSONParser.parse(deep) } throws: { error in
            guard let e = error as? JSONSyntaxError else { return false }
            return e.kind == .nestingTooDeep && e.position.column == JSONParser.maximumDepth + 1
        }
    }

    @Test func sourceMapLocatesValuesAndKeys() throws {
        let text = "{\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"End\": true}\n  }\n}"
        let (_, map) = try JSONParser.parseWithSourceMap(Array(text.utf8))
        #expect(map.position(of: JSONPointer("/States/A/Type")!)?.description == "3:19")
        #expect(map.position(of: JSONPointer("/States/A")!, key: true)?.description == "3:5")
        // A missing member falls back to its parent object.
        #expect(map.position(of: JSONPointer("/States/A/Next")!)?.description == "3:10")
    }
}

@Suite struct JSONWriterTests {
    let value: JSONValue = ["b": [1, "x\n\"y\"\u{1}"], "a": ["k": nil], "e": [:], "f": []]

    @Test func compact() {
        #expect(JSONWriter.string(value) == #"{"b":[1,"x\n\"y\"\u0001"],"a":{"k":null},"e":{},"f":[]}"#)
    }

    @Test func pretty() {
        #expect(JSONWriter.string(value, style: .pretty) == """
            {
              "b": [
                1,
                "x\\n\\"y\\"\\u0001"
              ],
              "a": {
                "k": null
              },
              "e": {},
              "f": []
            }

            """)
    }

    @Test func canonicalSortsKeysAndNormalisesNumbers() throws {
        let v = try JSONParser.parse(#"{"b": 1.50, "a": -0, "c": 1e2, "B": 7}"#)
        #expect(JSONWriter.string(v, style: .canonical) == #"{"B":7,"a":0,"b":1.5,"c":100}"#)
        let reordered = try JSONParser.parse(#"{"c": 100, "B": 7, "b": 1.5, "a": 0}"#)
        #expect(JSONWriter.string(reordered, style: .canonical) == JSONWriter.string(v, style: .canonical))
        #expect(v.isSemanticallyEqual(to: reordered))
    }

    @Test func writeThenParseIsIdentity() throws {
        for style in [JSONWriter.Style.compact, .pretty] {
            #expect(try JSONParser.parse(JSONWriter.bytes(value, style: style)) == value)
        }
    }
}
