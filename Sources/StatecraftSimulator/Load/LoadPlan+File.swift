import Foundation
import StatesLanguage

extension LoadPlan {
    /// Reads a load plan file: a JSON object whose keys are documented in Docs/Load.md. Keys left out
    /// keep the plan's values.
    /// - Throws: ``LoadPlanError`` with the line, column and JSON pointer of the problem.
    public mutating func apply(planFile bytes: [UInt8]) throws(LoadPlanError) {
        let parsed: (value: JSONValue, sourceMap: SourceMap)
        do { parsed = try JSONParser.parseWithSourceMap(bytes) } catch { throw LoadPlanError("\(error)") }
        func fail(_ pointer: String, key: Bool = false, _ message: String) -> LoadPlanError {
            let place = JSONPointer(pointer).flatMap { parsed.sourceMap.position(of: $0, key: key) }.map { "\($0.line):\($0.column): " } ?? ""
            return LoadPlanError("\(place)\(pointer.isEmpty ? "/" : pointer): \(message)")
        }
        guard case .object(let root) = parsed.value else { throw fail("", "a load plan is a JSON object") }
        func number(_ key: String, _ value: JSONValue, min: Double = 0) throws(LoadPlanError) -> Double {
            guard let v = value.numberValue?.doubleValue, v.isFinite, v >= min else { throw fail("/\(key)", "expected a number ≥ \(Int(min))") }
            return v
        }
        func integer(_ key: String, _ value: JSONValue) throws(LoadPlanError) -> Int {
            guard let v = value.numberValue?.intValue, v >= 0 else { throw fail("/\(key)", "expected a non-negative integer") }
            return v
        }
        func bucket(_ key: String, _ value: JSONValue) throws(LoadPlanError) -> TokenBucket {
            guard case .object(let o) = value, o.members.count == 2, let b = o["burst"]?.numberValue?.doubleValue,
                  let r = o["refillPerSecond"]?.numberValue?.doubleValue, b >= 0, r >= 0 else {
                throw fail("/\(key)", "expected {\"burst\": N, \"refillPerSecond\": N}")
            }
            return TokenBucket(burst: b, refillPerSecond: r)
        }
        for member in root.members {
            let key = member.key, value = member.value
            switch key {
            case "executions": executions = try integer(key, value)
            case "over": overSeconds = try number(key, value)
            case "arrival":
                guard let a = value.stringValue.flatMap(Arrival.init(rawValue:)) else { throw fail("/arrival", "expected burst, uniform or poisson") }
                arrival = a
            case "startTimes":
                guard case .array(let items) = value else { throw fail("/startTimes", "expected an array of seconds") }
                var times: [Double] = []
                for (i, item) in items.enumerated() {
                    guard let v = item.numberValue?.doubleValue, v.isFinite, v >= 0 else { throw fail("/startTimes/\(i)", "expected a number of seconds ≥ 0") }
                    times.append(v)
                }
                startTimes = times
            case "input": inputs = .one(value)
            case "inputs":
                guard case .array(let items) = value, !items.isEmpty else { throw fail("/inputs", "expected a non-empty array of inputs") }
                inputs = .list(items)
            case "inputTemplate":
                guard let text = value.stringValue else { throw fail("/inputTemplate", "expected JSON text with {{index}}") }
                inputs = .template(text)
            case "seed":
                guard let v = value.numberValue.flatMap({ UInt64($0.text) }) else { throw fail("/seed", "expected a non-negative integer") }
                seed = v
            case "duration":
                guard let text = value.stringValue else { throw fail("/duration", "expected fixed:S, uniform:A..B or lognormal:MU,SIGMA") }
                do { duration = try Duration(parsing: text) } catch { throw fail("/duration", error.message) }
            case "profile":
                guard let p = value.stringValue.flatMap(Profile.init(named:)) else { throw fail("/profile", "expected default or seed-002") }
                profile = p
            case "maxConcurrentTasks": maxConcurrentTasks = try integer(key, value)
            case "fargateOnDemandVCPUs": fargateOnDemandVCPUs = try number(key, value)
            case "runTask": runTaskBucket = try bucket(key, value)
            case "startExecution": startExecutionBucket = try bucket(key, value)
            case "stateTransition": stateTransitionBucket = try bucket(key, value)
            case "sweep":
                guard let text = value.stringValue else { throw fail("/sweep", "expected NAME=A..B[:STEP], e.g. \"gate.limit=5..50:5\"") }
                do { sweep = try LoadSweep(parsing: text) } catch { throw fail("/sweep", error.message) }
            case "keepHistories":
                guard case .bool(let b) = value else { throw fail("/keepHistories", "expected true or false") }
                keepHistories = b
            default:
                throw fail("/\(key)", key: true, "unknown key; expected one of executions, over, arrival, startTimes, input, inputs, inputTemplate, seed, duration, profile, maxConcurrentTasks, fargateOnDemandVCPUs, runTask, startExecution, stateTransition, keepHistories, sweep")
            }
        }
    }
}
