import Foundation
import StatesLanguage

extension JSONataEvaluator {
    static func registerDates(_ r: inout Registry, clock: @escaping @Sendable () -> Date) {
        r.define("now", "<s?s?:s>") { a, call throws(JSONataError) in
            let millis = call.evaluator.nowMillis(clock)
            return .string(try DatePicture.format(millis, picture: stringArgument(a, 0), timezone: stringArgument(a, 1)))
        }
        r.define("millis", "<:n>") { _, call in .number(call.evaluator.nowMillis(clock)) }
        r.define("fromMillis", "<n-s?s?:s>") { a, _ throws(JSONataError) in
            guard let millis = numberArgument(a, 0) else { return nil }
            return .string(try DatePicture.format(millis.rounded(.down), picture: stringArgument(a, 1), timezone: stringArgument(a, 2)))
        }
        r.define("toMillis", "<s-s?:n>") { a, _ throws(JSONataError) in
            guard let text = stringArgument(a, 0) else { return nil }
            if let picture = stringArgument(a, 1) {
                return try DatePicture.parse(text, picture: picture).map { .number($0) }
            }
            guard let millis = DatePicture.parseISO(text) else {
                throw JSONataError("D3110", "The timestamp \(Machine.quote(text)) cannot be parsed as an ISO 8601 timestamp")
            }
            return .number(millis)
        }
    }
}

extension JSONataEvaluator.Machine {
    /// The time `$now()` and `$millis()` report: fixed for the whole evaluation.
    func nowMillis(_ clock: () -> Date) -> Double {
        if let now { return now }
        let value = (clock().timeIntervalSince1970 * 1000).rounded(.down)
        now = value
        return value
    }
}

/// XPath date/time pictures (`[Y0001]-[M01]-[D01]`), for `$fromMillis`, `$now` and `$toMillis`.
enum DatePicture {
    struct Width {
        var min: Int?
        var max: Int?
    }

    enum Names { case lower, upper, title }

    struct Marker {
        var component: Character
        var presentation1 = ""
        var presentation2: Character?
        var width: Width?
        var names: Names?
        var integer: IntegerPicture?
        /// For years: how many digits to keep (-1: all).
        var n = -1
    }

    enum Part {
        case literal(String)
        case marker(Marker)
    }

    static let defaults: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1", "h": "1",
        "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let days = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func analyse(_ picture: String) throws(JSONataError) -> [Part] {
        var parts: [Part] = []
        let chars = Array(picture)
        func literal(_ a: Int, _ b: Int) {
            if b > a { parts.append(.literal(String(chars[a..<b]).replacingOccurrences(of: "]]", with: "]"))) }
        }
        var start = 0, pos = 0
        while pos < chars.count {
            if chars[pos] == "[" {
                if pos + 1 < chars.count && chars[pos + 1] == "[" {
                    literal(start, pos)
                    parts.append(.literal("["))
                    pos += 2
                    start = pos
                    continue
                }
                literal(start, pos)
                start = pos
                guard let close = chars[start...].firstIndex(of: "]") else {
                    throw JSONataError("D3135", "No matching closing bracket ']' in date/time picture string")
                }
                pos = close
                let text = String(chars[(start + 1)..<pos]).filter { !$0.isWhitespace }
                guard let component = text.first else {
                    throw JSONataError("D3132", "Unknown component specifier in date/time picture string")
                }
                var marker = Marker(component: component)
                var presentation: String
                if let comma = text.lastIndex(of: ",") {
                    let widthText = text[text.index(after: comma)...]
                    func parseWidth(_ s: Substring?) -> Int? {
                        guard let s, s != "*" else { return nil }
                        return Int(s.prefix { $0.isNumber })
                    }
                    if let dash = widthText.firstIndex(of: "-") {
                        marker.width = Width(min: parseWidth(widthText[..<dash]), max: parseWidth(widthText[widthText.index(after: dash)...]))
                    } else {
                        marker.width = Width(min: parseWidth(widthText), max: nil)
                    }
                    presentation = String(text[text.index(after: text.startIndex)..<comma])
                } else {
                    presentation = String(text.dropFirst())
                }
                if presentation.count == 1 {
                    marker.presentation1 = presentation
                } else if presentation.count > 1 {
                    let last = presentation.last!
                    if "atco".contains(last) {
                        marker.presentation2 = last
                        marker.presentation1 = String(presentation.dropLast())
                    } else {
                        marker.presentation1 = presentation
                    }
                } else {
                    guard let d = defaults[component] else {
                        throw JSONataError("D3132", "Unknown component specifier \(component) in date/time picture string")
                    }
                    marker.presentation1 = d
                }
                let first = marker.presentation1.first
                if first == "n" {
                    marker.names = .lower
                } else if first == "N" {
                    marker.names = marker.presentation1.dropFirst().first == "n" ? .title : .upper
                } else if "YMDdFWwXxHhmsf".contains(component) {
                    var pattern = marker.presentation1
                    if let p2 = marker.presentation2 { pattern += ";" + String(p2) }
                    var integer = try IntegerPicture(pattern)
                    if let minimum = marker.width?.min, integer.mandatoryDigits < minimum { integer.mandatoryDigits = minimum }
                    if component == "Y" {
                        marker.n = -1
                        if let maximum = marker.width?.max {
                            marker.n = maximum
                            integer.mandatoryDigits = maximum
                        } else {
                            let w = integer.mandatoryDigits + integer.optionalDigits
                            if w >= 2 { marker.n = w }
                        }
                    }
                    marker.integer = integer
                }
                if component == "Z" || component == "z" {
                    marker.integer = try IntegerPicture(marker.presentation1)
                }
                if defaults[component] == nil {
                    throw JSONataError("D3132", "Unknown component specifier \(component) in date/time picture string")
                }
                parts.append(.marker(marker))
                start = pos + 1
            }
            pos += 1
        }
        literal(start, chars.count)
        return parts
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, UTC)

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day count since 1970-01-01 (the virtual clock's own conversion).
    static func civil(_ z: Int) -> (year: Int, month: Int, day: Int) {
        let (y, m, d) = VirtualClock.civil(fromDays: z)
        return (y, m, d)
    }

    static let dayMillis = 86_400_000.0

    /// The start (millis) of the first ISO week of a month (0-based month; the year's when month is 0).
    static func startOfFirstWeek(_ year: Int, _ month: Int) -> Double {
        var y = year, m = month
        while m > 11 { m -= 12; y += 1 }
        while m < 0 { m += 12; y -= 1 }
        let first = Double(days(year: y, month: m + 1, day: 1)) * dayMillis
        var weekday = weekdayOf(first)
        if weekday == 0 { weekday = 7 }
        return weekday > 4 ? first + Double(8 - weekday) * dayMillis : first - Double(weekday - 1) * dayMillis
    }

    /// 0 = Sunday … 6 = Saturday.
    static func weekdayOf(_ millis: Double) -> Int {
        let d = Int((millis / dayMillis).rounded(.down))
        return ((d % 7) + 7 + 4) % 7
    }

    static func component(_ c: Character, _ millis: Double) -> Double? {
        let dayNumber = Int((millis / dayMillis).rounded(.down))
        let (year, month, day) = civil(dayNumber)
        let msOfDay = millis - Double(dayNumber) * dayMillis
        let hours = Int(msOfDay / 3_600_000)
        switch c {
        case "Y": return Double(year)
        case "M": return Double(month)
        case "D": return Double(day)
        case "d": return Double(dayNumber - days(year: year, month: 1, day: 1) + 1)
        case "F":
            let w = weekdayOf(millis)
            return Double(w == 0 ? 7 : w)
        case "W":
            var start = startOfFirstWeek(year, 0)
            let following = startOfFirstWeek(year + 1, 0)
            if millis < start { start = startOfFirstWeek(year - 1, 0) } else if millis >= following { start = following }
            return ((millis - start) / (dayMillis * 7) + 1).rounded(.down)
        case "w":
            var start = startOfFirstWeek(year, month - 1)
            let following = startOfFirstWeek(year, month)
            if millis < start { start = startOfFirstWeek(year, month - 2) } else if millis >= following { start = following }
            return ((millis - start) / (dayMillis * 7) + 1).rounded(.down)
        case "X":
            if millis < startOfFirstWeek(year, 0) { return Double(year - 1) }
            if millis >= startOfFirstWeek(year + 1, 0) { return Double(year + 1) }
            return Double(year)
        case "x":
            if millis < startOfFirstWeek(year, month - 1) { return Double(month == 1 ? 12 : month - 1) }
            if millis >= startOfFirstWeek(year, month) { return Double(month == 12 ? 1 : month + 1) }
            return Double(month)
        case "H": return Double(hours)
        case "h":
            let h = hours % 12
            return Double(h == 0 ? 12 : h)
        case "m": return Double(Int(msOfDay / 60_000) % 60)
        case "s": return Double(Int(msOfDay / 1000) % 60)
        case "f": return Double(Int(msOfDay) % 1000)
        default: return nil
        }
    }

    // MARK: Formatting

    static let iso = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

    static func format(_ millis: Double, picture: String?, timezone: String?) throws(JSONataError) -> String {
        var offsetHours = 0, offsetMinutes = 0
        if let timezone {
            let digits = timezone.prefix { $0 == "+" || $0 == "-" || $0.isNumber }
            let offset = Int(digits.hasPrefix("+") ? String(digits.dropFirst()) : String(digits)) ?? 0
            offsetHours = Int((Double(offset) / 100).rounded(.down))
            offsetMinutes = offset % 100
        }
        let parts = try analyse(picture ?? iso)
        let shifted = millis + Double((60 * offsetHours + offsetMinutes) * 60 * 1000)
        guard shifted.isFinite, abs(shifted) < 8.64e15 else {
            throw JSONataError("D3110", "The number \(millis) is not a valid time in milliseconds")
        }
        var out = ""
        for part in parts {
            switch part {
            case .literal(let s): out += s
            case .marker(let m): out += try formatComponent(m, shifted, offsetHours, offsetMinutes)
            }
        }
        return out
    }

    static func formatComponent(_ m: Marker, _ millis: Double, _ offsetHours: Int, _ offsetMinutes: Int) throws(JSONataError) -> String {
        let c = m.component
        if "YMDdFWwXxHhms".contains(c) {
            var value = component(c, millis) ?? 0
            if c == "Y", m.n != -1 { value = value.truncatingRemainder(dividingBy: pow(10, Double(m.n))) }
            if let names = m.names {
                var name: String
                if c == "M" || c == "x" {
                    name = months[max(0, min(11, Int(value) - 1))]
                } else if c == "F" {
                    name = days[max(0, min(7, Int(value)))]
                } else {
                    throw JSONataError("D3133", "The component \(c) of a date/time picture cannot be represented as a name")
                }
                if names == .upper { name = name.uppercased() } else if names == .lower { name = name.lowercased() }
                if let maximum = m.width?.max, name.count > maximum { name = String(name.prefix(maximum)) }
                return name
            }
            let integer = m.integer ?? IntegerPicture.plain
            return try integer.format(value)
        }
        switch c {
        case "f":
            let integer = m.integer ?? IntegerPicture.plain
            return try integer.format(component("f", millis) ?? 0)
        case "Z", "z":
            let offset = offsetHours * 100 + offsetMinutes
            guard let integer = m.integer else { return "" }
            var text: String
            if integer.regular != nil {
                text = try integer.format(Double(offset))
            } else {
                let digits = integer.mandatoryDigits
                if digits == 1 || digits == 2 {
                    text = try integer.format(Double(offsetHours))
                    if offsetMinutes != 0 { text += ":" + (try IntegerPicture("00").format(Double(offsetMinutes))) }
                } else if digits == 3 || digits == 4 {
                    text = try integer.format(Double(offset))
                } else {
                    throw JSONataError("D3134", "The timezone integer format specifier cannot have more than four digits")
                }
            }
            if offset >= 0 { text = "+" + text }
            if c == "z" { text = "GMT" + text }
            if offset == 0 && m.presentation2 == "t" { text = "Z" }
            return text
        case "P":
            let hours = Int(component("H", millis) ?? 0)
            let text = hours >= 12 ? "pm" : "am"
            return m.names == .upper ? text.uppercased() : text
        case "C", "E":
            return "ISO"
        default:
            return ""
        }
    }

    // MARK: Parsing

    /// `Date.parse` of the ISO 8601 forms `$toMillis` accepts.
    static func parseISO(_ text: String) -> Double? {
        let s = Array(text.utf8)
        var i = 0
        func number(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = s[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func take(_ c: UInt8) -> Bool {
            if i < s.count && s[i] == c { i += 1; return true }
            return false
        }
        guard let year = number(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0
        var millis = 0.0
        var offset = 0
        if take(45) { guard let m = number(2) else { return nil }; month = m
            if take(45) { guard let d = number(2) else { return nil }; day = d }
        }
        if take(84) {
            guard let h = number(2), take(58), let mi = number(2) else { return nil }
            hour = h
            minute = mi
            if take(58) { guard let se = number(2) else { return nil }; second = se }
            if take(46) {
                var fraction = "0."
                while i < s.count, s[i] >= 48, s[i] <= 57 { fraction.append(Character(Unicode.Scalar(s[i]))); i += 1 }
                millis = ((Double(fraction) ?? 0) * 1000).rounded(.down)
            }
        }
        if take(90) {
            offset = 0
        } else if i < s.count, s[i] == 43 || s[i] == 45 {
            let sign = s[i] == 45 ? -1 : 1
            i += 1
            guard let h = number(2) else { return nil }
            _ = take(58)
            guard let mi = number(2) else { return nil }
            offset = sign * (h * 60 + mi)
        }
        guard i == s.count, (1...12).contains(month), (1...31).contains(day), hour <= 24, minute < 60, second < 60 else { return nil }
        let d = days(year: year, month: month, day: day)
        return Double(d) * dayMillis + Double(hour * 3_600_000 + minute * 60_000 + second * 1000) + millis - Double(offset * 60_000)
    }

    /// How one part of a picture is read: a regular expression, and how to turn its text into a value.
    struct Reader {
        var regex: String
        var component: Character?
        var parse: ((String) -> Double?)?
    }

    static func escape(_ literal: String) -> String {
        var out = ""
        for c in literal {
            if ".*+?^${}()|[]\\/".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func reader(_ m: Marker) throws(JSONataError) -> Reader {
        let c = m.component
        if c == "Z" || c == "z" {
            var regex = c == "z" ? "GMT" : ""
            regex += "[-+][0-9]+"
            let separator = m.integer?.regular?.character
            if let separator { regex += escape(separator) + "[0-9]+" }
            return Reader(regex: regex, component: c) { text in
                var t = Substring(text)
                if t.hasPrefix("GMT") { t = t.dropFirst(3) }
                let sign: Double = t.hasPrefix("-") ? -1 : 1
                t = t.dropFirst()
                var hours = 0.0, minutes = 0.0
                if let separator, let r = t.range(of: separator) {
                    hours = Double(t[..<r.lowerBound]) ?? 0
                    minutes = Double(t[r.upperBound...]) ?? 0
                } else if t.count <= 2 {
                    hours = Double(t) ?? 0
                } else {
                    let v = Double(t) ?? 0
                    hours = (v / 100).rounded(.down)
                    minutes = v.truncatingRemainder(dividingBy: 100)
                }
                return sign * (hours * 60 + minutes)
            }
        }
        if let names = m.names {
            _ = names
            var lookup: [String]
            var offset = 0.0
            switch c {
            case "M", "x": lookup = months; offset = 1
            case "F": lookup = Array(days.dropFirst()); offset = 1
            case "P": lookup = ["am", "pm"]
            default: throw JSONataError("D3133", "The component \(c) of a date/time picture cannot be represented as a name")
            }
            if let maximum = m.width?.max { lookup = lookup.map { String($0.prefix(maximum)) } }
            let table = lookup.map { $0.lowercased() }
            return Reader(regex: "[a-zA-Z]+", component: c) { text in
                table.firstIndex(of: text.lowercased()).map { Double($0) + offset }
            }
        }
        guard let integer = m.integer else { return Reader(regex: "[a-zA-Z]*", component: nil, parse: nil) }
        switch integer.primary {
        case .letters:
            return Reader(regex: integer.letterCase == .upper ? "[A-Z]+" : "[a-z]+", component: c) { try? integer.parse($0) }
        case .roman:
            return Reader(regex: integer.letterCase == .upper ? "[MDCLXVI]+" : "[mdclxvi]+", component: c) { try? integer.parse($0) }
        case .words:
            let words = IntegerPicture.wordValues.keys.sorted { $0.count > $1.count }
            return Reader(regex: "(?:" + (words + ["and", "[\\-, ]"]).joined(separator: "|") + ")+", component: c) { try? integer.parse($0) }
        case .decimal:
            let width = integer.mandatoryDigits + integer.optionalDigits
            var regex = "[0-9]"
            if let maximum = m.width?.max {
                regex += "{\(m.width?.min ?? 1),\(maximum)}"
            } else if width >= 2 && integer.separators.isEmpty && integer.regular == nil {
                regex += "{1,\(width)}"
            } else {
                regex += "+"
            }
            if integer.ordinal { regex += "(?:th|st|nd|rd)" }
            return Reader(regex: regex, component: c) { try? integer.parse($0) }
        case .sequence:
            throw JSONataError("D3130", "Formatting or parsing an integer as a sequence starting with \(integer.token) is not supported by this implementation")
        }
    }

    /// Reads a timestamp written in `picture`; `nil` when the text does not fit.
    static func parse(_ text: String, picture: String, now: Double = (Date().timeIntervalSince1970 * 1000).rounded(.down)) throws(JSONataError) -> Double? {
        let parts = try analyse(picture)
        var readers: [Reader] = []
        for part in parts {
            switch part {
            case .literal(let l): readers.append(Reader(regex: escape(l), component: nil, parse: nil))
            case .marker(let m): readers.append(try reader(m))
            }
        }
        let pattern = "^" + readers.map { "(" + $0.regex + ")" }.joined() + "$"
        let regex = try JSONataRegex(pattern: pattern, flags: "i")
        var steps = 1_000_000
        let utf16 = Array(text.utf16)
        guard let match = try regex.firstMatch(in: utf16, from: 0, steps: &steps), match.range.lowerBound == 0 else { return nil }
        // Only the top-level groups (one per part) matter: they are the first ones opened, in order,
        // but a part's own groups (none here) would shift them, so count them by position.
        var components: [Character: Double] = [:]
        var groupIndex = 0
        for reader in readers {
            defer { groupIndex += 1 + innerGroups(reader.regex) }
            guard let component = reader.component, let parse = reader.parse,
                  groupIndex < match.groups.count, let range = match.groups[groupIndex] else { continue }
            let value = String(decoding: utf16[range], as: UTF16.self)
            components[component] = parse(value) ?? .nan
        }
        if components.isEmpty { return nil }
        func specified(_ c: Character) -> Bool { (components[c] ?? 0) != 0 && !(components[c]?.isNaN ?? true) }
        func mask(_ letters: String) -> Int { letters.reduce(0) { ($0 << 1) + (specified($1) ? 1 : 0) } }
        func isType(_ type: Int, _ mask: Int) -> Bool { (~type & mask) == 0 && (type & mask) != 0 }
        let dateMask = mask("YXMxWwdD")
        let dateA = isType(161, dateMask)
        let dateB = !dateA && isType(130, dateMask)
        let dateC = isType(84, dateMask)
        let dateD = !dateC && isType(72, dateMask)
        let timeMask = mask("PHhmsf")
        let timeA = isType(23, timeMask)
        let timeB = !timeA && isType(47, timeMask)
        let dateComponents = dateB ? "Yd" : dateC ? "XxwF" : dateD ? "XWF" : "YMD"
        let timeComponents = timeB ? "Phmsf" : "Hmsf"
        var startSpecified = false, endSpecified = false
        for c in dateComponents + timeComponents {
            if components[c] == nil {
                if startSpecified {
                    components[c] = "MDd".contains(c) ? 1 : 0
                    endSpecified = true
                } else {
                    components[c] = component(c, now) ?? 0
                }
            } else {
                startSpecified = true
                if endSpecified {
                    throw JSONataError("D3136", "The date/time picture string is missing specifiers required to parse the timestamp")
                }
            }
        }
        if dateC || dateD {
            throw JSONataError("D3136", "The date/time picture string is missing specifiers required to parse the timestamp")
        }
        // A component that did not read as a number, or past ±10^9 years, months or days (no date
        // there is in JavaScript's range of ±8.64e15 ms), makes no time.
        for c: Character in ["Y", "M", "D", "d"] where !(abs(components[c] ?? 0) <= 1e9) { return nil }
        var month = Int(components["M"] ?? 1)
        var day = Int(components["D"] ?? 1)
        let year = Int(components["Y"] ?? 1970)
        if dateB {
            let dayNumber = days(year: year, month: 1, day: 1) + Int(components["d"] ?? 1) - 1
            let date = civil(dayNumber)
            month = date.month
            day = date.day
        }
        var hours = components["H"] ?? 0
        if timeB {
            let h = components["h"] ?? 0
            hours = h == 12 ? 0 : h
            if components["P"] == 1 { hours += 12 }
        }
        let values = [Double(year), Double(month), Double(day), hours, components["m"] ?? 0, components["s"] ?? 0, components["f"] ?? 0]
        guard values.allSatisfy({ $0.isFinite }) else { return nil }
        // Date.UTC: months and days outside their range roll over.
        let yearsFromMonths = Int((Double(month - 1) / 12).rounded(.down))
        let normalisedMonth = month - 1 - yearsFromMonths * 12
        let base = days(year: year + yearsFromMonths, month: normalisedMonth + 1, day: 1) + day - 1
        var millis = Double(base) * dayMillis + hours * 3_600_000 + values[4] * 60_000 + values[5] * 1000 + values[6]
        if let zone = components["Z"] ?? components["z"], zone != 0 { millis -= zone * 60_000 }
        return abs(millis) <= 8.64e15 ? millis : nil
    }

    /// How many capturing groups a part's own regular expression opens.
    static func innerGroups(_ regex: String) -> Int {
        var count = 0
        var previous: Character = " "
        var it = regex.makeIterator()
        var escaped = false
        while let c = it.next() {
            defer { previous = c }
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "(" { count += 1 }
            if c == "?" && previous == "(" { count -= 1 }
        }
        return count
    }
}
