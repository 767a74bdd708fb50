import FuzzSupport
import PartnerRules

/// The NDJSON check stream (`check --ndjson`, `POST /v1/check` streaming). The first byte picks a chunk size; the
/// rest is the stream. Checks: fed in chunks or all at once, the output bytes are the same; one output line per
/// counted record (valid + invalid + malformed), each line valid JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    guard let first = bytes.first else { return 0 }
    let input = Array(bytes.dropFirst())
    let chunk = Int(first % 64) + 1
    let checker = IntegrationChecker(catalog: Fuzz.catalog)
    let existing = checker.activeIntegrations([])

    func run(chunkSize: Int) -> ([UInt8], NDJSONCheckStream.Counts) {
        var stream = NDJSONCheckStream(checker: checker, existing: existing, today: Fuzz.today)
        var output: [UInt8] = []
        input.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + chunkSize)
                stream.feed(UnsafeBufferPointer(rebasing: all[start..<end]), into: &output)
                start = end
            }
        }
        stream.finish(into: &output)
        return (output, stream.counts)
    }
    let (whole, counts) = run(chunkSize: max(1, input.count))
    let (chunked, chunkedCounts) = run(chunkSize: chunk)
    require(whole == chunked, "chunks of \(chunk) bytes change the output")
    require(counts == chunkedCounts, "chunks of \(chunk) bytes change the counts")
    let lines = whole.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
    require(whole.isEmpty || whole.last == UInt8(ascii: "\n"), "the output does not end with a newline")
    require(lines.count == counts.valid + counts.invalid + counts.malformed,
        "\(lines.count) output lines for \(counts.valid) valid, \(counts.invalid) invalid, \(counts.malformed) malformed")
    for line in lines {
        require(Fuzz.isJSON(Array(line)), "an output line is not JSON: \(String(decoding: line, as: UTF8.self).prefix(300))")
    }
    return 0
}
