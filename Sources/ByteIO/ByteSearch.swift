extension Array where Element == UInt8 {
    /// Where `needle` first starts at or after `start`; `nil` when it does not occur there, or is empty.
    ///
    /// For markup and words found in bytes, not in Swift characters: a combining mark after a `>` makes one
    /// character of the two, but the bytes of `>` are still there.
    package func firstIndex(ofBytes needle: [UInt8], from start: Int = 0) -> Int? {
        guard let first = needle.first, start >= 0, count - start >= needle.count else { return nil }
        for index in start...(count - needle.count) where self[index] == first {
            if self[index..<index + needle.count].elementsEqual(needle) { return index }
        }
        return nil
    }
}
