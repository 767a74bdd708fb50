import Foundation
import PartnerRules
import PartnerRulesAudiences
import PartnerRulesTestSupport

/// `sha256sum` of `text`, computed by the system tool: an oracle made outside this project.
func systemSHA256(_ text: String) async throws -> String {
    let result = try await ProcessRunner.run(program: "sha256sum", [], input: Data(text.utf8), timeout: .seconds(30))
    guard result.status == 0 else { throw ProcessRunner.Failure("sha256sum exited \(result.status): \(result.stderrText)") }
    return result.stdoutText.split(separator: " ").first.map(String.init) ?? ""
}

/// A made-up partner with an audiences section, for catalog-backed tests.
func madeUpAudiencePartner(identifiers: [AudienceIdentifier] = [.adid, .email, .phone]) -> PartnerDefinition {
    PartnerDefinition(
        id: "zebra-audiences", name: "Zebra Audiences", mediaSources: ["zebra_int"], auth: .credentials,
        audiences: AudienceEndpoint(
            identifiers: identifiers, endpoint: "https://audiences.zebra.example/af", apiKeyPattern: "^[0-9a-f]{16,64}$"))
}
