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
    /// The longest token, in bytes (a token's length is 16 bits).
    static let maxTokenBytes = Int(UInt16.max)

    // Byte classes, one table lookup a byte (the scanner's loops test one bit of it).
    static let letterBit: UInt8 = 1, digitBit: UInt8 = 2, blankBit: UInt8 = 4, newlineBit: UInt8 = 8, asciiBit: UInt8 = 16
    static let classes: [UInt8] = (0..<256).map { b -> UInt8 in
        var c: UInt8 = b < 0x80 ? asciiBit : 0
        if (b >= 65 && b <= 90) || (b >= 97 && b <= 122) { c |= letterBit }
        if b >= 48 && b <= 57 { c |= digitBit }
        if b == 32 || b == 9 || b == 13 || b == 12 || b == 11 { c |= blankBit }
        if b == 10 { c |= newlineBit }
        return c
    }

    /// The text's bytes and their classes, read without bounds checks (every index is checked
    /// against `n` by the scanner itself).
    struct Scan {
        let t: UnsafePointer<UInt8>
        let cls: UnsafePointer<UInt8>
        let n: Int
        @inline(__always) func letter(_ i: Int) -> Bool { cls[Int(t[i])] & Tokenizer.letterBit != 0 }
        @inline(__always) func digit(_ i: Int) -> Bool { cls[Int(t[i])] & Tokenizer.digitBit != 0 }
        @inline(__always) func alnum(_ i: Int) -> Bool { cls[Int(t[i])] & (Tokenizer.letterBit | Tokenizer.digitBit) != 0 }

        /// Length of the UTF-8 sequence starting with `c`.
        @inline(__always) static func seqLen(_ c: UInt8) -> Int {
            if c < 0x80 { return 1 }
            if c & 0xE0 == 0xC0 { return 2 }
            if c & 0xF0 == 0xE0 { return 3 }
            return 4
        }

        /// Non-ASCII sequences that act as punctuation or space: U+00A0..U+00BF (but not letters),
        /// U+2000..U+206F (general punctuation), U+3000..U+303F.
        func nonASCIIClass(_ i: Int) -> UInt8 { // 0 letter, 1 punct, 2 space
            let c = t[i]
            if c == 0xC2 && i + 1 < n {
                let d = t[i + 1]
                if d == 0xA0 { return 2 }
                return d < 0xC0 ? 1 : 0
            }
            if c == 0xC3 && i + 1 < n && (t[i + 1] == 0x97 || t[i + 1] == 0xB7) { return 1 } // × ÷
            if c == 0xE2 && i + 1 < n && (t[i + 1] == 0x80 || t[i + 1] == 0x81) {
                if i + 2 < n && t[i + 1] == 0x80 && (t[i + 2] <= 0x8A || t[i + 2] == 0xAF) { return 2 } // spaces
                return 1
            }
            if c == 0xE2 && i + 1 < n && (t[i + 1] >= 0x82 && t[i + 1] <= 0x9F) { return 1 } // symbols, arrows
            if c == 0xE3 && i + 1 < n && t[i + 1] == 0x80 { return 1 }
            if c == 0xEF && i + 2 < n && t[i + 1] == 0xBB && t[i + 2] == 0xBF { return 2 } // BOM
            return 0
        }

        /// Is the byte at `i` an apostrophe (ASCII ' or U+2019), and how long is it?
        @inline(__always) func apostrophe(_ i: Int) -> Int {
            if t[i] == 39 { return 1 }
            if t[i] == 0xE2 && i + 2 < n && t[i + 1] == 0x80 && t[i + 2] == 0x99 { return 3 }
            return 0
        }

        /// The end of a possessive "'s" / "’s" starting at `i`, if there is one.
        @inline(__always) func possessiveEnd(_ i: Int) -> Int? {
            let ap = apostrophe(i)
            guard ap > 0, i + ap < n, (t[i + ap] | 0x20) == 115 else { return nil }
            let after = i + ap + 1
            if after < n && alnum(after) { return nil }
            return after
        }

        /// A word: letters and digits, with inner apostrophes (don't) and dotted acronyms (U.S.,
        /// U.N.); a possessive 's is left as its own token.
        func word(_ s: Int) -> Int {
            var i = s
            while i < n {
                let c = t[i]
                if c < 0x80 {
                    if alnum(i) { i += 1; continue }
                    if c == 46, i + 2 < n, letter(i + 1), i - s <= 2, dottedAcronym(s) {
                        // U.S.  U.N.  e.g.
                        i += 1; continue
                    }
                    if c == 46, dottedAcronymEnd(s, i) { i += 1; return i }
                } else if nonASCIIClass(i) == 0 {
                    i += Scan.seqLen(c); continue
                }
                let ap = apostrophe(i)
                if ap > 0, i > s, i + ap < n, letter(i + ap) {
                    // possessive 's / ’s stands alone; other inner apostrophes stay (don't, O'Brien)
                    let after = i + ap
                    let isPossessive = (t[after] | 0x20) == 115 && (after + 1 >= n || !letter(after + 1))
                    if isPossessive { return i }
                    i = after; continue
                }
                break
            }
            return i
        }

        /// "U.S" so far: single letters separated by dots.
        func dottedAcronym(_ s: Int) -> Bool {
            var i = s
            while i < n {
                guard letter(i) else { return false }
                guard i + 1 < n, t[i + 1] == 46 else { return false }
                if i + 2 < n && letter(i + 2) && (i + 3 >= n || t[i + 3] == 46) { i += 2; continue }
                return true
            }
            return false
        }

        /// At a "." that ends a dotted acronym whose letters are single ("U.S" + "."), include it.
        func dottedAcronymEnd(_ s: Int, _ dot: Int) -> Bool {
            guard dot - s >= 3 else { return false }
            var i = s
            while i < dot {
                guard letter(i) else { return false }
                if i + 1 == dot { return true }
                guard t[i + 1] == 46 else { return false }
                i += 2
            }
            return false
        }
    }

    public static func tokenize(_ text: [UInt8]) -> Tokenized {
        // (offsets are 32-bit: a longer text is refused where documents are read, far sooner)
        precondition(text.count < Int(Int32.max), "text too long to tokenize")
        var toks: [Token] = []
        text.withUnsafeBufferPointer { buf in
            classes.withUnsafeBufferPointer { cls in
                guard let base = buf.baseAddress else { return }
                let x = Scan(t: base, cls: cls.baseAddress!, n: buf.count)
                // The tokens are written straight into the array's storage, sized for one token
                // in three bytes (news text has one in five); a text denser than that goes on
                // into a second array (each append checked the array's capacity and uniqueness).
                var state = State()
                var capacity = buf.count / 3 + 16
                while state.i < buf.count {
                    let part = [Token](unsafeUninitializedCapacity: capacity) { out, count in
                        count = scan(x, &state, into: out)
                    }
                    if toks.isEmpty { toks = part } else { toks += part }
                    capacity = part.isEmpty ? 2 * capacity : max(16, (buf.count - state.i) / 2 + 16)
                }
            }
        }
        return Tokenized(text: text, tokens: toks)
    }

    /// Where the scanner is: the byte, and what it knows of the tokens before.
    struct State {
        var i = 0
        var space = true
        var nl: UInt8 = 0
        var lastIsWord = false
    }

    /// Scans tokens from `state` into `out` until the text ends or `out` is full (a token cut
    /// in pieces needs room for all of them); returns how many were written.
    static func scan(_ x: Scan, _ state: inout State, into out: UnsafeMutableBufferPointer<Token>) -> Int {
        let t = x.t, n = x.n
        var i = state.i
        var space = state.space
        var nl = state.nl
        var lastIsWord = state.lastIsWord
        var count = 0
        let room = out.count
        defer { state = State(i: i, space: space, nl: nl, lastIsWord: lastIsWord) }
        while i < n {
            let c = t[i]
            let k = x.cls[Int(c)]
            if k & blankBit != 0 { space = true; i += 1; continue }
            if k & newlineBit != 0 { space = true; if nl < 2 { nl += 1 }; i += 1; continue }
            let start = i
            var kind: Token.Kind
            if k & digitBit != 0 {
                kind = .number
                i += 1
                while i < n {
                    if x.digit(i) { i += 1; continue }
                    // 3.5, 1,000 — a separator between digits stays in the number
                    let d = t[i]
                    if (d == 46 || d == 44) && i + 1 < n && x.digit(i + 1) { i += 2; continue }
                    break
                }
                // ordinals and units glued to the number: 3rd, 20th, 1990s, 10am
                if i < n && x.letter(i) {
                    var j = i
                    while j < n && x.letter(j) { j += 1 }
                    if j - i <= 2 { kind = .word; i = j }
                }
            } else if k & letterBit != 0 {
                kind = .word
                // (the letters and digits of the word at once; the rest of its rules from the
                // first other byte)
                i += 1
                while i < n && x.alnum(i) { i += 1 }
                if i < n && (t[i] == 46 || t[i] == 39 || t[i] >= 0x80) { i = x.word(start) }
            } else if !space && lastIsWord, let end = x.possessiveEnd(i) {
                kind = .punct // 's or ’s after a word
                i = end
            } else if k & asciiBit != 0 {
                kind = .punct
                i += 1
            } else {
                let cls = x.nonASCIIClass(i)
                if cls == 2 { space = true; i += Scan.seqLen(c); continue }
                if cls == 1 {
                    kind = .punct
                    i += Scan.seqLen(c)
                } else {
                    kind = .word
                    i = x.word(i)
                }
            }
            // (at most this many tokens: a run too long for one is cut into pieces of at least
            // the longest length less a character)
            let pieces = i - start <= maxTokenBytes ? 1 : (i - start) / (maxTokenBytes - 4) + 2
            if count + pieces > room {
                // no room left: this token goes into the next array
                i = start
                return count
            }
            if i - start > maxTokenBytes {
                // (a run too long for one token: cut at character boundaries)
                var a = start
                while i - a > maxTokenBytes {
                    var b = a + maxTokenBytes
                    while b > a + 1 && t[b] & 0xC0 == 0x80 { b -= 1 }
                    out[count] = Token(s: Int32(truncatingIfNeeded: a), e: Int32(truncatingIfNeeded: b), kind: kind,
                                       spaceBefore: a == start && space, newlinesBefore: a == start ? nl : 0)
                    count += 1
                    a = b
                }
                out[count] = Token(s: Int32(truncatingIfNeeded: a), e: Int32(truncatingIfNeeded: i), kind: kind, spaceBefore: false, newlinesBefore: 0)
                count += 1
            } else {
                out[count] = Token(s: Int32(truncatingIfNeeded: start), e: Int32(truncatingIfNeeded: i), kind: kind, spaceBefore: space, newlinesBefore: nl)
                count += 1
            }
            lastIsWord = kind == .word
            space = false
            nl = 0
        }
        return count
    }
}
