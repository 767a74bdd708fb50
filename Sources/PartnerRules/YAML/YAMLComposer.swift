internal import CYAML

/// Limits that keep hostile or mistaken input from costing time or memory.
///
/// The defaults suit partner files; a caller with other YAML can raise them.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes. Default 1 MiB.
    public var maxBytes: Int
    /// Deepest nesting of sequences and mappings accepted. Default 64.
    public var maxDepth: Int

    /// Limits of the given size in bytes and nesting depth; 1 MiB and 64 by default.
    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// The limits partner files are held to: 1 MiB and 64 levels.
    public static let `default` = YAMLLimits()
}

/// Turns bytes into one ``YAMLNode`` tree, refusing everything a partner file must not contain.
///
/// Runs libyaml's event parser and composes the events itself, so that every node keeps its
/// position. A syntax error, over-deep nesting or an oversized file stops composing and is thrown,
/// with the typing slip behind it worked out from the source. Duplicate keys, anchors, aliases,
/// tags, quoted keys, a second document and a comment that cuts a value do not: each is recorded in
/// the root's ``YAMLNode/problems`` and composing goes on, so one run reports every one of them and
/// the schema checks still see the document.
package enum YAMLComposer {
    /// Composes the single document in `bytes`; the root carries the problems composing went past.
    ///
    /// On a syntax error, candidate repairs of the slip are kept only when the repaired file composes and
    /// `accepts` its root (the schema passes); without `accepts`, composing is enough.
    package static func compose(
        _ bytes: [UInt8], limits: YAMLLimits = .default, accepting accepts: ((YAMLNode) -> Bool)? = nil
    ) throws(YAMLError) -> YAMLNode {
        try compose(bytes, limits: limits, diagnosing: true, accepting: accepts)
    }

    /// ``compose(_:limits:accepting:)``; without `diagnosing`, a syntax error is libyaml's own, so trying a
    /// candidate repair never searches for repairs of its own.
    private static func compose(
        _ bytes: [UInt8], limits: YAMLLimits, diagnosing: Bool, accepting accepts: ((YAMLNode) -> Bool)?
    ) throws(YAMLError) -> YAMLNode {
        if bytes.count > limits.maxBytes {
            throw .tooLarge(bytes: bytes.count, limit: limits.maxBytes)
        }
        if let offset = UTF8Check.firstInvalidByte(in: bytes) {
            throw .invalidUTF8(byteOffset: offset, at: SourceText.location(ofByte: offset, in: bytes))
        }
        let parser = EventParser(bytes)
        var composer = Composition(limits: limits, source: bytes)
        while !composer.finished {
            guard let done = try parser.next(into: &composer) else {
                guard diagnosing else { throw .syntax(problem: "", context: nil, at: .start, line: nil) }
                throw parser.syntaxError(source: bytes) { repaired in
                    guard let root = try? compose(repaired, limits: limits, diagnosing: false, accepting: nil) else { return false }
                    return accepts?(root) ?? true
                }
            }
            if done { break }
        }
        guard var root = composer.root else { throw .empty }
        root.problems = composer.problems
        return root
    }
}

/// Owns a libyaml parser and the copy of the input it reads; frees both in `deinit`.
private final class EventParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    /// Held by pointer, not as a stored property, so using it needs no run-time exclusivity check.
    private let event: UnsafeMutablePointer<yaml_event_t>

    init(_ bytes: [UInt8]) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        event.initialize(to: yaml_event_t())
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
        input.deallocate()
    }

    /// Parses the next event and hands it to `composer`. Returns `nil` on a libyaml error,
    /// `true` after the end of the stream, `false` otherwise.
    ///
    /// The composition is passed `inout` rather than captured by a closure, so exclusivity is
    /// checked when compiling instead of on every event.
    func next(into composer: inout Composition) throws(YAMLError) -> Bool? {
        guard yaml_parser_parse(parser, event) == 1 else { return nil }
        defer { yaml_event_delete(event) }
        try composer.handle(Event(raw: event.pointee))
        return event.pointee.type == YAML_STREAM_END_EVENT
    }

    /// The slip behind libyaml's error, worked out from the source: a character YAML refuses, a
    /// tab in the indentation before the error, or what `YAMLDiagnosis` reads around the marks.
    func syntaxError(source: [UInt8], accepts: @escaping ([UInt8]) -> Bool) -> YAMLError {
        let state = parser.pointee
        let diagnosis = YAMLDiagnosis(source: source, accepts: accepts)
        if state.error == YAML_READER_ERROR {
            let at = SourceText.location(ofByte: Int(state.problem_offset), in: source)
            if let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: state.problem_value)) {
                return diagnosis.forbidden(scalar, at: at)
            }
        }
        let problem = state.problem.map { String(cString: $0) } ?? "malformed YAML"
        let context = state.context.map { String(cString: $0) }
        let at = Self.location(state.problem_mark)
        if let tab = TabCheck.firstIndentationTab(in: source, throughLine: at.line) {
            return diagnosis.indentationTab(at: tab)
        }
        let contextAt = context == nil ? nil : Self.location(state.context_mark)
        return diagnosis.diagnose(.init(problem: problem, context: context, problemAt: at, contextAt: contextAt))
    }

    /// libyaml's 0-based mark as a 1-based location: the one place the conversion happens.
    static func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}

/// A view of one libyaml event, valid only inside the callback that receives it.
private struct Event: ~Copyable {
    let raw: yaml_event_t

    var location: SourceLocation { EventParser.location(raw.start_mark) }
}

/// The state of composing one stream into a tree, driven event by event.
///
/// Each open collection is a frame that gathers its children in its own array, appended in place
/// (`frames[last].items.append`), and is moved out whole when the collection ends: a child is
/// stored once and never copied or retained again on the way into the tree.
private struct Composition {
    let limits: YAMLLimits
    let source: [UInt8]
    var root: YAMLNode?
    var documents = 0
    var frames: [Frame] = []
    /// What composing went past, in the order met.
    var problems: [YAMLError] = []
    /// Set at a second document: composing stops and the first is the file's.
    var finished = false
    /// Anchored values by name, so an alias (refused) still stands for its value in the schema checks.
    var anchors: [String: YAMLNode] = [:]
    /// Nodes copied in for aliases so far; past ``aliasBudget`` an alias stands for nothing, so a
    /// file of nested aliases cannot grow without bound.
    var copiedForAliases = 0
    static let aliasBudget = 10_000
    /// Where libyaml's character count and the byte offset last agreed.
    var cursor: (character: Int, byte: Int)
    /// `false` when no ` #` is followed by a character other than a space: then no comment cuts a
    /// value, and plain values need no look at the bytes after them (the common case).
    let mayCutValues: Bool

    init(limits: YAMLLimits, source: [UInt8]) {
        self.limits = limits
        self.source = source
        cursor = (0, source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
        mayCutValues = Self.hasHashAfterSpace(source)
        frames.reserveCapacity(limits.maxDepth)
    }

    struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// A mapping's key that waits for its value.
        var pendingKey: String?
        var pendingKeyLocation = SourceLocation.start
        /// The pending key repeats one before it: its value is read and left out.
        var droppingValue = false
        /// Keys seen so far, built only for mappings with many keys.
        var index: [String: SourceLocation]?
        /// The anchor on this collection, registered when it ends.
        var anchor: String?
        /// A list written one item a line, each after '- '.
        var isBlockSequence = false
    }

    mutating func handle(_ event: borrowing Event) throws(YAMLError) {
        let raw = event.raw
        switch raw.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                problems.append(.multipleDocuments(at: event.location))
                finished = true
            }
        case YAML_ALIAS_EVENT:
            let name = Self.text(raw.data.alias.anchor)
            problems.append(.alias(name, at: event.location))
            if let last = frames.indices.last, frames[last].isMapping, frames[last].pendingKey == nil {
                throw .keyNotPlainScalar(at: event.location)
            }
            if var copy = anchors[name], copiedForAliases < Self.aliasBudget {
                copiedForAliases += Self.count(copy, upTo: Self.aliasBudget - copiedForAliases)
                if copiedForAliases <= Self.aliasBudget {
                    copy.location = event.location
                    add(copy)
                    return
                }
            }
            dropPendingKey()
        case YAML_SCALAR_EVENT:
            let scalar = raw.data.scalar
            let anchor = scalar.anchor.map { Self.text($0) }
            if let anchor { problems.append(.anchor(anchor, at: event.location)) }
            if let tag = scalar.tag {
                problems.append(.tag(Self.written(tag: Self.text(tag)), at: event.location))
            }
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let style = Self.style(scalar.style)
            if let last = frames.indices.last, frames[last].isMapping, frames[last].pendingKey == nil {
                if style != .plain { problems.append(.quotedKey(text, at: event.location)) }
                try takeKey(text, at: event.location, frame: last)
            } else {
                let node = YAMLNode(.scalar(text, style), at: event.location)
                if style == .plain {
                    checkComment(after: raw, value: text)
                    if raw.end_mark.line > raw.start_mark.line { checkJoinedItem(raw) }
                }
                if let anchor { anchors[anchor] = node }
                add(node)
            }
        case YAML_SEQUENCE_START_EVENT:
            let start = raw.data.sequence_start
            try push(isMapping: false, at: event.location, anchor: start.anchor.map { Self.text($0) }, tag: start.tag)
            frames[frames.count - 1].isBlockSequence = start.style != YAML_FLOW_SEQUENCE_STYLE
        case YAML_MAPPING_START_EVENT:
            let start = raw.data.mapping_start
            try push(isMapping: true, at: event.location, anchor: start.anchor.map { Self.text($0) }, tag: start.tag)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = frames.popLast() else { return }
            let node = YAMLNode(frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items), at: frame.location)
            if let anchor = frame.anchor { anchors[anchor] = node }
            add(node)
        default:
            break
        }
    }

    private mutating func push(
        isMapping: Bool, at location: SourceLocation, anchor: String?, tag: UnsafeMutablePointer<yaml_char_t>?
    ) throws(YAMLError) {
        if frames.count >= limits.maxDepth { throw .tooDeep(limit: limits.maxDepth, at: location) }
        if let top = frames.last, top.isMapping, top.pendingKey == nil {
            throw .keyNotPlainScalar(at: location)
        }
        if let anchor { problems.append(.anchor(anchor, at: location)) }
        if let tag { problems.append(.tag(Self.written(tag: Self.text(tag)), at: location)) }
        frames.append(Frame(isMapping: isMapping, location: location, anchor: anchor))
    }

    /// Attaches a finished node to its parent, or makes it the document's root.
    private mutating func add(_ node: YAMLNode) {
        guard let last = frames.indices.last else {
            root = node
            return
        }
        if frames[last].isMapping {
            if frames[last].droppingValue {
                frames[last].droppingValue = false
            } else {
                let key = frames[last].pendingKey ?? ""
                frames[last].pairs.append(YAMLPair(key: key, keyLocation: frames[last].pendingKeyLocation, value: node))
            }
            frames[last].pendingKey = nil
        } else {
            frames[last].items.append(node)
        }
    }

    /// An alias that stands for nothing: its key, if it has one, is left out with it.
    private mutating func dropPendingKey() {
        guard let last = frames.indices.last, frames[last].isMapping else { return }
        frames[last].pendingKey = nil
        frames[last].droppingValue = false
    }

    /// Records a mapping's key after checking it is not already there: a linear scan for small
    /// mappings, a hash index for large ones. A repeated key is reported and its value left out;
    /// when it repeats the first key of a list item, the `- ` of a new item is what is missing, and
    /// the item is split there so the schema checks see both.
    private mutating func takeKey(_ key: String, at location: SourceLocation, frame last: Int) throws(YAMLError) {
        if let first = firstPlace(of: key, frame: last) {
            let inList = last > 0 && !frames[last - 1].isMapping
            if inList, frames[last].pairs.first?.key == key {
                problems.append(
                    .missingListDash(
                        key: key, itemLine: frames[last].location.line,
                        line: SourceText.droppingTrailingSpaces(SourceText.line(location.line, in: source) ?? ""), fix: missingDashFix(at: location),
                        at: location))
                let item = frames.removeLast()
                add(YAMLNode(.mapping(item.pairs), at: item.location))
                frames.append(Frame(isMapping: true, location: location))
                frames[last].pendingKey = key
                frames[last].pendingKeyLocation = location
                return
            }
            problems.append(.duplicateKey(key, first: first, inList: inList, at: location))
            frames[last].droppingValue = true
        }
        frames[last].pendingKey = key
        frames[last].pendingKeyLocation = location
    }

    private mutating func firstPlace(of key: String, frame last: Int) -> SourceLocation? {
        let count = frames[last].pairs.count
        if count < 16 {
            for pair in frames[last].pairs where pair.key == key { return pair.keyLocation }
            return nil
        }
        if frames[last].index == nil {
            var built: [String: SourceLocation] = [:]
            built.reserveCapacity(count * 2)
            for pair in frames[last].pairs where built[pair.key] == nil { built[pair.key] = pair.keyLocation }
            frames[last].index = built
        } else if let previous = frames[last].pairs.last, frames[last].index?[previous.key] == nil {
            frames[last].index?[previous.key] = previous.keyLocation
        }
        return frames[last].index?[key]
    }

    /// The key's line with `- ` in front of the key, taken from the two spaces before it when there are two.
    private func missingDashFix(at location: SourceLocation) -> String {
        let line = SourceText.line(location.line, in: source) ?? ""
        let scalars = Array(line.unicodeScalars)
        let keyIndex = min(location.column - 1, scalars.count)
        var before = Array(scalars[..<keyIndex])
        if before.count >= 2, before.suffix(2).allSatisfy({ $0 == " " }) { before.removeLast(2) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: before)
        view.append(contentsOf: "- ".unicodeScalars)
        view.append(contentsOf: scalars[keyIndex...])
        return SourceText.droppingTrailingSpaces(String(view))
    }

    /// A plain value followed by ` #` and text: the `#` began a comment the person meant as text.
    /// A few byte comparisons per plain value; the message is built only when it fires.
    private mutating func checkComment(after raw: yaml_event_t, value: String) {
        guard mayCutValues else { return }
        let end = byteOffset(ofCharacter: Int(raw.end_mark.index))
        guard end + 2 < source.count, source[end] == UInt8(ascii: " "), source[end + 1] == UInt8(ascii: "#") else { return }
        let next = source[end + 2]
        guard next != UInt8(ascii: " "), next != UInt8(ascii: "\t"), next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") else { return }
        var stop = end + 1
        while stop < source.count, source[stop] != UInt8(ascii: "\n"), source[stop] != UInt8(ascii: "\r") { stop += 1 }
        let comment = SourceText.droppingTrailingSpaces(String(decoding: source[(end + 1)..<stop], as: UTF8.self))
        let line = SourceText.line(Int(raw.start_mark.line) + 1, in: source) ?? ""
        let prefix = String(String.UnicodeScalarView(line.unicodeScalars.prefix(Int(raw.start_mark.column))))
        let fix = prefix + YAMLDiagnosis.quoted(Array((value + " " + comment).unicodeScalars))
        let at = SourceLocation(line: Int(raw.end_mark.line) + 1, column: Int(raw.end_mark.column) + 2)
        problems.append(.commentInValue(value: value, comment: comment, line: SourceText.droppingTrailingSpaces(line), fix: fix, at: at))
    }

    /// A plain list item that runs on to a line starting exactly where the item's text starts: that line is an
    /// item whose '- ' was lost, and YAML joined it to the item above (SPEC 18).
    private mutating func checkJoinedItem(_ raw: yaml_event_t) {
        guard let top = frames.last, top.isBlockSequence else { return }
        let column = Int(raw.start_mark.column)
        let itemLine = Int(raw.start_mark.line) + 1
        guard column >= 2 else { return }
        for number in (itemLine + 1)...(Int(raw.end_mark.line) + 1) {
            guard let typed = SourceText.line(number, in: source) else { return }
            let scalars = Array(typed.unicodeScalars)
            let indent = scalars.prefix(while: { $0 == " " }).count
            guard indent < scalars.count, scalars[indent] != "#" else { continue }
            let dashed = scalars[indent] == "-" && indent + 1 < scalars.count && scalars[indent + 1] == " "
            guard indent == column || dashed else { continue }
            // Its text where the item's text starts: the '- ' is missing; a '- ' of its own: lined up with the item's.
            let fix = dashed
                ? String(repeating: " ", count: column - 2) + String(String.UnicodeScalarView(scalars[indent...]))
                : String(String.UnicodeScalarView(scalars[..<(column - 2)] + "- ".unicodeScalars + scalars[column...]))
            problems.append(
                .joinedListItem(
                    line: SourceText.droppingTrailingSpaces(typed), itemLine: itemLine,
                    item: SourceText.droppingTrailingSpaces(SourceText.line(itemLine, in: source) ?? ""),
                    fix: SourceText.droppingTrailingSpaces(fix), at: SourceLocation(line: number, column: column + 1)))
        }
    }

    /// The byte offset of libyaml's character index (its marks count characters, after any byte
    /// order mark). Marks only move forward, so a cursor walks the bytes once per file.
    private mutating func byteOffset(ofCharacter target: Int) -> Int {
        while cursor.character < target && cursor.byte < source.count {
            cursor.byte += 1
            while cursor.byte < source.count && source[cursor.byte] & 0xC0 == 0x80 { cursor.byte += 1 }
            cursor.character += 1
        }
        return cursor.byte
    }

    /// `true` when ` #` followed by neither a space nor a line end occurs anywhere in `bytes`.
    /// Jumps from `#` to `#` with `memchr`: a partner file has a handful.
    private static func hasHashAfterSpace(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            var offset = 0
            while offset < raw.count, let found = memchr(base + offset, Int32(UInt8(ascii: "#")), raw.count - offset) {
                let index = base.distance(to: UnsafeRawPointer(found))
                if index > 0, index + 1 < raw.count, raw[index - 1] == UInt8(ascii: " ") {
                    let next = raw[index + 1]
                    if next != UInt8(ascii: " ") && next != UInt8(ascii: "\t") && next != UInt8(ascii: "\n") && next != UInt8(ascii: "\r") {
                        return true
                    }
                }
                offset = index + 1
            }
            return false
        }
    }

    /// Nodes in a tree, counting no further than `limit + 1`.
    private static func count(_ node: YAMLNode, upTo limit: Int) -> Int {
        var total = 1
        switch node.content {
        case .scalar: break
        case .sequence(let items):
            for item in items where total <= limit { total += count(item, upTo: limit - total) }
        case .mapping(let pairs):
            for pair in pairs where total <= limit { total += count(pair.value, upTo: limit - total) }
        }
        return total
    }

    /// A tag as the file writes it: libyaml expands `!!bool` to `tag:yaml.org,2002:bool`.
    private static func written(tag: String) -> String {
        let standard = "tag:yaml.org,2002:"
        return tag.hasPrefix(standard) ? "!!" + tag.dropFirst(standard.count) : tag
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}

/// Finds the first tab that stands in a line's indentation.
enum TabCheck {
    static func firstIndentationTab(in bytes: [UInt8], throughLine lastLine: Int) -> SourceLocation? {
        var line = 1
        var column = 1
        var inIndentation = true
        for byte in bytes {
            if line > lastLine { return nil }
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                column = 1
                inIndentation = true
                continue
            case UInt8(ascii: "\t") where inIndentation:
                return SourceLocation(line: line, column: column)
            case UInt8(ascii: " "):
                break
            default:
                inIndentation = false
            }
            if byte & 0xC0 != 0x80 { column += 1 }
        }
        return nil
    }
}

/// UTF-8 validation that reports where the first bad byte is.
enum UTF8Check {
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            var i = 0
            while i < count {
                // Fast path: eight ASCII bytes at a time.
                while i + 8 <= count {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                guard i < count else { break }
                if base[i] < 0x80 {
                    i += 1
                    continue
                }
                // The CSV scanner's sequence check; a sequence cut off by the end of the input is invalid too.
                let length = utf8SequenceLength(base, i, count)
                guard length > 0 else { return i }
                i += length
            }
            return nil
        }
    }
}
