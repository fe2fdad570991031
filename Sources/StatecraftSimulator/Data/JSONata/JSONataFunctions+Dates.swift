import Foundation
import StatesLanguage

extension _JSONataEvaluator {
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

extension _JSONataEvaluator.Machine {
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

    /// The civil date of a day count since 1970-01-01.
    static func civil(_ z: Int) -> (year: Int, month: Int, day: Int) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
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

    /// Reads a timestamp written in `picture`; `nil` when the text does not fit.
    static func parse(_ text: String, picture: String) throws(JSONataError) -> Double? {
        let parts = try analyse(picture)
        var fields: [Character: Double] = [:]
        var pm: Bool? = nil
        var tzMinutes: Int? = nil
        var input = Substring(text)
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let l):
                guard input.hasPrefix(l) else { return nil }
                input = input.dropFirst(l.count)
            case .marker(let m):
                // The text of this component: up to the next literal, or a run of its kind.
                var nextLiteral: String? = nil
                if index + 1 < parts.count, case .literal(let l) = parts[index + 1] { nextLiteral = l }
                let token: Substring
                if let m2 = m.integer, m.names == nil, m2.primary == .decimal, nextLiteral == nil || m.width?.max != nil || (m2.mandatoryDigits + m2.optionalDigits > 1 && m2.separators.isEmpty && m2.regular == nil) {
                    var width = m2.mandatoryDigits + m2.optionalDigits
                    if let maximum = m.width?.max { width = maximum }
                    let digitRun = input.prefix { $0.isNumber }
                    token = nextLiteral == nil && index + 1 < parts.count ? input.prefix(min(width, digitRun.count)) : (m.width?.max != nil || nextLiteral == nil ? input.prefix(min(max(width, 1), digitRun.count)) : digitRun)
                } else if let l = nextLiteral, let r = input.range(of: l) {
                    token = input[..<r.lowerBound]
                } else if m.names != nil || m.component == "P" {
                    token = input.prefix { $0.isLetter }
                } else if m.component == "Z" || m.component == "z" {
                    token = input
                } else {
                    token = input.prefix { !$0.isWhitespace }
                }
                input = input.dropFirst(token.count)
                let value = String(token)
                switch m.component {
                case "P":
                    pm = value.lowercased() == "pm"
                case "Z", "z":
                    var t = value
                    if m.component == "z" { t = String(t.dropFirst(3)) }
                    if t == "Z" { tzMinutes = 0; break }
                    let sign = t.hasPrefix("-") ? -1 : 1
                    let digits = t.filter { $0.isNumber }
                    guard let v = Int(digits) else { return nil }
                    let hours = digits.count <= 2 ? v : v / 100
                    let minutes = digits.count <= 2 ? 0 : v % 100
                    tzMinutes = sign * (hours * 60 + minutes)
                case "M", "x", "F":
                    if m.names != nil {
                        let lower = value.lowercased()
                        if m.component == "F" {
                            guard let i = days.firstIndex(where: { !$0.isEmpty && $0.lowercased().hasPrefix(lower) && !lower.isEmpty }) else { return nil }
                            fields["F"] = Double(i)
                        } else {
                            guard let i = months.firstIndex(where: { $0.lowercased().hasPrefix(lower) && !lower.isEmpty }) else { return nil }
                            fields[m.component] = Double(i + 1)
                        }
                    } else {
                        let integer = m.integer ?? IntegerPicture.plain
                        guard let v = try integer.parse(value) else { return nil }
                        fields[m.component] = v
                    }
                case "C", "E": break
                default:
                    let integer = m.integer ?? IntegerPicture.plain
                        guard let v = try integer.parse(value) else { return nil }
                    fields[m.component] = v
                }
            }
        }
        if !input.isEmpty { return nil }
        if fields.isEmpty && tzMinutes == nil { return nil }
        return try assemble(fields, pm: pm, tzMinutes: tzMinutes)
    }

    /// Builds the instant from the parsed components, filling gaps as JSONata does.
    static func assemble(_ fields: [Character: Double], pm: Bool?, tzMinutes: Int?) throws(JSONataError) -> Double? {
        var f = fields
        if let h = f["h"] {
            var hours = h == 12 ? 0 : h
            if pm == true { hours += 12 }
            f["H"] = hours
        }
        let nowParts = civil(Int((Date().timeIntervalSince1970 * 1000 / dayMillis).rounded(.down)))
        if f["d"] != nil {
            // Day of year.
            let year = Int(f["Y"] ?? Double(nowParts.year))
            let dayNumber = days(year: year, month: 1, day: 1) + Int(f["d"]!) - 1
            let (_, m, d) = civil(dayNumber)
            f["M"] = Double(m)
            f["D"] = Double(d)
            f["Y"] = Double(year)
        }
        // Components given must be contiguous from the most significant one; missing
        // more significant ones take the current date, less significant ones their minimum.
        let order: [Character] = ["Y", "M", "D", "H", "m", "s", "f"]
        let present = order.map { f[$0] != nil }
        guard let first = present.firstIndex(of: true) else { return nil }
        let last = present.lastIndex(of: true) ?? first
        if present[first...last].contains(false) {
            throw JSONataError("D3136", "The date/time picture string is missing specifiers required to parse the timestamp")
        }
        let current: [Character: Int] = ["Y": nowParts.year, "M": nowParts.month, "D": nowParts.day, "H": 0, "m": 0, "s": 0, "f": 0]
        let minimum: [Character: Int] = ["Y": 0, "M": 1, "D": 1, "H": 0, "m": 0, "s": 0, "f": 0]
        var v: [Character: Int] = [:]
        for (i, c) in order.enumerated() {
            if let x = f[c] { v[c] = Int(x) } else if i < first { v[c] = current[c] } else { v[c] = minimum[c] }
        }
        let d = days(year: v["Y"]!, month: v["M"]!, day: v["D"]!)
        var millis = Double(d) * dayMillis + Double(v["H"]! * 3_600_000 + v["m"]! * 60_000 + v["s"]! * 1000 + v["f"]!)
        if let tzMinutes { millis -= Double(tzMinutes * 60_000) }
        return millis
    }
}
