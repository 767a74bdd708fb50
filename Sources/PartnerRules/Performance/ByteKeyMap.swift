/// A hash table from byte strings to dense indexes (0, 1, 2, … in insertion order), with every key
/// stored once in one growing arena.
///
/// The classifier looks up media sources and ad types and remembers app/date keys once per row: this
/// table hashes the row's bytes where they lie, without making a `String` or an `Array` per field.
/// Memory grows with the number of distinct keys, never with the number of lookups.
struct ByteKeyMap: Sendable {
    private var arena: [UInt8] = []
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing; `-1` is an empty slot, otherwise an entry index.
    private var slots: [Int32] = Array(repeating: -1, count: 16)
    private let seed: UInt64

    init() {
        // A per-process seed: rows crafted to collide on one machine do not collide on another.
        var generator = SystemRandomNumberGenerator()
        seed = generator.next() | 1
    }

    /// How many distinct keys the table holds.
    var count: Int { offsets.count }

    /// The index of `key`, or `nil` when the table does not hold it.
    func index(of key: UnsafeRawBufferPointer) -> Int? {
        let hash = hashBytes(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { return nil }
                if hashes[entry] == hash, matches(entry, key) { return entry }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The index of `key`, inserting it first when it is new.
    @discardableResult
    mutating func insert(_ key: UnsafeRawBufferPointer) -> (index: Int, inserted: Bool) {
        let hash = hashBytes(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if hashes[entry] == hash, matches(entry, key) { return (entry, false) }
            slot = (slot + 1) & mask
        }
        let entry = offsets.count
        offsets.append(arena.count)
        lengths.append(key.count)
        hashes.append(hash)
        arena.append(contentsOf: key)
        slots[slot] = Int32(truncatingIfNeeded: entry)
        if offsets.count * 2 > slots.count { grow() }
        return (entry, true)
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

    /// The bytes of the key at `index`.
    func key(at index: Int) -> [UInt8] {
        Array(arena[offsets[index]..<offsets[index] + lengths[index]])
    }

    private func matches(_ entry: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        guard lengths[entry] == key.count else { return false }
        guard let keyBytes = key.baseAddress else { return true }
        return arena.withUnsafeBytes { arena in
            guard let arenaBytes = arena.baseAddress else { return false }
            return memcmpBytes(arenaBytes + offsets[entry], keyBytes, key.count)
        }
    }

    private mutating func grow() {
        var slots = [Int32](repeating: -1, count: self.slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: entry)
        }
        self.slots = slots
    }

    /// A fast multiply-xor hash over 8-byte words; good spread for short keys.
    private func hashBytes(_ key: UnsafeRawBufferPointer) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = seed ^ (UInt64(key.count) &* multiplier)
        var index = 0
        let count = key.count
        while index + 8 <= count {
            let word = key.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            index += 8
        }
        if index < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                word |= UInt64(key[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
        }
        hash = (hash ^ (hash >> 32)) &* multiplier
        return hash ^ (hash >> 29)
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
