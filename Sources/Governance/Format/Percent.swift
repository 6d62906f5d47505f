/// Basis points as people read them: a percentage with two decimals (`9995` → `"99.95 %"`).
public enum Percent {
    /// `value` basis points: `-250` → `"-2.50 %"`.
    public static func bp(_ value: Int64) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(Count.grouped(magnitude / 100)).\(fraction < 10 ? "0" : "")\(fraction) %"
    }
}
