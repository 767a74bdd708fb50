import Foundation
import PartnerRules
import PartnerRulesTestSupport
@testable import PartnerRulesAudiences
@testable import PartnerRulesAudiencesCore
import Testing

@Suite struct SegmentFileTests {
    @Test(arguments: [
        ("  3F2504E0-4F89-11D3-9A0C-0305E82C3301\r", AudienceIdentifier.adid, "3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
        ("Ana.Silva@Example.COM ", .email, "ana.silva@example.com"),
        ("+49 (151) 123-456.78", .phone, "+4915112345678"),
        ("0044 20 7946 0958", .phone, "+442079460958"),
        ("ÉLODIE@example.fr", .email, "élodie@example.fr"),
    ])
    func hashesEqualSha256sumOfTheNormalizedValue(raw: String, identifier: AudienceIdentifier, normalized: String) async throws {
        #expect(IdentifierNormalizer.normalize(raw, as: identifier) == .success(normalized))
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let input = try directory.write("in.txt", raw + "\n")
        try SegmentFiles.hash(identifier: identifier, input: input, output: directory.file("out.csv"))
        let lines = try directory.read("out.csv").split(separator: "\n").map(String.init)
        let digest = try await systemSHA256(normalized)
        #expect(lines == [identifier.segmentHeader, digest])
        #expect(SegmentFiles.digest(raw, as: identifier)?.hex == lines.last)
    }

    @Test(arguments: [
        ("4915112345678", NormalizationProblem.phoneWithoutCountryCode),
        ("+49 151 1234 567x", .phoneCharacter(UInt8(ascii: "x"))),
        ("+1234567", .phoneDigitCount),
        ("+1234567890123456", .phoneDigitCount),
        ("   ", .empty),
    ])
    func badPhoneNumbersAreRefused(raw: String, problem: NormalizationProblem) {
        #expect(IdentifierNormalizer.normalize(raw, as: .phone) == .failure(problem))
    }

    @Test func aBadLineNamesItsNumberAndLeavesNoOutput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let input = try directory.write("in.txt", "+4915112345678\n+4915112345679\n\n+4915112345670\n")
        #expect {
            try SegmentFiles.hash(identifier: .phone, input: input, output: directory.file("out.csv"))
        } throws: { error in
            "\(error)".contains(":3: error: bad phone: empty line")
        }
        #expect(directory.contents() == ["in.txt"])
        try directory.write("phones.txt", "+4915112345678\n015112345678\n")
        #expect(throws: SegmentError.badIdentifier(
            file: directory.file("phones.txt"), line: 2, identifier: .phone,
            problem: NormalizationProblem.phoneWithoutCountryCode.description)
        ) {
            try SegmentFiles.hash(identifier: .phone, input: directory.file("phones.txt"), output: directory.file("out.csv"))
        }
        #expect(!directory.exists("out.csv"))
    }

    @Test func streamsManyLinesAcrossChunkBoundaries() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        // 40,000 ids of 36 bytes: 1.4 MiB, more than one 1 MiB chunk; the last line has no newline.
        let ids = (0..<40_000).map { String(format: "%08x-0000-4000-8000-%012x", $0, $0 * 7) }
        try directory.write("ids.txt", ids.joined(separator: "\n"))
        let summary = try SegmentFiles.hash(identifier: .adid, input: directory.file("ids.txt"), output: directory.file("seg.csv"))
        #expect(summary.rows == ids.count)
        let lines = try directory.read("seg.csv").split(separator: "\n")
        #expect(lines.count == ids.count + 1)
        for index in [0, 1, 29_126, 39_999] {
            #expect(String(lines[index + 1]) == SegmentFiles.digest(ids[index], as: .adid)?.hex)
        }
    }

    @Test(arguments: [false, true])
    func matchFindsExactlyThePlantedIdentifiers(segmentIsSmaller: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let planted = ["ana@example.com", "Bo@Example.org", "  kim@example.net"]
        let others = (0..<(segmentIsSmaller ? 500 : 5)).map { "user\($0)@example.com" }
        // The segment holds the planted ones plus some hashes nobody has.
        let segmentHashes = planted.compactMap { SegmentFiles.digest($0, as: .email)?.hex }
            + (0..<(segmentIsSmaller ? 3 : 400)).compactMap { SegmentFiles.digest("nobody\($0)@example.com", as: .email)?.hex }
        try directory.write("seg.csv", (["email_sha256"] + segmentHashes).joined(separator: "\n") + "\n")
        var input = others
        input.insert(planted[0], at: 2)
        input.insert(planted[1], at: 4)
        input.append(planted[2])
        try directory.write("in.txt", input.joined(separator: "\n") + "\n")
        let summary = try SegmentFiles.match(
            segment: directory.file("seg.csv"), input: directory.file("in.txt"), output: directory.file("out.txt"))
        #expect(summary.heldInMemory == (segmentIsSmaller ? .segment : .identifiers))
        #expect(summary.matched == 3)
        #expect(try directory.read("out.txt") == "ana@example.com\nBo@Example.org\nkim@example.net\n")
    }

    @Test(arguments: [
        ("advertiser_id\nabc\n", "1: error: segment header 'advertiser_id' is not one of"),
        ("email_sha256\n" + String(repeating: "a", count: 64) + "\nnot-a-hash\n", ":3: error: expected a SHA-256 hash"),
        ("email_sha256\n" + String(repeating: "A", count: 64) + "\n", ":2: error: expected a SHA-256 hash"),
        ("", "1: error: segment header '' is not one of"),
    ])
    func matchRefusesMalformedSegments(segment: String, message: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try directory.write("seg.csv", segment)
        try directory.write("in.txt", "ana@example.com\n")
        #expect {
            try SegmentFiles.match(segment: directory.file("seg.csv"), input: directory.file("in.txt"), output: directory.file("out.txt"))
        } throws: { error in
            "\(error)".contains(message)
        }
        #expect(!directory.exists("out.txt"))
    }

    @Test func streamMatcherCountsAcrossArbitraryPieces() throws {
        let known = Set(["a@example.com", "b@example.com"].compactMap { SegmentFiles.digest($0, as: .email) })
        let text = (["email_sha256"] + ["a@example.com", "c@example.com", "b@example.com"].compactMap {
            SegmentFiles.digest($0, as: .email)?.hex
        }).joined(separator: "\r\n")
        var matcher = SegmentStreamMatcher(known: known)
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + 7)
            try matcher.feed(bytes[index..<end])
            index = end
        }
        try matcher.finish()
        #expect(matcher.identifier == .email)
        #expect(matcher.rows == 3)
        #expect(matcher.matched == 2)
    }
}

@Suite struct DigestTests {
    /// Lines the short-identifier fast path takes and lines it must leave to the normalizer, hashed by `hash`, each
    /// against swift-crypto's SHA-256 of what ``IdentifierNormalizer`` makes of it.
    @Test(arguments: [AudienceIdentifier.adid, .email])
    func everyLineHashesAsTheReferenceSays(identifier: AudienceIdentifier) throws {
        var generator = SystemRandomNumberGenerator()
        // The letters, and the ASCII neighbours of 'A'...'Z' and 'a'...'z', which must not change case.
        let alphabet = Array("AbCdEfXyZz09@[`{-_.+".utf8)
        var lines: [String] = []
        for length in 1...70 {
            for padding in ["", " ", "\t", " \r"] {
                let body = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 65 }
                lines.append(padding + String(decoding: body, as: UTF8.self) + padding)
            }
        }
        lines += ["Ünïcode@Example.com", "ÀB", "a\u{0130}b", "MIXED-Case-\u{00E9}"]
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let input = try directory.write("in.txt", lines.joined(separator: "\n") + "\n")
        try SegmentFiles.hash(identifier: identifier, input: input, output: directory.file("out.csv"))
        let hashes = try directory.read("out.csv").split(separator: "\n").dropFirst()
        #expect(hashes.count == lines.count)
        for (line, hash) in zip(lines, hashes) {
            guard case .success(let normalized) = IdentifierNormalizer.normalize(line, as: identifier) else {
                Issue.record("\(line.debugDescription) did not normalize")
                continue
            }
            #expect(String(hash) == Digest32.reference(Array(normalized.utf8)).hex, "\(line.debugDescription)")
        }
    }

    @Test func hexDigitsAreLowerCaseAndInOrder() {
        let digest = Digest32(a: 0x0123_4567_89AB_CDEF, b: 0xFEDC_BA98_7654_3210, c: 0, d: .max)
        // Words are stored little-endian, so each word's bytes come out lowest first.
        #expect(digest.hex == "efcdab8967452301" + "1032547698badcfe" + "0000000000000000" + "ffffffffffffffff")
    }

    @Test func theFastPathAgreesWithSwiftCryptosSHA256() {
        var generator = SystemRandomNumberGenerator()
        // Every length that is padded here (one block up to 55, two up to 119) and the first ones past it.
        for length in Array(0...130) + [511, 4_096] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let fast = bytes.withUnsafeBytes { Digest32(sha256Of: $0) }
            #expect(fast == Digest32.reference(bytes), "length \(length)")
        }
    }
}
