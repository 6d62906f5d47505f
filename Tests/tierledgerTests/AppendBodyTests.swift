import Foundation
import Testing
import TestSupport

/// `append --body`: what is not JSON is called so, with the form expected; a body file that is not
/// UTF-8 is refused with its byte offset, never repaired and signed.
@Suite struct AppendBodyTests {
    @Test func aBodyThatIsNotJSONIsCalledSoWithTheExpectedForm() throws {
        let ws = try CLIWorkspace()
        for body in ["not json", "{customer: acme}", "{\"seats\":25"] {
            let result = try ws.run(["append", "--type", "license.note", "--body", body, "--key", "bob.pem"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("--body is not JSON"), "\(body): \(result.stderr)")
            #expect(result.stderr.contains(#"--body '{"customer":"acme","seats":25}'"#), "\(body): \(result.stderr)")
            #expect(result.stderr.contains("@FILE"))
        }
        let number = try ws.run(["append", "--type", "license.note", "--body", "42", "--key", "bob.pem"])
        #expect(number.status == 2)
        #expect(number.stderr.contains("must be a JSON object"))
        let fraction = try ws.run(["append", "--type", "license.note", "--body", #"{"x":1.5}"#, "--key", "bob.pem"])
        #expect(fraction.status == 2)
        #expect(fraction.stderr.contains("integers only"))
        #expect(try ws.expectSuccess(["log", "--json"]).stdout.split(separator: "\n").count == 2)
    }

    @Test func aBodyFileThatIsNotUTF8IsRefusedWithItsByteOffset() throws {
        let ws = try CLIWorkspace()
        // Byte 13 is 0xFF, inside a string, where a lenient decoder would put U+FFFD.
        try Data(Array(#"{"customer":""#.utf8) + [0xFF] + Array(#""}"#.utf8)).write(to: URL(fileURLWithPath: ws.path("bad.json")))
        let inString = try ws.run(["append", "--type", "license.note", "--body", "@bad.json", "--key", "bob.pem"])
        #expect(inString.status == 2)
        #expect(inString.stderr.contains("bad.json: byte 13 is not valid UTF-8"), "\(inString.stderr)")
        // A truncated sequence in a name, and a lone continuation byte outside any string.
        try Data([0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D]).write(to: URL(fileURLWithPath: ws.path("cut.json")))
        let cut = try ws.run(["append", "--type", "license.note", "--body", "@cut.json", "--key", "bob.pem"])
        #expect(cut.stderr.contains("cut.json: byte 2 is not valid UTF-8"), "\(cut.stderr)")
        try Data([0x7B, 0x7D, 0x80]).write(to: URL(fileURLWithPath: ws.path("tail.json")))
        let tail = try ws.run(["append", "--type", "license.note", "--body", "@tail.json", "--key", "bob.pem"])
        #expect(tail.stderr.contains("tail.json: byte 2 is not valid UTF-8"), "\(tail.stderr)")
        // Nothing was signed or written.
        #expect(try ws.expectSuccess(["log", "--json"]).stdout.split(separator: "\n").count == 2)
        // UTF-8 beyond ASCII is fine.
        try #"{"customer":"Müller & Söhne 東京"}"#.write(toFile: ws.path("good.json"), atomically: false, encoding: .utf8)
        try ws.expectSuccess(["append", "--type", "license.note", "--body", "@good.json", "--key", "bob.pem"])
        #expect(try ws.expectSuccess(["log", "--json"]).stdout.contains("Müller & Söhne 東京"))
    }
}
