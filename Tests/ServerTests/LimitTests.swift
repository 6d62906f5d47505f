import Foundation
import Ledger
import Server
import Testing
import TestSupport

/// A client that stops sending its body cannot hold the server: it gets a 408 JSON error.
@Suite struct LimitTests {
    /// Sends the headers of a 100-byte body and 10 bytes of it, then waits for the answer.
    static let slowClient = """
        import socket, sys
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
        s.sendall(b"POST /entries HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100\\r\\n\\r\\n0123456789")
        s.settimeout(60)
        data = b""
        while b"\\r\\n\\r\\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        sys.stdout.write(data.decode("utf-8", "replace"))
        """

    @Test func aBodyThatStopsArrivingIsATimeout() async throws {
        let served = try ServedLedger()
        try await served.start(limits: ServerLimits(readTimeoutSeconds: 1))
        let port = String(served.port)
        let reply = try await ProcessRunner.runDetached("python3", ["-c", Self.slowClient, port])
        #expect(reply.stdout.hasPrefix("HTTP/1.1 408"), "\(reply.stdout)\(reply.stderr)")
        #expect(reply.stdout.contains("\"code\":\"SRV-009\""))
        await served.stop()
    }
}
