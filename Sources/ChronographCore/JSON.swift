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
        switch n {
        case .object(let o):
            s = "{ " + o.map { quote($0.0) + ": " + inline($0.1) }.joined(separator: ", ") + " }"
            if o.isEmpty { s = "{}" }
        case .array(let a): s = a.isEmpty ? "[]" : "[" + a.map(inline).joined(separator: ", ") + "]"
        default: write(n, indent: 0, into: &s)
        }
        return s
    }

    static func write(_ n: JSONNode, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1), close = String(repeating: "  ", count: indent)
        switch n {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .string(let s): out += quote(s)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            if a.allSatisfy({ if case .string = $0 { return true }; return false }) {
                let line = inline(n)
                if line.count <= 100 { out += line; return }
            }
            out += "[\n"
            for (i, x) in a.enumerated() {
                out += pad
                write(x, indent: indent + 1, into: &out)
                out += i + 1 < a.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            if o.allSatisfy({ isScalar($0.1) }) {
                let line = inline(n)
                if line.count <= 160 { out += line; return }
            }
            out += "{\n"
            for (i, (k, v)) in o.enumerated() {
                out += pad + quote(k) + ": "
                write(v, indent: indent + 1, into: &out)
                out += i + 1 < o.count ? ",\n" : "\n"
            }
            out += close + "}"
        }
    }

    static func quote(_ s: String) -> String {
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
