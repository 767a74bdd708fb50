import ArgumentParser
import Foundation
import PartnerRulesAudiences
import PartnerRulesCommandLine

struct AudiencesPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Upload segment files to an S3-compatible store and print the /sync body with pull URLs.",
        discussion: """
            Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, the partner's pull \
            key from PARTNER_PULL_KEY; none is ever printed. Objects go to {pull key}/{container}/{header}.csv; the \
            printed URLs are pre-signed for 2 hours and carry {{PARTNER_PULL_KEY}} in place of the pull key, for the \
            partner to substitute. api_key shows as *** for the sender to fill in.
            """
    )

    @Option(help: "A segment file; repeat once per identifier the partner receives.") var segment: [String]
    @Option(help: "The bucket.") var bucket: String
    @Option(help: "The store's URL (default: AWS_ENDPOINT_URL, else https://s3.REGION.amazonaws.com).")
    var endpointURL: String?
    @Option(help: "The partner, by id, name or media source.") var partner: String
    @Option(help: "The container id the partner returned from /create.") var container: String
    @Option(help: "The catalog directory.") var partners = "partners"
    @Option(help: "The region (default: AWS_REGION, else us-east-1).") var region: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let supported = try audienceIdentifiers(partner: partner, partners: partners)
        let region = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        let endpoint = endpointURL ?? environment["AWS_ENDPOINT_URL"] ?? "https://s3.\(region).amazonaws.com"
        guard let pullKey = environment["PARTNER_PULL_KEY"], !pullKey.isEmpty else {
            throw fail(DeliveryError.missingEnvironment("PARTNER_PULL_KEY").description)
        }
        do {
            let containerID = try ContainerID(container)
            let credentials = try AWSCredentials(environment: environment)
            let store = try S3Store(
                endpoint: endpoint, bucket: bucket, signer: SigV4(credentials: credentials, region: region))
            var publisher = SegmentPublisher(store: store)
            let (uploads, sync) = try await ProgressLine.during("publish", writesToStandardOutput: false) {
                (progress) async throws(DeliveryError) in
                publisher.progress = progress
                return try await publisher.publish(
                    segments: segment, supported: supported, container: containerID, pullKey: Secret(pullKey))
            }
            for upload in uploads {
                note("uploaded \(upload.bytes) bytes to \(upload.keyTemplate)" + (upload.parts > 0 ? " in \(upload.parts) parts" : ""))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(sync), as: UTF8.self))
        } catch let error as DeliveryError {
            throw fail(error.description)
        } catch let error as AudienceContractError {
            throw fail(error.description)
        }
    }
}
