import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory statecraft-emit [--catalog NAME] [--output DIR] [--check]`
///
/// Builds the package's workflow catalog (an executable product named with `--catalog`, or the one
/// whose name ends in `Catalog`) and runs it: `emit` writes the definitions, `--check` writes nothing
/// and fails with a diff when a committed file is stale.
@main
struct StatecraftEmit: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let named = extractor.extractOption(named: "catalog")
        let output = extractor.extractOption(named: "output").last
        let check = extractor.extractFlag(named: "check") > 0
        guard extractor.remainingArguments.isEmpty else {
            throw EmitError("unknown arguments \(extractor.remainingArguments.joined(separator: " ")); usage: statecraft-emit [--catalog NAME] [--output DIR] [--check]")
        }
        let executables = context.package.products.compactMap { $0 as? ExecutableProduct }
        let catalogs = named.isEmpty ? executables.filter { $0.name.hasSuffix("Catalog") } : executables.filter { named.contains($0.name) }
        guard !catalogs.isEmpty else {
            throw EmitError(named.isEmpty
                ? "no executable product whose name ends in 'Catalog'; name the catalog with --catalog NAME"
                : "no executable product named \(named.joined(separator: ", "))")
        }
        for catalog in catalogs {
            let build = try packageManager.build(.product(catalog.name), parameters: .init(configuration: .debug, logging: .concise))
            guard build.succeeded, let executable = build.builtArtifacts.first(where: { $0.kind == .executable }) else {
                throw EmitError("building \(catalog.name) failed:\n\(build.logText)")
            }
            let process = Process()
            process.executableURL = executable.url
            process.arguments = [check ? "check" : "emit"] + (output.map { ["--output", $0] } ?? [])
            process.currentDirectoryURL = context.package.directoryURL
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw EmitError("\(catalog.name) \(check ? "check" : "emit") failed (exit \(process.terminationStatus))")
            }
        }
    }
}

struct EmitError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
