/// A place in a text: 1-based line and column (columns count Unicode scalars), and the byte offset.
public struct SourcePosition: Sendable, Hashable, Comparable {
    /// The line, counted from 1.
    public var line: Int
    /// The column, counted from 1 in Unicode scalars.
    public var column: Int
    /// The byte offset from the start of the text, counted from 0.
    public var offset: Int

    /// Makes a position.
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
///
/// Each lookup costs a binary search over the lines plus at most 256 bytes (the checkpoint stride), so that
/// many lookups in one long line (a minified definition) stay linear overall.
public struct LineTable: Sendable {
    private let bytes: [UInt8]
    private let lineStarts: [Int]
    /// `continuationsBefore[k]`: how many UTF-8 continuation bytes precede offset `k * checkpointStride`.
    private let continuationsBefore: [Int]
    static let checkpointStride = 256

    /// Indexes the line starts of `bytes` (UTF-8 text).
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var checkpoints = [0]
        checkpoints.reserveCapacity(bytes.count / LineTable.checkpointStride + 1)
        var continuations = 0
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\n") { starts.append(i + 1) }
            if b & 0xC0 == 0x80 { continuations += 1 }
            if (i + 1) % LineTable.checkpointStride == 0 { checkpoints.append(continuations) }
        }
        self.lineStarts = starts
        self.continuationsBefore = checkpoints
    }

    /// How many continuation bytes precede `offset`.
    private func continuations(before offset: Int) -> Int {
        let checkpoint = offset / LineTable.checkpointStride
        var count = continuationsBefore[checkpoint]
        var i = checkpoint * LineTable.checkpointStride
        while i < offset {
            if bytes[i] & 0xC0 == 0x80 { count += 1 }
            i += 1
        }
        return count
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
        // Columns count scalars: every byte that does not continue a scalar starts one.
        var column = 1 + (offset - start) - (continuations(before: offset) - continuations(before: start))
        // An offset inside a multi-byte scalar counts as that scalar.
        if offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { column -= 1 }
        return SourcePosition(line: low + 1, column: column, offset: offset)
    }
}
