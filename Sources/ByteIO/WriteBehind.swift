internal import Dispatch
internal import Foundation
internal import Synchronization

/// The writer thread behind a ``ByteWriter``: a ring of buffers that the caller fills and the thread writes, in
/// order, with ``writeAll(_:_:)``.
///
/// The caller always holds one buffer. Handing it over signals `filled` and waits on `free` for the next one, so
/// at most `ring - 1` buffers wait to be written and memory stays fixed. After the first failure the thread
/// writes nothing more and the caller is told at its next hand-over. ``stop()`` ends the thread and frees the
/// buffers; it is called from the owner's `deinit`, so the thread never outlives them.
final class WriteBehind: @unchecked Sendable {
    // Shared state is handed between the two threads only through the semaphores (each signal publishes the
    // slot it covers) or under `failure`'s lock; that is what makes the unchecked `Sendable` sound.
    private static let ring = 4
    private let descriptor: Int32
    private let buffers: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
    /// The byte count of each filled slot; -1 tells the thread to finish.
    private let lengths: UnsafeMutablePointer<Int>
    private let filled = DispatchSemaphore(value: 0)
    private let free = DispatchSemaphore(value: WriteBehind.ring - 1)
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Mutex<IOFailure?>(nil)
    /// The slot the caller holds (touched only by the caller).
    private var held = 0
    private var stopped = false

    init(descriptor: Int32, capacity: Int) {
        self.descriptor = descriptor
        buffers = .allocate(capacity: WriteBehind.ring)
        for slot in 0..<WriteBehind.ring { (buffers + slot).initialize(to: .allocate(capacity: capacity)) }
        lengths = .allocate(capacity: WriteBehind.ring)
        lengths.initialize(repeating: 0, count: WriteBehind.ring)
        let thread = Thread { [self] in run() }
        thread.name = "partner-rules write-behind"
        thread.start()
    }

    /// The buffer the caller fills first.
    var firstBuffer: UnsafeMutablePointer<UInt8> { buffers[held] }

    /// Queues the first `count` bytes of the buffer the caller holds for writing and returns the next buffer to fill.
    func handOver(count: Int) throws(IOFailure) -> UnsafeMutablePointer<UInt8> {
        lengths[held] = count
        filled.signal()
        held = (held + 1) % WriteBehind.ring
        free.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        return buffers[held]
    }

    /// Waits until every queued buffer has been written; throws the first failure.
    func drain() throws(IOFailure) {
        // Holding every free slot means the thread has handed back all the others.
        for _ in 1..<WriteBehind.ring { free.wait() }
        for _ in 1..<WriteBehind.ring { free.signal() }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Ends the thread after what is queued and frees the buffers.
    func stop() {
        guard !stopped else { return }
        stopped = true
        lengths[held] = -1
        filled.signal()
        finished.wait()
        for slot in 0..<WriteBehind.ring { buffers[slot].deallocate() }
        buffers.deallocate()
        lengths.deallocate()
    }

    private func run() {
        var slot = 0
        while true {
            filled.wait()
            let count = lengths[slot]
            if count < 0 { break }
            if failure.withLock({ $0 == nil }) {
                do throws(IOFailure) {
                    try writeAll(descriptor, UnsafeRawBufferPointer(start: buffers[slot], count: count))
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            slot = (slot + 1) % WriteBehind.ring
            free.signal()
        }
        finished.signal()
    }
}
