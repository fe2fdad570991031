import Foundation

/// An XPath integer picture (`$formatInteger`, `$parseInteger`, and the components of date
/// pictures): decimal digit patterns with grouping separators, `a`/`A` letters, `i`/`I` Roman
/// numerals, `w`/`W`/`Ww` words, and the `;o` ordinal modifier.
struct IntegerPicture {
    enum Primary { case decimal, letters, roman, words, sequence }
    enum Case { case lower, upper, title }

    var primary: Primary = .decimal
    var letterCase: Case = .lower
    var ordinal = false
    var zeroCode: UInt32 = 0x30
    var mandatoryDigits = 0
    var optionalDigits = 0
    /// Regular grouping: every `position` digits.
    var regular: (position: Int, character: String)?
    var separators: [(position: Int, character: String)] = []
    var token = ""

    static let decimalGroups: [UInt32] = [0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
                                          0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
                                          0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10]

    /// The picture `1`: plain decimal digits.
    static let plain: IntegerPicture = {
        var p = IntegerPicture(unchecked: ())
        p.mandatoryDigits = 1
        return p
    }()

    private init(unchecked: Void) {}

    init(_ picture: String) throws(JSONataError) {
        var primaryFormat = picture
        if let semicolon = picture.lastIndex(of: ";") {
            primaryFormat = String(picture[..<semicolon])
            let modifier = picture[picture.index(after: semicolon)...]
            if modifier.first == "o" { ordinal = true }
        }
        switch primaryFormat {
        case "A": letterCase = .upper; primary = .letters
        case "a": primary = .letters
        case "I": letterCase = .upper; primary = .roman
        case "i": primary = .roman
        case "W": letterCase = .upper; primary = .words
        case "Ww": letterCase = .title; primary = .words
        case "w": primary = .words
        default:
            var zero: UInt32? = nil
            var position = 0
            var found: [(position: Int, character: String)] = []
            for u in primaryFormat.unicodeScalars.reversed() {
                if let group = Self.decimalGroups.first(where: { u.value >= $0 && u.value <= $0 + 9 }) {
                    mandatoryDigits += 1
                    position += 1
                    if zero == nil { zero = group } else if zero != group {
                        throw JSONataError("D3131", "In a decimal digit pattern, all digits must be from the same decimal group")
                    }
                } else if u == "#" {
                    position += 1
                    optionalDigits += 1
                } else {
                    found.append((position, String(u)))
                }
            }
            if mandatoryDigits > 0 {
                primary = .decimal
                zeroCode = zero ?? 0x30
                if let r = Self.regularSeparator(found) { regular = r } else { separators = found }
            } else {
                primary = .sequence
                token = primaryFormat
            }
        }
    }

    static func regularSeparator(_ separators: [(position: Int, character: String)]) -> (position: Int, character: String)? {
        guard let first = separators.first else { return nil }
        guard separators.allSatisfy({ $0.character == first.character }) else { return nil }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let positions = separators.map(\.position)
        let factor = positions.reduce(positions[0], gcd)
        guard factor > 0 else { return nil }
        for i in 1...positions.count where !positions.contains(i * factor) { return nil }
        return (factor, first.character)
    }

    /// Formats `value` (rounded down to an integer).
    func format(_ value: Double) throws(JSONataError) -> String {
        let floored = value.rounded(.down)
        let negative = floored < 0
        let magnitude = abs(floored)
        var text: String
        switch primary {
        case .letters:
            text = Self.letters(magnitude, upper: letterCase == .upper)
        case .roman:
            text = Self.roman(magnitude)
            if letterCase == .upper { text = text.uppercased() }
        case .words:
            text = Self.words(magnitude, ordinal: ordinal)
            if letterCase == .upper { text = text.uppercased() } else if letterCase == .lower { text = text.lowercased() }
        case .decimal:
            var digits = magnitude < 1e21 ? String(format: "%.0f", magnitude) : JSONataEvaluator.Machine.numberText(magnitude)
            if mandatoryDigits > digits.count { digits = String(repeating: "0", count: mandatoryDigits - digits.count) + digits }
            if zeroCode != 0x30 {
                var mapped = String.UnicodeScalarView()
                for u in digits.unicodeScalars {
                    if let d = u.properties.numericType, d == .decimal, let s = Unicode.Scalar(u.value - 0x30 + zeroCode) { mapped.append(s) } else { mapped.append(u) }
                }
                digits = String(mapped)
            }
            var chars = digits.unicodeScalars.map { String($0) }
            if let regular {
                let n = (chars.count - 1) / regular.position
                if n > 0 {
                    for i in stride(from: n, to: 0, by: -1) {
                        let at = chars.count - i * regular.position
                        chars.insert(regular.character, at: at)
                    }
                }
            } else {
                for separator in separators.reversed() {
                    let at = chars.count - separator.position
                    if at >= 0 && at <= chars.count { chars.insert(separator.character, at: at) }
                }
            }
            text = chars.joined()
            if ordinal {
                let last = text.last
                var suffix: String
                switch last {
                case "1": suffix = "st"
                case "2": suffix = "nd"
                case "3": suffix = "rd"
                default: suffix = "th"
                }
                if text.count > 1, text.dropLast().last == "1" { suffix = "th" }
                text += suffix
            }
        case .sequence:
            throw JSONataError("D3130", "Formatting or parsing an integer as a sequence starting with \(token) is not supported by this implementation")
        }
        return negative ? "-" + text : text
    }

    /// Reads `text` written in this picture.
    func parse(_ text: String) throws(JSONataError) -> Double? {
        switch primary {
        case .letters:
            let a: UInt32 = letterCase == .upper ? 0x41 : 0x61
            var value = 0.0
            for (i, u) in text.unicodeScalars.reversed().enumerated() { value += Double(Int(u.value) - Int(a) + 1) * pow(26, Double(i)) }
            return value
        case .roman:
            return Self.fromRoman(text.uppercased())
        case .words:
            return Self.fromWords(text.lowercased())
        case .decimal:
            var digits = text
            if ordinal { digits = String(digits.dropLast(2)) }
            if regular != nil {
                digits = digits.replacingOccurrences(of: ",", with: "")
            } else {
                for s in separators { digits = digits.replacingOccurrences(of: s.character, with: "") }
            }
            if zeroCode != 0x30 {
                var mapped = String.UnicodeScalarView()
                for u in digits.unicodeScalars {
                    if u.value >= zeroCode && u.value <= zeroCode + 9, let s = Unicode.Scalar(u.value - zeroCode + 0x30) { mapped.append(s) } else { mapped.append(u) }
                }
                digits = String(mapped)
            }
            let leading = digits.prefix { $0.isASCII && $0.isNumber }
            return leading.isEmpty ? nil : Double(leading)
        case .sequence:
            throw JSONataError("D3130", "Formatting or parsing an integer as a sequence starting with \(token) is not supported by this implementation")
        }
    }

    static func letters(_ value: Double, upper: Bool) -> String {
        var v = Int(saturating: value, within: 0...1_000_000_000_000_000)
        var out: [Character] = []
        let a = upper ? 65 : 97
        while v > 0 {
            out.insert(Character(Unicode.Scalar(UInt8((v - 1) % 26 + a))), at: 0)
            v = (v - 1) / 26
        }
        return String(out)
    }

    static let romanNumerals: [(Int, String)] = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                                                 (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]

    static func roman(_ value: Double) -> String {
        var v = Int(saturating: value, within: 0...1_000_000)
        var out = ""
        for (n, s) in romanNumerals {
            while v >= n { out += s; v -= n }
        }
        return out
    }

    static func fromRoman(_ text: String) -> Double {
        let values: [Character: Int] = ["M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1]
        var decimal = 0
        var maximum = 1
        for c in text.reversed() {
            let v = values[c] ?? 0
            if v < maximum { decimal -= v } else { maximum = v; decimal += v }
        }
        return Double(decimal)
    }

    static let few = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
                      "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"]
    static let ordinals = ["Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
                           "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    static func words(_ value: Double, ordinal: Bool) -> String {
        func lookup(_ num: Double, _ prev: Bool, _ ord: Bool) -> String {
            var words = ""
            if num <= 19 {
                words = (prev ? " and " : "") + (ord ? ordinals[Int(num)] : few[Int(num)])
            } else if num < 100 {
                let tens = Int(num / 10), remainder = Int(num) % 10
                words = (prev ? " and " : "") + decades[tens - 2]
                if remainder > 0 {
                    words += "-" + lookup(Double(remainder), false, ord)
                } else if ord {
                    words = String(words.dropLast()) + "ieth"
                }
            } else if num < 1000 {
                let hundreds = Int(num / 100), remainder = Int(num) % 100
                words = (prev ? ", " : "") + few[hundreds] + " Hundred"
                if remainder > 0 {
                    words += lookup(Double(remainder), true, ord)
                } else if ord {
                    words += "th"
                }
            } else {
                var mag = Int((log10(num) / 3).rounded(.down))
                if mag > magnitudes.count { mag = magnitudes.count }
                let factor = pow(10, Double(mag * 3))
                let mant = (num / factor).rounded(.down)
                let remainder = num - mant * factor
                words = (prev ? ", " : "") + lookup(mant, false, false) + " " + magnitudes[mag - 1]
                if remainder > 0 {
                    words += lookup(remainder, true, ord)
                } else if ord {
                    words += "th"
                }
            }
            return words
        }
        return lookup(value, false, ordinal)
    }

    static let wordValues: [String: Double] = {
        var values: [String: Double] = [:]
        for (i, w) in few.enumerated() { values[w.lowercased()] = Double(i) }
        for (i, w) in ordinals.enumerated() { values[w.lowercased()] = Double(i) }
        for (i, w) in decades.enumerated() {
            let l = w.lowercased()
            values[l] = Double((i + 2) * 10)
            values[String(l.dropLast()) + "ieth"] = Double((i + 2) * 10)
        }
        values["hundredth"] = 100
        for (i, w) in magnitudes.enumerated() {
            let l = w.lowercased()
            values[l] = pow(10, Double((i + 1) * 3))
            values[l + "th"] = pow(10, Double((i + 1) * 3))
        }
        return values
    }()

    static func fromWords(_ text: String) -> Double {
        // Split on ", ", " and ", whitespace and hyphens.
        let normalised = text.replacingOccurrences(of: ", ", with: " ").replacingOccurrences(of: " and ", with: " ")
        let parts = normalised.split(whereSeparator: { $0 == " " || $0 == "-" || $0.isWhitespace }).map(String.init)
        var segments: [Double] = [0]
        for part in parts {
            let value = wordValues[part] ?? .nan
            if value < 100 {
                var top = segments.popLast() ?? 0
                if top >= 1000 {
                    segments.append(top)
                    top = 0
                }
                segments.append(top + value)
            } else {
                segments.append((segments.popLast() ?? 0) * value)
            }
        }
        return segments.reduce(0, +)
    }
}

/// An XPath decimal-format picture (`$formatNumber`).
enum NumberPicture {
    struct Parts {
        var prefix = "", suffix = "", active = "", mantissa = "", integer = "", fraction = ""
        var exponent: String?
        var picture = ""
    }

    struct Analysis {
        var integerGroups: [Int] = []
        var regularGrouping = 0
        var minimumInteger = 0
        var scalingFactor = 0
        var prefix = ""
        var fractionGroups: [Int] = []
        var minimumFraction = 0
        var maximumFraction = 0
        var minimumExponent = 0
        var suffix = ""
        var picture = ""
    }

    static func format(_ value: Double, picture: String, options: [String: String]) throws(JSONataError) -> String {
        var p: [String: String] = [
            "decimal-separator": ".", "grouping-separator": ",", "exponent-separator": "e", "infinity": "Infinity",
            "minus-sign": "-", "NaN": "NaN", "percent": "%", "per-mille": "\u{2030}", "zero-digit": "0", "digit": "#",
            "pattern-separator": ";",
        ]
        for (k, v) in options { p[k] = v }
        func ch(_ key: String) -> Character { p[key]?.first ?? " " }
        let decimalSeparator = ch("decimal-separator"), groupingSeparator = ch("grouping-separator")
        let exponentSeparator = ch("exponent-separator"), digit = ch("digit"), patternSeparator = ch("pattern-separator")
        let percent = ch("percent"), perMille = ch("per-mille"), minus = p["minus-sign"] ?? "-"
        let zero = ch("zero-digit")
        let zeroValue = zero.unicodeScalars.first?.value ?? 0x30
        let family: [Character] = (0..<10).compactMap { Unicode.Scalar(zeroValue + UInt32($0)).map(Character.init) }
        let active: Set<Character> = Set(family + [decimalSeparator, exponentSeparator, groupingSeparator, digit, patternSeparator])

        let subPictures = picture.split(separator: patternSeparator, omittingEmptySubsequences: false).map(String.init)
        if subPictures.count > 2 { throw JSONataError("D3080", "The picture string must not contain more than one instance of the pattern-separator character") }

        func split(_ sub: String) -> Parts {
            let chars = Array(sub)
            var parts = Parts()
            parts.picture = sub
            var prefixEnd = chars.count
            for (i, c) in chars.enumerated() where active.contains(c) && c != exponentSeparator { prefixEnd = i; break }
            var suffixStart = prefixEnd
            for i in stride(from: chars.count - 1, through: 0, by: -1) where active.contains(chars[i]) && chars[i] != exponentSeparator {
                suffixStart = i + 1
                break
            }
            if suffixStart < prefixEnd { suffixStart = prefixEnd }
            parts.prefix = String(chars[..<prefixEnd])
            parts.suffix = String(chars[suffixStart...])
            let activeChars = Array(chars[prefixEnd..<suffixStart])
            parts.active = String(activeChars)
            // The exponent separator, when it sits between active characters.
            var exponentPosition: Int? = nil
            if let e = chars[prefixEnd...].firstIndex(of: exponentSeparator), e < suffixStart { exponentPosition = e - prefixEnd }
            if let e = exponentPosition {
                parts.mantissa = String(activeChars[..<e])
                parts.exponent = String(activeChars[(e + 1)...])
            } else {
                parts.mantissa = parts.active
            }
            if let d = parts.mantissa.firstIndex(of: decimalSeparator) {
                parts.integer = String(parts.mantissa[..<d])
                parts.fraction = String(parts.mantissa[parts.mantissa.index(after: d)...])
            } else {
                parts.integer = parts.mantissa
                parts.fraction = parts.suffix
            }
            return parts
        }

        func validate(_ parts: Parts) throws(JSONataError) {
            var error: String? = nil
            let sub = Array(parts.picture)
            let decimals = sub.indices.filter { sub[$0] == decimalSeparator }
            if decimals.count > 1 { error = "D3081" }
            if sub.filter({ $0 == percent }).count > 1 { error = "D3082" }
            if sub.filter({ $0 == perMille }).count > 1 { error = "D3083" }
            if sub.contains(percent) && sub.contains(perMille) { error = "D3084" }
            if !parts.mantissa.contains(where: { family.contains($0) || $0 == digit }) { error = "D3085" }
            if parts.active.contains(where: { !active.contains($0) }) { error = "D3086" }
            if let d = decimals.first {
                if (d > 0 && sub[d - 1] == groupingSeparator) || (d + 1 < sub.count && sub[d + 1] == groupingSeparator) { error = "D3087" }
            } else if parts.integer.last == groupingSeparator {
                error = "D3088"
            }
            if parts.picture.contains(String([groupingSeparator, groupingSeparator])) { error = "D3089" }
            if let o = parts.integer.firstIndex(of: digit), parts.integer[..<o].contains(where: { family.contains($0) }) { error = "D3090" }
            if let o = parts.fraction.lastIndex(of: digit), parts.fraction[o...].contains(where: { family.contains($0) }) { error = "D3091" }
            if let e = parts.exponent {
                if !e.isEmpty && (sub.contains(percent) || sub.contains(perMille)) { error = "D3092" }
                if e.isEmpty || e.contains(where: { !family.contains($0) }) { error = "D3093" }
            }
            if let error { throw JSONataError(error, "The picture string \(parts.picture) is not valid (\(error))") }
        }

        func analyse(_ parts: Parts) -> Analysis {
            func groupingPositions(_ part: String, toLeft: Bool) -> [Int] {
                var out: [Int] = []
                let chars = Array(part)
                let integerChars = Array(parts.integer)
                var position = chars.firstIndex(of: groupingSeparator)
                while let g = position {
                    let slice = toLeft ? chars[..<g] : chars[g...]
                    out.append(slice.filter { family.contains($0) || $0 == digit }.count)
                    position = integerChars.indices.first { $0 > g && integerChars[$0] == groupingSeparator }
                }
                return out
            }
            var a = Analysis()
            a.integerGroups = groupingPositions(parts.integer, toLeft: false)
            if !a.integerGroups.isEmpty {
                func gcd(_ x: Int, _ y: Int) -> Int { y == 0 ? x : gcd(y, x % y) }
                let factor = a.integerGroups.reduce(a.integerGroups[0], gcd)
                a.regularGrouping = factor
                for i in 1...a.integerGroups.count where !a.integerGroups.contains(i * factor) { a.regularGrouping = 0 }
            }
            a.fractionGroups = groupingPositions(parts.fraction, toLeft: true)
            a.minimumInteger = parts.integer.filter { family.contains($0) }.count
            a.scalingFactor = a.minimumInteger
            a.minimumFraction = parts.fraction.filter { family.contains($0) }.count
            a.maximumFraction = parts.fraction.filter { family.contains($0) || $0 == digit }.count
            let exponentPresent = parts.exponent != nil
            if a.minimumInteger == 0 && a.maximumFraction == 0 {
                if exponentPresent {
                    a.minimumFraction = 1
                    a.maximumFraction = 1
                } else {
                    a.minimumInteger = 1
                }
            }
            if exponentPresent && a.minimumInteger == 0 && parts.integer.contains(digit) { a.minimumInteger = 1 }
            if a.minimumInteger == 0 && a.minimumFraction == 0 { a.minimumFraction = 1 }
            if let e = parts.exponent { a.minimumExponent = e.filter { family.contains($0) }.count }
            a.prefix = parts.prefix
            a.suffix = parts.suffix
            a.picture = parts.picture
            return a
        }

        let parts = subPictures.map(split)
        for part in parts { try validate(part) }
        var analyses = parts.map(analyse)
        if analyses.count == 1 {
            var negative = analyses[0]
            negative.prefix = minus + negative.prefix
            analyses.append(negative)
        }
        let pic = value >= 0 ? analyses[0] : analyses[1]
        var adjusted = value
        if pic.picture.contains(percent) { adjusted = value * 100 } else if pic.picture.contains(perMille) { adjusted = value * 1000 }
        var mantissa = adjusted
        var exponent: Int? = nil
        if pic.minimumExponent != 0 {
            let maxMantissa = pow(10, Double(pic.scalingFactor)), minMantissa = pow(10, Double(pic.scalingFactor - 1))
            var e = 0
            if mantissa != 0 {
                while mantissa < minMantissa { mantissa *= 10; e -= 1 }
                while mantissa > maxMantissa { mantissa /= 10; e += 1 }
            }
            exponent = e
        }
        let rounded = JSONataEvaluator.round(mantissa, pic.maximumFraction)
        func makeString(_ v: Double, _ places: Int) -> String {
            var s = String(format: "%.\(places)f", abs(v))
            if zero != "0" {
                s = String(s.map { c in c.isASCII && c.isNumber ? family[Int(c.asciiValue! - 48)] : c })
            }
            return s
        }
        var s = Array(makeString(rounded, pic.maximumFraction))
        if let dot = s.firstIndex(of: ".") { s[dot] = decimalSeparator } else { s.append(decimalSeparator) }
        while s.first == zero { s.removeFirst() }
        while s.last == zero { s.removeLast() }
        var decimalPosition = s.firstIndex(of: decimalSeparator) ?? s.count
        let padLeft = pic.minimumInteger - decimalPosition
        let padRight = pic.minimumFraction - (s.count - decimalPosition - 1)
        if padLeft > 0 { s = Array(repeating: zero, count: padLeft) + s }
        if padRight > 0 { s += Array(repeating: zero, count: padRight) }
        decimalPosition = s.firstIndex(of: decimalSeparator) ?? s.count
        if pic.regularGrouping > 0 {
            let groups = (decimalPosition - 1) / pic.regularGrouping
            if groups >= 1 {
                for g in 1...groups { s.insert(groupingSeparator, at: decimalPosition - g * pic.regularGrouping) }
            }
        } else {
            for position in pic.integerGroups where decimalPosition - position >= 0 {
                s.insert(groupingSeparator, at: decimalPosition - position)
                decimalPosition += 1
            }
        }
        decimalPosition = s.firstIndex(of: decimalSeparator) ?? s.count
        for position in pic.fractionGroups where position + decimalPosition + 1 <= s.count {
            s.insert(groupingSeparator, at: position + decimalPosition + 1)
        }
        decimalPosition = s.firstIndex(of: decimalSeparator) ?? s.count
        if pic.maximumFraction == 0 || decimalPosition == s.count - 1 { s.removeLast() }
        var text = String(s)
        if let exponent {
            var e = makeString(Double(exponent), 0)
            if pic.minimumExponent > e.count { e = String(repeating: zero, count: pic.minimumExponent - e.count) + e }
            text += String(exponentSeparator) + (exponent < 0 ? minus : "") + e
        }
        return pic.prefix + text + pic.suffix
    }
}
