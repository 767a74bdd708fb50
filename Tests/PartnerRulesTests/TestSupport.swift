import Foundation
import PartnerRulesTestSupport
@testable import PartnerRules

/// This target's fixtures (`Fixtures/`), read from its resource bundle.
let fixtures = FixtureFolder(Bundle.module)

/// Composes YAML text, returning the error that stopped it, or else the first problem it went past.
func composeError(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    firstProblem(Array(text.utf8), limits: limits)
}

/// The error that stopped composing `bytes`, or else the first problem composing went past.
func firstProblem(_ bytes: [UInt8], limits: YAMLLimits = .default) -> YAMLError? {
    do {
        return try YAMLComposer.compose(bytes, limits: limits).problems.first
    } catch {
        return error
    }
}
