/// The ways ``DiagnosticRenderer`` prints diagnostics.
public enum DiagnosticFormat: String, Sendable, Hashable, CaseIterable {
    /// Compiler style, one finding per line, its hint indented on the next:
    /// `file:line:col: error: [code] message (at /pointer)`.
    case text
    /// One JSON object, `{"diagnostics": [...]}`, each finding with the keys of
    /// ``DiagnosticRenderer/jsonObject(_:file:)``.
    case json
    /// GitHub Actions workflow commands, one line per finding:
    /// `::error file=…,line=…,col=…,title=…::message`, which GitHub shows as annotations.
    case github
    /// A SARIF 2.1.0 log, as code-scanning tools read it.
    case sarif
}

/// Prints diagnostics in a ``DiagnosticFormat``: the one place that decides how a finding looks.
///
/// `Diagnostic.description`, `BuildError.description` in the DSL and every `statecraft` command go
/// through it.
///
/// ```swift
/// let result = Validator().check(bytes)
/// print(DiagnosticRenderer(format: .github).render(result.diagnostics, file: "machine.asl.json"), terminator: "")
/// ```
public struct DiagnosticRenderer: Sendable {
    /// The format to print.
    public var format: DiagnosticFormat
    /// The tool named in SARIF's `runs[].tool.driver.name` and GitHub annotations' titles.
    public var toolName = "statecraft"

    /// A renderer for one format.
    public init(format: DiagnosticFormat) {
        self.format = format
    }

    /// Renders one finding.
    /// - Parameters:
    ///   - diagnostic: the finding.
    ///   - file: the name of the JSON file it was found in (used with a JSON location; a Swift location
    ///     names its own file).
    /// - Returns: the text, ending with a line break (a whole document for `json` and `sarif`).
    public func render(_ diagnostic: Diagnostic, file: String?) -> String {
        render([diagnostic], file: file)
    }

    /// Renders the findings of one file.
    /// - Parameters:
    ///   - diagnostics: the findings, in the order to print them.
    ///   - file: the name of the JSON file they were found in.
    /// - Returns: the text, ending with a line break (one document for `json` and `sarif`; for `text`
    ///   and `github` nothing at all when there are no findings).
    public func render(_ diagnostics: [Diagnostic], file: String?) -> String {
        render(files: [(file, diagnostics)])
    }

    /// Renders the findings of several files as one output (one document for `json` and `sarif`).
    /// - Parameter files: each file's name and findings, in the order to print them.
    /// - Returns: the text, ending with a line break.
    public func render(files: [(file: String?, diagnostics: [Diagnostic])]) -> String {
        switch format {
        case .text:
            var out = ""
            for (file, diagnostics) in files { for d in diagnostics { out += Self.textLines(d, file: file) } }
            return out
        case .github:
            var out = ""
            for (file, diagnostics) in files { for d in diagnostics { out += githubLine(d, file: file) } }
            return out
        case .json:
            let all = files.flatMap { file, diagnostics in diagnostics.map { Self.jsonObject($0, file: file) } }
            return Self.document(.object(JSONObject(distinctPairs: [("diagnostics", .array(all))])))
        case .sarif:
            return Self.document(sarif(files))
        }
    }

    // MARK: text

    /// `place: severity: [code] message (at /pointer)`, then `    hint: …` when there is a hint.
    static func textLines(_ d: Diagnostic, file: String?) -> String {
        var line = ""
        if let place = place(of: d, file: file) {
            var text = place.file ?? ""
            if let l = place.line { text += text.isEmpty ? "\(l)" : ":\(l)" }
            if let c = place.column { text += ":\(c)" }
            if !text.isEmpty { line = text + ": " }
        }
        line += "\(d.severity.rawValue): [\(d.code)] \(d.message)\(pointerSuffix(d))\n"
        if let hint = d.hint { line += "    hint: \(hint)\n" }
        return line
    }

    /// The message, the pointer and the hint on a line of its own: what `github` and `sarif` show.
    static func fullMessage(_ d: Diagnostic) -> String {
        d.message + pointerSuffix(d) + (d.hint.map { "\nhint: \($0)" } ?? "")
    }

    /// ` (at /pointer)`, or nothing for the root.
    static func pointerSuffix(_ d: Diagnostic) -> String {
        d.pointer.tokens.isEmpty ? "" : " (at \(d.pointer))"
    }

    /// The file, line and column a finding is printed at: a JSON location in `file`, or the Swift line.
    static func place(of d: Diagnostic, file: String?) -> (file: String?, line: Int?, column: Int?)? {
        switch d.location {
        case .json(let p): (file, p.line, p.column)
        case .swift(let fileID, let line): (fileID, line, nil)
        case nil: file.map { ($0, nil, nil) }
        }
    }

    // MARK: github

    /// `::error file=…,line=…,col=…,title=…::message`, escaped as GitHub's toolkit escapes workflow commands.
    func githubLine(_ d: Diagnostic, file: String?) -> String {
        var properties: [String] = []
        if let place = Self.place(of: d, file: file) {
            if let f = place.file { properties.append("file=" + Self.escapeProperty(f)) }
            if let l = place.line { properties.append("line=\(l)") }
            if let c = place.column { properties.append("col=\(c)") }
        }
        properties.append("title=" + Self.escapeProperty("\(toolName) [\(d.code)]"))
        return "::\(d.severity == .error ? "error" : "warning") \(properties.joined(separator: ","))::\(Self.escapeData(Self.fullMessage(d)))\n"
    }

    /// A workflow command's message: `%`, carriage return and line feed as `%25`, `%0D`, `%0A`.
    public static func escapeData(_ text: String) -> String { escape(text, property: false) }

    /// A workflow command's property value: as ``escapeData(_:)``, and `:` and `,` as `%3A` and `%2C`.
    public static func escapeProperty(_ text: String) -> String { escape(text, property: true) }

    /// GitHub's toolkit escaping, of a message or (with `property`) of a property value.
    static func escape(_ text: String, property: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: json

    /// One finding as a JSON object with stable keys: `file` (the JSON file, or the Swift `#fileID`),
    /// `line` and `column` (JSON locations; `line` only for a Swift one), `severity`, `code`, `message`,
    /// `pointer`, and `hint` and `swiftFile` when there are.
    /// - Parameters:
    ///   - d: the finding.
    ///   - file: the JSON file it was found in.
    /// - Returns: the object; keys without a value are left out.
    public static func jsonObject(_ d: Diagnostic, file: String?) -> JSONValue {
        var object: [(String, JSONValue)] = []
        if let place = place(of: d, file: file) {
            if let f = place.file { object.append(("file", .string(f))) }
            if let l = place.line { object.append(("line", .number(JSONNumber(l)))) }
            if let c = place.column { object.append(("column", .number(JSONNumber(c)))) }
        }
        object += [
            ("severity", .string(d.severity.rawValue)), ("code", .string(d.code.rawValue)), ("message", .string(d.message)),
            ("pointer", .string(d.pointer.description)),
        ]
        if let hint = d.hint { object.append(("hint", .string(hint))) }
        if case .swift(let fileID, _) = d.location { object.append(("swiftFile", .string(fileID))) }
        return .object(JSONObject(distinctPairs: object))
    }

    // MARK: sarif

    /// The `$schema` of the SARIF logs this renderer writes.
    public static let sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// A SARIF 2.1.0 log with one run: the codes found as the driver's rules, each finding as a result.
    func sarif(_ files: [(file: String?, diagnostics: [Diagnostic])]) -> JSONValue {
        var ruleIndex: [Diagnostic.Code: Int] = [:]
        var rules: [JSONValue] = []
        var results: [JSONValue] = []
        for (file, diagnostics) in files {
            for d in diagnostics {
                let index: Int
                if let known = ruleIndex[d.code] { index = known } else {
                    index = rules.count
                    ruleIndex[d.code] = index
                    rules.append(.object(JSONObject(distinctPairs: [("id", .string(d.code.rawValue))])))
                }
                let text = Self.fullMessage(d)
                var result: [(String, JSONValue)] = [
                    ("ruleId", .string(d.code.rawValue)), ("ruleIndex", .number(JSONNumber(index))),
                    ("level", .string(d.severity == .error ? "error" : "warning")),
                    ("message", .object(JSONObject(distinctPairs: [("text", .string(text))]))),
                ]
                if let place = Self.place(of: d, file: file), let uri = place.file {
                    var physical: [(String, JSONValue)] = [
                        ("artifactLocation", .object(JSONObject(distinctPairs: [("uri", .string(Self.uri(uri)))]))),
                    ]
                    if let line = place.line {
                        var region: [(String, JSONValue)] = [("startLine", .number(JSONNumber(line)))]
                        if let column = place.column { region.append(("startColumn", .number(JSONNumber(column)))) }
                        physical.append(("region", .object(JSONObject(distinctPairs: region))))
                    }
                    result.append(("locations", .array([
                        .object(JSONObject(distinctPairs: [("physicalLocation", .object(JSONObject(distinctPairs: physical)))])),
                    ])))
                }
                result.append(("properties", .object(JSONObject(distinctPairs: [("pointer", .string(d.pointer.description))]))))
                results.append(.object(JSONObject(distinctPairs: result)))
            }
        }
        let driver: JSONValue = .object(JSONObject(distinctPairs: [
            ("name", .string(toolName)), ("rules", .array(rules)),
        ]))
        let run: JSONValue = .object(JSONObject(distinctPairs: [
            ("tool", .object(JSONObject(distinctPairs: [("driver", driver)]))), ("results", .array(results)),
        ]))
        return .object(JSONObject(distinctPairs: [
            ("$schema", .string(Self.sarifSchema)), ("version", .string("2.1.0")), ("runs", .array([run])),
        ]))
    }

    /// A file name as a relative URI reference: bytes outside RFC 3986's unreserved set and `/` percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    /// A JSON document, pretty-printed, ending with a line break.
    static func document(_ value: JSONValue) -> String {
        let text = JSONWriter.string(value, style: .pretty)
        return text.hasSuffix("\n") ? text : text + "\n"
    }
}
