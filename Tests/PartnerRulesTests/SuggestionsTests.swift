import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// "Did you mean" hints: the bounded distance that `check` uses for every unknown name agrees with the full one.
@Suite("Suggestions")
struct SuggestionsTests {
    @Test("the distance cut off at a limit agrees with the full distance wherever it matters")
    func boundedDistance() {
        var random = SeededRandom(seed: 20_261_202)
        let alphabet = Array("abcAB_-é".unicodeScalars)
        for _ in 0..<3_000 {
            let a = (0..<Int.random(in: 0...9, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            var b = a
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                switch Int.random(in: 0...3, using: &random) {
                case 0 where !b.isEmpty: b.remove(at: Int.random(in: 0..<b.count, using: &random))
                case 1: b.insert(alphabet.randomElement(using: &random)!, at: Int.random(in: 0...b.count, using: &random))
                case 2 where b.count > 1:
                    let i = Int.random(in: 1..<b.count, using: &random)
                    b.swapAt(i - 1, i)
                default: if !b.isEmpty { b[Int.random(in: 0..<b.count, using: &random)] = alphabet.randomElement(using: &random)! }
                }
            }
            let full = Suggestions.editDistance(a, b)
            for limit in 0...3 {
                let bounded = Suggestions.editDistance(a, b, limit: limit)
                if full <= limit {
                    #expect(bounded == full, "\(a) \(b) limit \(limit)")
                } else {
                    #expect(bounded > limit, "\(a) \(b) limit \(limit)")
                }
            }
        }
    }

    @Test("the first of the nearest candidates wins, case is ignored, far words get nothing")
    func nearest() {
        let names = Suggestions.Candidates(["Moloco", "Molocco Ads", "TikTok", "tiktok_int"])
        #expect(Suggestions.nearest(to: "molocco", in: names) == "Moloco")
        #expect(Suggestions.nearest(to: "TIKTOK", in: names) == "TikTok")
        #expect(Suggestions.nearest(to: "tiktokint", in: names) == "tiktok_int")
        #expect(Suggestions.nearest(to: "something else", in: names) == nil)
        #expect(Suggestions.nearest(to: "", in: names) == nil)
        #expect(Suggestions.nearest(to: "moloko", in: ["Moloco", "Molokoo"]) == "Moloco")
    }
}
