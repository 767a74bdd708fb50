import ArgumentParser
import Foundation
import PartnerRules
import PartnerRulesCommandLine

/// `partner-rules yaml FILE`: composes any YAML file with the safe composer and reports its size
/// in nodes and every problem it went past, or the problem that stopped it, with the source line and a caret. Used to compare the composer
/// with libyaml (tools/bench/yaml-vs-libyaml) and to check YAML other than partner files.
struct YAMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yaml",
        abstract: "Compose a YAML file with the safe composer and count its nodes.",
        discussion: "Exit status: 0 the file composes, 1 it does not (the problem is printed), 2 it cannot be read."
    )

    @Argument(help: ArgumentHelp("The YAML file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: "Largest file accepted, in bytes.")
    var maxBytes: Int = YAMLLimits.default.maxBytes

    @Option(name: .long, help: "Deepest nesting accepted.")
    var maxDepth: Int = YAMLLimits.default.maxDepth

    @Flag(name: .long, help: "Also print how long composing took, measured in the process (file reading excluded).")
    var timing = false

    func validate() throws {
        guard maxBytes > 0, maxDepth > 0 else { throw ValidationError("--max-bytes and --max-depth must be positive") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("partner-rules: cannot read '\(file)'")
            throw ExitCode(2)
        }
        let bytes = [UInt8](data)
        var failed = false
        do {
            let clock = ContinuousClock()
            let started = clock.now
            let root = try YAMLComposer.compose(bytes, limits: YAMLLimits(maxBytes: maxBytes, maxDepth: maxDepth))
            let elapsed = clock.now - started
            writeOut("\(file): \(Self.count(root)) nodes\n")
            for problem in root.problems {
                printError(problem.rendered(file: file, source: bytes))
            }
            if timing {
                let (seconds, attoseconds) = elapsed.components
                writeOut("compose: \(Double(seconds) + Double(attoseconds) / 1e18) s\n")
            }
            failed = root.problems.contains { $0.code.severity == .error }
        } catch {
            printError(error.rendered(file: file, source: bytes))
            failed = true
        }
        if failed { throw ExitCode(1) }
    }

    /// Nodes in the tree, keys not counted.
    static func count(_ node: YAMLNode) -> Int {
        switch node.content {
        case .scalar: return 1
        case .sequence(let items): return items.reduce(1) { $0 + count($1) }
        case .mapping(let pairs): return pairs.reduce(1) { $0 + count($1.value) }
        }
    }
}
