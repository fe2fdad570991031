import Foundation

/// Numbers are within Step Functions' ranges (`value-range`), and a heartbeat is shorter than its
/// timeout (`heartbeat-timeout`).
public struct NumericRangeRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.valueRange, .heartbeatTimeout] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        func verify(_ value: Int?, _ range: ClosedRange<Int>, _ field: String, at pointer: JSONPointer) {
            guard let value, !range.contains(value) else { return }
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            diagnostics.append(Diagnostic(.error, .valueRange, "\(field) is \(value); it must be from \(range.lowerBound)\(upper)",
                                          at: pointer.appending(field)))
        }
        func literal<V>(_ s: ValueSource<V>?) -> V? {
            if case .literal(let v) = s { return v }
            return nil
        }
        verify(context.machine.timeoutSeconds, 1...99_999_999, "TimeoutSeconds", at: .root)
        for entry in context.states {
            let p = entry.pointer
            switch entry.state.kind {
            case .task(let t):
                let timeout = literal(t.timeoutSeconds)
                let heartbeat = literal(t.heartbeatSeconds)
                verify(timeout, 1...99_999_999, "TimeoutSeconds", at: p)
                verify(heartbeat, 1...99_999_999, "HeartbeatSeconds", at: p)
                if let timeout, let heartbeat, heartbeat >= timeout {
                    diagnostics.append(Diagnostic(.error, .heartbeatTimeout,
                        "HeartbeatSeconds (\(heartbeat)) must be less than TimeoutSeconds (\(timeout))", at: p.appending("HeartbeatSeconds"),
                        hint: "a heartbeat is expected several times within the timeout"))
                }
            case .wait(let w):
                if case .seconds(let s) = w.duration { verify(literal(s), 0...99_999_999, "Seconds", at: p) }
            case .map(let m):
                verify(literal(m.maxConcurrency), 0...Int.max, "MaxConcurrency", at: p)
                verify(literal(m.toleratedFailureCount), 0...Int.max, "ToleratedFailureCount", at: p)
                if let percentage = literal(m.toleratedFailurePercentage), !(0...100).contains(percentage.doubleValue) {
                    diagnostics.append(Diagnostic(.error, .valueRange,
                        "ToleratedFailurePercentage is \(percentage.text); it must be from 0 to 100", at: p.appending("ToleratedFailurePercentage")))
                }
                if let b = m.itemBatcher {
                    verify(literal(b.maxItemsPerBatch), 1...Int.max, "MaxItemsPerBatch", at: p.appending("ItemBatcher"))
                    verify(literal(b.maxInputBytesPerBatch), 1...262_144, "MaxInputBytesPerBatch", at: p.appending("ItemBatcher"))
                }
            default:
                break
            }
        }
    }
}

/// Literal timestamps are RFC 3339 (`bad-timestamp`): Wait `Timestamp` and Choice `Timestamp*` operands.
public struct TimestampRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.badTimestamp] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        func verify(_ text: String, at pointer: JSONPointer) {
            if Timestamp(parsing: text) == nil {
                diagnostics.append(Diagnostic(.error, .badTimestamp, "\"\(text)\" is not an RFC 3339 timestamp", at: pointer,
                                              hint: "write it like 2026-01-31T09:30:00Z (upper-case T and Z, or an offset such as +09:00)"))
            }
        }
        func walk(_ c: ChoiceCondition, at pointer: JSONPointer) {
            switch c {
            case .comparison(let cmp):
                if cmp.operator.operandType == .timestamp, case .literal(.string(let s)) = cmp.operand {
                    verify(s, at: pointer.appending(cmp.operatorKey))
                }
            case .and(let cs, _): for (i, x) in cs.enumerated() { walk(x, at: pointer.appending("And").appending(i)) }
            case .or(let cs, _): for (i, x) in cs.enumerated() { walk(x, at: pointer.appending("Or").appending(i)) }
            case .not(let x, _): walk(x, at: pointer.appending("Not"))
            case .jsonata: break
            }
        }
        for entry in context.states {
            switch entry.state.kind {
            case .wait(let w):
                if case .timestamp(.literal(let s)) = w.duration { verify(s, at: entry.pointer.appending("Timestamp")) }
            case .choice(let c):
                for (i, b) in c.choices.enumerated() { walk(b.condition, at: entry.pointer.appending("Choices").appending(i)) }
            default:
                break
            }
        }
    }
}

/// `Resource` is an ARN of the right shape, or a whole `${Name}` placeholder for CloudFormation
/// `DefinitionSubstitutions` (`bad-resource`).
public struct ResourceRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.badResource] }

    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            var resources: [(String, JSONPointer)] = []
            if case .task(let t) = entry.state.kind { resources.append((t.resource, entry.pointer.appending("Resource"))) }
            if case .map(let m) = entry.state.kind {
                if let r = m.itemReader { resources.append((r.resource, entry.pointer.appending("ItemReader").appending("Resource"))) }
                if let r = m.resultWriter?.resource { resources.append((r, entry.pointer.appending("ResultWriter").appending("Resource"))) }
            }
            for (resource, pointer) in resources {
                if let problem = ResourceRule.problem(with: resource) {
                    diagnostics.append(Diagnostic(.error, .badResource, "Resource \"\(resource)\" \(problem)", at: pointer,
                        hint: "use an ARN such as arn:aws:states:::ecs:runTask.sync or arn:aws:lambda:us-east-1:123456789012:function:name"))
                }
            }
        }
    }

    /// `service:action[.suffix][:more]` with non-empty parts and no placeholder.
    static func isIntegrationAction(_ rest: Substring.UTF8View) -> Bool {
        var parts = 1
        var partLength = 0
        for b in rest {
            if b == UInt8(ascii: ":") {
                if partLength == 0 { return false }
                parts += 1
                partLength = 0
            } else if b == UInt8(ascii: "$") {
                return false
            } else {
                partLength += 1
            }
        }
        return parts >= 2 && partLength > 0
    }

    /// What is wrong with a Resource value, or `nil` when it is acceptable.
    public static func problem(with resource: String) -> String? {
        // The common case, a service integration such as arn:aws:states:::ecs:runTask.sync.
        if resource.hasPrefix("arn:aws:states:::"), isIntegrationAction(resource.utf8.dropFirst(17)) { return nil }
        // Whole-value or embedded ${Name} placeholders are substituted at deployment.
        var text = resource
        while text.utf8.contains(UInt8(ascii: "$")), let open = text.range(of: "${") {
            guard let close = text[open.upperBound...].firstIndex(of: "}") else {
                return "has an unclosed ${ placeholder"
            }
            let name = text[open.upperBound..<close]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else {
                return "has a malformed ${...} placeholder"
            }
            text.replaceSubrange(open.lowerBound...close, with: "x")
        }
        if text == "x" { return nil }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else {
            return "is not an ARN (arn:partition:service:region:account:resource)"
        }
        let (partition, service, resourcePart) = (parts[1], parts[2], parts[5])
        guard !partition.isEmpty, !service.isEmpty, !resourcePart.isEmpty else {
            return "is not a complete ARN: partition, service and resource must not be empty"
        }
        if service == "states" && parts[3].isEmpty && parts[4].isEmpty {
            // Service integration: arn:aws:states:::service:action[.sync|.sync:2|.waitForTaskToken]
            let pieces = resourcePart.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count >= 2, pieces.allSatisfy({ !$0.isEmpty }) else {
                return "is not a service integration ARN (arn:aws:states:::service:action)"
            }
            return nil
        }
        if service == "lambda" {
            let pieces = resourcePart.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.first == "function", pieces.count == 2 || pieces.count == 3, !pieces[1].isEmpty else {
                return "is not a Lambda function ARN (…:function:name[:qualifier])"
            }
            if pieces.count == 3 {
                let qualifier = pieces[2]
                let ok = qualifier == "$LATEST"
                    || (!qualifier.isEmpty && qualifier.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
                if !ok { return "has an invalid Lambda qualifier \"\(qualifier)\" (a version number, an alias or $LATEST)" }
            }
        }
        return nil
    }
}

extension Diagnostic.Code {
    /// `value-range`: TimeoutSeconds/HeartbeatSeconds 1–99999999.
    public static let valueRange: Self = "value-range"
    /// `heartbeat-timeout`: HeartbeatSeconds is less than TimeoutSeconds.
    public static let heartbeatTimeout: Self = "heartbeat-timeout"
    /// `bad-timestamp`: Wait Timestamp and Choice Timestamp… literals are RFC 3339.
    public static let badTimestamp: Self = "bad-timestamp"
    /// `bad-resource`: Resource.
    public static let badResource: Self = "bad-resource"
}
