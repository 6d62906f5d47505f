import Foundation

/// nginx serving a directory of static files on a free loopback port: the baseline of the server
/// benchmark. Its configuration is generated in a directory of its own (pid file, logs and temporary
/// paths inside it), it runs in the foreground as a child of this process, and `stop()` ends it.
/// Run as root, its workers drop to `nobody`, so the files are made readable by everyone.
final class StaticNginx {
    let process = Process()
    let base: String
    let root: String

    /// Writes `files` (URL path to bytes) under `directory/www` and starts nginx on them.
    init(directory: String, files: [String: Data]) throws {
        let manager = FileManager.default
        root = directory + "/www"
        try manager.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        for (path, bytes) in files {
            let file = root + path
            try manager.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: file))
        }
        let port = try FreePort.pick()
        base = "http://127.0.0.1:\(port)"
        let config = """
            worker_processes \(ProcessInfo.processInfo.activeProcessorCount);
            daemon off;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log \(directory)/access.log;
                client_body_temp_path \(directory)/tmp/body;
                proxy_temp_path \(directory)/tmp/proxy;
                fastcgi_temp_path \(directory)/tmp/fastcgi;
                uwsgi_temp_path \(directory)/tmp/uwsgi;
                scgi_temp_path \(directory)/tmp/scgi;
                default_type application/octet-stream;
                keepalive_requests 1000000;
                server {
                    listen 127.0.0.1:\(port);
                    root \(root);
                }
            }

            """
        try config.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        _ = chmod(directory, 0o755)
        for path in (manager.subpaths(atPath: root) ?? []) + [""] {
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            _ = chmod(root + "/" + path, isDirectory.boolValue ? 0o755 : 0o644)
        }
        let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { manager.isExecutableFile(atPath: $0) } ?? "nginx"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [nginx, "-p", directory, "-c", directory + "/nginx.conf", "-e", directory + "/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if let first = files.keys.first, (try? HTTPFetch.get(base + first).status) == 200 { return }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        stop()
        throw BenchError("nginx did not start on \(base): \((try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? "")")
    }

    /// SIGTERM: nginx's master stops its workers and exits.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// A loopback port no one listens on now (the kernel's choice for port 0).
enum FreePort {
    static func pick() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("no socket for picking a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw BenchError("cannot bind a loopback socket for picking a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
