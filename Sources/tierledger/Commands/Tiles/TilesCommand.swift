import ArgumentParser
import Foundation
import Ledger

/// `tierledger tiles export DIR`: the log as C2SP tlog-tiles files, for a static host or a CDN.
struct TilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiles",
        abstract: "The log as C2SP tlog-tiles files.",
        discussion: """
            Examples:
              tierledger tiles export public/

            \(ExitStatusHelp.group)
            """,
        subcommands: [Export.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the checkpoint and every tile of its tree under DIR (the bytes `serve` answers with).",
            discussion: """
                The tree is the latest signed checkpoint's (DIR/checkpoint is that note), or --size entries. \
                Existing files are replaced; full tiles never change, so a re-export only adds.

                Examples:
                  tierledger tiles export public/
                  tierledger tiles export public/ --size 1000

                \(ExitStatusHelp.reads)
                """
        )

        @OptionGroup var location: LedgerOptions

        @Argument(help: ArgumentHelp("Where to write checkpoint and tile/.", valueName: "dir"), completion: .directory)
        var directory: String

        @Option(name: .long, help: ArgumentHelp("Tree size (default: the latest signed checkpoint's).", valueName: "n"))
        var size: Int?

        func run() throws {
            let store = try location.open()
            let treeSize: Int
            if let size {
                guard size >= 0, Int64(size) <= (try store.count()) else {
                    throw CLIError("--size must be from 0 to the ledger's \(try store.count()) entries")
                }
                treeSize = size
            } else {
                guard let checkpoint = try store.latestSignedCheckpoint() else {
                    throw CLIError("no signed checkpoint; sign one with `tierledger checkpoint --key LOG.pem`, or give --size")
                }
                treeSize = checkpoint.size
                let note = try store.savedCheckpoints().first { $0.size == treeSize }?.note ?? []
                try write(note, to: "checkpoint")
            }
            let tiles = TileAddress.all(treeSize: treeSize)
            for tile in tiles {
                guard let bytes = try store.tileBytes(tile, treeSize: treeSize) else { continue }
                try write(bytes, to: tile.path)
            }
            Console.out("wrote \(tiles.count) tiles of the tree of \(treeSize) entries under \(directory)")
        }

        private func write(_ bytes: [UInt8], to relative: String) throws {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                throw CLIError("\(url.path): cannot write: \(error.localizedDescription)")
            }
        }
    }
}
