import Foundation
import StatesLanguage

extension JSONataEvaluator {
    /// Step Functions' own functions (`$partition`, `$range`, `$hash`, `$random`'s seed, `$uuid`, `$parse`).
    static func registerStepFunctions(_ r: inout Registry, _ random: RandomSource) {
        r.define("partition", "<an:a>") { a, _ throws(JSONataError) in
            guard let list = arrayArgument(a, 0), let size = numberArgument(a, 1), size >= 1, size.rounded() == size else {
                throw JSONataError("D3020", "$partition needs an array and a positive integer")
            }
            let chunk = Int(saturating: size, within: 1...1_000_000_000)
            return .array(stride(from: 0, to: list.count, by: chunk).map { .array(Array(list[$0..<min($0 + chunk, list.count)]), []) }, [])
        }
        r.define("range", "<nnn:a>") { a, _ throws(JSONataError) in
            guard let start = numberArgument(a, 0), let end = numberArgument(a, 1), let step = numberArgument(a, 2),
                  step != 0, start.rounded() == start, end.rounded() == end, step.rounded() == step else {
                throw JSONataError("D3020", "$range needs integer start, end and a non-zero step")
            }
            guard abs((end - start) / step) < 1_000 else { throw JSONataError("D3020", "$range produces at most 1,000 items") }
            var out: [Value] = []
            var x = start
            while step > 0 ? x <= end : x >= end { out.append(.number(x)); x += step }
            return .sequence(out)
        }
        r.define("hash", "<ss:s>") { a, _ throws(JSONataError) in
            guard let data = stringArgument(a, 0), let algorithm = stringArgument(a, 1) else {
                throw JSONataError("D3020", "$hash needs a string and an algorithm")
            }
            guard let hash = HashAlgorithm(rawValue: algorithm) else {
                throw JSONataError("D3020", "$hash: unsupported algorithm \(algorithm); use MD5, SHA-1, SHA-256, SHA-384 or SHA-512")
            }
            return .string(hash.hexDigest(data))
        }
        r.define("uuid", "<:s>") { _, _ in .string(random.generator.uuid()) }
        r.define("parse", "<s-:j>") { a, _ throws(JSONataError) in
            guard let text = stringArgument(a, 0) else { return nil }
            guard let value = try? JSONParser.parse(text) else { throw JSONataError("D3020", "$parse: the string is not valid JSON") }
            return Value(value)
        }
    }
}
