/// A JSON object whose members keep their order. Keys are unique.
///
/// Lookups scan the members, which is fastest for the small objects ASL is made of; objects with
/// many members build a key index on first use.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The member's key.
        public var key: String
        /// The member's value.
        public var value: JSONValue
        /// Makes a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in their written order; keys are unique.
    public private(set) var members: [Member]

    /// Creates an empty object.
    public init() { members = [] }

    /// Creates an object from members whose keys are known to be unique.
    public init(uniqueMembers: [Member]) { members = uniqueMembers }

    /// Creates an object from key-value pairs whose keys are known to be distinct (no lookups).
    public init(distinctPairs pairs: [(String, JSONValue)]) {
        members = pairs.map { Member(key: $0.0, value: $0.1) }
    }

    /// Creates an object from key-value pairs; a repeated key keeps its last value at its first position.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        members = []
        members.reserveCapacity(pairs.underestimatedCount)
        for (key, value) in pairs { self[key] = value }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// Makes room for `count` members.
    public mutating func reserveCapacity(_ count: Int) { members.reserveCapacity(count) }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The index of the member with `key`.
    public func index(forKey key: String) -> Int? {
        let length = key.utf8.count
        for i in members.indices where JSONObject.sameKey(members[i].key, key, length) { return i }
        return nil
    }

    /// JSON key equality: the same code points (Swift's `==` would also equate canonically equivalent
    /// strings such as "é" and "e\u{301}", which JSON keeps apart). The length check first keeps
    /// lookups cheap.
    @inline(__always)
    static func sameKey(_ a: String, _ b: String, _ bLength: Int) -> Bool {
        guard a.utf8.count == bLength else { return false }
        // Both usually have their bytes in one piece: compare them as bytes.
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                for i in 0..<bLength where x[i] != y[i] { return false }
                return true
            }
        }
        if let compared, let same = compared { return same }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Gets or sets the value for `key`. Setting `nil` removes the member; setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            index(forKey: key).map { members[$0].value }
        }
        set {
            if let i = index(forKey: key) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Appends a member without checking for an existing key (callers guarantee uniqueness).
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }
}
