import Foundation
import PartnerRules
import PartnerRulesAudiences

/// A fresh directory under the system's temporary directory, removed by `cleanup()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "partner-rules-aud-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
        return file(name)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }

    func contents() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: path).sorted()) ?? [] }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// `sha256sum` of `text`, computed by the system tool: an oracle made outside this project.
func systemSHA256(_ text: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}

/// A made-up partner with an audiences section, for catalog-backed tests.
func madeUpAudiencePartner(identifiers: [AudienceIdentifier] = [.adid, .email, .phone]) -> PartnerDefinition {
    PartnerDefinition(
        id: "zebra-audiences", name: "Zebra Audiences", mediaSources: ["zebra_int"], auth: .credentials,
        audiences: AudienceEndpoint(
            identifiers: identifiers, endpoint: "https://audiences.zebra.example/af", apiKeyPattern: "^[0-9a-f]{16,64}$"))
}
