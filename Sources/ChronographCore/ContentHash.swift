/// A fast 128-bit content hash (two FNV-1a 64 lanes), written as 32 hex digits. For cache
/// keys and change detection, not for security.
public struct ContentHasher: Sendable {
    var a: UInt64 = 0xcbf29ce484222325
    var b: UInt64 = 0x84222325cbf29ce4
    public init() {}

    public mutating func update<C: Sequence>(_ bytes: C) where C.Element == UInt8 {
        for x in bytes {
            a = (a ^ UInt64(x)) &* 0x100000001b3
            b = (b ^ UInt64(x ^ 0x5c)) &* 0x100000001b3
        }
    }

    public mutating func update(_ s: String) {
        update(s.utf8)
        update([0xFF]) // a separator no UTF-8 string contains
    }

    public var hex: String {
        func h(_ v: UInt64) -> String { let s = String(v, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }
        return h(a) + h(b)
    }

    public static func hex<C: Sequence>(_ bytes: C) -> String where C.Element == UInt8 {
        var h = ContentHasher(); h.update(bytes); return h.hex
    }
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
