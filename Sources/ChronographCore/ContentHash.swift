/// A fast 128-bit content hash, written as 32 hex digits: two lanes that each take eight
/// bytes at a step (multiply and shift), every `update` closed by its length, so the fields of a
/// key need no separator. For cache keys and change detection, not for security.
public struct ContentHasher: Sendable {
    /// The way hashes are made: a stored hash of another version is not comparable.
    public static let version = 2
    var a: UInt64 = 0xcbf29ce484222325
    var b: UInt64 = 0x84222325cbf29ce4
    public init() {}

    @inline(__always) mutating func mix(_ w: UInt64) {
        a = (a ^ w) &* 0x9E3779B97F4A7C15
        a ^= a >> 29
        b = (b &+ w) &* 0xBF58476D1CE4E5B9
        b = (b << 31) | (b >> 33)
    }

    public mutating func update(_ buf: UnsafeRawBufferPointer) {
        let n = buf.count
        var i = 0
        while i + 8 <= n {
            mix(UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < n { tail |= UInt64(buf[i]) << shift; shift += 8; i += 1 }
        mix(tail)
        mix(UInt64(n))
    }

    public mutating func update<C: Sequence>(_ bytes: C) where C.Element == UInt8 {
        var h = self
        if bytes.withContiguousStorageIfAvailable({ h.update(UnsafeRawBufferPointer($0)) }) != nil { self = h; return }
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// A number, as its eight bytes (closed by their length, like every update).
    public mutating func update(number v: Int) {
        mix(UInt64(UInt(bitPattern: v)))
        mix(8)
    }

    /// A key, as its two lanes.
    public mutating func update(key k: ContentKey) {
        mix(k.a); mix(k.b); mix(16)
    }

    public mutating func update(_ s: String) {
        var s = s
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The hash as a key for dictionaries and memos (cheaper to hash and compare than `hex`).
    public var key: ContentKey { let f = final; return ContentKey(a: f.0, b: f.1) }

    /// The lanes, each mixed once more (and with the other) so that every input bit reaches
    /// every output bit.
    var final: (UInt64, UInt64) {
        func avalanche(_ x: UInt64) -> UInt64 {
            var x = x
            x ^= x >> 33; x = x &* 0xff51afd7ed558ccd; x ^= x >> 33; x = x &* 0xc4ceb9fe1a85ec53; x ^= x >> 33
            return x
        }
        return (avalanche(a ^ (b >> 17)), avalanche(b ^ (a << 13)))
    }

    /// The key as 32 hex digits.
    public var hex: String { key.description }

    public static func hex<C: Sequence>(_ bytes: C) -> String where C.Element == UInt8 {
        var h = ContentHasher(); h.update(bytes); return h.hex
    }
}

/// A 128-bit content hash (`ContentHasher.key`): what memos and digests are keyed by.
public struct ContentKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var a: UInt64, b: UInt64
    public init(a: UInt64, b: UInt64) { self.a = a; self.b = b }
    /// One lane is enough to spread the keys over a dictionary's buckets.
    public func hash(into h: inout Hasher) { h.combine(a) }
    /// What a dictionary or set uses: the key is a hash already, so it is only mixed with the
    /// table's seed (a cheap multiply-shift) instead of passing through the general-purpose
    /// hasher; memo and digest lookups are the rebuild's most frequent operation.
    public func _rawHashValue(seed: Int) -> Int {
        var x = a ^ UInt64(UInt(bitPattern: seed))
        x = (x ^ (x >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: x ^ (x >> 32))
    }
    public static func < (x: ContentKey, y: ContentKey) -> Bool { (x.a, x.b) < (y.a, y.b) }
    public var description: String {
        func h(_ v: UInt64) -> String { let s = String(v, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }
        return h(a) + h(b)
    }
    /// The key of a string's bytes.
    public init(_ s: String) { var h = ContentHasher(); h.update(s); self = h.key }
}

extension DocumentExtraction {
    /// The same extraction for a document that moved: every reference to the old id and path
    /// is rewritten (the text, and so every offset, is unchanged).
    public func reassigned(id: String, path: String) -> DocumentExtraction {
        let old = document.id
        guard old != id || document.path != path else { return self }
        var x = self
        x.document.id = id
        x.document.path = path
        func fix(_ s: SourceSpan) -> SourceSpan { var s = s; if s.doc == old { s.doc = id }; return s }
        func fixM(_ m: Mention) -> Mention { var m = m; if m.doc == old { m.doc = id }; return m }
        func fixE(_ e: String) -> String { e.hasPrefix(old + "#") ? id + e.dropFirst(old.count) : e }
        x.timexes = timexes.map { var t = $0; t.doc = id; return t }
        x.actors = actors.map { var a = $0; a.mentions = a.mentions.map(fixM); return a }
        x.candidates = candidates.map { var a = $0; a.mentions = a.mentions.map(fixM); return a }
        x.events = events.map { var e = $0; e.id = fixE(e.id); e.sources = e.sources.map(fix); return e }
        x.links = links.map { var l = $0; l.events = l.events.map(fixE); l.sources = l.sources.map(fix); return l }
        return x
    }
}
