/// Lexicon tables for the hot path of extraction: sets and maps of short lowercase strings with
/// a cheap unseeded hash (FNV-1a over the UTF-8 bytes) and open addressing. Every token meets
/// several lexicon lookups; with `Set<String>` the seeded SipHash of the standard library was
/// the largest item of the profile. Lookups only: a table is built once, at load.
public struct WordMap<Value: Sendable>: Sendable {
    private var keys: [String?]
    private var values: [Value?]
    /// Each slot's full hash (0: empty): a probe compares strings only when hashes are equal.
    private var hashes: [UInt64]
    private var mask: Int
    public private(set) var count = 0

    public init() { keys = [nil, nil, nil, nil]; values = [nil, nil, nil, nil]; hashes = [0, 0, 0, 0]; mask = 3 }
    /// A table that holds `n` entries without growing.
    public init(capacity n: Int) {
        var size = 4
        while size < 2 * n { size *= 2 }
        keys = Array(repeating: nil, count: size); values = Array(repeating: nil, count: size); hashes = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always) static func hash(_ s: String) -> UInt64 {
        var s = s // withUTF8 needs contiguous storage: a small string is copied to the stack
        return s.withUTF8 { buf in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in buf { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            return h ^ (h >> 32)
        }
    }

    @inline(__always) func slot(_ key: String) -> Int { slot(key, WordMap.hash(key)) }

    /// `hashes` holds `h | 1`: never 0, the mark of an empty slot.
    @inline(__always) func slot(_ key: String, _ h: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: h) & mask
        let tag = h | 1
        while true {
            let x = hashes[i]
            if x == 0 || (x == tag && keys[i]! == key) { return i }
            i = (i + 1) & mask
        }
    }

    /// The value of a key whose hash (`WordMap.hash`) the caller computed.
    @inline(__always) func value(_ key: String, hash h: UInt64) -> Value? { values[slot(key, h)] }

    public subscript(key: String) -> Value? {
        get { values[slot(key)] }
        set {
            guard let v = newValue else { preconditionFailure("WordMap: no removal") }
            let h = WordMap.hash(key)
            let i = slot(key, h)
            if keys[i] == nil {
                if (count + 1) * 2 > keys.count { grow(); self[key] = v; return }
                keys[i] = key; hashes[i] = h | 1; count += 1
            }
            values[i] = v
        }
    }

    public subscript(key: String, default d: @autoclosure () -> Value) -> Value {
        get { self[key] ?? d() }
        set { self[key] = newValue }
    }

    private mutating func grow() {
        let old = zip(keys, values).compactMap { k, v in k.map { ($0, v!) } }
        let n = keys.count * 2
        keys = Array(repeating: nil, count: n); values = Array(repeating: nil, count: n); hashes = Array(repeating: 0, count: n)
        mask = n - 1; count = 0
        for (k, v) in old { self[k] = v }
    }

    /// The entries, in table order (deterministic: the hash has no seed).
    public var entries: [(key: String, value: Value)] {
        zip(keys, values).compactMap { k, v in k.map { ($0, v!) } }
    }
}

public struct WordSet: Sendable, ExpressibleByArrayLiteral, Sequence {
    private var map = WordMap<Bool>()
    public init() {}
    public init(capacity n: Int) { map = WordMap(capacity: n) }
    public init<S: Collection>(_ words: S) where S.Element == String {
        map = WordMap(capacity: words.count)
        for w in words { insert(w) }
    }
    public init(arrayLiteral words: String...) { self.init(words) }
    @inline(__always) public func contains(_ w: String) -> Bool { map[w] != nil }
    public mutating func insert(_ w: String) { map[w] = true }
    public var count: Int { map.count }
    public var isEmpty: Bool { map.count == 0 }
    public func makeIterator() -> IndexingIterator<[String]> { map.entries.map(\.key).makeIterator() }
}

/// Token position → index of the mention that starts (or ends) there: an array over the
/// document's token positions instead of a dictionary keyed by `Int`, whose seeded hash was a
/// visible cost of recognizing actors in long documents. A later `set` of a position replaces
/// the earlier one, as a dictionary's assignment does.
struct PositionIndex {
    private var slots: [Int32]
    /// Positions 0...`positions`.
    init(positions: Int) { slots = Array(repeating: -1, count: positions + 1) }
    subscript(position: Int) -> Int? {
        get {
            guard position >= 0 && position < slots.count else { return nil }
            let v = slots[position]
            return v < 0 ? nil : Int(v)
        }
        set { slots[position] = Int32(newValue ?? -1) }
    }
}
