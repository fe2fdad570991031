/// A place in a text: 1-based line and column (columns count Unicode scalars), and the byte offset.
public struct SourcePosition: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }
}

extension SourcePosition: CustomStringConvertible {
    public var description: String { "\(line):\(column)" }
}

/// Converts byte offsets in a UTF-8 text to line and column.
public struct LineTable: Sendable {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// The position of a byte offset (clamped to the text).
    public func position(ofOffset offset: Int) -> SourcePosition {
        let offset = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        var column = 1
        var i = start
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // An offset inside a multi-byte scalar counts as that scalar.
        if offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { column -= 1 }
        return SourcePosition(line: low + 1, column: column, offset: offset)
    }
}
