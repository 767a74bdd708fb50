internal import CYAML

/// Limits that keep hostile or mistaken input from costing time or memory.
///
/// The defaults suit partner files; a caller with other YAML can raise them.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes. Default 1 MiB.
    public var maxBytes: Int
    /// Deepest nesting of sequences and mappings accepted. Default 64.
    public var maxDepth: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    public static let `default` = YAMLLimits()
}

/// Turns bytes into one ``YAMLNode`` tree, refusing everything a partner file must not contain.
///
/// Runs libyaml's event parser and composes the events itself, so that every node keeps its
/// position and anchors, aliases, tags, duplicate keys, over-deep nesting and extra documents
/// are refused at the place they occur, before any of them can cost memory.
public enum YAMLComposer {
    /// Composes the single document in `bytes`.
    public static func compose(_ bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) -> YAMLNode {
        if bytes.count > limits.maxBytes {
            throw .tooLarge(bytes: bytes.count, limit: limits.maxBytes)
        }
        if let offset = UTF8Check.firstInvalidByte(in: bytes) {
            throw .invalidUTF8(byteOffset: offset, at: SourceText.location(ofByte: offset, in: bytes))
        }
        let parser = EventParser(bytes)
        var composer = Composition(limits: limits)
        while true {
            guard let done = try parser.next(into: &composer) else {
                throw parser.syntaxError(source: bytes)
            }
            if done { break }
        }
        guard let root = composer.root else { throw .empty }
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

    /// libyaml's own message and position; a tab in the indentation before it is named instead.
    func syntaxError(source: [UInt8]) -> YAMLError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "malformed YAML"
        let context = parser.pointee.context.map { String(cString: $0) }
        let mark = parser.pointee.problem_mark
        let at = SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        if let tab = TabCheck.firstIndentationTab(in: source, throughLine: at.line) {
            return .tab(at: tab)
        }
        return .syntax(problem: problem, context: context, at: at)
    }
}

/// A view of one libyaml event, valid only inside the callback that receives it.
private struct Event: ~Copyable {
    let raw: yaml_event_t

    var location: SourceLocation {
        SourceLocation(line: Int(raw.start_mark.line) + 1, column: Int(raw.start_mark.column) + 1)
    }
}

/// The state of composing one stream into a tree, driven event by event.
///
/// Each open collection is a frame that gathers its children in its own array, appended in place
/// (`frames[last].items.append`), and is moved out whole when the collection ends: a child is
/// stored once and never copied or retained again on the way into the tree.
private struct Composition {
    let limits: YAMLLimits
    var root: YAMLNode?
    var documents = 0
    var frames: [Frame] = []

    init(limits: YAMLLimits) {
        self.limits = limits
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
        /// Keys seen so far, built only for mappings with many keys.
        var index: [String: SourceLocation]?
    }

    mutating func handle(_ event: borrowing Event) throws(YAMLError) {
        let raw = event.raw
        switch raw.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 { throw .multipleDocuments(at: event.location) }
        case YAML_ALIAS_EVENT:
            throw .alias(Self.text(raw.data.alias.anchor), at: event.location)
        case YAML_SCALAR_EVENT:
            let scalar = raw.data.scalar
            if let anchor = scalar.anchor { throw .anchor(Self.text(anchor), at: event.location) }
            if let tag = scalar.tag { throw .tag(Self.text(tag), at: event.location) }
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let style = Self.style(scalar.style)
            if let last = frames.indices.last, frames[last].isMapping, frames[last].pendingKey == nil {
                guard style == .plain else { throw .keyNotPlainScalar(at: event.location) }
                try takeKey(text, at: event.location, frame: last)
            } else {
                add(YAMLNode(.scalar(text, style), at: event.location))
            }
        case YAML_SEQUENCE_START_EVENT:
            let start = raw.data.sequence_start
            if let anchor = start.anchor { throw .anchor(Self.text(anchor), at: event.location) }
            if let tag = start.tag { throw .tag(Self.text(tag), at: event.location) }
            try push(isMapping: false, at: event.location)
        case YAML_MAPPING_START_EVENT:
            let start = raw.data.mapping_start
            if let anchor = start.anchor { throw .anchor(Self.text(anchor), at: event.location) }
            if let tag = start.tag { throw .tag(Self.text(tag), at: event.location) }
            try push(isMapping: true, at: event.location)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = frames.popLast() else { return }
            add(YAMLNode(frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items), at: frame.location))
        default:
            break
        }
    }

    private mutating func push(isMapping: Bool, at location: SourceLocation) throws(YAMLError) {
        if frames.count >= limits.maxDepth { throw .tooDeep(limit: limits.maxDepth, at: location) }
        if let top = frames.last, top.isMapping, top.pendingKey == nil {
            throw .keyNotPlainScalar(at: location)
        }
        frames.append(Frame(isMapping: isMapping, location: location))
    }

    /// Attaches a finished node to its parent, or makes it the document's root.
    private mutating func add(_ node: YAMLNode) {
        guard let last = frames.indices.last else {
            root = node
            return
        }
        if frames[last].isMapping {
            let key = frames[last].pendingKey ?? ""
            frames[last].pairs.append(YAMLPair(key: key, keyLocation: frames[last].pendingKeyLocation, value: node))
            frames[last].pendingKey = nil
        } else {
            frames[last].items.append(node)
        }
    }

    /// Records a mapping's key after checking it is not already there: a linear scan for small
    /// mappings, a hash index for large ones.
    private mutating func takeKey(_ key: String, at location: SourceLocation, frame last: Int) throws(YAMLError) {
        let count = frames[last].pairs.count
        if count < 16 {
            for pair in frames[last].pairs where pair.key == key {
                throw .duplicateKey(key, first: pair.keyLocation, at: location)
            }
        } else {
            if frames[last].index == nil {
                var built: [String: SourceLocation] = [:]
                built.reserveCapacity(count * 2)
                for pair in frames[last].pairs where built[pair.key] == nil { built[pair.key] = pair.keyLocation }
                frames[last].index = built
            } else if let previous = frames[last].pairs.last {
                frames[last].index?[previous.key] = previous.keyLocation
            }
            if let first = frames[last].index?[key] { throw .duplicateKey(key, first: first, at: location) }
        }
        frames[last].pendingKey = key
        frames[last].pendingKeyLocation = location
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
