/// A line of human-readable output, written as a string literal: the literal parts are the
/// program's own and go out as they are (tabs between columns included); every interpolated value
/// passes ``Terminal/line(_:)``. `Console.out` and `Console.note` take only this, so text printed
/// for people is sanitised unless a command chooses ``Console/exact(_:terminator:)`` by name.
struct TerminalLine: ExpressibleByStringInterpolation, Sendable {
    let text: String

    init(stringLiteral value: String) {
        text = value
    }

    init(stringInterpolation: Interpolation) {
        text = stringInterpolation.text
    }

    /// Two pieces of a line, each keeping its own literal and interpolated parts.
    static func + (lhs: TerminalLine, rhs: TerminalLine) -> TerminalLine {
        TerminalLine(text: lhs.text + rhs.text)
    }

    private init(text: String) {
        self.text = text
    }

    struct Interpolation: StringInterpolationProtocol, Sendable {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        mutating func appendInterpolation<T>(_ value: T) {
            text += Terminal.line(String(describing: value))
        }
    }
}
