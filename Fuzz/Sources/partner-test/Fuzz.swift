import FuzzSupport
@_spi(Fuzzing) import PartnerRules

/// The partner-test reader (`partners/tests/*.yaml`), its check against the repository's catalog, the runner and
/// the report (`PartnerTestPipeline`). Checks: findings are well placed and render in every format; a file without
/// errors gives one result per case, and a JSON report that is valid JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    let name = "tests/acme.yaml"
    let outcome = PartnerTestPipeline.run(
        bytes, file: name, catalog: Fuzz.catalog, today: Fuzz.today, limits: YAMLLimits(maxBytes: 1 << 16, maxDepth: 32))
    Fuzz.checkFindings(outcome.findings, files: [name: bytes])
    if let json = outcome.jsonReport {
        require(outcome.results == outcome.cases, "\(outcome.cases) cases gave \(outcome.results) results")
        require(Fuzz.isJSON(Array(json.utf8)), "the JSON report is not JSON: \(json.prefix(300))")
    }
    return 0
}
