import StatesLanguage

/// What an ``AWSServices`` account shares with its ``ServiceModel``s, handed to each call: the
/// region and account id, the instant virtual time 0 stands for, the seeded generator behind request
/// ids and resource ids, the SDK metadata Step Functions adds to responses, and the other models.
///
/// One generator serves every model of the account, so the same seed gives the same ids in the same
/// order whichever models answer.
public struct ServiceContext {
    /// The account's Region (`us-east-1`).
    public let region: String
    /// The account id (12 digits).
    public let account: String
    /// The instant virtual time 0 stands for (see ``AWSServices/start``).
    public let start: Timestamp
    var random: SeededRandom
    /// The account's models, in registration order.
    public internal(set) var models: [any ServiceModel] = []

    init(region: String, account: String, start: Timestamp, seed: UInt64) {
        self.region = region
        self.account = account
        self.start = start
        random = SeededRandom(seed: seed)
    }

    /// The account's model of type `type`, if one is registered (the first one).
    public func model<Model: ServiceModel>(_ type: Model.Type) -> Model? {
        for model in models { if let match = model as? Model { return match } }
        return nil
    }

    /// A request id (`x-amzn-RequestId`), drawn from the account's seeded generator.
    public mutating func requestId() -> String { random.uuid() }

    /// A UUID drawn from the account's seeded generator, for message ids and resource ids.
    public mutating func uuid() -> String { random.uuid() }

    /// Milliseconds since the epoch of a virtual time, as the AWS SDK writes dates in Step Functions output.
    /// - Parameter time: virtual seconds since ``start``.
    public func epochMilliseconds(_ time: Double) -> JSONValue {
        let milliseconds = Double(start.secondsSinceEpoch) * 1000 + Double(start.nanoseconds / 1_000_000) + (time * 1000).rounded()
        // Virtual times are at most years apart; clamp anything beyond what an Int holds rather than trap.
        return .number(JSONNumber(Int(exactly: milliseconds) ?? Int(max(-9.0e15, min(9.0e15, milliseconds)))))
    }

    /// `SdkHttpMetadata` and `SdkResponseMetadata`, the two members Step Functions adds to every AWS SDK
    /// response it returns from a request-response integration.
    /// - Parameters:
    ///   - contentType: the response's `Content-Type`.
    ///   - contentLength: the response body's length in bytes.
    ///   - requestId: the call's request id (``requestId()``).
    ///   - extraHeaders: headers beyond `Content-Length`, `Content-Type`, `Date` and `x-amzn-RequestId`.
    /// - Returns: the two members, headers sorted by name without regard to case, as the SDK does.
    public func sdkMetadata(contentType: String, contentLength: Int, requestId: String,
                            extraHeaders: [(String, String)] = []) -> [(String, JSONValue)] {
        HeaderLayout(contentType: contentType, extraHeaders: extraHeaders).metadata(contentLength: contentLength, requestId: requestId)
    }

    /// The headers of one kind of response, sorted and made into values once; only the
    /// `Content-Length` and `x-amzn-RequestId` values change from call to call. A model that answers
    /// often keeps one in a `static let`.
    public struct HeaderLayout: Sendable {
        private enum Slot: Sendable { case fixed(all: JSONValue, single: JSONValue), contentLength, requestId }
        private let names: [String]
        private let slots: [Slot]

        /// Lays out `Content-Length`, `Content-Type`, `Date`, `x-amzn-RequestId` and `extraHeaders`.
        public init(contentType: String, extraHeaders: [(String, String)] = []) {
            var headers: [(name: String, slot: Slot)] = [("Content-Length", .contentLength), ("x-amzn-RequestId", .requestId)]
            for (name, value) in [("Content-Type", contentType), ("Date", "date")] + extraHeaders {
                headers.append((name, .fixed(all: .array([.string(value)]), single: .string(value))))
            }
            headers.sort { ServiceContext.caseInsensitiveLess($0.name, $1.name) }
            names = headers.map(\.name)
            slots = headers.map(\.slot)
        }

        /// The `SdkHttpMetadata` and `SdkResponseMetadata` members of one response.
        public func metadata(contentLength: Int, requestId: String) -> [(String, JSONValue)] {
            let length = String(contentLength)
            var all: [JSONObject.Member] = []
            var single: [JSONObject.Member] = []
            all.reserveCapacity(names.count)
            single.reserveCapacity(names.count)
            for (name, slot) in zip(names, slots) {
                switch slot {
                case .fixed(let a, let s):
                    all.append(JSONObject.Member(key: name, value: a))
                    single.append(JSONObject.Member(key: name, value: s))
                case .contentLength:
                    all.append(JSONObject.Member(key: name, value: .array([.string(length)])))
                    single.append(JSONObject.Member(key: name, value: .string(length)))
                case .requestId:
                    all.append(JSONObject.Member(key: name, value: .array([.string(requestId)])))
                    single.append(JSONObject.Member(key: name, value: .string(requestId)))
                }
            }
            let http = JSONObject(uniqueMembers: [
                JSONObject.Member(key: "AllHttpHeaders", value: .object(JSONObject(uniqueMembers: all))),
                JSONObject.Member(key: "HttpHeaders", value: .object(JSONObject(uniqueMembers: single))),
                JSONObject.Member(key: "HttpStatusCode", value: 200),
            ])
            return [
                ("SdkHttpMetadata", .object(http)),
                ("SdkResponseMetadata", .object(JSONObject(uniqueMembers: [JSONObject.Member(key: "RequestId", value: .string(requestId))]))),
            ]
        }
    }

    /// ASCII case-insensitive order of header names (as `lowercased()` compares them, without copies).
    static func caseInsensitiveLess(_ a: String, _ b: String) -> Bool {
        func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
        var i = a.utf8.makeIterator(), j = b.utf8.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): if lower(x) != lower(y) { return lower(x) < lower(y) }
            }
        }
    }
}
