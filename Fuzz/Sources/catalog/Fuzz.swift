import Foundation
import FuzzSupport
import PartnerRules

/// The catalog loader over several files (the cross-file rules): the input is cut at each line `---8<---` into
/// files `a.yaml`, `b.yaml`, … (the first part becomes `_catalog.yaml` when it starts with `#catalog`). Checks:
/// findings name a written file and a place inside it and render in every format; a folder without errors loads
/// into a catalog in which every media source of every partner is found again by its id, and which survives the
/// bundle round trip unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    guard bytes.count <= 1 << 16 else { return 0 }
    let text = String(decoding: bytes, as: UTF8.self)
    let parts = text.components(separatedBy: "\n---8<---\n").prefix(8)
    Fuzz.clearScratch()
    var files: [String: [UInt8]] = [:]
    for (index, part) in parts.enumerated() {
        var name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index))) + ".yaml"
        var body = part
        if index == 0, part.hasPrefix("#catalog\n") {
            name = CatalogLoader.settingsFileName
            body = String(part.dropFirst("#catalog\n".count))
        }
        let path = Fuzz.scratch + "/" + name
        files[path] = Array(body.utf8)
        FileManager.default.createFile(atPath: path, contents: Data(body.utf8))
    }
    let limits = YAMLLimits(maxBytes: 1 << 16, maxDepth: 32)
    let report: LintReport
    do { report = try CatalogLoader.lint(paths: [Fuzz.scratch], limits: limits) } catch {
        require(false, "lint of a readable folder threw \(error)")
        return 0
    }
    Fuzz.checkFindings(report.findings, files: files)
    for finding in report.findings {
        require(files[finding.file] != nil || finding.file == Fuzz.scratch, "a finding names \(finding.file)")
    }
    if report.errorCount == 0 {
        do {
            let catalog = try CatalogLoader.load(directory: Fuzz.scratch, limits: limits)
            for partner in catalog.partners {
                require(catalog.partner(named: partner.id)?.id == partner.id, "partner \(partner.id) not found by its id")
                for source in partner.definition.mediaSources {
                    require(catalog.mediaSource(source)?.partner.id == partner.id, "media source \(source) not found")
                }
            }
            roundTrip(catalog)
        } catch {
            require(false, "a folder that lints without errors does not load: \(error)")
        }
    }
    return 0
}

/// A loaded catalog survives the bundle round trip unchanged: the same partners and revision come back, and the
/// decoded catalog encodes to the very same bytes (places, files and settings included).
func roundTrip(_ catalog: Catalog) {
    do {
        let bytes = try CatalogBundle.encode(catalog)
        let decoded = try CatalogBundle.decode(bytes)
        require(decoded.revision == catalog.revision, "the bundle's catalog has another revision")
        require(decoded.partners.map(\.definition) == catalog.partners.map(\.definition), "a partner changed in the bundle round trip")
        let again = try CatalogBundle.encode(decoded)
        require(again == bytes, "the decoded catalog does not encode to the same bundle")
    } catch {
        require(false, "the bundle of a loaded catalog is refused: \(error)")
    }
}
