import Foundation
import LedgerCrypto
import Testing
import TestSupport

/// docs/errors.md lists every error code declared under `Sources/`, with the class and HTTP
/// status the source gives it; no code is declared twice; every error type has a code.
@Suite struct ErrorCodeCatalogueTests {
    /// One `ErrorCode("PFX-nnn", .class, …)` in the sources.
    struct Declared: Equatable {
        let id: String
        let errorClass: ErrorClass
        /// The HTTP status it names itself, if any (else its class's).
        let status: Int?
        let remedy: String
        let file: String
    }

    /// The module folder each code prefix belongs to.
    static let prefixes = ["LedgerCrypto": "CRY", "Ledger": "LDG", "Governance": "GOV", "Licensing": "LIC",
                           "Reports": "RPT", "GovernanceService": "SVC", "Server": "SRV", "PostgresStore": "PGS", "Privacy": "PRV", "tierledger": "CLI"]

    /// Every Swift file under `Sources/`, by its path from the repository root.
    static func sources() throws -> [(path: String, text: String)] {
        let root = Fixtures.repositoryRoot
        let files = try #require(FileManager.default.subpathsOfDirectory(atPath: root + "/Sources") as [String]?)
        return try files.filter { $0.hasSuffix(".swift") }.sorted().map { path in
            ("Sources/" + path, try String(contentsOfFile: root + "/Sources/" + path, encoding: .utf8))
        }
    }

    static func declarations() throws -> [Declared] {
        // The remedy is one string literal, so that this page can repeat it.
        let declaration = try Regex(#"ErrorCode\("([A-Z]{3}-[0-9]{3})",\s*\.([A-Za-z]+)\s*,\s*(?:status:\s*([0-9]{3})\s*,\s*)?remedy:\s*"((?:[^"\\]|\\.)*)"\)"#)
        var found: [Declared] = []
        for (path, text) in try sources() {
            for match in text.matches(of: declaration) {
                let id = String(try #require(match.output[1].substring))
                let name = String(try #require(match.output[2].substring))
                let errorClass = try #require(ErrorClass.allCases.first { "\($0)" == name }, "\(path): \(id) has no known class \(name)")
                let status = match.output[3].substring.flatMap { Int($0) }
                let remedy = String(try #require(match.output[4].substring)).replacingOccurrences(of: #"\""#, with: "\"")
                found.append(Declared(id: id, errorClass: errorClass, status: status, remedy: remedy, file: path))
            }
        }
        return found
    }

    /// The rows of docs/errors.md's tables: code, class, HTTP status, remedy (the last column).
    static func documented() throws -> [(id: String, errorClass: String, http: Int, remedy: String)] {
        let doc = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/errors.md", encoding: .utf8)
        let row = try Regex(#"^\| `?([A-Z]{3}-[0-9]{3})`? \| `?([a-z-]+)`? \| ([0-9]{3}) \|"#)
        return try doc.split(separator: "\n").compactMap { line in
            guard let match = String(line).firstMatch(of: row) else { return nil }
            let columns = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return (String(try #require(match.output[1].substring)), String(try #require(match.output[2].substring)),
                    Int(try #require(match.output[3].substring)) ?? 0, columns.last ?? "")
        }
    }

    @Test func everyCodeIsDeclaredOnceWithItsModulesPrefix() throws {
        let declared = try Self.declarations()
        #expect(declared.count > 50)
        var seen: [String: String] = [:]
        for code in declared {
            if let first = seen[code.id] { Issue.record("\(code.id) is declared twice: \(first) and \(code.file)") }
            seen[code.id] = code.file
            let module = code.file.split(separator: "/")[1]
            #expect(Self.prefixes[String(module)] == String(code.id.prefix(3)), "\(code.file): \(code.id) has another module's prefix")
        }
    }

    @Test func everyCodeLiteralIsADeclaration() throws {
        // A code written anywhere else (a code built from a variable, a string compared by hand)
        // could escape the catalogue.
        let literal = try Regex(#""[A-Z]{3}-[0-9]{3}""#)
        let constructed = try Regex(#"ErrorCode\("#)
        let declaration = try Regex(#"ErrorCode\("[A-Z]{3}-[0-9]{3}",\s*\.[A-Za-z]+\s*,\s*(?:status:\s*[0-9]{3}\s*,\s*)?remedy:\s*"(?:[^"\\]|\\.)*"\)"#)
        for (path, text) in try Self.sources() {
            let declarations = text.matches(of: declaration).count
            #expect(text.matches(of: literal).count == declarations, "\(path): a code literal outside an ErrorCode declaration")
            #expect(text.matches(of: constructed).count == declarations, "\(path): an ErrorCode made from something other than a literal")
        }
    }

    @Test func docsListEveryCodeWithItsClassAndStatus() throws {
        let declared = try Self.declarations()
        let documented = try Self.documented()
        let documentedIDs = documented.map(\.id)
        #expect(Set(documentedIDs).count == documentedIDs.count, "docs/errors.md lists a code twice")
        for code in declared {
            guard let row = documented.first(where: { $0.id == code.id }) else {
                Issue.record("\(code.id) (\(code.file)) is missing from docs/errors.md")
                continue
            }
            #expect(row.errorClass == code.errorClass.rawValue, "docs/errors.md gives \(code.id) class \(row.errorClass), the source \(code.errorClass.rawValue)")
            let status = code.status ?? code.errorClass.httpStatus
            #expect(row.http == status, "docs/errors.md gives \(code.id) HTTP \(row.http), the source \(status)")
            // The remedy as the source gives it, as a sentence.
            let sentence = code.remedy.prefix(1).uppercased() + code.remedy.dropFirst() + "."
            #expect(row.remedy == sentence, "docs/errors.md's remedy for \(code.id) is not the source's: \(sentence)")
        }
        for id in Set(documentedIDs).subtracting(declared.map(\.id)) {
            Issue.record("docs/errors.md lists \(id), which no source declares")
        }
    }

    @Test func everyErrorTypeHasACode() throws {
        // `struct X: Error`, `enum X: Error, …`: an error type must conform to CodedError instead.
        let plainError = try Regex(#"(struct|enum|class|actor)\s+\w+\s*:[^{]*\b(Swift\.)?Error\b"#)
        for (path, text) in try Self.sources() where !path.hasPrefix("Sources/tierledger-bench/") {
            #expect(text.firstMatch(of: plainError) == nil, "\(path): an error type that is not a CodedError")
        }
    }

    @Test func classesMapToTheirStatuses() {
        #expect(ErrorClass.allCases.map(\.httpStatus) == [422, 409, 403, 404, 500, 503, 500])
        #expect(ErrorCode("LDG-999", .input, remedy: "a") == ErrorCode("LDG-999", .conflict, remedy: "b"))
    }
}
