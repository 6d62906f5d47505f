import Governance
import Testing

/// Money, counts and percentages as people read them.
@Suite struct FormatTests {
    @Test func moneyUsesTheCurrencysMinorUnitAndGroupsThousands() {
        #expect(Money.text(10_790_424, "EUR") == "107,904.24 EUR")
        #expect(Money.text(25_000, "EUR") == "250.00 EUR")
        #expect(Money.text(5, "USD") == "0.05 USD")
        #expect(Money.text(-123_456_789, "EUR") == "-1,234,567.89 EUR")
        #expect(Money.text(4_952, "EUR", signed: true) == "+49.52 EUR")
        #expect(Money.text(0, "EUR", signed: true) == "0.00 EUR")
        #expect(Money.text(1_234_567, "JPY") == "1,234,567 JPY")
        #expect(Money.text(1_234_567, "KWD") == "1,234.567 KWD")
        #expect(Money.text(10_001, "CLF") == "1.0001 CLF")
        #expect(Money.text(Int64.min, "EUR") == "-92,233,720,368,547,758.08 EUR")
    }

    @Test func countsAndPercentages() {
        #expect(Count.text(0) == "0")
        #expect(Count.text(999) == "999")
        #expect(Count.text(1_000) == "1,000")
        #expect(Count.text(-10_000_000) == "-10,000,000")
        #expect(Count.text(Int64.max) == "9,223,372,036,854,775,807")
        #expect(Percent.bp(9_995) == "99.95 %")
        #expect(Percent.bp(5) == "0.05 %")
        #expect(Percent.bp(-250) == "-2.50 %")
    }
}
