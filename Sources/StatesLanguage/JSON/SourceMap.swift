/// Where each value and member key of a parsed document starts in its text, looked up by JSON pointer.
///
/// The parser only records offsets in document order (cheap): one slot per value and one per member
/// key, in preorder. The first lookup measures every subtree once; each lookup then walks down the
/// pointer, finding each child's slot from the sizes of its earlier siblings (kept per container once
/// asked for) and each member by name (hashed in large objects). Locating many diagnostics in a large
/// document costs time linear in its size, not in its size times the number of diagnostics.
public final class SourceMap: @unchecked Sendable {
    private let value: JSONValue
    private let preorderOffsets: [Int]
    private let bytes: [UInt8]
    private var lineTable: LineTable?
    /// For each slot, how many slots its subtree spans (1 for keys and scalars).
    private var sizes: [Int] = []
    /// For each container slot asked about, the value slot of each child in order.
    private var childSlots: [Int: [Int]] = [:]
    /// For each large object asked about, the position of each member by key.
    private var memberPositions: [Int: [ExactKey: Int]] = [:]
    private let lock = CacheLock()

    /// Objects with more members than this find a key by hashing rather than by scanning.
    static let scanLimit = 16

    init(value: JSONValue, bytes: [UInt8], preorderOffsets: [Int]) {
        self.value = value
        self.preorderOffsets = preorderOffsets
        self.bytes = bytes
    }

    /// The position of the value at `pointer`, or of its member key when `key` is true and the value
    /// is an object member. Falls back to the nearest enclosing value that exists.
    public func position(of pointer: JSONPointer, key: Bool = false) -> SourcePosition? {
        lock.withLock { () -> SourcePosition? in
            if lineTable == nil {
                lineTable = LineTable(bytes)
                sizes = [Int](repeating: 1, count: preorderOffsets.count)
                var cursor = 0
                measure(value, cursor: &cursor)
            }
            guard let lines = lineTable else { return nil }
            var node = value
            var slot = 0
            var keySlot: Int?
            var complete = true
            walk: for token in pointer.tokens {
                switch node {
                case .object(let object):
                    guard let position = memberPosition(of: token, in: object, at: slot) else { complete = false; break walk }
                    let child = children(of: node, at: slot)[position]
                    keySlot = child - 1
                    slot = child
                    node = object[position].value
                case .array(let array):
                    guard let index = Int(token), index >= 0, index < array.count, String(index) == token else { complete = false; break walk }
                    slot = children(of: node, at: slot)[index]
                    keySlot = nil
                    node = array[index]
                default:
                    complete = false
                    break walk
                }
            }
            // A missing member is reported at its would-be parent object.
            let chosen = key && complete ? (keySlot ?? slot) : slot
            guard chosen < preorderOffsets.count else { return nil }
            return lines.position(ofOffset: preorderOffsets[chosen])
        }
    }

    /// Records the size of every subtree; returns nothing, advances `cursor` past `value`'s slots.
    private func measure(_ value: JSONValue, cursor: inout Int) {
        let start = cursor
        cursor += 1
        switch value {
        case .object(let object):
            for member in object {
                cursor += 1  // the key
                measure(member.value, cursor: &cursor)
            }
        case .array(let array):
            for element in array { measure(element, cursor: &cursor) }
        default:
            break
        }
        if start < sizes.count { sizes[start] = cursor - start }
    }

    /// The value slots of a container's children, computed once per container.
    private func children(of node: JSONValue, at slot: Int) -> [Int] {
        if let known = childSlots[slot] { return known }
        var slots: [Int] = []
        var next = slot + 1
        switch node {
        case .object(let object):
            slots.reserveCapacity(object.count)
            for _ in object.members {
                let valueSlot = next + 1
                slots.append(valueSlot)
                next = valueSlot + (valueSlot < sizes.count ? sizes[valueSlot] : 1)
            }
        case .array(let array):
            slots.reserveCapacity(array.count)
            for _ in array {
                slots.append(next)
                next += next < sizes.count ? sizes[next] : 1
            }
        default:
            break
        }
        childSlots[slot] = slots
        return slots
    }

    /// The position of the member named `key` (code point for code point), if any.
    private func memberPosition(of key: String, in object: JSONObject, at slot: Int) -> Int? {
        guard object.count > SourceMap.scanLimit else {
            let target = ExactKey(key)
            return object.members.firstIndex { ExactKey($0.key) == target }
        }
        if let index = memberPositions[slot] { return index[ExactKey(key)] }
        var index: [ExactKey: Int] = [:]
        index.reserveCapacity(object.count)
        for (position, member) in object.members.enumerated() { index[ExactKey(member.key)] = position }
        memberPositions[slot] = index
        return index[ExactKey(key)]
    }
}
