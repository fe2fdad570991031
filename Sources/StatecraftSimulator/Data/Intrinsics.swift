import StatesLanguage

/// Evaluates intrinsic function calls with the behaviour recorded from AWS.
///
/// Failures are `States.Runtime` (``DataFlow/intrinsicFailureError``) with the cause
/// `The function '<whole expression>' had the following error: <detail>`, where the detail is
/// `Invalid arguments in States.X` or, for a path argument that matches nothing,
/// `The JsonPath argument for the field '<path>' could not be found in the input '<input>'`.
struct Intrinsics {
    /// The longest string (in UTF-16 units, like Java's `String.length()`) that `States.Base64Encode`,
    /// `States.Base64Decode` and `States.Hash` accept.
    static let maximumStringLength = IntrinsicFunction.maximumStringLength
    /// The most items `States.ArrayRange` may produce.
    static let maximumRangeCount = IntrinsicFunction.maximumRangeCount

    let scope: DataScope
    /// The whole expression as written, named in every cause.
    let expressionText: String

    func failure(_ detail: String) -> RuntimeError {
        RuntimeError(DataFlow.intrinsicFailureError, "The function '\(expressionText)' had the following error: \(detail)")
    }

    func invalid(_ call: IntrinsicCall) -> RuntimeError {
        failure("Invalid arguments in \(call.name)")
    }

    // MARK: Evaluation

    /// The deepest nesting of calls evaluated; deeper ones fail as on AWS.
    static let maximumDepth = 64

    func evaluate(_ call: IntrinsicCall, random: inout SeededRandom, depth: Int = 0) throws(RuntimeError) -> JSONValue {
        guard depth < Intrinsics.maximumDepth else { throw failure("Too many nested intrinsic functions in \(call.name)") }
        var values: [JSONValue] = []
        values.reserveCapacity(call.arguments.count)
        for i in call.arguments.indices {
            values.append(try value(of: call.arguments[i], random: &random, depth: depth))
        }
        return try apply(call, values, random: &random)
    }

    /// Evaluates a call prepared by ``CompiledIntrinsic``: its folded arguments are values already.
    func evaluate(_ compiled: CompiledIntrinsic, random: inout SeededRandom, depth: Int = 0) throws(RuntimeError) -> JSONValue {
        let call = compiled.call
        guard depth < Intrinsics.maximumDepth else { throw failure("Too many nested intrinsic functions in \(call.name)") }
        var values: [JSONValue] = []
        values.reserveCapacity(compiled.arguments.count)
        for argument in compiled.arguments {
            switch argument {
            case .value(let v): values.append(v)
            case .path(let p): values.append(try value(of: .path(p), random: &random, depth: depth))
            case .call(let nested): values.append(try evaluate(nested, random: &random, depth: depth + 1))
            }
        }
        return try apply(call, values, random: &random)
    }

    /// The function of `call` applied to its evaluated arguments.
    private func apply(_ call: IntrinsicCall, _ values: [JSONValue], random: inout SeededRandom) throws(RuntimeError) -> JSONValue {
        guard let function = call.function else {
            throw failure("The function \(call.name) is not supported")
        }
        guard function.arity.contains(values.count) else { throw invalid(call) }
        switch function {
        case .format: return try format(call, values)
        case .stringToJson: return try stringToJson(call, values[0])
        case .jsonToString: return .string(DataFlow.serialize(values[0]))
        case .array: return .array(values)
        case .arrayPartition: return try arrayPartition(call, values[0], values[1])
        case .arrayContains:
            guard case .array(let elements) = values[0] else { throw invalid(call) }
            // Jackson node equality, code point for code point (Swift's String == would equate
            // canonically equivalent strings).
            let key = Array(JavaText.write(values[1], style: .equalityKey).utf8)
            return .bool(elements.contains { JavaText.write($0, style: .equalityKey).utf8.elementsEqual(key) })
        case .arrayRange: return try arrayRange(call, values[0], values[1], values[2])
        case .arrayGetItem: return try arrayGetItem(call, values[0], values[1])
        case .arrayLength:
            guard case .array(let elements) = values[0] else { throw invalid(call) }
            return .number(JSONNumber(elements.count))
        case .arrayUnique:
            guard case .array(let elements) = values[0] else { throw invalid(call) }
            var seen = Set<[UInt8]>()
            var unique: [JSONValue] = []
            for e in elements where seen.insert(Array(JavaText.write(e, style: .equalityKey).utf8)).inserted { unique.append(e) }
            return .array(unique)
        case .base64Encode:
            guard case .string(let s) = values[0], s.utf16.count <= Intrinsics.maximumStringLength else { throw invalid(call) }
            return .string(Base64.encode(Array(s.utf8)))
        case .base64Decode:
            guard case .string(let s) = values[0], s.utf16.count <= Intrinsics.maximumStringLength,
                let bytes = Base64.decode(s)
            else { throw invalid(call) }
            return .string(String(decoding: bytes, as: UTF8.self))
        case .hash: return try hash(call, values[0], values[1])
        case .jsonMerge: return try jsonMerge(call, values[0], values[1], values[2])
        case .mathRandom: return try mathRandom(call, values, random: &random)
        case .mathAdd: return try mathAdd(call, values[0], values[1])
        case .stringSplit:
            guard case .string(let s) = values[0], case .string(let delimiters) = values[1] else { throw invalid(call) }
            return .array(Intrinsics.tokenize(s, delimiters).map { .string($0) })
        case .uuid: return .string(random.uuid())
        }
    }

    private func value(of argument: IntrinsicArgument, random: inout SeededRandom, depth: Int) throws(RuntimeError) -> JSONValue {
        switch argument {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .call(let nested): return try evaluate(nested, random: &random, depth: depth + 1)
        case .path(let path):
            switch PathEvaluator.evaluate(path, in: scope, indexMiss: .absent) {
            case .value(let v): return v
            case .missing:
                // A `$$` argument is reported with one `$` dropped, against the state input.
                let shown = path.root == .context ? String(path.text.dropFirst()) : path.text
                throw failure("The JsonPath argument for the field '\(shown)' could not be found in the input '\(DataFlow.serialize(scope.input))'")
            }
        }
    }

    // MARK: Numbers

    /// Java's `(int) d` of a number (``JSONNumber/truncatedInt32``); `nil` for anything else.
    static func truncatedInt32(_ value: JSONValue) -> Int? {
        guard case .number(let n) = value else { return nil }
        return n.truncatedInt32
    }

    /// Java's `Math.round(d)` of a number (``JSONNumber/roundedInt32``); `nil` for anything else.
    static func roundedInt32(_ value: JSONValue) -> Int? {
        guard case .number(let n) = value else { return nil }
        return n.roundedInt32
    }

    private func mathAdd(_ call: IntrinsicCall, _ a: JSONValue, _ b: JSONValue) throws(RuntimeError) -> JSONValue {
        guard let x = Intrinsics.roundedInt32(a), let y = Intrinsics.roundedInt32(b) else { throw invalid(call) }
        let sum = x + y  // both fit in 32 bits, so no overflow in Int
        guard Int32(exactly: sum) != nil else { throw invalid(call) }
        return .number(JSONNumber(sum))
    }

    private func mathRandom(_ call: IntrinsicCall, _ values: [JSONValue], random: inout SeededRandom) throws(RuntimeError) -> JSONValue {
        guard let start = Intrinsics.truncatedInt32(values[0]), let end = Intrinsics.truncatedInt32(values[1]),
              start < end else { throw invalid(call) }
        let bound = end - start
        guard bound <= Int(Int32.max) else { throw invalid(call) }
        if values.count == 3 {
            guard case .number(let seedNumber) = values[2] else { throw invalid(call) }
            let seed: Int64
            if seedNumber.isIntegerLiteral, let s = Int64(seedNumber.text) {
                seed = s
            } else {
                let d = seedNumber.doubleValue.rounded(.towardZero)
                guard d.isFinite, d >= -9.223_372_036_854_775_808e18, d < 9.223_372_036_854_775_808e18 else { throw invalid(call) }
                seed = Int64(d)
            }
            var generator = JavaRandom(seed: seed)
            return .number(JSONNumber(start + Int(generator.nextInt(Int32(bound)))))
        }
        return .number(JSONNumber(start + Int(random.next() % UInt64(bound))))
    }

    // MARK: Arrays

    private func arrayPartition(_ call: IntrinsicCall, _ array: JSONValue, _ size: JSONValue) throws(RuntimeError) -> JSONValue {
        guard case .array(let elements) = array, let chunk = Intrinsics.truncatedInt32(size), chunk > 0 else { throw invalid(call) }
        var chunks: [JSONValue] = []
        var i = 0
        while i < elements.count {
            let end = elements.count - i > chunk ? i + chunk : elements.count
            chunks.append(.array(Array(elements[i..<end])))
            i = end
        }
        return .array(chunks)
    }

    private func arrayRange(_ call: IntrinsicCall, _ first: JSONValue, _ last: JSONValue, _ step: JSONValue) throws(RuntimeError) -> JSONValue {
        guard let a = Intrinsics.truncatedInt32(first), let b = Intrinsics.truncatedInt32(last),
              let s = Intrinsics.truncatedInt32(step) else { throw invalid(call) }
        guard let count = IntrinsicFunction.rangeCount(first: a, last: b, step: s),
              count <= Intrinsics.maximumRangeCount else { throw invalid(call) }
        var values: [JSONValue] = []
        values.reserveCapacity(count)
        for k in 0..<count { values.append(.number(JSONNumber(a + k * s))) }
        return .array(values)
    }

    private func arrayGetItem(_ call: IntrinsicCall, _ array: JSONValue, _ index: JSONValue) throws(RuntimeError) -> JSONValue {
        guard case .array(let elements) = array, let i = Intrinsics.truncatedInt32(index) else { throw invalid(call) }
        // AWS answers null for any index into an empty array, and fails for one outside a non-empty array.
        if elements.isEmpty { return .null }
        guard i >= 0, i < elements.count else { throw invalid(call) }
        return elements[i]
    }

    // MARK: JSON

    private func stringToJson(_ call: IntrinsicCall, _ value: JSONValue) throws(RuntimeError) -> JSONValue {
        guard case .string(let s) = value else { throw invalid(call) }
        if PathEvaluator.trimSpaces(s).isEmpty { return .null }
        do {
            return try JSONParser.parse(s)
        } catch {
            throw invalid(call)
        }
    }

    private func jsonMerge(_ call: IntrinsicCall, _ a: JSONValue, _ b: JSONValue, _ deep: JSONValue) throws(RuntimeError) -> JSONValue {
        guard case .object(let left) = a, case .object(let right) = b else { throw invalid(call) }
        // AWS refuses deep merging (`true`); a third argument that is not a boolean, such as the
        // string "false", was seen to merge shallowly.
        if case .bool(true) = deep { throw invalid(call) }
        var merged = left
        for m in right.members { merged[m.key] = m.value }
        // The merged map is a java.util.HashMap: its members come out in hash order.
        let order = JavaText.hashMapOrder(merged.keys)
        return .object(JSONObject(uniqueMembers: order.map { merged[$0] }))
    }

    // MARK: Strings

    private func hash(_ call: IntrinsicCall, _ data: JSONValue, _ algorithm: JSONValue) throws(RuntimeError) -> JSONValue {
        guard case .string(let name) = algorithm, let algorithm = HashAlgorithm(rawValue: name) else { throw invalid(call) }
        // AWS hashes non-string data by its Java text.
        let text: String
        if case .string(let s) = data { text = s } else { text = JavaText.write(data, style: .javaToString) }
        guard text.utf16.count <= Intrinsics.maximumStringLength else { throw invalid(call) }
        return .string(algorithm.hexDigest(text))
    }

    /// `java.util.StringTokenizer`: splits on any of the delimiter characters and drops empty tokens.
    static func tokenize(_ s: String, _ delimiters: String) -> [String] {
        let set = Set(delimiters.unicodeScalars)
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if set.contains(c) {
                if !current.isEmpty { tokens.append(String(current)); current = String.UnicodeScalarView() }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }

    /// One piece of a `States.Format` template.
    enum TemplatePiece: Equatable {
        case text(String)
        case placeholder
    }

    /// Splits a template into text and `{}` placeholders; `nil` when a `{` or `}` is not part of a
    /// placeholder. With `escapes`, a backslash makes the next character literal (the template as
    /// written in the definition); otherwise the template is taken as is (a runtime value).
    static func templatePieces(_ raw: String, escapes: Bool) -> [TemplatePiece]? {
        var pieces: [TemplatePiece] = []
        var text = String.UnicodeScalarView()
        let scalars = Array(raw.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if escapes && c == "\\" {
                if i + 1 < scalars.count { text.append(scalars[i + 1]) }
                i += 2
                continue
            }
            if c == "{" {
                guard i + 1 < scalars.count, scalars[i + 1] == "}" else { return nil }
                if !text.isEmpty { pieces.append(.text(String(text))); text = String.UnicodeScalarView() }
                pieces.append(.placeholder)
                i += 2
                continue
            }
            if c == "}" { return nil }
            text.append(c)
            i += 1
        }
        if !text.isEmpty { pieces.append(.text(String(text))) }
        return pieces
    }

    /// The first argument of a call as written (between its quotes), when it is a string literal.
    static func rawFirstLiteral(_ call: IntrinsicCall) -> String? {
        let scalars = Array(call.text.unicodeScalars)
        guard let open = scalars.firstIndex(of: "(") else { return nil }
        var i = open + 1
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\n" || scalars[i] == "\r" { i += 1 }
        guard i < scalars.count, scalars[i] == "'" else { return nil }
        i += 1
        var raw = String.UnicodeScalarView()
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                raw.append(c)
                if i + 1 < scalars.count { raw.append(scalars[i + 1]) }
                i += 2
                continue
            }
            if c == "'" { return String(raw) }
            raw.append(c)
            i += 1
        }
        return nil
    }

    private func format(_ call: IntrinsicCall, _ values: [JSONValue]) throws(RuntimeError) -> JSONValue {
        let pieces: [TemplatePiece]?
        if case .string(let decoded)? = call.arguments.first {
            if let raw = Intrinsics.rawFirstLiteral(call), PathEvaluator.decodeEscapes(raw) == decoded {
                pieces = Intrinsics.templatePieces(raw, escapes: true)
            } else {
                pieces = Intrinsics.templatePieces(decoded, escapes: false)
            }
        } else if case .string(let template) = values[0] {
            pieces = Intrinsics.templatePieces(template, escapes: false)
        } else {
            throw invalid(call)
        }
        guard let pieces else { throw invalid(call) }
        let placeholders = pieces.filter { $0 == .placeholder }.count
        guard placeholders == values.count - 1 else { throw invalid(call) }
        var out = ""
        var next = 1
        for piece in pieces {
            switch piece {
            case .text(let t): out += t
            case .placeholder:
                out += JavaText.write(values[next], style: .javaToString)
                next += 1
            }
        }
        return .string(out)
    }
}

/// `java.util.Random`, used for seeded `States.MathRandom` so a seed always gives the same number.
struct JavaRandom {
    private var state: UInt64
    private static let multiplier: UInt64 = 0x5_DEEC_E66D
    private static let mask: UInt64 = (1 << 48) - 1

    init(seed: Int64) {
        state = (UInt64(bitPattern: seed) ^ JavaRandom.multiplier) & JavaRandom.mask
    }

    mutating func next(_ bits: Int) -> Int32 {
        state = (state &* JavaRandom.multiplier &+ 0xB) & JavaRandom.mask
        return Int32(truncatingIfNeeded: Int64(bitPattern: state >> UInt64(48 - bits)))
    }

    /// `Random.nextInt(bound)` for `bound > 0`.
    mutating func nextInt(_ bound: Int32) -> Int32 {
        guard bound > 0 else { return 0 }
        var r = next(31)
        let m = bound &- 1
        if bound & m == 0 {
            return Int32(truncatingIfNeeded: (Int64(bound) &* Int64(r)) >> 31)
        }
        var u = r
        r = u % bound
        while u &- r &+ m < 0 {
            u = next(31)
            r = u % bound
        }
        return r
    }
}

/// Base64 as `States.Base64Encode` writes it and as leniently as AWS reads it.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard Base64 with `=` padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of a character of the standard alphabet (RFC 4648 table 1).
    private static func sextet(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(c) - 65
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(c) - 97 + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c) - 48 + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    /// Decodes strictly, as Java's basic `Base64.Decoder` (which AWS uses) does: only the standard
    /// alphabet; padding optional but, when present, exactly what the last group needs and nothing
    /// after it; a last group of one character is an error.
    /// - Returns: the bytes, or `nil` when the text is not Base64 (AWS fails with `States.Runtime`).
    static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3 + 2)
        var bits: UInt32 = 0
        var count = 0
        var i = 0
        while i < input.count {
            let c = input[i]
            i += 1
            if c == UInt8(ascii: "=") {
                // "xx==" or "xxx=" only; a group of 0 or 1 character cannot be padded.
                switch count {
                case 2:
                    guard i < input.count, input[i] == UInt8(ascii: "=") else { return nil }
                    i += 1
                case 3: break
                default: return nil
                }
                guard i == input.count else { return nil }
                break
            }
            guard let v = sextet(c) else { return nil }
            bits = bits << 6 | v
            count += 1
            if count == 4 {
                out.append(UInt8(truncatingIfNeeded: bits >> 16))
                out.append(UInt8(truncatingIfNeeded: bits >> 8))
                out.append(UInt8(truncatingIfNeeded: bits))
                bits = 0
                count = 0
            }
        }
        switch count {
        case 0: break
        case 2: out.append(UInt8(truncatingIfNeeded: bits >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: bits >> 10))
            out.append(UInt8(truncatingIfNeeded: bits >> 2))
        default: return nil
        }
        return out
    }
}

/// An intrinsic call prepared once, when its template is compiled: a nested call that draws no random
/// numbers and whose arguments are all literals is evaluated then, so that a loop's
/// `States.ArrayGetItem(States.Array(10, 15, 23, …), $.polls)` builds its array once instead of on
/// every pass. A nested call that fails keeps its place and fails at run time, with the cause AWS
/// gives; a call nested near the depth limit is left as written, so the limit applies as before.
struct CompiledIntrinsic: Sendable {
    enum Argument: Sendable {
        case value(JSONValue)
        case path(Path)
        case call(CompiledIntrinsic)
    }

    let call: IntrinsicCall
    let arguments: [Argument]

    init(_ call: IntrinsicCall) {
        self.init(call, fold: CompiledIntrinsic.depth(of: call) < Intrinsics.maximumDepth - 1)
    }

    private init(_ call: IntrinsicCall, fold: Bool) {
        self.call = call
        arguments = call.arguments.map { argument in
            switch argument {
            case .string(let s): return .value(.string(s))
            case .number(let n): return .value(.number(n))
            case .bool(let b): return .value(.bool(b))
            case .null: return .value(.null)
            case .path(let p): return .path(p)
            case .call(let nested):
                let compiled = CompiledIntrinsic(nested, fold: fold)
                if fold, let constant = compiled.constant { return .value(constant) }
                return .call(compiled)
            }
        }
    }

    /// The value of a call with literal arguments only and no random draw, when it succeeds.
    private var constant: JSONValue? {
        guard let function = call.function, function != .uuid, function != .mathRandom else { return nil }
        for argument in arguments { guard case .value = argument else { return nil } }
        var random = SeededRandom(seed: 0)
        let scope = DataScope(input: .null, context: .null, variables: [:])
        return try? Intrinsics(scope: scope, expressionText: call.text).evaluate(self, random: &random)
    }

    /// How deeply calls nest in `call` (1 for a call without nested calls).
    private static func depth(of call: IntrinsicCall) -> Int {
        var deepest = 0
        for case .call(let nested) in call.arguments { deepest = max(deepest, depth(of: nested)) }
        return deepest + 1
    }
}
