import Foundation

/// A JSON value with object keys in the order they were encoded.
indirect enum JSONNode {
    case null, bool(Bool), int(Int), double(Double), string(String)
    case array([JSONNode]), object([(String, JSONNode)])
}

public enum GraphJSON {
    /// Deterministic JSON in the contract's key order: two-space indentation, small objects of
    /// scalars (a mention, a source, a timex) on one line, a final newline.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let enc = NodeEncoder()
        try value.encode(to: enc)
        var out = ""
        write(enc.storage.node, indent: 0, into: &out)
        out += "\n"
        return Data(out.utf8)
    }

    /// The whole graph, byte for byte what the generic encoder writes, with the elements of
    /// its large arrays encoded in parallel over the cores. A rebuild in the same process
    /// (watch mode) takes the text of every element that the last graph had unchanged from
    /// that build (`Carryover`): only new and changed elements are keyed, looked up or encoded.
    public static func encode(_ g: Graph) throws -> Data {
        try encode(g, memo: memo, carried: carried)
    }

    /// The same with a memo and carryover of the caller's (a test's, say).
    public static func encode(_ g: Graph, memo: TextMemo, carried: Carried) throws -> Data {
        try encodeParts(g, memo: memo, carried: carried).data
    }

    /// The same bytes in parts (each element's text where it lies), to be written out without
    /// being put together first (see `ByteParts`).
    public static func encodeParts(_ g: Graph) throws -> ByteParts {
        try encodeParts(g, memo: memo, carried: carried)
    }

    public static func encodeParts(_ g: Graph, memo: TextMemo, carried: Carried) throws -> ByteParts {
        // (scope 3: keys hashed field by field as the elements are written, not their bytes in a buffer)
        let (known, generation) = memo.textsWithGeneration(scope: "graph.json 3")
        var plan = MemoPlan(known: known, generation: generation)
        plan.incremental = carried.documents.previous(generation: generation) != nil && carried.actors.previous(generation: generation) != nil
            && carried.timexes.previous(generation: generation) != nil && carried.events.previous(generation: generation) != nil
            && carried.links.previous(generation: generation) != nil
        if !plan.incremental {
            plan.used.reserveCapacity(g.documents.count + g.actors.count + g.timexes.count + g.events.count + g.links.count)
        }
        // every element's text first, then the bytes in one buffer of their size (grown section
        // by section, the megabytes before were copied again at each step)
        let documents = try encodeEach(g.documents, indent: 2, carry: carried.documents, plan: &plan)
        let actors = try encodeEach(g.actors, indent: 2, carry: carried.actors, plan: &plan)
        let timexes = try encodeEach(g.timexes, indent: 2, carry: carried.timexes, plan: &plan)
        let events = try encodeEach(g.events, indent: 2, carry: carried.events, plan: &plan)
        let links = try encodeEach(g.links, indent: 2, carry: carried.links, plan: &plan)
        var out = JSONBytes()
        out.append("{\n  \"format\": \(quote(g.format)),\n  \"version\": \(g.version),\n")
        section("documents", documents, into: &out)
        section("actors", actors, into: &out)
        section("timexes", timexes, into: &out)
        section("events", events, into: &out)
        section("links", links, into: &out, last: true)
        out.append("}\n")
        // the memo keeps only this graph's elements
        let next: Int
        if plan.incremental {
            next = memo.change(adding: plan.used, removing: plan.removed)
        } else {
            memo.record(plan.used)
            next = memo.commit()
        }
        carried.documents.keep(g.documents, documents, generation: next)
        carried.actors.keep(g.actors, actors, generation: next)
        carried.timexes.keep(g.timexes, timexes, generation: next)
        carried.events.keep(g.events, events, generation: next)
        carried.links.keep(g.links, links, generation: next)
        carried.lastReused = plan.reused
        return out.parts
    }

    /// An element's text in graph.json and the key the memo knows it by.
    public struct Made: Sendable {
        let key: ContentKey
        let text: MemoText
    }

    /// What the last graph encoded in this process had, list by list.
    public final class Carried: @unchecked Sendable {
        public init() {}
        /// How many elements the last encoding took from the one before.
        public internal(set) var lastReused = 0
        let documents = Carryover<DocumentInfo, Made>()
        let actors = Carryover<Actor, Made>()
        let timexes = Carryover<Timex, Made>()
        let events = Carryover<Event, Made>()
        let links = Carryover<Link, Made>()
        func forget() { documents.forget(); actors.forget(); timexes.forget(); events.forget(); links.forget() }
    }
    static let carried = Carried()

    /// How one encoding uses the memo: the texts it knew; then, for a whole encoding, every text
    /// used (`used`), or for one carried over from the last, the texts of new elements (`used`)
    /// and the keys of the elements gone (`removed`).
    struct MemoPlan {
        let known: [ContentKey: MemoText]
        let generation: Int
        var incremental = false
        var used: [ContentKey: MemoText] = [:]
        var removed: [ContentKey] = []
        var reused = 0
    }

    /// The bytes of graph.json as they are put together: parts, the elements' texts where they lie.
    struct JSONBytes {
        var parts = ByteParts()
        mutating func append(_ s: String) { parts.append(s) }
        mutating func append(_ t: MemoText) { parts.append(t) }
    }
    static let indentText = MemoText("    "), commaText = MemoText(",\n"), newlineText = MemoText("\n")

    /// A list of graph.json, its elements' texts given.
    static func section(_ key: String, _ parts: [Made], into out: inout JSONBytes, last: Bool = false) {
        out.append("  \(quote(key)): ")
        if parts.isEmpty {
            out.append("[]")
        } else {
            out.append("[\n")
            for (i, p) in parts.enumerated() {
                out.append(indentText)
                out.append(p.text)
                out.append(i + 1 < parts.count ? commaText : newlineText)
            }
            out.append("  ]")
        }
        out.append(last ? "\n" : ",\n")
    }

    /// The JSON text of each element of graph.json, remembered by the element's content (see
    /// `TextMemo`): a rebuilt graph.json encodes only the elements that changed.
    public static let memo = TextMemo(name: "graph-json")

    /// Forgets what this process encoded (a cold build in a benchmark).
    public static func forget() { memo.forget(); carried.forget() }

    /// Each element's JSON text at the given indentation and its key, in order: carried over
    /// from the last encoding where the element is unchanged; else from the memo by key; else
    /// encoded (in parallel chunks).
    static func encodeEach<T: Encodable & Sendable & BinaryCodable & LineKeyed>(_ items: [T], indent: Int, carry: Carryover<T, Made>,
                                                                                plan: inout MemoPlan) throws -> [Made] {
        let salt = "\(T.self) \(indent)"
        var matched = [Int?](repeating: nil, count: items.count)
        var old: [Made] = []
        if items.isEmpty {
            if plan.incremental, let previous = carry.previous(generation: plan.generation) { plan.removed += previous.made.map(\.key) }
            return []
        }
        if plan.incremental, let previous = carry.previous(generation: plan.generation) {
            let before = previous.elements
            old = previous.made
            matched = T.pairs(before, items)
            for j in unpaired(matched, oldCount: before.count) { plan.removed.append(old[j].key) }
            plan.reused += matched.count { $0 != nil }
        }
        // (the elements to key by index: a list of them would copy each, retaining every one of
        // its strings and arrays)
        var rest: [Int] = []
        rest.reserveCapacity(items.count)
        for i in items.indices where matched[i] == nil { rest.append(i) }
        let keys = keysOf(items, rest, salt: salt)
        var missing: [T] = [], missingKeys: [ContentKey] = []
        for (i, k) in zip(rest, keys) where plan.known[k] == nil { missing.append(items[i]); missingKeys.append(k) }
        let encoded = try encodeAll(missing, indent: indent)
        var fresh: [ContentKey: MemoText] = [:]
        for (k, t) in zip(missingKeys, encoded) { fresh[k] = MemoText(t) }
        var out: [Made] = []
        out.reserveCapacity(items.count)
        var r = 0
        for i in items.indices {
            if let j = matched[i] { out.append(old[j]); continue }
            let k = keys[r]; r += 1
            let t = plan.known[k] ?? fresh[k]!
            out.append(Made(key: k, text: t))
            plan.used[k] = t
        }
        return out
    }

    /// The stable keys of elements, in parallel chunks.
    static func keysOf<T: BinaryCodable & Sendable>(_ items: [T], _ indices: [Int], salt: String) -> [ContentKey] {
        let chunk = 512
        let chunks = (indices.count + chunk - 1) / chunk
        let results = Keys(chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local: [ContentKey] = []
            local.reserveCapacity(chunk)
            items.withUnsafeBufferPointer { p in
                for i in indices[(c * chunk)..<min(indices.count, (c + 1) * chunk)] {
                    local.append(stableKey(p[i], salt: salt))
                }
            }
            results.lock.lock(); results.parts[c] = local; results.lock.unlock()
        }
        return results.parts.flatMap { $0 }
    }

    final class Keys: @unchecked Sendable {
        var parts: [[ContentKey]]
        let lock = NSLock()
        init(_ n: Int) { parts = Array(repeating: [], count: n) }
    }

    static func encodeAll<T: Encodable & Sendable>(_ items: [T], indent: Int) throws -> [String] {
        let chunk = 256
        let chunks = (items.count + chunk - 1) / chunk
        let results = Results(chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local: [String] = []
            do {
                for x in items[(c * chunk)..<min(items.count, (c + 1) * chunk)] {
                    var s = ""
                    // the model's elements give their tree directly; anything else goes through Codable
                    let node = try (x as? JSONNodeConvertible)?.jsonNode ?? NodeEncoder.box(x).node
                    write(node, indent: indent, into: &s)
                    local.append(s)
                }
                results.lock.lock(); results.parts[c] = local; results.lock.unlock()
            } catch {
                results.lock.lock(); results.error = error; results.lock.unlock()
            }
        }
        if let e = results.error { throw e }
        return results.parts.flatMap { $0 }
    }

    final class Results: @unchecked Sendable {
        var parts: [[String]]; var error: Error?
        let lock = NSLock()
        init(_ n: Int) { parts = Array(repeating: [], count: n) }
    }

    public static func decodeGraph(_ data: Data) throws -> Graph {
        try JSONDecoder().decode(Graph.self, from: data)
    }

    static func isScalar(_ n: JSONNode) -> Bool {
        switch n {
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        default: return true
        }
    }

    static func inline(_ n: JSONNode) -> String {
        var s = ""
        appendInline(n, to: &s)
        return s
    }

    /// A node on one line (objects and arrays with spaces after their commas and colons),
    /// appended where it goes: building each piece as a string of its own, to join them, was
    /// most of the time of encoding elements with thousands of mentions.
    static func appendInline(_ n: JSONNode, to out: inout String) {
        switch n {
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{ "
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out += ", " }
                appendQuoted(k, to: &out)
                out += ": "
                appendInline(v, to: &out)
            }
            out += " }"
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, x) in a.enumerated() {
                if i > 0 { out += ", " }
                appendInline(x, to: &out)
            }
            out += "]"
        default: write(n, indent: 0, into: &out)
        }
    }

    /// Appends `n` on one line when that line has at most `limit` characters; otherwise
    /// appends nothing and says so.
    static func appendInline(_ n: JSONNode, ifFits limit: Int, to out: inout String) -> Bool {
        let start = out.endIndex, before = out.utf8.count
        appendInline(n, to: &out)
        if out.utf8.count - before <= limit || out[start...].count <= limit { return true }
        out.removeSubrange(start...)
        return false
    }

    static func write(_ n: JSONNode, indent: Int, into out: inout String) {
        switch n {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .string(let s): appendQuoted(s, to: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            if a.allSatisfy({ if case .string = $0 { return true }; return false }), appendInline(n, ifFits: 100, to: &out) { return }
            let pad = String(repeating: "  ", count: indent + 1)
            out += "[\n"
            for (i, x) in a.enumerated() {
                out += pad
                write(x, indent: indent + 1, into: &out)
                out += i + 1 < a.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            if o.allSatisfy({ isScalar($0.1) }), appendInline(n, ifFits: 160, to: &out) { return }
            let pad = String(repeating: "  ", count: indent + 1)
            out += "{\n"
            for (i, (k, v)) in o.enumerated() {
                out += pad
                appendQuoted(k, to: &out)
                out += ": "
                write(v, indent: indent + 1, into: &out)
                out += i + 1 < o.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    /// Whether a string goes into JSON as it is, between quotes: no quote, backslash, control
    /// character, U+2028 or U+2029 in it.
    static func isPlain(_ s: String) -> Bool {
        var prev1: UInt8 = 0, prev2: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || (prev2 == 0xE2 && prev1 == 0x80 && (b == 0xA8 || b == 0xA9)) { return false }
            prev2 = prev1; prev1 = b
        }
        return true
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        if isPlain(s) { out += "\""; out += s; out += "\"" } else { out += escaped(s) }
    }

    static func quote(_ s: String) -> String {
        // most strings need no escaping: one pass over the bytes tells
        isPlain(s) ? "\"" + s + "\"" : escaped(s)
    }

    /// A string with escapes, between quotes.
    static func escaped(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            case "\u{2028}": r += "\\u2028"
            case "\u{2029}": r += "\\u2029"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    r += String(format: "\\u%04x", u.value)
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }
}

// MARK: - An Encoder that builds JSONNode trees, keeping key order.
// Containers are reference types while they fill, so that appending stays O(1); they become
// JSONNode values when encoding ends.

final class NodeBox {
    enum State { case value(JSONNode), object(ObjectBox), array(ArrayBox) }
    var state: State = .value(.null)
    var node: JSONNode {
        switch state {
        case .value(let n): return n
        case .object(let o): return .object(o.items.map { ($0.0, $0.1.node) })
        case .array(let a): return .array(a.items.map(\.node))
        }
    }
}
final class ObjectBox { var items: [(String, NodeBox)] = [] }
final class ArrayBox { var items: [NodeBox] = [] }

final class NodeEncoder: Encoder {
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    let storage: NodeBox
    init(_ box: NodeBox = NodeBox()) { storage = box }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let o: ObjectBox
        if case .object(let existing) = storage.state { o = existing } else { o = ObjectBox(); storage.state = .object(o) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(object: o))
    }
    func unkeyedContainer() -> UnkeyedEncodingContainer {
        let a = ArrayBox()
        storage.state = .array(a)
        return UnkeyedNodeContainer(array: a)
    }
    func singleValueContainer() -> SingleValueEncodingContainer { SingleNodeContainer(box: storage) }

    static func box<T: Encodable>(_ value: T) throws -> NodeBox {
        let b = NodeBox()
        switch value {
        case let s as String: b.state = .value(.string(s))
        case let i as Int: b.state = .value(.int(i))
        case let x as Bool: b.state = .value(.bool(x))
        case let d as Double: b.state = .value(.double(d))
        default: try value.encode(to: NodeEncoder(b))
        }
        return b
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectBox
    var codingPath: [CodingKey] = []
    mutating func encodeNil(forKey key: Key) throws { let b = NodeBox(); object.items.append((key.stringValue, b)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { object.items.append((key.stringValue, try NodeEncoder.box(value))) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let v = value { object.items.append((key.stringValue, try NodeEncoder.box(v))) }
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        fatalError("nested containers are not used by the Chronograph model")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        fatalError("nested containers are not used by the Chronograph model")
    }
    mutating func superEncoder() -> Encoder { NodeEncoder() }
    mutating func superEncoder(forKey key: Key) -> Encoder { NodeEncoder() }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let array: ArrayBox
    var codingPath: [CodingKey] = []
    var count: Int { array.items.count }
    mutating func encodeNil() throws { array.items.append(NodeBox()) }
    mutating func encode<T: Encodable>(_ value: T) throws { array.items.append(try NodeEncoder.box(value)) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        fatalError("nested containers are not used by the Chronograph model")
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        fatalError("nested containers are not used by the Chronograph model")
    }
    mutating func superEncoder() -> Encoder { NodeEncoder() }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let box: NodeBox
    var codingPath: [CodingKey] = []
    mutating func encodeNil() throws { box.state = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { box.state = try NodeEncoder.box(value).state }
}

// MARK: - The model's elements as JSON trees, built directly.
// Each gives the tree its Codable form gives through `NodeEncoder` (the same keys in the same
// order, null for an absent value where the encoder writes one), without boxing every field in
// an object of its own: graph.json of a large corpus was mostly that boxing.

protocol JSONNodeConvertible { var jsonNode: JSONNode { get } }

extension Optional where Wrapped == String {
    var jsonNode: JSONNode { map { .string($0) } ?? .null }
}

extension SourceSpan: JSONNodeConvertible {
    var jsonNode: JSONNode { .object([("doc", .string(doc)), ("start", .int(start)), ("end", .int(end))]) }
}

extension Mention: JSONNodeConvertible {
    var jsonNode: JSONNode { .object([("doc", .string(doc)), ("start", .int(start)), ("end", .int(end)), ("text", .string(text))]) }
}

extension EventActor: JSONNodeConvertible {
    var jsonNode: JSONNode { .object([("actor", .string(actor)), ("role", .string(role.rawValue))]) }
}

extension ReportedDate: JSONNodeConvertible {
    var jsonNode: JSONNode { .object([("doc", .string(doc)), ("value", .string(value))]) }
}

extension When: JSONNodeConvertible {
    var jsonNode: JSONNode { .object([("value", .string(value)), ("start", start.jsonNode), ("end", end.jsonNode), ("basis", .string(basis.rawValue))]) }
}

extension Event: JSONNodeConvertible {
    var jsonNode: JSONNode {
        var o: [(String, JSONNode)] = [
            ("id", .string(id)), ("when", when?.jsonNode ?? .null), ("kind", .string(kind)), ("trigger", .string(trigger)),
            ("summary", .string(summary)), ("modality", .string(modality.rawValue)),
            ("actors", .array(actors.map(\.jsonNode))), ("sources", .array(sources.map(\.jsonNode))),
        ]
        if let d = dateConflict { o.append(("dateConflict", .array(d.map(\.jsonNode)))) }
        return .object(o)
    }
}

extension Actor: JSONNodeConvertible {
    var jsonNode: JSONNode {
        .object([("id", .string(id)), ("name", .string(name)), ("kind", .string(kind.rawValue)),
                 ("aliases", .array(aliases.map { .string($0) })), ("mentions", .array(mentions.map(\.jsonNode)))])
    }
}

extension Timex: JSONNodeConvertible {
    var jsonNode: JSONNode {
        .object([("doc", .string(doc)), ("start", .int(start)), ("end", .int(end)), ("text", .string(text)),
                 ("type", .string(type.rawValue)), ("value", .string(value))])
    }
}

extension Link: JSONNodeConvertible {
    var jsonNode: JSONNode {
        .object([("source", .string(source)), ("target", .string(target)), ("kind", .string(kind)), ("directed", .bool(directed)),
                 ("weight", .int(weight)), ("events", .array(events.map { .string($0) })), ("sources", .array(sources.map(\.jsonNode)))])
    }
}

extension DocumentInfo: JSONNodeConvertible {
    var jsonNode: JSONNode {
        .object([("id", .string(id)), ("path", .string(path)), ("title", .string(title)), ("published", published.jsonNode),
                 ("publishedSource", .string(publishedSource.rawValue))])
    }
}
