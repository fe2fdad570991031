/// Values for the `${Name}` placeholders of a definition, as CloudFormation's and SAM's
/// `DefinitionSubstitutions` fill them in at deployment.
///
/// A template keeps account-specific values (cluster and topic ARNs, subnets) out of the definition:
///
/// ```json
/// "Cluster": "${ClusterArn}"
/// ```
///
/// Applying the substitutions replaces each placeholder with its value, written as JSON string
/// content (quotes and backslashes escaped), so the definition stays valid JSON:
///
/// ```swift
/// let substitutions: DefinitionSubstitutions = ["ClusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/jobs"]
/// let deployed = try substitutions.apply(to: definitionBytes)
/// ```
///
/// Applying is strict where a deployment would go wrong silently: a placeholder without a value
/// (``Failure/Kind/missingValue``) and a value no placeholder uses (``Failure/Kind/unusedValue``, usually a
/// misspelling) are errors, each with its place.
///
/// A placeholder is `${` and `}` around a name of letters, digits and `_ . : -`; a `${` followed by
/// anything else (a JSONata object constructor after `$`, for example) is left as it is.
public struct DefinitionSubstitutions: Sendable, Hashable {
    /// The value of each name.
    public private(set) var values: [String: String]
    /// Where each name is declared, when the substitutions were read from a file.
    private var places: [String: SourcePosition]

    /// Substitutions from a dictionary of names and values.
    public init(_ values: [String: String] = [:]) {
        self.values = values
        self.places = [:]
    }

    /// Reads a substitutions file: a JSON object whose members are strings, such as
    /// `{"ClusterArn": "arn:aws:ecs:…"}`.
    /// - Throws: ``Failure`` with the place of the first problem (its ``Failure/source`` is
    ///   ``Failure/Source/substitutions``).
    public init(json bytes: [UInt8]) throws(Failure) {
        let parsed: (value: JSONValue, sourceMap: SourceMap)
        do { parsed = try JSONParser.parseWithSourceMap(bytes) } catch {
            throw Failure(.notJSON, "not valid JSON: [\(error.kind.rawValue)] \(error.message)", in: .substitutions, at: error.position)
        }
        guard case .object(let object) = parsed.value else {
            throw Failure(.notAnObjectOfStrings, "expected a JSON object of strings, such as {\"ClusterArn\": \"arn:aws:ecs:…\"}",
                          in: .substitutions, at: parsed.sourceMap.position(of: JSONPointer(tokens: [])))
        }
        var values: [String: String] = [:]
        var places: [String: SourcePosition] = [:]
        for member in object.members {
            let pointer = JSONPointer(tokens: [member.key])
            guard let text = member.value.stringValue else {
                throw Failure(.notAnObjectOfStrings, "the value of \"\(member.key)\" is not a string (every substitution is a string)",
                              in: .substitutions, at: parsed.sourceMap.position(of: pointer))
            }
            values[member.key] = text
            places[member.key] = parsed.sourceMap.position(of: pointer, key: true)
        }
        self.values = values
        self.places = places
    }

    /// Whether there are no values.
    public var isEmpty: Bool { values.isEmpty }

    /// The definition with every placeholder replaced by its value.
    /// - Throws: ``Failure`` for a placeholder without a value (placed in the definition) or a value
    ///   no placeholder uses (placed in the substitutions file when it was read from one).
    public func apply(to definition: [UInt8]) throws(Failure) -> [UInt8] {
        try apply(to: [definition])[0]
    }

    /// Several definitions deployed with one set of substitutions (a comparison run, a template with
    /// two state machines): a value is unused only when no definition uses it.
    /// - Throws: ``Failure``; for a missing value, ``Failure/source`` is ``Failure/Source/definition(_:)``
    ///   with the index of the definition.
    public func apply(to definitions: [[UInt8]]) throws(Failure) -> [[UInt8]] {
        let replacements = values.mapValues { value -> [UInt8] in
            var escaped: [UInt8] = []
            JSONWriter.writeString(value, into: &escaped, upperCaseHex: false)
            // Without the surrounding quotes: the placeholder sits inside a string already.
            return Array(escaped.dropFirst().dropLast())
        }
        var used = Set<String>()
        var results: [[UInt8]] = []
        results.reserveCapacity(definitions.count)
        for (index, bytes) in definitions.enumerated() {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var copied = 0
            for placeholder in Self.placeholders(in: bytes) {
                guard let value = replacements[placeholder.name] else {
                    let position = LineTable(bytes).position(ofOffset: placeholder.range.lowerBound)
                    var message = "${\(placeholder.name)} has no value in the substitutions"
                    if let near = Spelling.suggestion(for: placeholder.name, among: values.keys.sorted()) { message += "; did you mean ${\(near)}?" }
                    throw Failure(.missingValue, message, in: .definition(index), at: position)
                }
                used.insert(placeholder.name)
                out += bytes[copied..<placeholder.range.lowerBound]
                out += value
                copied = placeholder.range.upperBound
            }
            out += bytes[copied...]
            results.append(out)
        }
        if let unused = values.keys.filter({ !used.contains($0) }).min(by: { (places[$0]?.offset ?? 0, $0) < (places[$1]?.offset ?? 0, $1) }) {
            throw Failure(.unusedValue, "\"\(unused)\" is not used: no ${\(unused)} in the definition", in: .substitutions, at: places[unused])
        }
        return results
    }

    /// The placeholders of a definition, in order: each name and the byte range of `${Name}`.
    public static func placeholders(in bytes: [UInt8]) -> [(name: String, range: Range<Int>)] {
        var found: [(name: String, range: Range<Int>)] = []
        var i = 0
        let dollar = UInt8(ascii: "$"), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        while i + 2 < bytes.count {
            guard bytes[i] == dollar, bytes[i + 1] == open else { i += 1; continue }
            var j = i + 2
            while j < bytes.count, isNameByte(bytes[j]) { j += 1 }
            if j > i + 2, j < bytes.count, bytes[j] == close {
                found.append((String(decoding: bytes[(i + 2)..<j], as: UTF8.self), i..<(j + 1)))
                i = j + 1
            } else {
                i += 2
            }
        }
        return found
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// Why substitutions could not be read or applied, and where.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The class of problem.
        public enum Kind: String, Sendable, Hashable {
            /// The substitutions file is not JSON.
            case notJSON = "substitutions-not-json"
            /// The substitutions file is not an object whose members are strings.
            case notAnObjectOfStrings = "substitutions-not-strings"
            /// A placeholder of the definition has no value.
            case missingValue = "substitution-missing"
            /// A value that no placeholder uses.
            case unusedValue = "substitution-unused"
        }

        /// Which text the place is in.
        public enum Source: Sendable, Hashable {
            /// The substitutions file.
            case substitutions
            /// The definition at this index of those applied to (0 for ``DefinitionSubstitutions/apply(to:)-([UInt8])``).
            case definition(Int)
        }

        /// The class of problem.
        public var kind: Kind
        /// What is wrong, in one sentence.
        public var message: String
        /// Which text ``position`` is in.
        public var source: Source
        /// The place of the problem, when known (`nil` for an unused value given in code, not read from a file).
        public var position: SourcePosition?

        init(_ kind: Kind, _ message: String, in source: Source, at position: SourcePosition?) {
            self.kind = kind
            self.message = message
            self.source = source
            self.position = position
        }

        /// `line:column: message`, or the message alone when there is no place.
        public var description: String { position.map { "\($0): \(message)" } ?? message }
    }
}

extension DefinitionSubstitutions: ExpressibleByDictionaryLiteral {
    /// Substitutions written as a literal: `["ClusterArn": "arn:aws:ecs:…"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
