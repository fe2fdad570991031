import StatesLanguage

extension Console {
    /// The definitions at `paths` (read within their budget), with the `${Name}` placeholders of the
    /// substitutions file at `substitutionsPath` filled in when one is given.
    ///
    /// Every command that takes `--substitutions` reads its definitions here, so a placeholder without
    /// a value or a value nothing uses is the same located error everywhere.
    func readDefinitions(_ paths: [String], substitutions substitutionsPath: String?) throws(CommandLineError) -> [[UInt8]] {
        var definitions: [[UInt8]] = []
        for path in paths { definitions.append(try readInput(path, as: .definition)) }
        guard let substitutionsPath else { return definitions }
        let bytes = try readInput(substitutionsPath, as: .substitutions)
        do {
            return try DefinitionSubstitutions(json: bytes).apply(to: definitions)
        } catch {
            let file: String
            switch error.source {
            case .substitutions: file = substitutionsPath
            case .definition(let index): file = paths[index] == "-" ? "<stdin>" : paths[index]
            }
            throw .invalidInput("\(file):\(error.description)")
        }
    }
}
