import Hummingbird

/// Reading query parameters, with a 400 JSON error that names the parameter when one is unusable.
enum Query {
    /// The integer parameter `name`, or `fallback` when absent; refused outside `range`.
    static func integer(_ request: Request, _ name: String, default fallback: Int64? = nil,
                        in range: ClosedRange<Int64> = 0...Int64.max) throws -> Int64? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return fallback }
        guard let value = Int64(text), range.contains(value) else {
            throw APIError.badRequest("query parameter \(name) must be an integer from \(range.lowerBound) to \(range.upperBound)",
                                      remedy: "e.g. ?\(name)=\(range.lowerBound)")
        }
        return value
    }

    /// The integer parameter `name`, which must be present.
    static func required(_ request: Request, _ name: String, in range: ClosedRange<Int64> = 0...Int64.max) throws -> Int64 {
        guard let value = try integer(request, name, in: range) else {
            throw APIError.badRequest("query parameter \(name) is required", remedy: "e.g. ?\(name)=0")
        }
        return value
    }

    /// The text parameter `name`, if present.
    static func text(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }
}
