#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// A sentence of the working text: byte range and token range.
public struct Sentence: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var tokens: Range<Int>
    public var paragraph: Int
}

public struct SentenceSplitter: Sendable {
    // lexicon tables (unseeded hash): looked up at every full stop
    /// The abbreviations by word, as bits: never at a sentence's end, not before a number, or
    /// ending one only before a word that starts sentences (one lookup, not three).
    let abbreviations: WordMap<UInt8>
    static let never: UInt8 = 1, beforeNumber: UInt8 = 2, final: UInt8 = 4
    let starters: WordSet

    public static let english = SentenceSplitter(language: "en")

    public init(language: String) {
        var abbreviations = WordMap<UInt8>()
        for f in ResourceFiles.table("abbreviations.txt", language: language) {
            let w = f[0].lowercased()
            switch f.count > 1 ? f[1] : "" {
            case "number": abbreviations[w, default: 0] |= SentenceSplitter.beforeNumber
            case "final": abbreviations[w, default: 0] |= SentenceSplitter.final
            default: abbreviations[w, default: 0] |= SentenceSplitter.never
            }
        }
        self.abbreviations = abbreviations
        self.starters = WordSet(ResourceFiles.lines("sentence-starters.txt", language: language).map { $0.lowercased() })
    }

    static func isClosing(_ tz: Tokenized, _ t: Token) -> Bool {
        guard t.kind == .punct, !t.spaceBefore else { return false }
        let b = tz.bytes(t)
        if b.count == 1 { return b.first == 34 || b.first == 39 || b.first == 41 || b.first == 93 }
        // ” ’ »
        return b.elementsEqual([0xE2, 0x80, 0x9D]) || b.elementsEqual([0xE2, 0x80, 0x99]) || b.elementsEqual([0xC2, 0xBB])
    }

    static func isTerminal(_ tz: Tokenized, _ t: Token) -> Bool {
        guard t.kind == .punct else { return false }
        let b = tz.bytes(t)
        if b.count == 1 { return b.first == 46 || b.first == 33 || b.first == 63 }
        return b.elementsEqual([0xE2, 0x80, 0xA6]) // …
    }

    /// Does the text hard-wrap its lines (so that a single line break is not a boundary)?
    /// (Lines found with `memchr`, which scans many bytes at a step: a loop over every byte of
    /// the document cost as much as a third of the splitting.) Lengths are in bytes; the last
    /// line, when no line break ends it, counts for the width but not as a long line.
    static func hardWrapped(_ text: [UInt8]) -> (wrapped: Bool, width: Int) {
        var maxLen = 0, long = 0
        text.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            let n = p.count
            var start = 0
            while start < n {
                guard let nl = memchr(base + start, 10, n - start) else {
                    maxLen = max(maxLen, n - start)
                    return
                }
                let end = UnsafeRawPointer(nl) - UnsafeRawPointer(base)
                let len = end - start
                if len > maxLen { maxLen = len }
                if len >= 40 { long += 1 }
                start = end + 1
            }
        }
        return (maxLen <= 100 && long >= 3, maxLen)
    }

    public func split(_ tz: Tokenized) -> [Sentence] {
        let toks = tz.tokens
        guard !toks.isEmpty else { return [] }
        let (wrapped, width) = SentenceSplitter.hardWrapped(tz.text)
        var out: [Sentence] = []
        var first = 0
        var paragraph = 0
        func close(_ last: Int) {
            guard last >= first else { return }
            out.append(Sentence(start: toks[first].start, end: toks[last].end, tokens: first..<(last + 1), paragraph: paragraph))
            first = last + 1
        }
        var k = 0
        let text = tz.text
        while k < toks.count {
            let t = toks[k]
            if k > first && t.newlinesBefore > 0 {
                var boundary = true
                if t.newlinesBefore == 1 && wrapped {
                    // A wrapped line continues unless the previous line ended a sentence or was short.
                    let prev = toks[k - 1]
                    var ls = prev.start
                    while ls > 0 && tz.text[ls - 1] != 10 { ls -= 1 }
                    let lineLen = prev.end - ls
                    boundary = SentenceSplitter.isTerminal(tz, prev) || SentenceSplitter.isClosing(tz, prev) || lineLen < width * 6 / 10
                }
                if boundary { close(k - 1) }
                if t.newlinesBefore >= 2 { paragraph += 1 }
            }
            // (only a mark that may end a sentence, or a word in a full stop, is looked at
            // further: the last byte of ". ! ? …" or of "U.S.")
            let lastByte = text[t.end - 1]
            let mayEnd = t.kind == .punct ? (lastByte == 46 || lastByte == 33 || lastByte == 63 || lastByte == 0xA6)
                : (t.kind == .word && lastByte == 46)
            if mayEnd, let endTok = boundaryAfter(tz, k) {
                close(endTok)
                k = endTok + 1
                if k < toks.count && toks[k].newlinesBefore >= 2 { paragraph += 1 }
                continue
            }
            k += 1
        }
        close(toks.count - 1)
        return out
    }

    /// If a sentence ends at token `k` (with closing quotes after it), the index of its last token.
    func boundaryAfter(_ tz: Tokenized, _ k: Int) -> Int? {
        let toks = tz.tokens
        let t = toks[k]
        var ambiguous = false
        if SentenceSplitter.isTerminal(tz, t) {
            if tz.isPunct(t, 46) && k > 0 {
                let prev = toks[k - 1]
                if prev.kind == .word && !t.spaceBefore {
                    let kind = abbreviations[tz.lower(prev)] ?? 0
                    let next = k + 1 < toks.count ? toks[k + 1] : nil
                    if kind & SentenceSplitter.never != 0 { return nil }
                    if kind & SentenceSplitter.beforeNumber != 0, let n = next, n.kind == .number { return nil }
                    if kind & SentenceSplitter.final != 0 { ambiguous = true }
                    // an initial: "John F. Kennedy"
                    if prev.end - prev.start == 1 && tz.isCapitalized(prev) { return nil }
                }
            }
        } else if t.kind == .word, tz.text[t.end - 1] == 46 {
            ambiguous = true // "U.S." at the end of a sentence
        } else {
            return nil
        }
        var j = k + 1
        while j < toks.count && SentenceSplitter.isClosing(tz, toks[j]) { j += 1 }
        if j >= toks.count { return toks.count - 1 }
        let n = toks[j]
        if n.newlinesBefore > 0 { return j - 1 }
        guard n.spaceBefore else { return nil }
        if ambiguous {
            return n.kind == .word && tz.isCapitalized(n) && starters.contains(tz.lower(n)) ? j - 1 : nil
        }
        if n.kind == .word && tz.isCapitalized(n) { return j - 1 }
        if n.kind == .number { return j - 1 }
        if n.kind == .punct {
            let b = tz.bytes(n)
            if b.first == 34 || b.first == 39 || b.first == 40 || b.elementsEqual([0xE2, 0x80, 0x9C]) || b.elementsEqual([0xE2, 0x80, 0x98]) { return j - 1 }
        }
        return nil
    }
}
