#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCrypto

/// Reading and writing key files with the care private keys need: private key files must not be
/// readable by group or others, are created with mode 0600, never overwrite anything and never
/// follow a symbolic link.
public enum KeyFile {
    /// Largest key file read, in bytes.
    static let maxSize = 64 * 1024

    /// Reads a PEM file holding a private key, refusing it when group or others can read it.
    public static func readPrivatePEM(_ path: String) throws -> String {
        let text = try readText(path)
        if text.contains("PRIVATE KEY-----") { try checkPrivate(path) }
        return text
    }

    /// Reads a file holding a secret (a passphrase), refusing it when group or others can read it.
    public static func readSecret(_ path: String) throws -> String {
        let text = try readText(path)
        try checkPrivate(path)
        return text
    }

    private static func checkPrivate(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw LedgerError.io(path: path, operation: "stat", errno: errno) }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            throw LedgerError.keyFile(path: path, reason: "holds a secret but is readable by others (mode "
                + "\(String(mode, radix: 8))); restrict it with: chmod 600 \(path)")
        }
    }

    /// Reads any PEM text file (public keys, certificates of public keys).
    public static func readText(_ path: String) throws -> String {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, O_RDONLY)
        } catch LedgerError.io(_, _, let code) where code == ENOENT {
            throw LedgerError.keyFile(path: path, reason: "no such file")
        }
        let size = try file.size()
        guard size <= maxSize else { throw LedgerError.keyFile(path: path, reason: "larger than \(maxSize) bytes; not a key file") }
        let bytes = try file.read(at: 0, count: size)
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            throw LedgerError.keyFile(path: path, reason: "not a text (PEM) file")
        }
        return text
    }

    /// Reads a public key from a PEM file holding either a public key or an unencrypted private key.
    public static func readPublicKey(_ path: String, passphrase: () throws -> Passphrase? = { nil }) throws -> PublicKey {
        let text = try readText(path)
        do {
            if text.contains("PRIVATE KEY-----") {
                let pem = try readPrivatePEM(path)
                let pass = PrivateKey.isEncrypted(pem: pem) ? try passphrase() : nil
                return try PrivateKey(pem: pem, passphrase: pass).publicKey
            }
            return try PublicKey(pem: text)
        } catch let error as LedgerCryptoError {
            throw LedgerError.keyFile(path: path, reason: "\(error)")
        }
    }

    /// Creates `path` with `contents` and mode `mode`, failing if anything (file or link) is there.
    public static func create(_ path: String, contents: String, mode: mode_t) throws {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode)
        } catch LedgerError.io(_, _, let code) where code == EEXIST {
            throw LedgerError.keyFile(path: path, reason: "already exists; key files are never overwritten, choose another path")
        }
        guard fchmod(file.fd, mode) == 0 else { throw LedgerError.io(path: path, operation: "chmod", errno: errno) }
        try file.writeAll(Array(contents.utf8))
        try file.sync()
    }
}
