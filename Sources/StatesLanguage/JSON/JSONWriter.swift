/// Writes ``JSONValue``s as JSON text.
public enum JSONWriter {
    /// How the text is laid out.
    public enum Style: Sendable, Hashable {
        /// No whitespace; members in their order.
        case compact
        /// Two-space indentation, `"key": value`, one member or element per line, empty containers as `{}`/`[]`.
        case pretty
        /// Like compact, with object members sorted by key (Unicode scalar order) and numbers in
        /// normalised form, so that equal JSON values always give the same bytes.
        case canonical
    }

    /// The JSON text of `value`.
    public static func string(_ value: JSONValue, style: Style = .compact) -> String {
        String(decoding: bytes(value, style: style), as: UTF8.self)
    }

    /// The UTF-8 JSON text of `value`.
    public static func bytes(_ value: JSONValue, style: Style = .compact) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, style: style, indent: 0, into: &out)
        if style == .pretty { out.append(0x0A) }
        return out
    }

    static func write(_ value: JSONValue, style: Style, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            out.append(contentsOf: (style == .canonical ? canonicalNumber(n) : n.text).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if style == .pretty { newline(indent + 1, &out) }
                write(element, style: style, indent: indent + 1, into: &out)
            }
            if style == .pretty { newline(indent, &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            let members = style == .canonical
                ? object.members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
                : object.members
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if style == .pretty { newline(indent + 1, &out) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if style == .pretty { out.append(0x20) }
                write(member.value, style: style, indent: indent + 1, into: &out)
            }
            if style == .pretty { newline(indent, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 256)

    @inline(__always)
    static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        var remaining = indent * 2
        while remaining > 0 {
            let n = min(remaining, spaces.count)
            out.append(contentsOf: spaces[0..<n])
            remaining -= n
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)

    /// Writes a string with the minimal escaping JSON requires: `"`, `\` and control characters
    /// (`\n`-style where JSON has one, else `\u00xx`; `upperCaseHex` gives `\u001F`, as Jackson
    /// writes it). Runs of bytes that need no escape are copied at once.
    package static func writeString(_ s: String, into out: inout [UInt8], upperCaseHex: Bool = false) {
        let hexDigits = upperCaseHex ? upperHexDigits : hexDigits
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default:
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Integers keep their digits (without `-0`); other numbers take the shortest round-trip form.
    static func canonicalNumber(_ n: JSONNumber) -> String {
        if n.isIntegerLiteral { return n.text == "-0" ? "0" : n.text }
        return JSONNumber.format(n.doubleValue)
    }
}
