#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Ledger
import LedgerCrypto

/// Where a passphrase comes from: `--passphrase-file`, then `TIERLEDGER_PASSPHRASE`, then a prompt on
/// the terminal with echo off. Never from the command line itself.
struct PassphraseSource {
    let file: String?

    /// The passphrase to unlock an existing key.
    func unlock(_ keyPath: String) throws -> Passphrase {
        try obtain(prompt: "Passphrase for \(keyPath): ", confirm: false)
    }

    /// The fewest bytes (UTF-8) a new key's passphrase may have. The encryption matters once someone
    /// holds a copy of the key file, and then they guess offline for as long as they like; SECURITY.md
    /// ("Key handling") says why 12. Keys that exist already open with whatever passphrase they have.
    static let minimumNewBytes = 12

    /// A new passphrase to encrypt a key with (asked twice on a terminal): at least `minimumNewBytes` bytes.
    func newPassphrase(for keyPath: String) throws -> Passphrase {
        let pass = try obtain(prompt: "New passphrase for \(keyPath) (at least \(Self.minimumNewBytes) bytes): ", confirm: true)
        guard !pass.isEmpty else {
            throw CLIError("the passphrase is empty; give one of at least \(Self.minimumNewBytes) bytes, or use --no-encrypt to store the key unencrypted")
        }
        guard pass.bytes.count >= Self.minimumNewBytes else {
            throw CLIError("the passphrase for \(keyPath) is \(pass.bytes.count) byte\(pass.bytes.count == 1 ? "" : "s"); a new key's passphrase needs at least "
                + "\(Self.minimumNewBytes) (a few words will do: see SECURITY.md, key handling); nothing was written")
        }
        return pass
    }

    private func obtain(prompt: TerminalLine, confirm: Bool) throws -> Passphrase {
        if let file {
            let text = try KeyFile.readSecret(file)
            // The first line, whatever its line ending ("\r\n" is one Character in Swift).
            return Passphrase(String(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? ""))
        }
        if let env = ProcessInfo.processInfo.environment["TIERLEDGER_PASSPHRASE"] {
            return Passphrase(env)
        }
        guard let first = TerminalPrompt.readSecret(prompt) else {
            throw CLIError("a passphrase is needed and there is no terminal to ask on; give --passphrase-file FILE "
                + "(mode 600) or set TIERLEDGER_PASSPHRASE", code: .cryptoPassphraseRequired)
        }
        if confirm {
            guard let second = TerminalPrompt.readSecret("Repeat it: "), second == first else {
                throw CLIError("the two passphrases differ; nothing was written")
            }
        }
        return Passphrase(first)
    }
}

/// Reads a line from /dev/tty (the prompt sanitised like every other line, see ``TerminalLine``).
enum TerminalPrompt {
    /// Reads a visible line from the terminal (for confirmations); nil when there is none.
    static func readLine(_ prompt: TerminalLine) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        _ = prompt.text.withCString { write(tty, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != 0x0A, byte != 0x0D { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func readSecret(_ prompt: TerminalLine) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(tty, TCSAFLUSH, &quiet)
        defer {
            _ = tcsetattr(tty, TCSAFLUSH, &saved)
            _ = write(tty, "\n", 1)
        }
        _ = prompt.text.withCString { write(tty, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != 0x0A, byte != 0x0D {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
