import Foundation
import StatesLanguage

/// Definitions just under 1 MiB shaped to provoke super-linear work in validation and formatting.
enum WorstCaseDefinitions {
    /// Each shape by name, generated once.
    static let all: [(name: String, bytes: [UInt8])] = [
        ("many_states", manyStates()),
        ("many_keys", manyKeys()),
        ("long_name_misspelled", longNameMisspelled()),
        ("many_misspelled_targets", manyStates(target: "T")),
        ("many_branches", manyBranches(uniqueNames: true)),
        ("many_branches_duplicate_names", manyBranches(uniqueNames: false)),
        ("binary_nested_parallels", binaryNestedParallels()),
        ("deep_nesting", deepNesting()),
    ]

    static let limit = Validator.maximumDefinitionSize

    /// A chain of Pass states filling the budget; each `Next` names `target` followed by the next number
    /// (`"S"`: the following state, a valid chain; anything else: a missing state).
    static func manyStates(target: String = "S") -> [UInt8] {
        var text = #"{"StartAt":"S0","States":{"#
        var i = 0
        while text.utf8.count < limit - 80 {
            text += #""S\#(i)":{"Type":"Pass","Next":"\#(target)\#(i + 1)"},"#
            i += 1
        }
        text += #""S\#(i)":{"Type":"Pass","End":true}}}"#
        return Array(text.utf8)
    }

    /// One Pass state whose Result is an object with as many keys as fit.
    static func manyKeys() -> [UInt8] {
        var text = #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":{"#
        var i = 0
        while text.utf8.count < limit - 40 {
            text += #""k\#(i)":\#(i),"#
            i += 1
        }
        text += #""last":0}}}}"#
        return Array(text.utf8)
    }

    /// `StartAt` one letter away from a state name of nearly 1 MiB ("did you mean" on long names).
    static func longNameMisspelled() -> [UInt8] {
        let name = String(repeating: "x", count: limit / 2 - 100)
        let text = #"{"StartAt":"\#(name.dropLast())y","States":{"\#(name)":{"Type":"Pass","End":true}}}"#
        return Array(text.utf8)
    }

    /// One Parallel with as many one-state branches as fit; with duplicate names, one error per branch.
    static func manyBranches(uniqueNames: Bool) -> [UInt8] {
        var text = #"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":["#
        var i = 0
        while text.utf8.count < limit - 100 {
            let name = uniqueNames ? "B\(i)" : "B"
            text += #"{"StartAt":"\#(name)","States":{"\#(name)":{"Type":"Pass","End":true}}},"#
            i += 1
        }
        text += #"{"StartAt":"Z","States":{"Z":{"Type":"Pass","End":true}}}]}}}"#
        return Array(text.utf8)
    }

    /// Parallels nested as a binary tree, as deep as fits.
    static func binaryNestedParallels() -> [UInt8] {
        var counter = 0
        func machine(_ depth: Int) -> String {
            counter += 1
            let name = "N\(counter)"
            if depth == 0 { return #"{"StartAt":"\#(name)","States":{"\#(name)":{"Type":"Pass","End":true}}}"# }
            return #"{"StartAt":"\#(name)","States":{"\#(name)":{"Type":"Parallel","End":true,"Branches":[\#(machine(depth - 1)),\#(machine(depth - 1))]}}}"#
        }
        var depth = 1
        while true {
            counter = 0
            let larger = machine(depth + 1)
            if larger.utf8.count > limit { break }
            depth += 1
        }
        counter = 0
        return Array(machine(depth).utf8)
    }

    /// Parallels nested one inside another as deep as JSON nesting allows.
    static func deepNesting() -> [UInt8] {
        // Each level opens 5 containers: machine, States, state, Branches, branch.
        let levels = JSONParser.maximumDepth / 5 - 1
        var text = #"{"StartAt":"L0","States":{"L0":{"Type":"Pass","End":true}}}"#
        for level in 1...levels {
            text = #"{"StartAt":"L\#(level)","States":{"L\#(level)":{"Type":"Parallel","End":true,"Branches":[\#(text)]}}}"#
        }
        return Array(text.utf8)
    }
}

extension Benchmarks {
    /// The slowest of validate (parse with locations, decode, every rule) and format (decode, canonical
    /// text) over ``WorstCaseDefinitions``: for each shape and each operation the median of 5 runs,
    /// printed to standard error; the value is the largest of those medians.
    static func validateWorstOneMebibyte() -> Double {
        let validator = Validator()
        var worst = 0.0
        // STATECRAFT_WORST_SHAPE=name measures one shape (for profiling).
        let only = ProcessInfo.processInfo.environment["STATECRAFT_WORST_SHAPE"]
        for shape in WorstCaseDefinitions.all where only == nil || only == shape.name {
            precondition(shape.bytes.count <= Validator.maximumDefinitionSize, "\(shape.name) is over 1 MiB")
            var validate: [Double] = []
            var format: [Double] = []
            for _ in 0..<5 {
                var diagnostics = 0
                validate.append(time { diagnostics = validator.check(shape.bytes).diagnostics.count } * 1000)
                precondition(diagnostics >= 0)
                var length = 0
                format.append(time {
                    let decoded = Validator.decode(shape.bytes)
                    if let machine = decoded.machine, decoded.isValid { length = ASLEncoder.prettyText(machine).utf8.count }
                } * 1000)
                precondition(length >= 0)
            }
            let v = median(validate)
            let f = median(format)
            FileHandle.standardError.write(Data("validate_worst_1mib_ms: \(shape.name) (\(shape.bytes.count) bytes): validate \(rounded(v)) ms, fmt \(rounded(f)) ms\n".utf8))
            worst = max(worst, v, f)
        }
        return rounded(worst)
    }
}
