/// The header block of an article: the lines before its first paragraph of running text
/// (a line of 15 words or more, most of them lowercase: not a title-case banner), where
/// titles, site names, bylines, dates and page furniture stand.
public enum HeaderBlock {
    /// The working-text lines of the header block, as byte ranges (at most 40 lines); none
    /// when no line of running text follows them (a short text is all body).
    public static func lines(_ text: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < text.count && out.count < 40 {
            var j = i
            while j < text.count && text[j] != 10 { j += 1 }
            let tz = Tokenizer.tokenize(Array(text[i..<j]))
            let words = tz.tokens.filter { $0.kind == .word }
            let lowercase = words.filter { !tz.isCapitalized($0) }.count
            if words.count >= 15 && lowercase * 2 >= words.count { return out }
            out.append(i..<j)
            i = j + 1
        }
        return []
    }

    /// Where the body starts (the end of the header block).
    public static func bodyStart(_ text: [UInt8]) -> Int {
        guard let last = lines(text).last else { return 0 }
        return min(text.count, last.upperBound + 1)
    }
}
