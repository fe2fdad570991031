import StatesLanguage

/// An AWS partition: the second field of every ARN (`arn:<partition>:…`). A machine writes its
/// service-integration ARNs (`arn:<partition>:states:::…`) in its partition.
public struct Partition: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    /// The commercial Regions.
    public static let aws: Partition = "aws"
    /// The China Regions.
    public static let awsCN: Partition = "aws-cn"
    /// AWS GovCloud (US).
    public static let awsUSGov: Partition = "aws-us-gov"

    public var description: String { rawValue }

    /// `arn:aws:states:::…` resources (what the DSL writes) in this partition.
    func apply(to states: [NamedState]) -> [NamedState] {
        guard self != .aws else { return states }
        return states.map { named in
            var named = named
            switch named.state.kind {
            case .task(var task):
                task.resource = rewrite(task.resource)
                named.state.kind = .task(task)
            case .parallel(var parallel):
                parallel.branches = parallel.branches.map { branch in
                    var branch = branch
                    branch.states = apply(to: branch.states)
                    return branch
                }
                named.state.kind = .parallel(parallel)
            case .map(var map):
                map.itemProcessor.states = apply(to: map.itemProcessor.states)
                if var reader = map.itemReader {
                    reader.resource = rewrite(reader.resource)
                    map.itemReader = reader
                }
                if var writer = map.resultWriter, let resource = writer.resource {
                    writer.resource = rewrite(resource)
                    map.resultWriter = writer
                }
                named.state.kind = .map(map)
            default:
                break
            }
            return named
        }
    }

    func rewrite(_ resource: String) -> String {
        let prefix = "arn:aws:states:::"
        guard resource.hasPrefix(prefix) else { return resource }
        return "arn:\(rawValue):states:::" + resource.dropFirst(prefix.count)
    }
}
