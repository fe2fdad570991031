import Testing
import StatesLanguage

@Suite struct DefinitionSubstitutionsTests {
    let definition = Array(#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync","#.utf8)
        + Array(#" "Parameters": {"Cluster": "${ClusterArn}", "Note": "${Note}/${ClusterArn}"}, "End": true}}}"#.utf8)

    @Test func valuesAreWrittenAsStringContent() throws {
        let substitutions: DefinitionSubstitutions = ["ClusterArn": "arn:aws:ecs:us-east-1:1:cluster/jobs", "Note": "say \"hi\"\n"]
        let value = try JSONParser.parse(try substitutions.apply(to: definition))
        let parameters = value["States"]?["Run"]?["Parameters"]
        #expect(parameters?["Cluster"] == "arn:aws:ecs:us-east-1:1:cluster/jobs")
        // Quotes and line breaks in a value are escaped, so the definition stays JSON.
        #expect(parameters?["Note"] == "say \"hi\"\n/arn:aws:ecs:us-east-1:1:cluster/jobs")
    }

    @Test func aPlaceholderWithoutAValueIsPlacedInTheDefinition() {
        let substitutions: DefinitionSubstitutions = ["ClusterArm": "c", "Note": "n"]
        #expect {
            try substitutions.apply(to: definition)
        } throws: { error in
            guard let failure = error as? DefinitionSubstitutions.Failure else { return false }
            let offset = definition.indices.first { definition[$0...].starts(with: Array("${ClusterArn}".utf8)) }
            return failure.kind == .missingValue && failure.source == .definition(0) && failure.position?.offset == offset
                && failure.message.contains("did you mean ${ClusterArm}?")
        }
    }

    @Test func anUnusedValueIsPlacedAtItsKey() throws {
        let file = Array("{\n  \"ClusterArn\": \"c\",\n  \"Note\": \"n\",\n  \"Subnet\": \"s\"\n}".utf8)
        let substitutions = try DefinitionSubstitutions(json: file)
        #expect {
            try substitutions.apply(to: definition)
        } throws: { error in
            guard let failure = error as? DefinitionSubstitutions.Failure else { return false }
            return failure.kind == .unusedValue && failure.source == .substitutions && failure.position?.line == 4
                && failure.position?.column == 3 && failure.description.hasPrefix("4:3: \"Subnet\" is not used")
        }
        // Across several definitions a value is unused only when none uses it.
        let other = Array(#"{"Subnet": "${Subnet}"}"#.utf8)
        let both = try substitutions.apply(to: [definition, other])
        #expect(try JSONParser.parse(both[1]) == ["Subnet": "s"])
    }

    @Test func aFileMustBeAnObjectOfStrings() {
        for (text, kind, line) in [("[1, 2]", DefinitionSubstitutions.Failure.Kind.notAnObjectOfStrings, 1),
                                   ("{\"A\": \"a\",\n \"B\": 2}", .notAnObjectOfStrings, 2),
                                   ("{\"A\": ", .notJSON, 1)] {
            #expect {
                try DefinitionSubstitutions(json: Array(text.utf8))
            } throws: { error in
                (error as? DefinitionSubstitutions.Failure)?.kind == kind && (error as? DefinitionSubstitutions.Failure)?.position?.line == line
            }
        }
    }

    @Test func onlyNamesArePlaceholders() {
        let text = Array(#"{"a": "${A}", "b": "${ 'x': 1 }", "c": "$${B.c:d-e_f}", "d": "${}", "e": "${unclosed"}"#.utf8)
        #expect(DefinitionSubstitutions.placeholders(in: text).map(\.name) == ["A", "B.c:d-e_f"])
    }

    @Test func aLongDefinitionIsOnePass() throws {
        // 100,000 placeholders substitute without quadratic copying.
        var text = Array("[".utf8)
        for i in 0..<100_000 { text += Array(((i == 0 ? "" : ",") + "\"${V}\"").utf8) }
        text += Array("]".utf8)
        let out = try DefinitionSubstitutions(["V": "v"]).apply(to: text)
        #expect(out.count == text.count - 100_000 * 3)
    }
}
