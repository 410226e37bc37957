/// Escaping for each output target. Every string that comes from a document goes through one.
public enum Escape {
    /// Inside a DOT double-quoted string: backslashes and quotes escaped (so `\N`, `\G`, a trailing
    /// backslash and `"` stay literal), line breaks and other control characters made spaces.
    public static func dot(_ s: String) -> String {
        escapeDOT(s, quoting: true)
    }

    /// The text a DOT string escaped by `dot` stands for: line breaks and other control
    /// characters made spaces, nothing else changed.
    public static func dotText(_ s: String) -> String {
        escapeDOT(s, quoting: false)
    }

    static func escapeDOT(_ s: String, quoting: Bool) -> String {
        let special = { (c: UInt8) in c < 0x20 || c == 0x7F || (quoting && (c == 0x5C || c == 0x22)) }
        return rewriting(s, next: { u, from in u[from...].firstIndex(where: special) ?? u.count }) { c, out in
            switch c {
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x0A, 0x0D, 0x09: out.append(0x20)
            default: break // other control characters are dropped
            }
        }
    }

    /// The text with each byte that `next` finds (given the buffer and where to look from)
    /// handed to `put` (which writes what stands for it, or nothing), runs of other bytes
    /// copied whole; the text itself when none is found (most text: one pass over the bytes
    /// tells). Every byte found is ASCII, so a text's multi-byte characters pass through
    /// untouched, as a walk over its characters would leave them (and a character at a time was
    /// most of the drawing's escaping time).
    @inline(__always)
    static func rewriting(_ s: String, next: (UnsafeBufferPointer<UInt8>, Int) -> Int, put: (UInt8, inout [UInt8]) -> Void) -> String {
        var s = s
        let rewritten: String? = s.withUTF8 { u in
            let first = next(u, 0)
            guard first < u.count else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(u.count + 32)
            appendRewriting(u, to: &out, first: first, next: next, put: put)
            return String(decoding: out, as: UTF8.self)
        }
        return rewritten ?? s
    }

    /// The bytes of `u` appended to `out`, each one `next` finds (the first at `first`) handed
    /// to `put` instead, runs of the others copied whole.
    @inline(__always)
    static func appendRewriting(_ u: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], first: Int, next: (UnsafeBufferPointer<UInt8>, Int) -> Int,
                                put: (UInt8, inout [UInt8]) -> Void) {
        var run = 0
        var i = first
        while i < u.count {
            if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i])) }
            put(u[i], &out)
            run = i + 1
            i = next(u, run)
        }
        if run < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run...])) }
    }

    /// Text and attribute values in HTML and XML: the five markup characters as entities,
    /// control characters other than newline and tab dropped.
    public static func html(_ s: String) -> String {
        rewriting(s, next: nextHTMLSpecial, put: htmlPut)
    }

    /// `html(s)`, appended to `out` as bytes.
    public static func appendHTML(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendRewriting($0, to: &out, first: nextHTMLSpecial($0, from: 0), next: nextHTMLSpecial, put: htmlPut) }
    }

    /// The first byte from `from` on that HTML escaping changes, or the end: eight bytes are
    /// looked at together while none of them can be one (text is mostly plain).
    @inline(__always) static func nextHTMLSpecial(_ u: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        var i = from
        let n = u.count
        while i < n {
            if i + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(u.baseAddress! + i).loadUnaligned(as: UInt64.self))
                // no byte below 0x20 (newline and tab among them) and none of & < > " '
                let controls = (w &- ones &* 0x20) & ~w & highs != 0
                if !controls && !hasZeroByte(w ^ (ones &* 0x26)) && !hasZeroByte(w ^ (ones &* 0x3C)) && !hasZeroByte(w ^ (ones &* 0x3E))
                    && !hasZeroByte(w ^ (ones &* 0x22)) && !hasZeroByte(w ^ (ones &* 0x27)) {
                    i += 8
                    continue
                }
            }
            let end = min(i + 8, n)
            while i < end {
                if htmlSpecial(u[i]) { return i }
                i += 1
            }
        }
        return n
    }

    @inline(__always) static func htmlSpecial(_ c: UInt8) -> Bool {
        c == 0x26 || c == 0x3C || c == 0x3E || c == 0x22 || c == 0x27 || (c < 0x20 && c != 0x0A && c != 0x09)
    }

    @inline(__always) static func htmlPut(_ c: UInt8, _ out: inout [UInt8]) {
        switch c {
        case 0x26: out.append(contentsOf: "&amp;".utf8)
        case 0x3C: out.append(contentsOf: "&lt;".utf8)
        case 0x3E: out.append(contentsOf: "&gt;".utf8)
        case 0x22: out.append(contentsOf: "&quot;".utf8)
        case 0x27: out.append(contentsOf: "&#39;".utf8)
        default: break // control characters other than newline and tab are dropped
        }
    }

    /// JSON text safe to embed in an HTML `<script>` element: `<`, `>`, `&`, U+2028 and U+2029
    /// written as \u escapes (the JSON means the same).
    public static func jsonForScript(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for ch in json.unicodeScalars {
            switch ch {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
