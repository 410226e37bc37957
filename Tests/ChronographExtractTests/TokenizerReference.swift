import Foundation
import Testing
@testable import ChronographExtract

/// The tokenizer as first written, a byte at a time through the array's subscript: plain to
/// read, and the reference the table-driven scanner (`Tokenizer`) must agree with token for
/// token, on any text.
enum PlainTokenizer {
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

    static let maxTokenBytes = Tokenizer.maxTokenBytes

    static func tokenize(_ text: [UInt8]) -> [Token] {
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
        return toks
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

/// Where two token lists first differ (nil when they are the same): a failure names one token,
/// not two lists of thousands.
func firstDifference(_ a: [Token], _ b: [Token]) -> String? {
    if a == b { return nil }
    let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
    return "token \(i) of \(a.count) vs \(b.count): \(i < a.count ? "\(a[i])" : "none") vs \(i < b.count ? "\(b[i])" : "none")"
}

@Suite struct ScannerAgreesWithReference {
    /// Texts made of pieces that exercise every rule of the scanner (apostrophes and possessives
    /// in both spellings, dotted acronyms, numbers with separators and glued letters, non-ASCII
    /// letters, spaces and punctuation, a byte-order mark, line breaks, sequences cut short),
    /// in a pseudo-random order.
    @Test func sameTokensOnMixedText() {
        let pieces = ["Xi", "'s", "\u{2019}s", "'", "\u{2019}", "s", "U.S.", "U.N", ".", "e.g.", "A.B.C.", "a.b", "don't", "O'Brien",
                      "3.5", "1,200", "3rd", "1990s", "10am", "12abc", "2024-05-03", ",", " ", "  ", "\t", "\n", "\n\n\n", "\r\n",
                      "\u{a0}", "\u{2009}", "\u{3000}", "\u{feff}", "\u{a7}", "\u{d7}", "\u{2014}", "\u{2192}", "caf\u{e9}",
                      "\u{e9}t\u{e9}", "\u{4e2d}\u{56fd}", "\u{1f600}", "M\u{fc}ller's", "x", "Z", "0", "9.", ".5", "'s'", "s's"]
        var state: UInt64 = 0x2545F4914F6CDD1D
        for round in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<(round % 40 + 1) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes += Array(pieces[Int(state >> 33) % pieces.count].utf8)
            }
            // a sequence cut short at the end, now and then
            if round % 7 == 3 { bytes += [0xE2, 0x80] } else if round % 11 == 5 { bytes += [0xC3] }
            let difference = firstDifference(Tokenizer.tokenize(bytes).tokens, PlainTokenizer.tokenize(bytes))
            #expect(difference == nil, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if difference != nil { return }
        }
    }

    /// Texts denser in tokens than the scanner's first array holds (one token in three bytes):
    /// the tokens go on into a second array, none lost or repeated, an overlong run included.
    @Test func denseTextsGoOnIntoMoreArrays() {
        for length in [1, 2, 5, 17, 100, 1000, 5000] {
            let commas = Array(repeating: UInt8(ascii: ","), count: length)
            let tz = Tokenizer.tokenize(commas)
            #expect(tz.tokens.count == length)
            #expect(tz.tokens.enumerated().allSatisfy { $0.element.start == $0.offset && $0.element.end == $0.offset + 1 })
            for text in [String(repeating: "a,", count: length), String(repeating: "x's.", count: length),
                         String(repeating: "-", count: length) + String(repeating: "b", count: 70_000) + String(repeating: ";", count: length)] {
                let bytes = Array(text.utf8)
                #expect(firstDifference(Tokenizer.tokenize(bytes).tokens, PlainTokenizer.tokenize(bytes)) == nil, "\(length)")
            }
        }
    }

    /// The bundled example articles, token for token.
    @Test func sameTokensOnTheExamples() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.count >= 5)
        for f in files {
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(f)))
            let fast = Tokenizer.tokenize(bytes).tokens
            #expect(fast.count > 50)
            #expect(firstDifference(fast, PlainTokenizer.tokenize(bytes)) == nil, "\(f)")
        }
    }
}
