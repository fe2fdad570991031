/// Text prepared for the path and intrinsic parsers: Unicode scalars to scan by index, and the
/// UTF-8 bytes to cut substrings from without rebuilding them scalar by scalar.
struct ScalarText {
    let scalars: [Unicode.Scalar]
    private let utf8: [UInt8]
    /// Byte offset of each scalar (one extra entry for the end); `nil` when the text is ASCII, where
    /// scalar and byte offsets coincide.
    private let byteOffsets: [Int]?

    init(_ text: String) {
        let utf8 = Array(text.utf8)
        self.utf8 = utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            scalars = utf8.map { Unicode.Scalar($0) }
            byteOffsets = nil
        } else {
            var scalars: [Unicode.Scalar] = []
            var offsets: [Int] = []
            var offset = 0
            for scalar in text.unicodeScalars {
                scalars.append(scalar)
                offsets.append(offset)
                offset += UTF8.width(scalar)
            }
            offsets.append(offset)
            self.scalars = scalars
            byteOffsets = offsets
        }
    }

    /// The substring made of the scalars in `range`.
    func string(_ range: Range<Int>) -> String {
        let lower = byteOffsets?[range.lowerBound] ?? range.lowerBound
        let upper = byteOffsets?[range.upperBound] ?? range.upperBound
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}

/// A parser's position in a ``ScalarText``.
protocol ScalarCursor {
    var scalars: [Unicode.Scalar] { get }
    var index: Int { get }
}

extension ScalarCursor {
    /// The scalar `ahead` places after the cursor, or `nil` past the end.
    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let i = index + ahead
        return i < scalars.count ? scalars[i] : nil
    }
}
