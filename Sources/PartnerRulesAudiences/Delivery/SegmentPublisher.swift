public import PartnerRules
import PartnerRulesAudiencesCore
internal import ByteIO

/// Pull URLs and the `{{PARTNER_PULL_KEY}}` template variable.
///
/// The partner's pull key is the first segment of the object key (`{pull key}/{container}/{file}`), and the URL is
/// pre-signed for that real path. The printed URL carries `{{PARTNER_PULL_KEY}}` in place of that segment: the
/// partner substitutes its key and gets exactly the signed URL. Without the key the URL names another object and
/// its signature does not match, so a leaked `/sync` body alone downloads nothing.
public enum PullURL {
    /// The template variable, as it appears literally in the URLs a partner receives.
    public static let variable = "{{PARTNER_PULL_KEY}}"

    /// The URL the partner requests: `template` with its pull key substituted.
    public static func substitute(_ template: String, pullKey: Secret) -> String {
        template.replacing(variable, with: pullKey.value)
    }

    /// Whether `key` is usable as a path segment as is (no percent-encoding, so substitution is plain text).
    public static func isValidPullKey(_ key: Secret) -> Bool {
        let bytes = key.value.utf8
        return (1...128).contains(bytes.count) && bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }
    }
}

/// Uploads a container's segment files and makes the `/sync` body that points the partner at them.
public struct SegmentPublisher: Sendable {
    public let store: S3Store
    /// How long pull URLs stay valid: 2 hours.
    public var expires = 7200
    /// When set, counts the bytes uploaded, part by part, of the segment files' sizes in all.
    public var progress: ProgressCounter?

    public init(store: S3Store) {
        self.store = store
    }

    /// One uploaded segment file.
    public struct Upload: Sendable, Hashable {
        public var identifier: AudienceIdentifier
        /// The object key, with the pull key masked as `{{PARTNER_PULL_KEY}}`.
        public var keyTemplate: String
        public var bytes: Int
        /// 0 for a single PUT.
        public var parts: Int
        /// The pre-signed GET URL with `{{PARTNER_PULL_KEY}}` in it.
        public var urlTemplate: String
    }

    /// The object key of a container's segment file: `{pull key}/{container}/{header}.csv`.
    public static func objectKey(pullKey: String, container: ContainerID, identifier: AudienceIdentifier) -> String {
        "\(pullKey)/\(container.value)/\(identifier.segmentHeader).csv"
    }

    /// Uploads each segment file (its header says which identifier it carries) and returns the uploads and the
    /// `/sync` body, which must name exactly the identifiers in `supported`.
    ///
    /// The body's `api_key` is `***`: the caller that sends it fills in the advertiser's key.
    public func publish(
        segments: [String], supported: [AudienceIdentifier], container: ContainerID, pullKey: Secret
    ) async throws(DeliveryError) -> (uploads: [Upload], sync: SyncRequest) {
        guard PullURL.isValidPullKey(pullKey) else { throw .badPullKey }
        var files: [AudienceIdentifier: String] = [:]
        for path in segments {
            let identifier: AudienceIdentifier
            do { identifier = try SegmentFiles.identifier(ofSegment: path) } catch { throw .segment(error) }
            files[identifier] = path
        }
        // Check the set before uploading anything.
        do {
            _ = try SyncRequest(apiKey: Secret(Secret.mask), containerID: container, urls: files, supported: supported)
        } catch {
            throw .contract(error)
        }
        if let progress {
            var total = 0
            for path in files.values { if case .regular(let size) = FileKind(path: path) { total += size } }
            progress.expect(total)
        }
        var uploads: [Upload] = []
        for identifier in AudienceIdentifier.allCases {
            guard let path = files[identifier] else { continue }
            let key = SegmentPublisher.objectKey(pullKey: pullKey.value, container: container, identifier: identifier)
            let (bytes, parts) = try await store.upload(file: path, key: key, progress: progress)
            let signed = store.presignedGET(key: key, expires: expires)
            uploads.append(
                Upload(
                    identifier: identifier,
                    keyTemplate: SegmentPublisher.objectKey(pullKey: PullURL.variable, container: container, identifier: identifier),
                    bytes: bytes, parts: parts, urlTemplate: template(signed, pullKey: pullKey)))
        }
        let urls = Dictionary(uniqueKeysWithValues: uploads.map { ($0.identifier, $0.urlTemplate) })
        do {
            let sync = try SyncRequest(apiKey: Secret(Secret.mask), containerID: container, urls: urls, supported: supported)
            return (uploads, sync)
        } catch {
            throw .contract(error)
        }
    }

    /// The signed URL with the pull-key path segment (right after the bucket) replaced by the template variable.
    func template(_ signed: SignableRequest, pullKey: Secret) -> String {
        let prefix = "\(signed.scheme)://\(signed.host)/\(SigV4Canonical.percentEncode(store.bucket))/"
        let url = signed.url
        let pullSegment = prefix + pullKey.value + "/"
        guard url.hasPrefix(pullSegment) else { return url }
        return prefix + PullURL.variable + "/" + url.dropFirst(pullSegment.count)
    }
}
