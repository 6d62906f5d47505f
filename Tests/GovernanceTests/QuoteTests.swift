import Governance
import Testing

/// Quotes against line items computed by hand from policies/tiers.yaml.
@Suite struct QuoteTests {
    static let policy = try? PolicySet.load(directory: PolicyCheckTests.directory)

    func amounts(_ quote: Quote) -> [String: Int64] {
        Dictionary(quote.lines.map { ($0.kind + ($0.kind == "addon" ? ":" + $0.description : ""), $0.amount) }, uniquingKeysWith: +)
    }

    @Test func starter() throws {
        let q = try #require(Self.policy).quote(tier: "starter", seats: 5)
        // 0 + 5 × 900 = 4,500; 12 months: 8 % term discount = 360.
        #expect(q.lines.map(\.amount) == [0, 4_500, -360])
        #expect((q.subtotal, q.total, q.termTotal) == (4_500, 4_140, 49_680))
    }

    @Test func teamWithPerSeatAndFlatAddOns() throws {
        let q = try #require(Self.policy).quote(tier: "team", seats: 10, addons: ["sso-addon", "extra-api-calls", "extra-storage"], termMonths: 6)
        // 4,900 + 10 × 1,900 + 10 × 500 (SSO per seat) + 25,000 + 9,900 = 63,800; 6 months: no term discount.
        #expect(q.lines.map(\.amount) == [4_900, 19_000, 5_000, 25_000, 9_900])
        #expect((q.subtotal, q.total, q.termTotal) == (63_800, 63_800, 382_800))
    }

    @Test func businessWithEveryDiscount() throws {
        let q = try #require(Self.policy).quote(tier: "business", seats: 120, addons: ["premium-support", "extra-storage"], termMonths: 24, discountBp: 500)
        // 19,900 + 468,000 + 49,900 + 9,900 = 547,700
        // volume 5 %: 27,385 → 520,315; term 12 %: 62,437.8 → 62,438 → 457,877; manual 5 %: 22,893.85 → 22,894 → 434,983
        #expect(q.lines.map(\.amount) == [19_900, 468_000, 49_900, 9_900, -27_385, -62_438, -22_894])
        #expect((q.subtotal, q.total, q.termTotal) == (547_700, 434_983, 10_439_592))
    }

    @Test func enterpriseAtVolume() throws {
        let q = try #require(Self.policy).quote(tier: "enterprise", seats: 500, addons: ["extra-api-calls"], termMonths: 36)
        // 99,900 + 2,950,000 + 25,000 = 3,074,900; volume 10 %: 307,490 → 2,767,410; term 18 %: 498,133.8 → 498,134 → 2,269,276
        #expect(q.lines.map(\.amount) == [99_900, 2_950_000, 25_000, -307_490, -498_134])
        #expect((q.subtotal, q.total, q.termTotal) == (3_074_900, 2_269_276, 81_693_936))
        #expect(q.policy == Self.policy?.hash)
    }

    @Test func refusals() throws {
        let policy = try #require(Self.policy)
        for (tier, seats, addons, message) in [("starter", 11, [String](), "1 to 10 seats"), ("team", 5, ["premium-support"], "not offered for Team"),
                                               ("team", 5, ["gold"], "unknown add-on"), ("team", 5, ["extra-storage", "extra-storage"], "twice"),
                                               ("platinum", 5, [], "unknown tier")] {
            #expect {
                try policy.quote(tier: tier, seats: Int64(seats), addons: addons)
            } throws: { error in
                (error as? QuoteError)?.description.contains(message) == true
            }
        }
        #expect(throws: QuoteError.self) { try policy.quote(tier: "team", seats: 5, discountBp: 10_001) }
    }
}
