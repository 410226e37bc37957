/// Tokens over a document's working text (UTF-8 bytes). A hand-written byte scanner: the hot
/// path of extraction (Swift Regex is far too slow on Linux; see NOTES.md).
public struct Token: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case word, number, punct }
    // 8 bytes a token (a 32-bit offset, a 16-bit length, the kind and a byte of flags): the
    // token array of a long document is read by every step, so its size is memory traffic.
    // Documents are far below 2 GB; a run of more than 65,535 bytes without a break is cut into
    // tokens of at most that length (`Tokenizer.maxTokenBytes`).
    var s: Int32
    var len: UInt16
    public let kind: Kind
    var flags: UInt8 // bit 0: space before; bits 1-2: line breaks before
    init(s: Int32, e: Int32, kind: Kind, spaceBefore: Bool, newlinesBefore: UInt8) {
        self.s = s; self.len = UInt16(e - s); self.kind = kind
        self.flags = (spaceBefore ? 1 : 0) | (min(newlinesBefore, 2) << 1)
    }
    public var start: Int { Int(s) }
    public var end: Int { Int(s) + Int(len) }
    /// Whitespace precedes the token (or it starts the text).
    public var spaceBefore: Bool { flags & 1 != 0 }
    /// A line break lies between the previous token and this one (count of line breaks, capped at 2).
    public var newlinesBefore: UInt8 { flags >> 1 }
}

public final class Tokenized: Sendable {
    public let text: [UInt8]
    public let tokens: [Token]
    public init(text: [UInt8], tokens: [Token]) { self.text = text; self.tokens = tokens }

    @inline(__always) public func bytes(_ t: Token) -> ArraySlice<UInt8> { text[t.start..<t.end] }
    public func string(_ t: Token) -> String { String(decoding: text[t.start..<t.end], as: UTF8.self) }
    /// The token lowercased. ASCII is lowered byte by byte straight into the string (a word of
    /// up to 15 bytes is then stored inline, with no allocation); other text by Unicode rules.
    public func lower(_ t: Token) -> String {
        let a = t.start, n = t.end - t.start
        return text.withUnsafeBufferPointer { buf -> String in
            for i in a..<(a + n) where buf[i] >= 0x80 {
                return String(decoding: UnsafeBufferPointer(rebasing: buf[a..<(a + n)]), as: UTF8.self).lowercased()
            }
            return String(unsafeUninitializedCapacity: n) { out in
                for i in 0..<n { let c = buf[a + i]; out[i] = c >= 65 && c <= 90 ? c + 32 : c }
                return n
            }
        }
    }
    /// Every token lowercased ("" for a token longer than `limit` bytes), once for all the
    /// stages of an extraction.
    public func lowercased(limit: Int = 40) -> [String] {
        tokens.map { $0.end - $0.start <= limit ? lower($0) : "" }
    }
    /// First byte is an uppercase letter (ASCII, or a non-ASCII letter whose scalar is uppercase).
    public func isCapitalized(_ t: Token) -> Bool {
        guard t.kind == .word else { return false }
        let c = text[t.start]
        if c >= 65 && c <= 90 { return true }
        if c < 0x80 { return false }
        return string(t).unicodeScalars.first?.properties.isUppercase ?? false
    }
    public func isAllCaps(_ t: Token) -> Bool {
        guard t.kind == .word else { return false }
        var letters = 0
        for c in text[t.start..<t.end] {
            if c >= 97 && c <= 122 { return false }
            if c >= 65 && c <= 90 { letters += 1 }
        }
        return letters > 0
    }
    public func isPunct(_ t: Token, _ ch: UInt8) -> Bool { t.kind == .punct && t.end - t.start == 1 && text[t.start] == ch }
    /// A model designation: three to eight letters, digits and hyphens with at least one digit
    /// ("A380", "787", "777X", "C-130"), not a year ("2008") and not an amount ("1,600").
    public func isModel(_ t: Token) -> Bool {
        let n = t.end - t.start
        guard t.kind != .punct, n >= 3 && n <= 8 else { return false }
        let b0 = text[t.start] // a digit or a capital first: most words are out at once
        guard (b0 >= 48 && b0 <= 57) || (b0 >= 65 && b0 <= 90) else { return false }
        var digits = 0, value = 0
        for i in t.start..<t.end {
            let b = text[i]
            if b >= 48 && b <= 57 { digits += 1; value = value * 10 + Int(b - 48) }
            else if !((b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45) { return false }
        }
        if digits == 0 { return false }
        return !(digits == n && n == 4 && value >= 1800 && value <= 2199)
    }
    /// Integer value of a number token made of digits only.
    public func intValue(_ t: Token) -> Int? {
        guard t.kind == .number, t.end - t.start <= 9 else { return nil }
        var v = 0
        for c in text[t.start..<t.end] { guard c >= 48 && c <= 57 else { return nil }; v = v * 10 + Int(c - 48) }
        return v
    }
}

public enum Tokenizer {
    @inline(__always) static func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Length of the UTF-8 sequence starting with `c`.
    @inline(__always) static func seqLen(_ c: UInt8) -> Int {
        if c < 0x80 { return 1 }
        if c & 0xE0 == 0xC0 { return 2 }
        if c & 0xF0 == 0xE0 { return 3 }
        return 4
    }

    /// Non-ASCII sequences that act as punctuation or space: U+00A0..U+00BF (but not letters),
    /// U+2000..U+206F (general punctuation), U+3000..U+303F.
    @inline(__always) static func nonASCIIClass(_ t: [UInt8], _ i: Int) -> UInt8 { // 0 letter, 1 punct, 2 space
        let c = t[i]
        if c == 0xC2 && i + 1 < t.count {
            let d = t[i + 1]
            if d == 0xA0 { return 2 }
            return d < 0xC0 ? 1 : 0
        }
        if c == 0xC3 && i + 1 < t.count && (t[i + 1] == 0x97 || t[i + 1] == 0xB7) { return 1 } // × ÷
        if c == 0xE2 && i + 1 < t.count && (t[i + 1] == 0x80 || t[i + 1] == 0x81) {
            if i + 2 < t.count && t[i + 1] == 0x80 && (t[i + 2] <= 0x8A || t[i + 2] == 0xAF) { return 2 } // spaces
            return 1
        }
        if c == 0xE2 && i + 1 < t.count && (t[i + 1] >= 0x82 && t[i + 1] <= 0x9F) { return 1 } // symbols, arrows
        if c == 0xE3 && i + 1 < t.count && t[i + 1] == 0x80 { return 1 }
        if c == 0xEF && i + 2 < t.count && t[i + 1] == 0xBB && t[i + 2] == 0xBF { return 2 } // BOM
        return 0
    }

    /// Is the byte at `i` an apostrophe (ASCII ' or U+2019), and how long is it?
    @inline(__always) static func apostrophe(_ t: [UInt8], _ i: Int) -> Int {
        if t[i] == 39 { return 1 }
        if t[i] == 0xE2 && i + 2 < t.count && t[i + 1] == 0x80 && t[i + 2] == 0x99 { return 3 }
        return 0
    }

    /// The longest token, in bytes (a token's length is 16 bits).
    static let maxTokenBytes = Int(UInt16.max)

    public static func tokenize(_ text: [UInt8]) -> Tokenized {
        var toks: [Token] = []
        toks.reserveCapacity(text.count / 5)
        let n = text.count
        var i = 0
        var space = true
        var nl: UInt8 = 0
        while i < n {
            let c = text[i]
            if c == 32 || c == 9 || c == 13 || c == 12 || c == 11 { space = true; i += 1; continue }
            if c == 10 { space = true; if nl < 2 { nl += 1 }; i += 1; continue }
            let start = i
            var kind: Token.Kind
            if isDigit(c) {
                kind = .number
                i += 1
                while i < n {
                    let d = text[i]
                    if isDigit(d) { i += 1; continue }
                    // 3.5, 1,000 — a separator between digits stays in the number
                    if (d == 46 || d == 44) && i + 1 < n && isDigit(text[i + 1]) { i += 2; continue }
                    break
                }
                // ordinals and units glued to the number: 3rd, 20th, 1990s, 10am
                if i < n && isASCIILetter(text[i]) {
                    var j = i
                    while j < n && isASCIILetter(text[j]) { j += 1 }
                    if j - i <= 2 { kind = .word; i = j }
                }
            } else if let end = possessiveEnd(text, i), !space, let last = toks.last, last.kind == .word {
                kind = .punct // 's or ’s after a word
                i = end
            } else if c < 0x80 && !isASCIILetter(c) {
                kind = .punct
                i += 1
            } else {
                let cls = c < 0x80 ? 0 : nonASCIIClass(text, i)
                if cls == 2 { space = true; i += seqLen(c); continue }
                if cls == 1 {
                    kind = .punct
                    i += seqLen(c)
                } else {
                    kind = .word
                    i = scanWord(text, i)
                }
            }
            if i - start > maxTokenBytes {
                // (a run too long for one token: cut at character boundaries)
                var a = start
                while i - a > maxTokenBytes {
                    var b = a + maxTokenBytes
                    while b > a + 1 && text[b] & 0xC0 == 0x80 { b -= 1 }
                    toks.append(Token(s: Int32(a), e: Int32(b), kind: kind, spaceBefore: a == start && space, newlinesBefore: a == start ? nl : 0))
                    a = b
                }
                toks.append(Token(s: Int32(a), e: Int32(i), kind: kind, spaceBefore: false, newlinesBefore: 0))
            } else {
                toks.append(Token(s: Int32(start), e: Int32(i), kind: kind, spaceBefore: space, newlinesBefore: nl))
            }
            space = false
            nl = 0
        }
        return Tokenized(text: text, tokens: toks)
    }

    /// The end of a possessive "'s" / "’s" starting at `i`, if there is one.
    static func possessiveEnd(_ t: [UInt8], _ i: Int) -> Int? {
        let ap = apostrophe(t, i)
        guard ap > 0, i + ap < t.count, (t[i + ap] | 0x20) == 115 else { return nil }
        let after = i + ap + 1
        if after < t.count && (isASCIILetter(t[after]) || isDigit(t[after])) { return nil }
        return after
    }

    /// A word: letters and digits, with inner apostrophes (don't) and dotted acronyms (U.S., U.N.);
    /// a possessive 's is left as its own token.
    static func scanWord(_ t: [UInt8], _ s: Int) -> Int {
        let n = t.count
        var i = s
        while i < n {
            let c = t[i]
            if c < 0x80 {
                if isASCIILetter(c) || isDigit(c) { i += 1; continue }
                if c == 46, i + 2 < n, isASCIILetter(t[i + 1]), i - s <= 2, dottedAcronym(t, s) {
                    // U.S.  U.N.  e.g.
                    i += 1; continue
                }
                if c == 46, dottedAcronymEnd(t, s, i) { i += 1; return i }
            } else if nonASCIIClass(t, i) == 0 {
                i += seqLen(c); continue
            }
            let ap = apostrophe(t, i)
            if ap > 0, i > s, i + ap < n, isASCIILetter(t[i + ap]) {
                // possessive 's / ’s stands alone; other inner apostrophes stay (don't, O'Brien)
                let after = i + ap
                let isPossessive = (t[after] | 0x20) == 115 && (after + 1 >= n || !isASCIILetter(t[after + 1]))
                if isPossessive { return i }
                i = after; continue
            }
            break
        }
        return i
    }

    /// "U.S" so far: single letters separated by dots.
    static func dottedAcronym(_ t: [UInt8], _ s: Int) -> Bool {
        var i = s
        while i < t.count {
            guard isASCIILetter(t[i]) else { return false }
            guard i + 1 < t.count, t[i + 1] == 46 else { return false }
            if i + 2 < t.count && isASCIILetter(t[i + 2]) && (i + 3 >= t.count || t[i + 3] == 46) { i += 2; continue }
            return true
        }
        return false
    }

    /// At a "." that ends a dotted acronym whose letters are single ("U.S" + "."), include it.
    static func dottedAcronymEnd(_ t: [UInt8], _ s: Int, _ dot: Int) -> Bool {
        guard dot - s >= 3 else { return false }
        var i = s
        while i < dot {
            guard isASCIILetter(t[i]) else { return false }
            if i + 1 == dot { return true }
            guard t[i + 1] == 46 else { return false }
            i += 2
        }
        return false
    }
}
