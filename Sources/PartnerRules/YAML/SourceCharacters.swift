/// Names for the characters people cannot see or tell apart, so a message can say which one it
/// found ("a non-breaking space (U+00A0)") instead of showing a blank.
enum SourceCharacters {
    /// `U+00A0`: the code point as Unicode writes it.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Text for a message with every hidden character written as its code point (`acme<U+200B>_int`):
    /// shown as they are, they are blank, or (text-direction controls) turn the message around.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isHidden(scalar) { result += "<\(codePoint(scalar))>" } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    /// A character for a message: its name and code point when it is invisible or easily mistaken,
    /// else the character in quotes: `a tab (U+0009)`, `a zero-width space (U+200B)`, `'@'`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if let name = name(of: scalar) { return "\(name) (\(codePoint(scalar)))" }
        if isInvisible(scalar) { return "an invisible character (\(codePoint(scalar)))" }
        return "'\(Character(scalar))'"
    }

    private static func name(of scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x09: return "a tab"
        case 0x20: return "a space"
        case 0x0A, 0x0D: return "a line break"
        case 0x00A0: return "a non-breaking space"
        case 0x00AD: return "a soft hyphen"
        case 0x2007: return "a figure space"
        case 0x202F: return "a narrow non-breaking space"
        case 0x3000: return "an ideographic space"
        case 0x200B: return "a zero-width space"
        case 0x200C: return "a zero-width non-joiner"
        case 0x200D: return "a zero-width joiner"
        case 0x2060: return "a word joiner"
        case 0xFEFF: return "a zero-width no-break space (byte order mark)"
        case 0x200E: return "a left-to-right mark"
        case 0x200F: return "a right-to-left mark"
        case 0x061C: return "an Arabic letter mark"
        case 0x202A...0x202E: return "a text-direction control"
        case 0x2066...0x2069: return "a text-direction isolate"
        case 0x2018, 0x2019: return "a curly single quote"
        case 0x201C, 0x201D: return "a curly double quote"
        case 0x7F: return "a delete control character"
        case 0...0x1F, 0x80...0x9F: return "a control character"
        default: return nil
        }
    }

    /// Control characters (tab included), zero-width characters and text-direction controls:
    /// characters an editor shows as nothing, or not at all.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x1F, 0x7F...0x9F, 0x00AD, 0x061C, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064,
            0x2066...0x2069, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// White space other than the ASCII space: what a word processor or a web page pastes.
    static func isUnusualSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00A0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `true` for a character an editor shows as blank or as nothing: invisible or an unusual space.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        isInvisible(scalar) || isUnusualSpace(scalar)
    }
}
