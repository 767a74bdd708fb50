import FuzzSupport
@_spi(Fuzzing) import PartnerRulesAudiencesCore
import PartnerRules

/// The identifier normalizer and the segment hasher (`audiences hash`). The first byte picks the identifier kind;
/// the rest is the file of plain identifiers. Checks: normalizing twice equals normalizing once; a hashed file has
/// one digest per line, each the SHA-256 (one-shot, a second implementation) of the normalized line; a refused
/// file names the first line that does not normalize and leaves no output behind.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    guard let first = bytes.first else { return 0 }
    let kinds = AudienceIdentifier.allCases
    let identifier = kinds[Int(first) % kinds.count]
    let input = Array(bytes.dropFirst())
    // An empty file has no lines; otherwise every newline ends one, and text after the last newline is one more.
    var lines = input.isEmpty ? [] : input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    if input.last == UInt8(ascii: "\n") { lines.removeLast() }

    var expected: [Result<String, NormalizationProblem>?] = []
    for line in lines {
        guard let text = String(validating: line, as: UTF8.self) else {
            expected.append(nil)
            continue
        }
        let once = IdentifierNormalizer.normalize(text, as: identifier)
        if case .success(let normalized) = once {
            let twice = IdentifierNormalizer.normalize(normalized, as: identifier)
            require(twice == once, "\(identifier): normalizing \(normalized.debugDescription) again gives \(twice)")
        }
        expected.append(once)
    }

    Fuzz.clearScratch()
    let inputPath = Fuzz.scratch + "/ids.txt", outputPath = Fuzz.scratch + "/segment.csv"
    Fuzz.write(input, to: inputPath)
    do {
        let summary = try SegmentFiles.hash(identifier: identifier, input: inputPath, output: outputPath)
        require(summary.rows == lines.count, "\(summary.rows) rows counted for \(lines.count) lines")
        let output = Fuzz.read(outputPath)
        let outputLines = output.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        require(outputLines.first == identifier.segmentHeader, "the segment file does not start with its header")
        require(outputLines.count == lines.count + 1, "\(outputLines.count - 1) digests for \(lines.count) lines")
        for (index, result) in expected.enumerated() {
            guard let result else { continue }
            guard case .success(let normalized) = result else {
                require(false, "line \(index + 1) was hashed but does not normalize: \(result)")
                return 0
            }
            let digest = Digest32.oneShotSHA256(Array(normalized.utf8)).hex
            require(outputLines[index + 1] == digest, "line \(index + 1): \(outputLines[index + 1]) != SHA-256 \(digest)")
        }
    } catch {
        require(!Fuzz.exists(outputPath), "a refused file left its output behind")
        if case .badIdentifier(_, let line, _, _) = error {
            require(line >= 1 && line <= lines.count, "the error names line \(line) of \(lines.count)")
            if let result = expected[line - 1], case .success = result {
                require(false, "line \(line) was refused but normalizes")
            }
            for earlier in expected.prefix(line - 1) {
                if let earlier, case .failure = earlier { require(false, "an earlier bad line was not the one named") }
            }
        }
    }
    return 0
}
