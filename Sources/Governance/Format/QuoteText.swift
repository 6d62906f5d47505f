/// Quote lines as people read them.
public enum QuoteText {
    /// A line's description with its unit price as money: the policy writes `30 seats × 1900` in
    /// minor units, which reads `30 seats × 19.00 EUR`. Other descriptions are kept as they are.
    public static func description(_ line: Quote.Line, currency: String) -> String {
        guard let quantity = line.quantity, let unit = line.unitAmount else { return line.description }
        let stated = Array("\(quantity) seats × \(unit)".unicodeScalars)
        let scalars = Array(line.description.unicodeScalars)
        guard scalars.count >= stated.count, Array(scalars.suffix(stated.count)) == stated else { return line.description }
        var out = String.UnicodeScalarView(scalars.dropLast(stated.count))
        out.append(contentsOf: "\(Count.text(quantity)) seats × \(Money.text(unit, currency))".unicodeScalars)
        return String(out)
    }
}
