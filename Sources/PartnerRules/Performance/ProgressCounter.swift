internal import Synchronization

/// How far a long run has got, in bytes: what it has read or sent, and what it expects to in all.
///
/// Long runs (classify, hashing a segment file, uploads) add to it once per block they read or part they send
/// (a mebibyte or more), never per row, so counting costs nothing the hot loops would notice. The library only
/// counts; the command line decides whether and how to show it, reading the counter from a thread of its own.
public final class ProgressCounter: Sendable {
    private let done = Atomic<Int>(0)
    private let expected = Atomic<Int>(-1)

    /// A counter at zero, with no expected total yet.
    public init() {}

    /// The bytes read or sent so far.
    public var bytesDone: Int { done.load(ordering: .relaxed) }

    /// The bytes the run expects to read or send in all; `nil` while unknown (a pipe).
    public var bytesExpected: Int? {
        let value = expected.load(ordering: .relaxed)
        return value < 0 ? nil : value
    }

    /// Adds `bytes` to what is done. Thread-safe: two readers may add at once.
    package func add(_ bytes: Int) {
        done.add(bytes, ordering: .relaxed)
    }

    /// Sets what the run expects in all.
    package func expect(_ bytes: Int) {
        expected.store(bytes, ordering: .relaxed)
    }
}
