import FuzzSupport
import PartnerRules

/// One partner file: the YAML composer, the partner decoder and the file rules (what `lint` runs on it, through
/// `CatalogLoader.decodePartner`). Checks: findings (YAML errors among them) are well placed and render in every
/// format, JSON and SARIF parse; a decoded partner has an id and names its file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    let limits = YAMLLimits(maxBytes: 1 << 16, maxDepth: 32)
    let (document, findings) = CatalogLoader.decodePartner(bytes, file: "acme.yaml", limits: limits)
    Fuzz.checkFindings(findings, files: ["acme.yaml": bytes])
    if let document {
        require(document.file == "acme.yaml", "the document names \(document.file)")
        require(!document.definition.id.isEmpty, "a decoded partner without an id")
    }
    return 0
}
