/// Amounts in minor units, as people read them: the currency's own number of decimals (ISO 4217),
/// thousands grouped with commas, and the currency code after the figure.
///
/// Every human-readable output (the command line, Markdown and HTML reports) formats money with
/// this; JSON and CSV carry the integer minor units.
public enum Money {
    /// `1234567, "EUR"` → `"12,345.67 EUR"`; `1234567, "JPY"` → `"1,234,567 JPY"`; with `signed`,
    /// a `+` before a positive amount (for differences).
    public static func text(_ minor: Int64, _ currency: String, signed: Bool = false) -> String {
        let sign = minor < 0 ? "-" : (signed && minor > 0 ? "+" : "")
        let magnitude = minor.magnitude
        let exponent = minorUnitExponent(currency)
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        var figure = Count.grouped(magnitude / divisor)
        if exponent > 0 {
            let fraction = String(magnitude % divisor)
            figure += "." + String(repeating: "0", count: exponent - fraction.count) + fraction
        }
        return currency.isEmpty ? sign + figure : "\(sign)\(figure) \(currency)"
    }

    /// The number of decimals of `currency`'s minor unit: 2, except the ISO 4217 currencies listed
    /// with 0, 3 or 4 (JPY 0, KWD 3, CLF 4, …). Codes outside the list, including the funds and
    /// metals codes without a minor unit, count as 2.
    public static func minorUnitExponent(_ currency: String) -> Int {
        switch currency {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF":
            return 0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND":
            return 3
        case "CLF", "UYW":
            return 4
        default:
            return 2
        }
    }
}
