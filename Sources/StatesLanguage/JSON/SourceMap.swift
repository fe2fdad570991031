/// Where each value and member key of a parsed document starts in its text, looked up by JSON pointer.
///
/// The parser only records offsets in document order (cheap); the pointer index is built the first
/// time a position is asked for, which happens only when there is a diagnostic to print.
public final class SourceMap: @unchecked Sendable {
    private let value: JSONValue
    private let preorderOffsets: [Int]
    private let bytes: [UInt8]
    private var lineTable: LineTable?
    private var valueOffsets: [JSONPointer: Int] = [:]
    private var keyOffsets: [JSONPointer: Int] = [:]
    private var indexed = false
    private let lock = _Lock()

    init(value: JSONValue, bytes: [UInt8], preorderOffsets: [Int]) {
        self.value = value
        self.preorderOffsets = preorderOffsets
        self.bytes = bytes
    }

    /// The position of the value at `pointer`, or of its member key when `key` is true and the value
    /// is an object member. Falls back to the nearest enclosing value that exists.
    public func position(of pointer: JSONPointer, key: Bool = false) -> SourcePosition? {
        let lines = lock.withLock { () -> LineTable in
            buildIndexIfNeeded()
            if lineTable == nil { lineTable = LineTable(bytes) }
            return lineTable ?? LineTable(bytes)
        }
        var current: JSONPointer? = pointer
        var wantKey = key
        while let p = current {
            if wantKey, let offset = keyOffsets[p] { return lines.position(ofOffset: offset) }
            if let offset = valueOffsets[p] { return lines.position(ofOffset: offset) }
            // A missing member is reported at its would-be parent object.
            current = p.parent
            wantKey = false
        }
        return nil
    }

    private func buildIndexIfNeeded() {
        guard !indexed else { return }
        indexed = true
        var cursor = 0
        walk(value, at: .root, cursor: &cursor)
    }

    private func walk(_ value: JSONValue, at pointer: JSONPointer, cursor: inout Int) {
        guard cursor < preorderOffsets.count else { return }
        valueOffsets[pointer] = preorderOffsets[cursor]
        cursor += 1
        switch value {
        case .object(let object):
            for member in object {
                guard cursor < preorderOffsets.count else { return }
                let child = pointer.appending(member.key)
                keyOffsets[child] = preorderOffsets[cursor]
                cursor += 1
                walk(member.value, at: child, cursor: &cursor)
            }
        case .array(let array):
            for (i, element) in array.enumerated() {
                walk(element, at: pointer.appending(i), cursor: &cursor)
            }
        default:
            break
        }
    }
}
