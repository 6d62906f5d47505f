/// Quote lines as people read them.
public enum QuoteText {
    /// A line's description with its unit price as money: the policy writes `30 seats × 1900` in
    /// minor units, which reads `30 seats × 19.00 EUR`. Other descriptions are kept as they are.
    public static func description(_ line: Quote.Line, currency: String) -> String {
        guard let quantity = line.quantity, let unit = line.unitAmount else { return line.description }
        if line.kind == "overage", let per = line.description.split(separator: " ").last.flatMap({ Int64($0) }) {
            return replacingSuffix(line.description, "\(quantity) × \(unit) per \(per)",
                                   with: "\(Count.text(quantity)) × \(Money.text(unit, currency)) per \(Count.text(per))")
        }
        return replacingSuffix(line.description, "\(quantity) seats × \(unit)", with: "\(Count.text(quantity)) seats × \(Money.text(unit, currency))")
    }

    /// `text` with its ending `stated` replaced by `readable`, compared on Unicode scalars; `text`
    /// unchanged when it does not end so.
    private static func replacingSuffix(_ text: String, _ stated: String, with readable: String) -> String {
        let stated = Array(stated.unicodeScalars)
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= stated.count, Array(scalars.suffix(stated.count)) == stated else { return text }
        var out = String.UnicodeScalarView(scalars.dropLast(stated.count))
        out.append(contentsOf: readable.unicodeScalars)
        return String(out)
    }
}
