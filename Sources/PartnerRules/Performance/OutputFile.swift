internal import ByteIO

// Classify writes through the byte layer (`ByteIO`): a ``ByteWriter`` with its write-behind thread for the rows,
// an ``AtomicFile`` for an output path. What is left here is the one thing about writing that is CSV's own.

extension ByteWriter {
    /// Appends a field as CSV: quoted (with `"` doubled) when `quote` is set, else as it is.
    func appendField(_ value: UnsafeRawBufferPointer, quote: Bool) throws(IOFailure) {
        guard quote else { return try append(value) }
        try append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<value.count where value[index] == UInt8(ascii: "\"") {
            try append(UnsafeRawBufferPointer(rebasing: value[runStart...index]))
            runStart = index  // the quote is written again: doubled
        }
        try append(UnsafeRawBufferPointer(rebasing: value[runStart...]))
        try append(UInt8(ascii: "\""))
    }
}

/// A text as one canonical CSV field, as `classify` writes fields: quoted (with `"` doubled) only when it holds
/// `,`, `"`, CR or LF.
enum CSVField {
    static func encode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        let special: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A]
        guard bytes.contains(where: special.contains) else { return bytes }
        var field: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            field.append(byte)
            if byte == UInt8(ascii: "\"") { field.append(byte) }
        }
        field.append(UInt8(ascii: "\""))
        return field
    }
}
