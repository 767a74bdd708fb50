/// A hash table from byte strings to dense indexes (0, 1, 2, … in insertion order), with every key
/// stored once in one growing arena.
///
/// The classifier looks up media sources and ad types and remembers app/date keys once per row: this
/// table hashes the row's bytes where they lie, without making a `String` or an `Array` per field.
/// Memory grows with the number of distinct keys, never with the number of lookups.
struct ByteKeyMap: Sendable {
    /// Where a key lies in the arena, with its full hash: one record per key, so a probe reads one place.
    private struct Entry {
        var hash: UInt64
        var offset: Int
        var length: Int
    }

    private var arena: [UInt8] = []
    private var entries: [Entry] = []
    /// Open addressing, linear probing; `-1` is an empty slot, otherwise an entry index.
    private var slots: [Int32] = Array(repeating: -1, count: 16)
    private let seed: UInt64

    init() {
        // A per-process seed: rows crafted to collide on one machine do not collide on another.
        var generator = SystemRandomNumberGenerator()
        seed = generator.next() | 1
    }

    /// How many distinct keys the table holds.
    var count: Int { entries.count }

    /// The index of `key`, or `nil` when the table does not hold it.
    @inline(__always)
    func index(of key: UnsafeRawBufferPointer) -> Int? {
        index(of: key, hash: hashBytes(key))
    }

    /// The index of `key`, whose ``hashBytes(_:)`` is `hash`, or `nil`.
    @inline(__always)
    private func index(of key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBytes { arena in
                    let mask = slots.count &- 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let index = Int(slots[slot])
                        if index < 0 { return nil }
                        let entry = entries[index]
                        if entry.hash == hash, entry.length == key.count {
                            // Only a key of length 0 may have no storage (nor the arena then); it has no bytes to compare.
                            guard let keyBytes = key.baseAddress, let arenaBytes = arena.baseAddress else { return index }
                            if memcmpBytes(arenaBytes + entry.offset, keyBytes, key.count) { return index }
                        }
                        slot = (slot &+ 1) & mask
                    }
                }
            }
        }
    }

    /// The index of `key`, inserting it first when it is new.
    @discardableResult
    mutating func insert(_ key: UnsafeRawBufferPointer) -> (index: Int, inserted: Bool) {
        let hash = hashBytes(key)
        if let index = index(of: key, hash: hash) { return (index, false) }
        let index = entries.count
        entries.append(Entry(hash: hash, offset: arena.count, length: key.count))
        arena.append(contentsOf: key)
        place(index, hash: hash, in: &slots)
        if entries.count * 2 > slots.count { grow() }
        return (index, true)
    }

    /// Inserts the UTF-8 bytes of `key`.
    @discardableResult
    mutating func insert(_ key: String) -> (index: Int, inserted: Bool) {
        var key = key
        return key.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
    }

    /// The index of the UTF-8 bytes of `key`.
    func index(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { index(of: UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with every key, in insertion order.
    func forEachKey(_ body: (UnsafeRawBufferPointer) -> Void) {
        arena.withUnsafeBytes { arena in
            for entry in entries {
                body(UnsafeRawBufferPointer(rebasing: arena[entry.offset..<entry.offset + entry.length]))
            }
        }
    }

    /// The bytes of the key at `index`.
    func key(at index: Int) -> [UInt8] {
        let entry = entries[index]
        return Array(arena[entry.offset..<entry.offset + entry.length])
    }

    /// Puts entry `index` in the first empty slot of its probe sequence.
    private func place(_ index: Int, hash: UInt64, in slots: inout [Int32]) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(truncatingIfNeeded: index)
    }

    private mutating func grow() {
        var slots = [Int32](repeating: -1, count: self.slots.count * 2)
        for (index, entry) in entries.enumerated() { place(index, hash: entry.hash, in: &slots) }
        self.slots = slots
    }

    /// A multiply-xor hash over 8-byte words, seeded per process.
    ///
    /// Every byte is read once or twice and never one at a time: a key of 8 bytes or more is read in words, the
    /// last word overlapping the one before it; a shorter key is read as two overlapping 4-byte words, or as its
    /// first, middle and last bytes when it has fewer than 4. With the length mixed in first, keys of one length
    /// map to distinct words, so only the multiply can make them collide.
    @inline(__always)
    private func hashBytes(_ key: UnsafeRawBufferPointer) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        let count = key.count
        var hash = seed ^ (UInt64(truncatingIfNeeded: count) &* multiplier)
        @inline(__always) func mix(_ word: UInt64) {
            hash = (hash ^ word) &* multiplier
            hash ^= hash &>> 29
        }
        if count >= 8 {
            var index = 0
            while index &+ 8 < count {
                mix(key.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                index &+= 8
            }
            mix(key.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
        } else if count >= 4 {
            let low = UInt64(key.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let high = UInt64(key.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
            mix(low | high &<< 32)
        } else if count > 0 {
            mix(UInt64(key[0]) &<< 16 | UInt64(key[count &>> 1]) &<< 8 | UInt64(key[count &- 1]))
        }
        hash = (hash ^ (hash &>> 32)) &* multiplier
        return hash ^ (hash &>> 29)
    }
}

/// Whether `count` bytes at `lhs` and `rhs` are equal.
@inline(__always)
func memcmpBytes(_ lhs: UnsafeRawPointer, _ rhs: UnsafeRawPointer, _ count: Int) -> Bool {
    var index = 0
    while index + 8 <= count {
        if lhs.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            != rhs.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        {
            return false
        }
        index += 8
    }
    while index < count {
        if lhs.load(fromByteOffset: index, as: UInt8.self) != rhs.load(fromByteOffset: index, as: UInt8.self) {
            return false
        }
        index += 1
    }
    return true
}
