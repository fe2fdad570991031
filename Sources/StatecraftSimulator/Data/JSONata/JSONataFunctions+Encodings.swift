import Foundation
import StatesLanguage

extension JSONataEvaluator {
    // MARK: Encodings: Base64 and URLs

    static func registerEncodings(_ r: inout Registry) {
        r.define("base64encode", "<s-:s>") { a, _ in
            stringArgument(a, 0).map { .string(Data($0.utf8).base64EncodedString()) }
        }
        r.define("base64decode", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            var text = s.filter { !$0.isWhitespace }
            while text.count % 4 != 0 { text += "=" }
            guard let data = Data(base64Encoded: text) else {
                throw JSONataError("D3137", "The string is not valid Base64: \(Machine.quote(s))")
            }
            return .string(String(decoding: data, as: UTF8.self))
        }
        r.define("encodeUrlComponent", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            return .string(try percentEncode(s, keeping: "-_.!~*'()"))
        }
        r.define("encodeUrl", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            return .string(try percentEncode(s, keeping: "-_.!~*'();/?:@&=+$,#"))
        }
        r.define("decodeUrlComponent", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            return .string(try percentDecode(s, reserved: ""))
        }
        r.define("decodeUrl", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            return .string(try percentDecode(s, reserved: ";/?:@&=+$,#"))
        }
    }

    static func percentEncode(_ s: String, keeping: String) throws(JSONataError) -> String {
        var out = ""
        let keep = Set(keeping.utf8)
        for u in s.unicodeScalars {
            if (0xD800...0xDFFF).contains(u.value) { throw JSONataError("D3140", "Malformed URL passed to $encodeUrl...(): \(s)") }
            let isAlnum = (u.value >= 0x30 && u.value <= 0x39) || (u.value >= 0x41 && u.value <= 0x5A) || (u.value >= 0x61 && u.value <= 0x7A)
            if isAlnum || (u.value < 0x80 && keep.contains(UInt8(u.value))) {
                out.unicodeScalars.append(u)
            } else {
                for byte in String(u).utf8 { out += String(format: "%%%02X", byte) }
            }
        }
        return out
    }

    static func percentDecode(_ s: String, reserved: String) throws(JSONataError) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        let keep = Set(reserved.utf8)
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x25 {
                guard i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else {
                    throw JSONataError("D3140", "Malformed URL passed to $decodeUrl...(): \(s)")
                }
                let byte = h * 16 + l
                if byte < 0x80 && keep.contains(byte) {
                    out += bytes[i...(i + 2)]
                } else {
                    out.append(byte)
                }
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw JSONataError("D3140", "Malformed URL passed to $decodeUrl...(): \(s)")
        }
        return text
    }
}
