/// The header block of an article: the lines before its first paragraph of running text
/// (a line of 15 words or more, most of them lowercase, or a third of them in a lead sentence
/// after a dateline, "BEIJING — ...", which names many: not a title-case banner), where
/// titles, site names, bylines, dates and page furniture stand.
public enum HeaderBlock {
    /// The working-text lines of the header block, as byte ranges (at most 40 lines); none
    /// when no line of running text follows them, except in a short text, whose header is
    /// the lines before its first sentence.
    public static func lines(_ text: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < text.count && out.count < 40 {
            var j = i
            while j < text.count && text[j] != 10 { j += 1 }
            let tz = Tokenizer.tokenize(Array(text[i..<j]))
            let words = tz.tokens.filter { $0.kind == .word }
            let lowercase = words.filter { !tz.isCapitalized($0) }.count
            // a lead full of names after a dateline ("BEIJING — Chinese President Xi Jinping
            // received ...") is running text too
            if words.count >= 15 && (lowercase * 2 >= words.count
                || (HeaderBlock.startsWithDateline(tz) && HeaderBlock.endsSentence(text[i..<j]) && lowercase * 3 >= words.count)) {
                // short sentences right before it are running text too: a text of one-line
                // paragraphs ("Acme & Sons reported results on Tuesday."), not a header
                while let last = out.last, text[last].allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) || isSentenceLine(text[last]) {
                    out.removeLast()
                }
                return out
            }
            out.append(i..<j)
            i = j + 1
        }
        // A short text all of whose lines are short (a brief: "Minister quits / May 14, 2024 /
        // The minister resigned on Monday, officials said."): the lines before its first
        // sentence are its header. (Not a long text of short lines: a transcript's first 40.)
        guard i >= text.count, let first = out.firstIndex(where: { isSentenceLine(text[$0]) }) else { return [] }
        return Array(out[..<first])
    }

    /// A line that is a sentence: six words or more, a third of them lowercase, ending with
    /// . ? or ! (a title, a byline, a date or a site's name is not).
    static func isSentenceLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard endsSentence(line) else { return false }
        let tz = Tokenizer.tokenize(Array(line))
        let words = tz.tokens.filter { $0.kind == .word }
        let lowercase = words.filter { !tz.isCapitalized($0) }.count
        return words.count >= 6 && lowercase * 3 >= words.count
    }

    /// The line opens with a place in capitals and a dash or comma ("BEIJING —", "NEW YORK,").
    static func startsWithDateline(_ tz: Tokenized) -> Bool {
        guard let first = tz.tokens.first, first.kind == .word, tz.isAllCaps(first), first.end - first.start >= 3,
              let after = tz.tokens.dropFirst().first(where: { $0.kind != .word || !tz.isAllCaps($0) }), after.kind == .punct else { return false }
        let b = tz.text[after.start]
        return b == 45 || b == 44 || after.end - after.start == 3 // -, comma, or a dash of three bytes (— –)
    }

    /// The line ends with . ? or !, perhaps followed by closing quotes or a bracket.
    static func endsSentence(_ line: ArraySlice<UInt8>) -> Bool {
        var e = line.endIndex
        while e > line.startIndex {
            let c = line[e - 1]
            if c == 32 || c == 9 || c == 13 || c == 34 || c == 39 || c == 41 { e -= 1; continue }
            // ” and ’ (E2 80 9D, E2 80 99)
            if c == 0x9D || c == 0x99, e - 3 >= line.startIndex, line[e - 3] == 0xE2, line[e - 2] == 0x80 { e -= 3; continue }
            return c == 46 || c == 63 || c == 33
        }
        return false
    }

    /// Where the body starts (the end of the header block).
    public static func bodyStart(_ text: [UInt8]) -> Int {
        guard let last = lines(text).last else { return 0 }
        return min(text.count, last.upperBound + 1)
    }
}
