import Foundation
import Testing
@testable import StatesLanguage
import StatecraftTestSupport
import StatecraftSimulator

/// The acceptance checks against ../shared: verdict agreement with the validator corpus, and the
/// AWS-accepted LocalStack definitions decoding, validating and round-tripping.
@Suite(.enabled(if: SharedFixtures.isAvailable, "needs ../shared (or STATECRAFT_SHARED)"))
struct CorpusTests {
    @Test func validatorCorpusVerdictsAgreeOnAtLeast97Percent() throws {
        var agreed = 0
        var total = 0
        var disagreements: [String] = []
        for c in try SharedFixtures.jsonLines("conformance/validators/cases.jsonl") {
            if c["disputed"] != nil { continue }
            guard let definition = c["definition"], let expected = c["valid"]?.boolValue else { continue }
            total += 1
            let result = Validator().check(JSONWriter.bytes(definition, style: .pretty))
            if result.isValid == expected {
                agreed += 1
            } else {
                let found = result.diagnostics.filter { $0.severity == .error }.map { "[\($0.code)] \($0.message)" }
                disagreements.append("\(c["id"]?.stringValue ?? "?"): expected \(expected ? "valid" : "invalid"); found \(found.isEmpty ? "no errors" : found.joined(separator: "; "))")
            }
        }
        let rate = Double(agreed) / Double(max(total, 1))
        print("validator corpus: \(agreed)/\(total) undisputed cases agree (\(String(format: "%.1f", rate * 100))%)")
        for d in disagreements { print("  disagreement: \(d)") }
        #expect(total >= 100)
        #expect(rate >= 0.97)
    }

    /// Findings about the LocalStack corpus's placeholders (`<region>`, `activity_arn`, ...) are expected.
    static func isPlaceholderFinding(_ d: Diagnostic, in definition: JSONValue) -> Bool {
        guard d.code == "bad-resource", case .string(let value)? = d.pointer.resolve(in: definition) else { return false }
        return value.contains("<") || !value.contains(":")
    }

    static func droppingEmptyRetryAndCatch(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            return .object(JSONObject(o.compactMap { m -> (String, JSONValue)? in
                if (m.key == "Retry" || m.key == "Catch"), m.value == .array([]) { return nil }
                return (m.key, droppingEmptyRetryAndCatch(m.value))
            }))
        case .array(let a): return .array(a.map(droppingEmptyRetryAndCatch))
        default: return value
        }
    }

    @Test func everyLocalStackDefinitionDecodesValidatesAndRoundTrips() throws {
        var checked = 0
        for c in try SharedFixtures.jsonLines("conformance/localstack/cases.jsonl") {
            guard let definition = c["definition"] else { continue }
            let id = c["id"]?.stringValue ?? "?"
            let text = JSONWriter.bytes(definition, style: .pretty)
            let result = Validator().check(text)
            let errors = result.diagnostics.filter { $0.severity == .error && !Self.isPlaceholderFinding($0, in: definition) }
            #expect(errors.isEmpty, "\(id): \(errors.map(\.description))")
            guard let machine = result.machine else {
                Issue.record("\(id): did not decode")
                continue
            }
            // decode(encode(m)) == m
            let encoded = ASLEncoder.encode(machine)
            let (again, problems) = ASLDecoder.decode(encoded)
            #expect(!problems.hasErrors, "\(id): \(problems.map(\.description))")
            #expect(again == machine, "\(id): model changed in a round trip")
            // fmt is idempotent
            let once = ASLEncoder.prettyText(machine)
            let twice = try ASLDecoder.decode(JSONParser.parse(once)).machine.map(ASLEncoder.prettyText)
            #expect(once == twice, "\(id): formatting is not idempotent")
            // Nothing is lost: the canonical text means the same JSON as the original
            // (empty Retry and Catch lists, which mean nothing, are the one thing formatting drops).
            #expect(encoded.isSemanticallyEqual(to: Self.droppingEmptyRetryAndCatch(definition)), "\(id): encoding changed the definition's meaning")
            checked += 1
        }
        print("localstack corpus: \(checked) definitions decoded, validated and round-tripped")
        #expect(checked >= 600)
    }

    /// Seed 000's machine, pasted from the article with its trailing comma.
    @Test func seed000TrailingCommaIsOneErrorAtTheComma() throws {
        let article = try SharedFixtures.text("seeds/000_2c15614484acc6fa.txt")
        let lines = article.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("\"Comment\": \"Example of Run Task\"") }) - 1
        let end = try #require(lines[start...].firstIndex { $0 == "}" })
        let json = lines[start...end].joined(separator: "\n")
        let result = Validator().check(Array(json.utf8))
        #expect(result.diagnostics.count == 1)
        let d = try #require(result.diagnostics.first)
        #expect(d.code == "json-trailing-comma")
        #expect(d.message.contains("trailing comma"))
        // The comma closes NetworkConfiguration: two lines below AssignPublicIp.
        let jsonLines = json.components(separatedBy: "\n")
        let assign = try #require(jsonLines.firstIndex { $0.contains("AssignPublicIp") })
        let commaLine = jsonLines[assign + 2]
        let column = try #require(commaLine.firstIndex(of: ",")).utf16Offset(in: commaLine) + 1
        guard case .json(let position) = d.location else {
            Issue.record("the diagnostic has no line and column")
            return
        }
        #expect(position.line == assign + 3 && position.column == column, "at \(position), expected \(assign + 3):\(column)")
        // Without the comma the machine is valid (placeholder ARNs in the article aside).
        let fixed = json.replacingOccurrences(of: "},\n      },\n      \"Catch\"", with: "}\n      },\n      \"Catch\"")
        #expect(fixed != json)
        let fixedResult = Validator().check(Array(fixed.utf8))
        #expect(fixedResult.machine != nil)
        #expect(fixedResult.diagnostics.allSatisfy { $0.code == "bad-resource" || $0.severity == .warning }, "\(fixedResult.diagnostics)")
    }

    /// Seeded mutations of corpus definitions: every one gives a model or located diagnostics, never a crash.
    @Test func tenThousandMutationsNeverCrash() throws {
        let definitions = try SharedFixtures.jsonLines("conformance/validators/cases.jsonl").compactMap { $0["definition"] }
            + SharedFixtures.jsonLines("conformance/localstack/cases.jsonl").prefix(200).compactMap { $0["definition"] }
        var generator = SeededRandom(seed: 2026)
        let validator = Validator()
        var outcomes = (valid: 0, invalid: 0)
        let inserts: [[UInt8]] = [",", "{", "}", "[", "]", "\"", ":", "\\", "null", "\"$.x\"", "1e999", "\u{0}", "\"Next\": \"X\""].map { Array($0.utf8) }
        for i in 0..<10_000 {
            var bytes = JSONWriter.bytes(definitions[Int(generator.next() % UInt64(definitions.count))], style: .pretty)
            switch i % 5 {
            case 0:  // truncation
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count + 1))))
            case 1:  // byte flips
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let at = Int(generator.next() % UInt64(bytes.count))
                    bytes[at] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                }
            case 2:  // insertions
                for _ in 0..<(1 + Int(generator.next() % 3)) {
                    let at = Int(generator.next() % UInt64(bytes.count + 1))
                    bytes.insert(contentsOf: inserts[Int(generator.next() % UInt64(inserts.count))], at: at)
                }
            case 3:  // replace a string value with another value kind, keeping JSON valid
                let text = String(decoding: bytes, as: UTF8.self)
                let replacements = ["1", "null", "[]", "{}", "\"\"", "\"$$.x\"", "\"States.X(\"", "-5", "\"{% 1 + %}\""]
                var mutated = text
                if let range = text.range(of: ": \"", options: [], range: text.index(text.startIndex, offsetBy: Int(generator.next() % UInt64(max(text.count - 1, 1))))..<text.endIndex),
                   let close = text[range.upperBound...].firstIndex(of: "\"") {
                    mutated.replaceSubrange(text.index(range.lowerBound, offsetBy: 2)...close, with: replacements[Int(generator.next() % UInt64(replacements.count))])
                }
                bytes = Array(mutated.utf8)
            default:  // deep nesting
                let depth = i % 10 == 4 ? 10_000 : Int(generator.next() % 600)
                bytes = Array(String(repeating: "{\"a\":", count: depth).utf8) + bytes + Array(String(repeating: "}", count: depth).utf8)
            }
            let result = validator.check(bytes)
            if result.isValid {
                outcomes.valid += 1
                #expect(result.machine != nil)
            } else {
                outcomes.invalid += 1
                #expect(result.diagnostics.allSatisfy { $0.location != nil }, "mutation \(i): unlocated \(result.diagnostics.filter { $0.location == nil })")
            }
        }
        print("mutations: \(outcomes.valid) still valid, \(outcomes.invalid) with located diagnostics")
        #expect(outcomes.valid + outcomes.invalid == 10_000)
        #expect(outcomes.invalid > 5_000)
    }
}
