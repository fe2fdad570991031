import Testing
@testable import StatesLanguage

/// Inputs that once crashed the library or made it work super-linearly, checked for their results.
@Suite struct ReliabilityTests {
    // MARK: Timestamps

    @Test(arguments: [
        ("2024-01-01T00:00:00.1234567890Z", 123_456_789),
        ("2024-01-01T00:00:00.999999999999999999999999Z", 999_999_999),
        ("2024-01-01T00:00:00.5Z", 500_000_000),
        ("2024-01-01T00:00:00.000000001+01:00", 1),
    ])
    func fractionDigitsPastNineAreDropped(_ text: String, _ nanoseconds: Int32) throws {
        let timestamp = try #require(Timestamp(parsing: text))
        #expect(timestamp.nanoseconds == nanoseconds)
    }

    @Test func aWaitTimestampWithManyFractionDigitsIsValid() {
        let definition = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2024-01-01T00:00:00.12345678901234567890Z", "End": true}}}"#
        #expect(Validator().check(Array(definition.utf8)).diagnostics.isEmpty)
    }

    // MARK: JSON objects with many keys

    @Test func manyKeysParseInOrderAndDuplicatesAreFoundPastTheLinearScan() throws {
        let keys = (0..<40_000).map { #""k\#($0)":\#($0)"# }
        let value = try JSONParser.parse("{" + keys.joined(separator: ",") + "}")
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.count == 40_000)
        #expect(object.keys.last == "k39999")
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{" + keys.joined(separator: ",") + #","k20000":0}"#) }
        // Just past the scan limit, and right at it.
        for count in [ParserState.linearKeyScanLimit - 1, ParserState.linearKeyScanLimit, ParserState.linearKeyScanLimit + 1] {
            let some = (0..<count).map { #""k\#($0)":0"# }.joined(separator: ",")
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{" + some + #","k0":1}"#) }
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{" + some + #","k\#(count - 1)":1}"#) }
        }
    }

    @Test func keysThatAreCanonicallyEquivalentStayDistinctInLargeObjects() throws {
        let filler = (0..<40).map { #""f\#($0)":0"# }.joined(separator: ",")
        let value = try JSONParser.parse("{" + filler + #","\u00e9":1,"e\u0301":2}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.count == 42)
        // An escaped key equal to a raw one is a duplicate.
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{" + filler + #","\u0041":1,"A":2}"#) }
    }

    // MARK: Size before parsing

    @Test func aDefinitionOverOneMebibyteIsRefusedBeforeParsing() throws {
        // Unparsable text: a parse would report a syntax error, not the size.
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: Validator.maximumDefinitionSize + 1)
        for result in [Validator().check(bytes), Validator.decode(bytes)] {
            let diagnostic = try #require(result.diagnostics.first)
            #expect(result.diagnostics.count == 1)
            #expect(diagnostic.code == "definition-too-large")
            #expect(diagnostic.location == .json(SourcePosition(line: 1, column: 1, offset: 0)))
            #expect(result.machine == nil)
        }
    }

    // MARK: Spelling

    /// The textbook full-table distance, to check the banded one against.
    static func fullDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    @Test func theBandedDistanceAgreesWithTheFullTableUpToItsLimit() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet: [Unicode.Scalar] = ["a", "b", "c", "é"]
        for _ in 0..<3_000 {
            let a = (0..<next(9)).map { _ in alphabet[next(alphabet.count)] }
            let b = (0..<next(9)).map { _ in alphabet[next(alphabet.count)] }
            let full = Self.fullDistance(a, b)
            for limit in 1...3 {
                let banded = Spelling.editDistance(a, b, limit: limit)
                #expect(banded == min(full, limit + 1), "\(a) \(b) limit \(limit): \(banded) vs \(full)")
            }
        }
    }

    @Test func suggestionsForLongNames() {
        let name = String(repeating: "ab", count: 10_000)
        #expect(Spelling.suggestion(for: String(name.dropLast()) + "x", among: ["other", name]) == name)
        #expect(Spelling.suggestion(for: String(repeating: "cd", count: 10_000), among: [name]) == nil)
    }

    @Test func onlyTheFirstMisspelledTargetsGetASuggestion() {
        var states: [String] = []
        let count = TransitionTargetRule.maximumSuggestions + 10
        for i in 0..<count { states.append(#""State\#(i)":{"Type":"Pass","Next":"Stat\#(i)"}"#) }
        states.append(#""Stat":{"Type":"Succeed"}"#)
        let definition = #"{"StartAt":"State0","States":{"# + states.joined(separator: ",") + "}}"
        let missing = Validator().check(Array(definition.utf8)).diagnostics.filter { $0.code == "missing-target" }
        #expect(missing.count == count)
        #expect(missing.filter { $0.hint?.hasPrefix("did you mean") == true }.count == TransitionTargetRule.maximumSuggestions)
        #expect(missing.filter { $0.hint?.hasPrefix("states here: \"State0\"") == true }.count == 10)
    }

    // MARK: Line table

    @Test func columnsCountScalarsAcrossCheckpoints() {
        var text = ""
        for i in 0..<2_000 { text += i % 7 == 0 ? "é" : (i % 11 == 0 ? "🚀" : (i % 500 == 0 ? "\n" : "a")) }
        let bytes = Array(text.utf8)
        let table = LineTable(bytes)
        var line = 1
        var column = 1
        for offset in 0..<bytes.count {
            if bytes[offset] & 0xC0 != 0x80 {
                let position = table.position(ofOffset: offset)
                #expect(position.line == line && position.column == column, "offset \(offset)")
                if bytes[offset] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
        }
    }
}
