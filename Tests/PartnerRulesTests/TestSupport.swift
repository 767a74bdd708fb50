import Foundation
import PartnerRulesTestSupport
@testable import PartnerRules

/// This target's fixtures (`Fixtures/`), read from its resource bundle.
let fixtures = FixtureFolder(Bundle.module)

/// Composes YAML text, returning the error when it fails.
func composeError(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    do {
        _ = try YAMLComposer.compose(Array(text.utf8), limits: limits)
        return nil
    } catch {
        return error
    }
}
