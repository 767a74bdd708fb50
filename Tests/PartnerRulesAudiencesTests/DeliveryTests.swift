import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerRules
import PartnerRulesAudiences
import PartnerRulesTestSupport
import Testing

/// Uploads to moto's S3 server (started by tools/test through tools/services/moto) and downloads through the
/// pre-signed URLs with a real HTTP client. The server checks SigV4 signatures and expiry as S3 does.
/// Without the server these tests are skipped with the reason; under tools/test they fail with it.
@Suite(.serialized, .requires(.s3)) struct DeliveryTests {
    let pullKey: Secret = "pull-Key_1"

    func store() async throws -> S3Store {
        let environment = ProcessInfo.processInfo.environment
        let endpoint = try #require(
            environment["PARTNER_RULES_S3_ENDPOINT"],
            "moto is not reachable: PARTNER_RULES_S3_ENDPOINT is not set; run tools/test, or eval \"$(tools/services/moto start DIR)\" first")
        let credentials = try AWSCredentials(environment: environment)
        let store = try S3Store(
            endpoint: endpoint, bucket: "partner-rules-\(ContainerID.random(length: 10).value)",
            signer: SigV4(credentials: credentials, region: environment["AWS_REGION"] ?? "us-east-1"))
        do {
            try await store.createBucket()
        } catch {
            Issue.record("moto is not reachable at \(endpoint): \(error)")
            throw error
        }
        return store
    }

    func get(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(Patience.seconds(30)))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(body.readableBytesView))
    }

    func segment(rows: Int, in directory: TemporaryDirectory) throws -> String {
        let ids = (0..<rows).map { String(format: "%08x-1111-4222-8333-%012x", $0, $0) }
        try directory.write("ids.txt", ids.joined(separator: "\n") + "\n")
        try SegmentFiles.hash(identifier: .adid, input: directory.file("ids.txt"), output: directory.file("adid.csv"))
        return directory.file("adid.csv")
    }

    @Test(arguments: [10, 140_000])
    func publishUploadsAndThePullURLDownloadsIt(rows: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let file = try segment(rows: rows, in: directory)
        let contents = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        let publisher = SegmentPublisher(store: try await store())
        let container = try ContainerID("c0ntainer9")
        let (uploads, sync) = try await publisher.publish(
            segments: [file], supported: [.adid], container: container, pullKey: pullKey)
        // 140,000 rows are 9.1 MB: more than one 8 MiB part.
        #expect(uploads.map(\.parts) == [rows > 100_000 ? 2 : 0])
        #expect(uploads.first?.bytes == contents.count)
        let template = try #require(sync.urls[.adid])
        #expect(template.contains("/\(PullURL.variable)/c0ntainer9/advertiser_id_sha256.csv?"))
        #expect(template.contains("X-Amz-Expires=7200"))
        #expect(!template.contains(pullKey.value))
        #expect(sync.apiKey.value == "***")

        let downloaded = try await get(PullURL.substitute(template, pullKey: pullKey))
        #expect(downloaded.status == 200)
        #expect(downloaded.body == contents)
        // The template as is (the variable not substituted) names another path: the signature does not match.
        let unsubstituted = template.replacing(PullURL.variable, with: "%7B%7BPARTNER_PULL_KEY%7D%7D")
        #expect(try await get(unsubstituted).status == 403)
    }

    @Test func expiredAndTamperedURLsAreRefused() async throws {
        let store = try await store()
        try await store.put(key: "k/file.csv", body: Array("advertiser_id_sha256\n".utf8))
        let fresh = store.presignedGET(key: "k/file.csv", expires: 7200)
        #expect(try await get(fresh.url).status == 200)

        let threeHoursAgo = AWSTimestamp(secondsSince1970: Int(Date().timeIntervalSince1970) - 3 * 3600)
        let expired = store.presignedGET(key: "k/file.csv", expires: 7200, at: threeHoursAgo)
        let refused = try await get(expired.url)
        #expect(refused.status == 403)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("expired"))

        var tampered = fresh
        let index = try #require(tampered.query.firstIndex { $0.0 == "X-Amz-Signature" })
        let signature = tampered.query[index].1
        tampered.query[index].1 = String(signature.dropLast()) + (signature.hasSuffix("0") ? "1" : "0")
        let mismatch = try await get(tampered.url)
        #expect(mismatch.status == 403)
        #expect(String(decoding: mismatch.body, as: UTF8.self).contains("SignatureDoesNotMatch"))
    }

    @Test func aWrongSecretIsRefusedAndNeverShown() async throws {
        let good = try await store()
        let wrong = try S3Store(
            endpoint: "\(good.scheme)://\(good.host)", bucket: good.bucket,
            signer: SigV4(credentials: AWSCredentials(accessKeyID: good.signer.credentials.accessKeyID, secretAccessKey: "wrong-secret-123"), region: good.signer.region))
        do {
            try await wrong.put(key: "x.csv", body: [1, 2, 3])
            Issue.record("a wrong secret was accepted")
        } catch {
            #expect(error.description.contains("403"))
            #expect(!error.description.contains("wrong-secret-123"))
        }
    }

    @Test func publishRefusesSegmentsThatDoNotCoverThePartner() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let file = try segment(rows: 3, in: directory)
        let publisher = SegmentPublisher(store: try await store())
        await #expect(throws: DeliveryError.contract(.syncURLs(missing: [.email], unsupported: []))) {
            try await publisher.publish(segments: [file], supported: [.adid, .email], container: try ContainerID("c1"), pullKey: pullKey)
        }
    }
}
