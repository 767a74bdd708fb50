/// The version every executable of the package answers to `--version`: the one place it is defined.
///
/// A release's version is `git describe --tags --always --dirty` of the commit it was built from (SPEC 17).
/// `tools/release` writes that string over `current` below before it builds and puts this file back afterwards, so
/// only release binaries carry it. A build from a clone (`swift build`, `swift run`) answers `0.0.0-dev`: asking git
/// at build time would need a build-tool plugin that runs on every build and recompiles whenever the working tree
/// turns dirty or clean, which costs the fresh-clone `swift run partner-rules lint` time and buys a string that
/// `git describe` in the clone already tells.
package enum Version {
    /// What `--version` prints.
    package static let current = "0.0.0-dev"
}
