import StatesLanguage

/// Objects in memory, answering the S3 calls of a distributed Map: `ItemReader` (`s3:getObject`,
/// `s3:listObjectsV2`) and `ResultWriter` (`s3:putObject`). Also usable from Task states.
///
/// Not `Sendable`: `putObject` writes to it while a simulator runs, on that simulator's thread. Give
/// each simulator that runs on another thread its own store.
public final class InMemoryS3: ServiceIntegration {
    /// Bucket → key → body.
    public private(set) var objects: [String: [String: String]] = [:]

    /// An empty store.
    public init() {}

    /// Stores an object.
    public func put(bucket: String, key: String, body: String) { objects[bucket, default: [:]][key] = body }

    /// Answers `s3:getObject`, `listObjectsV2`/`listObjects` and `putObject` (also as `aws-sdk:s3`); other calls go to the next integration.
    public func invoke(_ call: TaskCall) -> TaskOutcome? {
        guard call.target.resourceType == "s3" || call.target.resourceType == "aws-sdk:s3" else { return nil }
        let bucket = call.parameters["Bucket"]?.stringValue ?? ""
        switch call.target.resourceName {
        case "getObject":
            let key = call.parameters["Key"]?.stringValue ?? ""
            guard let body = objects[bucket]?[key] else {
                return .failure(error: "S3.NoSuchKeyException", cause: "The specified key does not exist. (Service: S3, Status Code: 404)")
            }
            return .success(["Body": .string(body)])
        case "listObjectsV2", "listObjects":
            let prefix = call.parameters["Prefix"]?.stringValue ?? ""
            let keys = (objects[bucket] ?? [:]).keys.filter { $0.hasPrefix(prefix) }.sorted()
            let contents: [JSONValue] = keys.map { key in
                let size = objects[bucket]?[key]?.utf8.count ?? 0
                return ["Key": .string(key), "Size": .number(JSONNumber(size)), "StorageClass": "STANDARD",
                        "LastModified": .string(VirtualClock.format(VirtualClock.defaultStart, plus: 0)), "Etag": "\"0\""]
            }
            return .success(["Contents": .array(contents)])
        case "putObject":
            let key = call.parameters["Key"]?.stringValue ?? ""
            put(bucket: bucket, key: key, body: call.parameters["Body"].map { DataFlow.serialize($0) } ?? "")
            return .success(["ETag": "\"0\""])
        default:
            return nil
        }
    }
}
