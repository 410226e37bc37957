import ChronographCore

/// A temporal expression found in a document's working text.
public struct TimexMatch: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var tokens: Range<Int>
    public var type: TimexType
    public var value: String
    public var basis: DateBasis
    /// For the first part of a range ("April 20" in "April 20-28"): the value of its last part.
    public var rangeEnd: String? = nil
    /// The second part of a range.
    public var isRangeEnd: Bool = false
    /// A period found by looking back from another ("a year earlier", "the year-ago quarter"):
    /// another look back ("a year ago" in the next sentence) starts from where that one did,
    /// not from it.
    public var lookback: Bool = false
}

/// What relative expressions are resolved against: the document date, or, for a document
/// without one, a year the text itself fixes (then only year-level values can be placed, and
/// their basis is `inferred`).
public struct TimeReference: Sendable, Equatable {
    public var date: CivilDate?
    public var year: Int?
    public init(date: CivilDate?) { self.date = date; self.year = date?.year }
    public init(inferredYear: Int?) { self.date = nil; self.year = inferredYear }
    public static let none = TimeReference(date: nil)
}

/// Finds temporal expressions with the rules of a `TimeGrammar` and normalizes them to TIMEX3
/// values, resolving relative and underspecified ones against a reference (the document's
/// date). Without one, they keep the TIMEX3 underspecified form (`XXXX-03`); the day the tool
/// runs is never used.
public struct TimeTagger: Sendable {
    public let grammar: TimeGrammar
    /// Whether a rule of two or more tokens is skipped when the next token is in none of the
    /// word sets it can use there (`CompiledTimeRules.listFollow`); off only in the test that
    /// shows the skipping changes no match.
    var skipsRulesByNextWord = true
    public static let english = TimeTagger(grammar: .english)
    public init(grammar: TimeGrammar) { self.grammar = grammar }

    /// The size of the memo windows for a text of `count` tokens: a power of two, at most 4,096
    /// slots (rules look a few dozen tokens around a match at most; a slot another token took
    /// is only computed again).
    static func memoWindow(_ count: Int) -> Int {
        var w = 1
        while w < min(max(count, 1), 4096) { w <<= 1 }
        return w
    }

    public func tag(_ tz: Tokenized, sentences: [Sentence], reference: CivilDate?) -> [TimexMatch] {
        tag(tz, sentences: sentences, reference: TimeReference(date: reference))
    }

    struct Candidate {
        var spanStart: Int    // first token inside the span
        var spanEnd: Int      // one past the last token inside the span
        var end: Int
        var rule: Int
        var value: String
        var basis: DateBasis
        var split: Int?       // token index of the range separator
        var value2: String?
        var lookback = false
    }

    /// `lowers`: the tokens lowercased (`Tokenized.lowercased()`), when the caller has them.
    public func tag(_ tz: Tokenized, sentences: [Sentence], reference: TimeReference, lowers: [String]? = nil) -> [TimexMatch] {
        let c = grammar.compiled
        return c.rules.withUnsafeBufferPointer { rulesP in
            c.elements.withUnsafeBufferPointer { elementsP in
                c.table.withUnsafeBufferPointer { tableP in
                    c.offsets.withUnsafeBufferPointer { offsetsP in
                        c.sizes.withUnsafeBufferPointer { sizesP in
                            tz.text.withUnsafeBufferPointer { textP in
                                tz.tokens.withUnsafeBufferPointer { tokensP in
                                  c.triggerKeys.withUnsafeBufferPointer { tkP in
                                   c.triggerStart.withUnsafeBufferPointer { tsP in
                                    c.triggerCount.withUnsafeBufferPointer { tcP in
                                     c.triggerShort.withUnsafeBufferPointer { tshP in
                                     c.triggerFollow.withUnsafeBufferPointer { tfP in
                                     c.triggerList.withUnsafeBufferPointer { tlP in
                                     c.listFollow.withUnsafeBufferPointer { lfP in
                                    let window = TimeTagger.memoWindow(tz.tokens.count)
                                    let hashes = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: window)
                                    let hashTags = UnsafeMutableBufferPointer<Int32>.allocate(capacity: window)
                                    hashes.initialize(repeating: 0); hashTags.initialize(repeating: -1)
                                    defer { hashes.deallocate(); hashTags.deallocate() }
                                    let scratch = TimeMatchScratch(rules: rulesP, elements: elementsP, table: tableP, offsets: offsetsP, sizes: sizesP,
                                                                   text: textP, tokens: tokensP, hashes: hashes, hashTags: hashTags, hashMask: window - 1, numSet: c.numSet, ordSet: c.ordSet, ordinalSuffixSet: c.ordinalSuffixSet, anyWordSet: c.anyWordSet,
                                                                   triggerKeys: tkP, triggerStart: tsP, triggerCount: tcP, triggerShort: tshP, triggerFollow: tfP,
                                                                   listFollow: lfP)
                                    return tag(tz, sentences, reference, scratch, tlP, lowers)
                                     }
                                     }
                                     }
                                     }
                                    }
                                   }
                                  }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func tag(_ tz: Tokenized, _ sentences: [Sentence], _ reference: TimeReference, _ s: TimeMatchScratch, _ triggerList: UnsafeBufferPointer<Int32>,
             _ given: [String]?) -> [TimexMatch] {
        let toks = tz.tokens
        let c = grammar.compiled
        // the caller's lowercase words, else memoized ones, direct-mapped by token index in a
        // window as the hashes are (buffers, not captured arrays: no exclusivity checks at run
        // time)
        let window = given == nil ? TimeTagger.memoWindow(toks.count) : 1
        let memo = UnsafeMutableBufferPointer<String>.allocate(capacity: window)
        let memoTags = UnsafeMutableBufferPointer<Int32>.allocate(capacity: window)
        memo.initialize(repeating: ""); memoTags.initialize(repeating: -1)
        defer { memo.deinitialize(); memo.deallocate(); memoTags.deallocate() }
        let memoMask = window - 1
        let known = given ?? []
        let hasKnown = given != nil
        func lower(_ k: Int) -> String? {
            let t = toks[k]
            guard t.end - t.start <= 16 else { return nil }
            if hasKnown { return known[k] }
            let slot = k & memoMask
            if memoTags[slot] == Int32(truncatingIfNeeded: k) { return memo[slot] }
            let l = tz.lower(t)
            memo[slot] = l
            memoTags[slot] = Int32(truncatingIfNeeded: k)
            return l
        }
        let nSlots = max(1, c.slotNames.count)
        let maxElements = c.maxElements
        let slotTok = UnsafeMutableBufferPointer<Int32>.allocate(capacity: nSlots)
        let slotEl = UnsafeMutableBufferPointer<Int32>.allocate(capacity: nSlots)
        let pos = UnsafeMutableBufferPointer<Int32>.allocate(capacity: maxElements)
        slotTok.initialize(repeating: -1); slotEl.initialize(repeating: -1); pos.initialize(repeating: -1)
        defer { slotTok.deallocate(); slotEl.deallocate(); pos.deallocate() }
        // structural matches found at one token: (end, rule) and their slots and positions, flat
        var candEnd: [Int] = [], candRule: [Int] = [], candData: [Int32] = []
        let stride = 2 * nSlots + maxElements

        // (the found matches are passed inout, not captured: a captured variable that a
        // recursive local function mutates is checked for exclusive access at run time)
        func rec(_ ri: Int, _ r: CompiledTimeRules.Rule, _ ei: Int32, _ k: Int, _ start: Int, _ sStart: Int, _ limit: Int,
                 _ candEnd: inout [Int], _ candRule: inout [Int], _ candData: inout [Int32]) {
            if ei == r.count {
                if k > start {
                    candEnd.append(k); candRule.append(ri)
                    // (copied as blocks: appended one by one, each value checked the capacity)
                    candData.append(contentsOf: UnsafeBufferPointer(slotTok))
                    candData.append(contentsOf: UnsafeBufferPointer(slotEl))
                    candData.append(contentsOf: UnsafeBufferPointer(rebasing: pos[0..<Int(r.count)]))
                    if maxElements > Int(r.count) { candData.append(contentsOf: repeatElement(-1, count: maxElements - Int(r.count))) }
                }
                return
            }
            let gi = Int(r.first + ei)
            let e = s.elements[gi]
            if k < limit, !(e.glued && (k == start || s.tokens[k].spaceBefore)), k == start || s.tokens[k].newlinesBefore == 0,
               s.elementMatches(e, k, sentenceStart: sStart) {
                var savedTok: Int32 = -1, savedEl: Int32 = -1
                if e.slot >= 0 { savedTok = slotTok[Int(e.slot)]; savedEl = slotEl[Int(e.slot)]; slotTok[Int(e.slot)] = Int32(k); slotEl[Int(e.slot)] = Int32(gi) }
                pos[Int(ei)] = Int32(k)
                rec(ri, r, ei + 1, k + 1, start, sStart, limit, &candEnd, &candRule, &candData)
                if e.slot >= 0 { slotTok[Int(e.slot)] = savedTok; slotEl[Int(e.slot)] = savedEl }
            }
            if e.optional {
                pos[Int(ei)] = -1
                rec(ri, r, ei + 1, k, start, sStart, limit, &candEnd, &candRule, &candData)
            }
        }

        let skipsByNext = skipsRulesByNextWord
        var out: [TimexMatch] = []
        // the last quarter named so far, and the last not found by looking back from another
        // (kept as matches are made: looking them up among all the matches made so far, at
        // every expression, made long documents quadratic)
        var lastQuarter: String? = nil, lastQuarterNotLookback: String? = nil
        // the same for the last calendar date (where it starts, and its value)
        var lastDate: (start: Int, value: String)? = nil, lastDateNotLookback: (start: Int, value: String)? = nil
        func made(_ m: TimexMatch) {
            guard m.type == .date else { return }
            if TimeTagger.isQuarter(m.value) {
                lastQuarter = m.value
                if !m.lookback { lastQuarterNotLookback = m.value }
            }
            if TimexValue.interval(of: m.value) != nil {
                lastDate = (m.start, m.value)
                if !m.lookback { lastDateNotLookback = (m.start, m.value) }
            }
        }
        var si = 0
        var k = 0
        // the sentence of token k, looked for again only once k has left it (read at every token,
        // the sentence list cost more than the cheap filter below)
        var bound = -1, currentEnd = toks.count, currentStart = 0
        while k < toks.count {
            if k >= bound {
                while si < sentences.count && sentences[si].tokens.upperBound <= k { si += 1 }
                if si < sentences.count {
                    currentEnd = sentences[si].tokens.upperBound; currentStart = sentences[si].tokens.lowerBound; bound = currentEnd
                } else {
                    currentEnd = toks.count; currentStart = 0; bound = Int.max
                }
            }
            // (constants: the local functions below capture them, and a captured variable is boxed)
            let sentenceEnd = currentEnd, sentenceStart = currentStart
            let t = toks[k]
            // Cheap filter first: only numbers and words that can start a rule go further.
            // (the run's start, end, and end of its rules of one token)
            let candidates: (Int, Int, Int)
            let first = s.text[t.start]
            var mask: UInt32 = ~0
            // the words the rules of two or more tokens can use next (-1: any word of any set,
            // or a number)
            var follow: Int32 = -1
            if t.kind == .number || (first >= 48 && first <= 57) {
                candidates = (Int(c.numericFirst), Int(c.numericEnd), Int(c.numericFirst + c.numericShort))
                mask = s.builtinMask(k)
                if mask == 0 { k += 1; continue }
            } else if t.end - t.start <= 16, let rs = s.triggers(s.hash(k)) {
                candidates = (rs.0, rs.1, rs.2)
                follow = rs.3
            } else {
                k += 1; continue
            }
            // a match of two or more tokens matches the next one too ("the" and a word of no
            // rule after it start nothing): then only the rules of one token are tried
            let nextMatchable = k + 1 < sentenceEnd && (follow >= 0 ? s.inSet(follow, s.hash(k + 1)) : s.timeish(k + 1))
            let tried = nextMatchable ? candidates.1 : candidates.2
            if tried == candidates.0 { k += 1; continue }
            // (emptied only when the last token left something: most leave nothing)
            if !candEnd.isEmpty { candEnd.removeAll(keepingCapacity: true); candRule.removeAll(keepingCapacity: true); candData.removeAll(keepingCapacity: true) }
            let nextHash = nextMatchable ? s.hash(k + 1) : 0
            for ci in candidates.0..<tried {
                // (a rule of two or more tokens that cannot use the next one)
                if ci >= candidates.2, skipsByNext, case let f = s.listFollow[ci], f >= 0, !s.inSet(f, nextHash) { continue }
                let ri = Int(triggerList[ci])
                let r = s.rules[ri]
                if r.firstBuiltinMask != 0 && r.firstBuiltinMask & mask == 0 { continue }
                // quick reject: the first required element must be able to match within reach,
                // and the element after it, when required, on the next token
                let req = Int(r.firstRequired)
                let next = Int(r.quickNext)
                if req > 0 || next >= 0 {
                    let e = s.elements[Int(r.first) + req]
                    var ok = false
                    for j in k...min(k + req, toks.count - 1) where (j == k && req == 0) || s.elementMatches(e, j, sentenceStart: sentenceStart) {
                        if next < 0 { ok = true; break }
                        if j + 1 < sentenceEnd && s.elementMatches(s.elements[next], j + 1, sentenceStart: sentenceStart) { ok = true; break }
                    }
                    if !ok { continue }
                }
                rec(ri, r, 0, k, k, sentenceStart, sentenceEnd, &candEnd, &candRule, &candData)
            }
            if candEnd.isEmpty { k += 1; continue }
            // the tense around the candidate (memoized per candidate end)
            // (local functions, not closure values: passed as non-escaping arguments they need no
            // allocation)
            // The local functions capture constants, not the loop's variables: a variable they
            // captured (the token, the sentence, the matches so far) was boxed, and every use of
            // it in the whole loop was an access checked at run time. (The last date and quarter
            // named are copied in as constants for the same reason.)
            var best: Candidate? = nil
            do {
                let k0 = k, si0 = si, quarter = lastQuarter, quarterNotLookback = lastQuarterNotLookback
                let date = lastDate, dateNotLookback = lastDateNotLookback
                var futureMemoEnd = -1
                var futureMemo: Bool? = nil
                var futureEnd = k + 1
                func future() -> Bool? {
                    if futureMemoEnd == futureEnd { return futureMemo }
                    futureMemo = isFuture(k0, futureEnd, sentenceStart..<sentenceEnd, tz, s, lower)
                    futureMemoEnd = futureEnd
                    return futureMemo
                }
                func anchor(_ back: Bool) -> String? { anchorValue(back ? dateNotLookback : date, sentences, si0) }
                func quarterAnchor(_ back: Bool) -> String? { back ? quarterNotLookback : quarter }
                // longest first; at equal length the rule written first
                let order = candEnd.indices.sorted { (candEnd[$0], -candRule[$0], -$0) > (candEnd[$1], -candRule[$1], -$1) }
                for ci in order {
                    let end = candEnd[ci], ri = candRule[ci]
                    let rule = grammar.rules[ri]
                    if !acceptable(rule, k, end, tz, lower) { continue }
                    futureEnd = end
                    let base = ci * stride
                    var b = Bindings(capacity: nSlots)
                    for slot in 0..<nSlots {
                        let tok = Int(candData[base + slot]), el = Int(candData[base + nSlots + slot])
                        guard tok >= 0, el >= 0, let v = slotValue(el, tok, tz, lower) else { continue }
                        b.set(c.slotNames[slot], v)
                    }
                    // the span: the first and last tokens matched by elements inside it
                    var s0 = -1, s1 = -1
                    for (ei, el) in rule.elements.enumerated() {
                        let p = Int(candData[base + 2 * nSlots + ei])
                        if p >= 0 && !el.outside { if s0 < 0 { s0 = p }; s1 = p }
                    }
                    guard s0 >= 0 else { continue }
                    if let split = rule.rangeSplit {
                        let halves = rule.rangeTemplates
                        let sp = Int(candData[base + 2 * nSlots + split])
                        guard halves.count == 2, sp > k, sp < end - 1,
                              let (v1, b1) = evaluate(halves[0], b, reference, future, anchor, quarterAnchor),
                              let (v2, _) = evaluate(halves[1], b, reference, future, anchor, quarterAnchor) else { continue }
                        best = Candidate(spanStart: s0, spanEnd: s1 + 1, end: end, rule: ri, value: v1, basis: b1, split: sp, value2: v2)
                    } else {
                        // (the value's parts made once: the value and the look back both read them)
                        let parts = rule.template.parts(b)
                        guard let (v, basis) = evaluate(parts: parts, reference, future, anchor, quarterAnchor) else { continue }
                        best = Candidate(spanStart: s0, spanEnd: s1 + 1, end: end, rule: ri, value: v, basis: basis, split: nil, value2: nil,
                                         lookback: TimeTagger.looksBack(parts))
                    }
                    break
                }
            }
            guard let b = best else { k += 1; continue }
            let rule = grammar.rules[b.rule]
            guard let type = rule.type else { k = b.end; continue } // NONE: not a time expression
            if let split = b.split, let v2 = b.value2 {
                out.append(TimexMatch(start: toks[b.spanStart].start, end: toks[split - 1].end, tokens: b.spanStart..<split,
                                      type: type, value: b.value, basis: b.basis, rangeEnd: v2))
                out.append(TimexMatch(start: toks[split + 1].start, end: toks[b.spanEnd - 1].end, tokens: (split + 1)..<b.spanEnd,
                                      type: type, value: v2, basis: b.basis, isRangeEnd: true))
                made(out[out.count - 2]); made(out[out.count - 1])
            } else {
                out.append(TimexMatch(start: toks[b.spanStart].start, end: toks[b.spanEnd - 1].end, tokens: b.spanStart..<b.spanEnd,
                                      type: type, value: b.value, basis: b.basis, lookback: b.lookback))
                made(out[out.count - 1])
            }
            // words matched after the span, outside it, may start the next expression ("the
            // year" in "the year ended Jan. 31" looks at "ended", which the day's rule needs too)
            k = b.spanEnd
        }
        linkRanges(&out, tz, lower)
        return out
    }

    /// The value a pattern element bound: the word for a literal, the lexicon value for a class,
    /// the normalized number for a built-in class.
    func slotValue(_ element: Int, _ k: Int, _ tz: Tokenized, _ lower: (Int) -> String?) -> String? {
        let cls = grammar.compiledSlotClasses[element]
        if case .literal = cls.kind { return lower(k) }
        return classValue(cls, k, tz, lower)
    }

    /// Does the expression at token `k` (ending before token `end`) speak of the future? Cues
    /// in its sentence decide, in this order: words right before it that set a deadline or an
    /// earliest time ("until", "by", "as soon as", "ahead of": future); a possessive after it
    /// ("Wednesday's ruling": past); any cue within two tokens; the nearest strong cue within 15
    /// tokens (a future word such as "will", "plans", "expects", or a past form such as "was",
    /// "met"; a future word after "had" is a past plan, after "the", "its" or "announced" a
    /// noun; "to" after "is", "are set" or "poised" is a future word, after "were set" a past
    /// plan); the nearest weak cue within 10 tokens (a verb in -ed, a modal such as "may", "must"). A
    /// reporting verb ("said") counts only within two tokens: further off, the tense of what is
    /// reported decides.
    /// Either side; the left side wins a tie; only within the expression's clause (`clauseLimits`:
    /// a relative clause set off by a comma, or a predicate joined after it, is another). No cue: nil.
    func isFuture(_ k: Int, _ end: Int, _ sentence: Range<Int>, _ tz: Tokenized, _ s: TimeMatchScratch, _ lower: (Int) -> String?) -> Bool? {
        // A word's cue classes: a token of ASCII bytes by its hash (no string is made), any other
        // by its lowercase text; none for a token longer than 16 bytes (as `lower` gives none)
        // (the table read once: reading it through `grammar` at each word retained and released
        // its arrays every time)
        let cueTable = grammar.cueTable
        func wordClasses(_ i: Int) -> UInt16 {
            let t = s.tokens[i]
            guard t.end - t.start <= 16 else { return 0 }
            if s.ascii(i) { return cueTable[s.hash(i)] }
            guard let w = lower(i) else { return 0 }
            return grammar.cueClasses[w] ?? 0
        }
        /// Whether token `i` is `word` (lowercase; `h` its hash).
        func isWord(_ i: Int, _ word: String, _ h: UInt64) -> Bool {
            let t = s.tokens[i]
            guard t.end - t.start <= 16 else { return false }
            if s.ascii(i) { return s.hash(i) == h }
            return lower(i) == word
        }
        /// A word in -ed of five letters or more ("agreed", not "red").
        func inEd(_ i: Int) -> Bool {
            let t = s.tokens[i]
            if s.ascii(i) { return t.end - t.start > 4 && s.text[t.end - 2] | 0x20 == 0x65 && s.text[t.end - 1] | 0x20 == 0x64 }
            guard let w = lower(i) else { return false }
            return w.utf8.count > 4 && w.hasSuffix("ed")
        }
        // (future, strong)
        func classes(_ i: Int) -> UInt16 {
            guard i >= sentence.lowerBound else { return 0 }
            return wordClasses(i)
        }
        func cue(_ i: Int) -> (Bool, Bool)? {
            let t = s.tokens[i]
            guard t.kind == .word, t.end - t.start <= 16 else { return nil }
            let c = wordClasses(i)
            // "is to", "are set to": a plan ahead; "were set to": a plan of the past
            if c & CueClass.complementizer != 0, classes(i - 1) & CueClass.futureTo != 0, isWord(i, "to", TimeTagger.toHash) {
                return classes(i - 2) & CueClass.past != 0 || classes(i - 1) & CueClass.past != 0 ? (false, true) : (true, true)
            }
            if c & CueClass.future != 0 {
                let p = classes(i - 1)
                // a noun ("announced plans to", "the planned sale"): no tense
                if p & (CueClass.nounBefore | CueClass.reporting) != 0 { return nil }
                if p & CueClass.perfect != 0 { return (false, true) }
                if i - 1 >= sentence.lowerBound, isWord(i - 1, "been", TimeTagger.beenHash), classes(i - 2) & CueClass.perfect != 0 { return (false, true) }
                return (true, true)
            }
            if c & CueClass.reporting != 0 { return (false, false) }
            if c & CueClass.weakFuture != 0 { return (true, false) }
            let past = c & CueClass.past != 0
            if past || (c & CueClass.notPast == 0 && inEd(i) && !tz.isCapitalized(t)) {
                // a participle after an auxiliary ("must be returned", "will be paid", "has
                // agreed") is no tense cue, nor an adjective in -ed ("a still unspecified date")
                let p = classes(i - 1)
                if p & CueClass.auxiliary != 0 { return nil }
                if !past, p & (CueClass.nounBefore | CueClass.adjectiveBefore) != 0 { return nil }
                return (false, past)
            }
            return nil
        }
        // (the phrases as one flat list read by index: a phrase taken out of a list of lists was
        // retained and released at every expression)
        let phraseRanges = grammar.futureBeforeRanges, phraseHashes = grammar.futureBeforeHashes
        for r in phraseRanges where k - r.count >= sentence.lowerBound {
            var all = true
            for j in r {
                let i = k - r.count + (j - r.lowerBound)
                let t = s.tokens[i]
                // (isWord's test written out: passing it the phrase's word would retain the string
                // at every word, though only a non-ASCII token reads it)
                let same = t.end - t.start <= 16 && (s.ascii(i) ? s.hash(i) == phraseHashes[j] : lower(i) == grammar.futureBeforeWords[j])
                if !same { all = false; break }
            }
            if all { return true }
        }
        if end < sentence.upperBound, isWord(end, "'s", TimeTagger.possessiveHash) || isWord(end, "\u{2019}s", TimeTagger.curlyPossessiveHash) { return false }
        var weak: Bool? = nil, weakAt = 0
        // the decision at token i, distance d; a weak cue is remembered
        func look(_ i: Int, _ d: Int) -> Bool? {
            guard i >= sentence.lowerBound && i < sentence.upperBound, let (future, strong) = cue(i) else { return nil }
            if d <= 2 { return future }
            if classes(i) & CueClass.reporting != 0 {
                // a reporting verb before the expression, in its own clause ("told a news
                // conference on Tuesday that ..."), dates the report; after "that" or a subject
                // the tense of what is reported decides
                if i < k && !(i + 1..<k).contains(where: { classes($0) & CueClass.complementizer != 0 }) && d <= 6 { return future }
                return nil
            }
            // a strong cue wins over a weak one found nearer unless it is much farther
            if strong { return weak != nil && d > weakAt + 3 ? weak : future }
            if weak == nil && d <= 10 { weak = future; weakAt = d }
            return nil
        }
        let clause = clauseLimits(k, end, sentence, s)
        for d in 1...15 {
            let b = k - d
            if b >= clause.lowest, b < clause.skipFrom || b > clause.skipTo, let f = look(b, d) { return f }
            let a = end - 1 + d
            if a < clause.after, let f = look(a, d) { return f }
        }
        return weak
    }

    /// Where the tense cues of the expression at token `k` (ending before `end`) may be read: a
    /// relative clause opened after a comma (", who will lead ...", ", which meets monthly,") is a
    /// clause of its own: an expression outside it reads no cue in it (the nearest such clause
    /// before it is skipped), one inside it reads only its cues; and a predicate joined after the
    /// expression ("named Varga on Wednesday and will brief ...") is another clause. (Commas are
    /// found by their byte and coordinators by their hash: only then is a word's class looked up.)
    func clauseLimits(_ k: Int, _ end: Int, _ sentence: Range<Int>, _ s: TimeMatchScratch) -> (lowest: Int, after: Int, skipFrom: Int, skipTo: Int) {
        func isComma(_ i: Int) -> Bool { let t = s.tokens[i]; return t.kind == .punct && t.end - t.start == 1 && s.text[t.start] == 44 }
        // (the table read once: through `grammar` at each word it is retained and released)
        let cueTable = grammar.cueTable
        func classes(_ i: Int) -> UInt16 {
            let t = s.tokens[i]
            guard t.kind == .word, t.end - t.start <= 16, s.ascii(i) else { return 0 }
            return cueTable[s.hash(i)]
        }
        var lowest = sentence.lowerBound, after = sentence.upperBound, skipFrom = -1, skipTo = -1
        var i = max(sentence.lowerBound, k - 15)
        while i < k {
            guard isComma(i), i + 1 < k, classes(i + 1) & CueClass.relative != 0 else { i += 1; continue }
            var j = i + 2
            while j < k && !isComma(j) { j += 1 }
            if j < k { skipFrom = i; skipTo = j; i = j + 1; continue }
            // the expression is inside it: its cues only, up to its closing comma
            lowest = i + 1
            var close = end
            while close < sentence.upperBound && !isComma(close) { close += 1 }
            return (lowest, close, skipFrom, skipTo)
        }
        let coordinators = grammar.coordinatorHashes
        for a in end..<max(end, min(sentence.upperBound - 1, end + 15)) {
            if isComma(a), classes(a + 1) & CueClass.relative != 0 { after = a; break }
            let t = s.tokens[a]
            if t.kind == .word, t.end - t.start <= 16, s.ascii(a), coordinators.contains(s.hash(a)),
               classes(a + 1) & (CueClass.future | CueClass.past) != 0 { after = a; break }
        }
        return (lowest, after, skipFrom, skipTo)
    }

    static let beenHash = TimeGrammar.hash(Array("been".utf8))
    static let toHash = TimeGrammar.hash(Array("to".utf8))
    static let possessiveHash = TimeGrammar.hash(Array("'s".utf8))
    static let curlyPossessiveHash = TimeGrammar.hash(Array("\u{2019}s".utf8))

    /// "from March 3 to March 9", "between 2014 and 2016": two dates joined as a range.
    func linkRanges(_ ms: inout [TimexMatch], _ tz: Tokenized, _ lower: (Int) -> String?) {
        guard ms.count >= 2 else { return }
        for i in 0..<(ms.count - 1) where ms[i].type == .date && ms[i + 1].type == .date && ms[i].rangeEnd == nil && !ms[i].isRangeEnd {
            let a = ms[i], b = ms[i + 1]
            guard b.tokens.lowerBound == a.tokens.upperBound + 1, a.tokens.lowerBound > 0 else { continue }
            let joiner = lower(a.tokens.upperBound) ?? ""
            let before = lower(a.tokens.lowerBound - 1) ?? ""
            let ok = (joiner == "to" || joiner == "until" || joiner == "through") && (before == "from")
                || (joiner == "and" && before == "between")
                || ["-", "\u{2013}"].contains(joiner)
            guard ok, let ib = TimexValue.interval(of: b.value) else { continue }
            // a first part without its year takes the year the last part gives ("from 1 March
            // to 15 March 2023"; "from 20 December to 5 January 2024": the year before)
            var first = a
            if a.basis != .explicit, b.basis == .explicit, let year = TimeTagger.explicitYear(b.value) {
                for y in [year, year - 1] {
                    guard let v = TimeTagger.replacingYear(a.value, with: y), let iv = TimexValue.interval(of: v), iv.start <= ib.end else { continue }
                    first.value = v; first.basis = .explicit
                    break
                }
            }
            guard let ia = TimexValue.interval(of: first.value), ia.start <= ib.end else { continue }
            ms[i] = first
            ms[i].rangeEnd = b.value
            ms[i + 1].isRangeEnd = true
        }
    }

    /// The year a value starts with ("2023-03-15": 2023), or nil.
    static func explicitYear(_ value: String) -> Int? {
        let u = Array(value.utf8)
        guard u.count >= 4, u[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), u.count == 4 || u[4] == 0x2D else { return nil }
        return Int(String(decoding: u[0..<4], as: UTF8.self))
    }

    /// A month or a day of a month ("2024-03", "XXXX-03-01") in another year; nil for any other
    /// value (a week, a season, a time of day keep what they are).
    static func replacingYear(_ value: String, with year: Int) -> String? {
        let u = Array(value.utf8)
        func digits(_ r: Range<Int>) -> Bool { u[r].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard u.count == 7 || u.count == 10, u[4] == 0x2D, digits(5..<7), u.count == 7 || (u[7] == 0x2D && digits(8..<10)),
              digits(0..<4) || u[0..<4].elementsEqual("XXXX".utf8), (1000...9999).contains(year) else { return nil }
        return String(year) + String(decoding: u[4...], as: UTF8.self)
    }

    /// Conditions that patterns cannot say: a bare year must look like a year ("in 2022",
    /// "the 2022 summit", "2022."), not a count ("2000 people", "$1990", "1995 percent").
    func acceptable(_ rule: TimeRule, _ start: Int, _ end: Int, _ tz: Tokenized, _ lower: (Int) -> String?) -> Bool {
        let toks = tz.tokens
        if end - start == 1, toks[start].kind == .number, rule.elements.count == 1 {
            // (a date written with dots, "14.05.2024", is a date wherever it stands)
            let t = toks[start]
            if t.end - t.start >= 8, tz.text.withUnsafeBufferPointer({ NumberForms.dotDate(UnsafeBufferPointer(rebasing: $0[t.start..<t.end])) }) != nil { return true }
            let prev = start > 0 ? lower(start - 1) ?? "" : ""
            if prev == "$" || prev == "#" || prev == "no." || prev == "\u{20AC}" || prev == "\u{00A3}" { return false }
            if end < toks.count {
                let next = lower(end) ?? ""
                if next == "%" || next == "percent" || next == "per" { return false }
                if toks[end].kind == .word, !tz.isCapitalized(toks[end]) {
                    if grammar.lexicon["yearprep"]?[prev] != nil { return true }
                    // 1900-2099 before a word is a year ("his 1996 campaign", "1994 and 1997") unless
                    // the word is a plural noun it counts ("about 2000 people")
                    let v = tz.intValue(toks[start]) ?? 0
                    return v >= 1900 && v <= 2099 && !(next.hasSuffix("s") && next.count > 3) && grammar.lexicon["countnoun"]?[next] == nil
                }
            }
        }
        return true
    }

    static let lexicalCapitalized: Set<String> = ["month", "monthname", "weekday", "wkabbr", "weekdays", "holiday", "movable"]

    func classValue(_ c: SlotClass, _ k: Int, _ tz: Tokenized, _ lower: (Int) -> String?) -> String? {
        let t = tz.tokens[k]
        let len = t.end - t.start
        guard case .builtin(let b) = c.kind else {
            if case .literal = c.kind { return lower(k) } // (slotValue answers these itself)
            guard t.kind == .word, let w = lower(k), let v = c.words[w] else { return nil }
            if c.capitalized && !tz.isCapitalized(t) { return nil }
            return v
        }
        switch b {
        case .year:
            guard t.kind == .number, len == 4, let v = tz.intValue(t), v >= 1000, v <= 2199 else { return nil }
            return String(v)
        case .yy:
            guard t.kind == .number, len == 2, let v = tz.intValue(t) else { return nil }
            return String(v < 50 ? 2000 + v : 1900 + v)
        case .mm, .dd, .hh, .min, .day:
            if b == .day, t.kind == .word, let w = lower(k) { // 3rd, 21st
                let digits = w.prefix { $0.isNumber }
                let suffix = w.dropFirst(digits.count)
                guard !digits.isEmpty, grammar.ordinalSuffixes[String(suffix)] != nil, let v = Int(digits), (1...31).contains(v) else { return nil }
                return pad(v, 2)
            }
            guard t.kind == .number, len <= 2, let v = tz.intValue(t) else { return nil }
            switch b {
            case .mm: return (1...12).contains(v) ? pad(v, 2) : nil
            case .hh: return (0...24).contains(v) ? pad(v, 2) : nil
            case .min: return len == 2 && (0...59).contains(v) ? pad(v, 2) : nil
            default: return (1...31).contains(v) ? pad(v, 2) : nil
            }
        case .int:
            guard t.kind == .number, let v = tz.intValue(t) else { return nil }
            return String(v)
        case .isoday: // "14T" → "14"
            guard t.kind == .word, let v = tz.text.withUnsafeBufferPointer({ NumberForms.isoDay(UnsafeBufferPointer(rebasing: $0[t.start..<t.end])) }) else { return nil }
            return pad(v, 2)
        case .dotdate: // 14.05.2024 → "2024-05-14"
            guard t.kind == .number else { return nil }
            return tz.text.withUnsafeBufferPointer { NumberForms.dotDate(UnsafeBufferPointer(rebasing: $0[t.start..<t.end])) }
        case .clock: // 0800 → "08:00" (two parts of the value)
            guard t.kind == .number, let c = tz.text.withUnsafeBufferPointer({ NumberForms.clock(UnsafeBufferPointer(rebasing: $0[t.start..<t.end])) }) else { return nil }
            return pad(c.hour, 2) + ":" + pad(c.minute, 2)
        case .n:
            if t.kind == .number {
                if let v = tz.intValue(t) { return String(v) }
                let s = tz.string(t)
                if s.utf8.contains(0x2E), !s.utf8.contains(0x2C), Double(s) != nil { return s }
                return nil
            }
            guard t.kind == .word, let w = lower(k), let v = grammar.numWords[w] else { return nil }
            return v
        case .decade: // 1990s
            guard t.kind == .word, len == 5, let w = lower(k), w.hasSuffix("s"), let v = Int(w.prefix(4)), v % 10 == 0 else { return nil }
            return String(v / 10)
        case .century: // 20th (century) → "19"
            guard let w = lower(k) else { return nil }
            if let v = grammar.ordWords[w], let n = Int(v) { return pad(n - 1, 2) }
            let digits = w.prefix { $0.isNumber }
            guard !digits.isEmpty, grammar.ordinalSuffixes[String(w.dropFirst(digits.count))] != nil, let n = Int(digits), n >= 1, n <= 30 else { return nil }
            return pad(n - 1, 2)
        }
    }

    // MARK: values

    /// Substitutes bindings and evaluates a rule's value. Nil when the value is not a valid date.
    func evaluate(_ template: ValueTemplate, _ b: Bindings, _ ref: TimeReference, _ futureOf: () -> Bool?, _ anchorOf: (Bool) -> String? = { _ in nil },
                  _ quarterOf: (Bool) -> String? = { _ in nil }) -> (String, DateBasis)? {
        evaluate(parts: template.parts(b), ref, futureOf, anchorOf, quarterOf)
    }

    /// `parts`: the value split at its colons, its variables put in.
    func evaluate(parts: [String], _ ref: TimeReference, _ futureOf: () -> Bool?, _ anchorOf: (Bool) -> String? = { _ in nil },
                  _ quarterOf: (Bool) -> String? = { _ in nil }) -> (String, DateBasis)? {
        let fn = parts.count > 1 ? parts[0] : ""
        func arg(_ idx: Int) -> String { parts.count > idx ? parts[idx] : "" }
        let basis: DateBasis = ref.date == nil && ref.year != nil ? .inferred : .relative
        var future: Bool? { futureOf() }
        /// A feast whose day moves with the year (`date(year)`), placed as a day of a month is:
        /// in the year that tense and cue pick around the document date; unit W: its ISO week.
        func movableFeast(_ date: (Int) -> CivilDate?, cue: String, unit: String, undated: String) -> (String, DateBasis)? {
            func form(_ d: CivilDate) -> String {
                guard unit == "W" else { return d.iso }
                let w = d.isoWeek
                return "\(pad(w.year, 4))-W\(pad(w.week, 2))"
            }
            if let r = ref.date, let here = date(r.year) {
                let y = TimeTagger.resolveYear(month: here.month, day: here.day, ref: r, cue: cue, future: future)
                guard let d = date(y) else { return nil }
                return (form(d), .relative)
            }
            if let y = ref.year, let d = date(y + TimeTagger.cueYearShift(cue)) { return (form(d), .inferred) }
            return (unit == "W" ? "XXXX-WXX" : undated, .relative)
        }
        switch fn {
        case "inyear": // a feast in the year the text gives: placed in it, explicit
            guard let y = Int(arg(1)), parts.count > 3,
                  let (v, _) = evaluate(parts: Array(parts.dropFirst(2)), TimeReference(inferredYear: y), { nil }) else { return nil }
            return (v, .explicit)
        case "anchor":
            // a period relative to the one the text just spoke of ("a year earlier"); else to the document date
            let unit = arg(1)
            // (a look back does not start from another look back)
            let back = (Int(arg(2)) ?? 0) < 0
            var a = anchorOf(back)
            // how = quarter: the period is a quarter ("a year ago" in an earnings report: the
            // quarter reported a year back): when this and the sentences before it name none, the
            // last one the document named
            if arg(3) == "quarter" && !(a.map(TimeTagger.isQuarter) ?? false) { a = quarterOf(back) }
            if let a, let n = Int(arg(2)), arg(3) != "quarter" || TimeTagger.isQuarter(a), let v = TimeTagger.shiftValue(a, unit: unit, by: n) {
                // "the following year" names a year, whatever the text just spoke of: the value
                // is cut to the unit's granularity (a day, a month or a year)
                if arg(3) == "unit", let cut = TimeTagger.truncate(v, to: unit) { return (cut, .relative) }
                return (v, .relative)
            }
            // a period shorter than the one the text spoke of ("a week later" after "in mid-March",
            // "two days later" after "in 2019"): within or near that one, which is given (the
            // document's week would put a story of March in May)
            if let a, arg(3) != "quarter", Int(arg(2)) != nil, TimeTagger.isCoarser(a, than: unit) { return (a, .relative) }
            return evaluate(parts: ["ref", unit, arg(2)], ref, futureOf)
        case "ref":
            let unit = arg(1)
            guard let n = Int(arg(2)) else {
                return arg(2).utf8.contains(0x58) ? ((arg(2).hasPrefix("-") ? "PAST_REF" : "FUTURE_REF"), .relative) : nil
            }
            if let r = ref.date { return (TimeTagger.shift(r, unit: unit, by: n), .relative) }
            if let y = ref.year, unit == "Y" { return (pad(y + n, 4), .inferred) }
            if n == 0 && unit == "D" { return ("PRESENT_REF", .relative) } // "today" in a document with no date
            return (TimeTagger.underspecified(unit), .relative)
        case "month":
            guard let m = Int(arg(1)) else { return nil }
            if let r = ref.date {
                return ("\(pad(TimeTagger.resolveYear(month: m, day: nil, ref: r, cue: arg(2), future: future), 4))-\(pad(m, 2))", .relative)
            }
            if let y = ref.year { return ("\(pad(y + TimeTagger.cueYearShift(arg(2)), 4))-\(pad(m, 2))", .inferred) }
            return ("XXXX-" + pad(m, 2), .relative)
        case "monthday":
            guard let (m, d) = TimeTagger.monthDay(arg(1), arg(2)) else { return nil }
            if let r = ref.date {
                guard let date = TimeTagger.placeMonthDay(m, d, ref: r, cue: arg(3), future: future) else { return nil }
                return (date.iso, .relative)
            }
            if let y = ref.year, let date = CivilDate(validYear: y, month: m, day: d) { return (date.iso, .inferred) }
            return ("XXXX-\(pad(m, 2))-\(pad(d, 2))", .relative)
        case "weekof": // "the week of March 6": the ISO week holding that day
            guard let (m, d) = TimeTagger.monthDay(arg(1), arg(2)) else { return nil }
            let day: CivilDate?
            if let r = ref.date { day = TimeTagger.placeMonthDay(m, d, ref: r, cue: "", future: future) }
            else if let y = ref.year { day = CivilDate(validYear: y, month: m, day: d) } else { return ("XXXX-WXX", .relative) }
            guard let day else { return nil }
            let w = day.isoWeek
            return ("\(pad(w.year, 4))-W\(pad(w.week, 2))", ref.date == nil ? .inferred : .relative)
        case "weekday":
            guard let w = Int(arg(1)) else { return nil }
            // a part of the day after the weekday ("Friday evening"): TEV ...
            let part = arg(3).isEmpty ? "" : "T" + arg(3)
            guard let r = ref.date else { return ("XXXX-WXX-\(w)" + part, .relative) }
            return (TimeTagger.resolveWeekday(w, ref: r, cue: arg(2), future: future ?? false).iso + part, .relative)
        case "nthweekday": // "Thanksgiving": the Nth weekday W of month M, the year placed as for a day of a month
            guard let m = Int(arg(1)), let w = Int(arg(2)), let n = Int(arg(3)), (1...12).contains(m), (1...7).contains(w), (1...5).contains(n) else { return nil }
            func date(_ y: Int) -> CivilDate? {
                guard let first = CivilDate(validYear: y, month: m, day: 1) else { return nil }
                let d = first.adding(days: (w - first.weekday + 7) % 7 + 7 * (n - 1))
                return d.month == m ? d : nil
            }
            return movableFeast(date, cue: arg(4), unit: "", undated: "XXXX-" + pad(m, 2))
        case "onorafter": // "Memorial Day": the first weekday W on or after day D of month M, its year placed as for monthday
            guard let m = Int(arg(1)), let d = Int(arg(2)), let w = Int(arg(3)), (1...7).contains(w) else { return nil }
            func date(_ y: Int) -> CivilDate? {
                guard let day = CivilDate(validYear: y, month: m, day: d) else { return nil }
                return day.adding(days: (w - day.weekday + 7) % 7)
            }
            return movableFeast(date, cue: arg(4), unit: "", undated: "XXXX-" + pad(m, 2))
        case "easter": // "Good Friday": Easter Sunday moved by N days; unit W: its ISO week ("Easter week")
            guard let n = Int(arg(1)) else { return nil }
            return movableFeast({ CivilDate.easter(year: $0).adding(days: n) }, cue: arg(2), unit: arg(3), undated: "XXXX-XX-XX")
        case "weekend":
            guard let r = ref.date else { return ("XXXX-WXX-WE", .relative) }
            let n: Int
            if arg(1) == "near" {
                // "over the weekend": on a Saturday or Sunday, this one; else the one before or
                // after by tense, and with no cue the nearer (Monday to Wednesday: the one past)
                if r.weekday >= 6 { n = 0 } else if let f = future { n = f ? 0 : -1 } else { n = r.weekday <= 3 ? -1 : 0 }
            } else {
                guard let k = Int(arg(1)) else { return nil }
                n = k
            }
            let w = r.adding(days: 7 * n).isoWeek
            return ("\(pad(w.year, 4))-W\(pad(w.week, 2))-WE", .relative)
        case "season":
            let code = arg(1)
            guard let y = ref.year else { return ("XXXX-" + code, .relative) }
            // cue "past" ("this past spring"): the last one ended before the document date,
            // this year's once it is over (spring ends with May, summer with August, autumn
            // with November)
            if arg(2) == "past", let r = ref.date, let end = ["SP": 5, "SU": 8, "FA": 11][code] {
                return ("\(pad(r.month > end ? r.year : r.year - 1, 4))-\(code)", .relative)
            }
            // no cue: the document year's, unless the tense says otherwise: a season not begun
            // yet in the past tense is the one before ("prices rose in the summer" in a January
            // article); in the future tense, one over for more than two months is the next
            // ("will ease by spring" in August; a summer just over may still be spoken of in
            // the future: "to meet demand well into the summer" in October). Winter spans two
            // years and stays the document year's.
            if arg(2).isEmpty, let r = ref.date, let f = future, let (first, last) = ["SP": (3, 5), "SU": (6, 8), "FA": (9, 11)][code] {
                if !f && r.month < first { return ("\(pad(r.year - 1, 4))-\(code)", .relative) }
                if f && r.month > last + 2 { return ("\(pad(r.year + 1, 4))-\(code)", .relative) }
            }
            return ("\(pad(y + TimeTagger.cueYearShift(arg(2) == "past" ? "last" : arg(2)), 4))-\(code)", basis)
        case "quarter":
            guard let q = Int(arg(1)), (1...4).contains(q) else { return nil }
            if let r = ref.date {
                let cur = (r.month - 1) / 3 + 1
                // a future quarter before the current one is next year's only when two or more back
                // ("will report third-quarter results" in October speaks of the quarter just ended)
                let y = future == true ? (q >= cur - 1 ? r.year : r.year + 1) : (q <= cur ? r.year : r.year - 1)
                return ("\(pad(y, 4))-Q\(q)", .relative)
            }
            if let y = ref.year { return ("\(pad(y, 4))-Q\(q)", .inferred) }
            return ("XXXX-Q\(q)", .relative)
        case "docq":
            // the quarter the document last named (not one found by looking back from another),
            // moved by N quarters; none named: as lastq
            if let n = Int(arg(1)), let q = quarterOf(true), let v = TimeTagger.shiftValue(q, unit: "Q", by: n) { return (v, .relative) }
            return evaluate(parts: ["lastq", arg(1)], ref, futureOf)
        case "lastq":
            guard let n = Int(arg(1)) else { return nil }
            guard let r = ref.date else { return ("XXXX-QX", .relative) }
            let shifted = r.adding(months: -3)
            return (TimeTagger.shift(shifted, unit: "Q", by: n), .relative)
        case "yearq":
            // the quarter just ended (as "the quarter" names it), in the year given
            guard let y = Int(arg(1)) else { return nil }
            guard let r = ref.date else { return ("\(pad(y, 4))-QX", .relative) }
            let shifted = r.adding(months: -3)
            return ("\(pad(y, 4))-Q\((shifted.month - 1) / 3 + 1)", .relative)
        case "yearof":
            guard let n = Int(arg(1)) else { return nil }
            let fmt = parts[2...].joined(separator: ":")
            guard let y = ref.year else { return (fmt.replacingOccurrences(of: "{year}", with: "XXXX"), .relative) }
            return (fmt.replacingOccurrences(of: "{year}", with: pad(y + n, 4)), basis)
        case "reftime":
            let part = arg(1), n = Int(arg(2)) ?? 0
            guard let r = ref.date else { return ("XXXX-XX-XXT" + part, .relative) }
            return (r.adding(days: n).iso + "T" + part, .relative)
        case "time", "wtime", "mdtime":
            var day: CivilDate? = ref.date
            var a = 1
            var unknownDay = "XXXX-XX-XX"
            if fn == "wtime" {
                guard let w = Int(arg(1)) else { return nil }
                day = ref.date.map { TimeTagger.resolveWeekday(w, ref: $0, cue: "", future: future ?? false) }
                a = 2
                unknownDay = "XXXX-WXX-\(w)"
            }
            if fn == "mdtime" {
                // a day of a month, its year placed as for `monthday`
                guard let (m, d) = TimeTagger.monthDay(arg(1), arg(2)) else { return nil }
                day = ref.date.flatMap { TimeTagger.placeMonthDay(m, d, ref: $0, cue: "", future: future) }
                a = 3
                unknownDay = "XXXX-\(pad(m, 2))-\(pad(d, 2))"
            }
            guard var h = Int(arg(a)), var m = Int(arg(a + 1)) else { return nil }
            let suffix = arg(a + 2).lowercased()
            if suffix == "noon" { h = 12; m = 0 }
            if suffix == "midnight" { h = 24; m = 0 }
            if suffix.hasPrefix("p") { guard h <= 12 else { return nil }; if h < 12 { h += 12 } }
            if suffix.hasPrefix("a") { guard h <= 12 else { return nil }; if h == 12 { h = 0 } }
            let clock = "T\(pad(h, 2)):\(pad(m, 2))" + (suffix == "z" ? "Z" : "")
            guard let r = day else { return (unknownDay + clock, .relative) }
            return (r.iso + clock, .relative)
        case "dur":
            let n = arg(1), u = arg(2)
            guard !n.isEmpty, !u.isEmpty else { return nil }
            // a half in the next unit down, as TIMEX3 writes it: "2 1/2 years" P2Y6M
            if n.hasSuffix(".5"), let whole = Int(n.dropLast(2)) {
                let w = whole == 0 ? "" : String(whole)
                switch u {
                case "Y": return ("P\(w.isEmpty ? "" : w + "Y")6M", .explicit)
                case "D": return ("P\(w.isEmpty ? "" : w + "D")T12H", .explicit)
                case "H": return ("PT\(w.isEmpty ? "" : w + "H")30M", .explicit)
                case "MIN": return ("PT\(w.isEmpty ? "" : w + "M")30S", .explicit)
                case "W": return ("P\(whole * 7 + 3)DT12H", .explicit)
                case "M": return ("P\(w.isEmpty ? "" : w + "M")15D", .explicit)
                case "CE":
                    guard whole.magnitude < 1_000_000_000 else { return nil }
                    return ("P\(whole * 100 + 50)Y", .explicit)
                case "DE":
                    // (a number too large to be a count of decades is no duration)
                    guard whole.magnitude < 1_000_000_000 else { return nil }
                    return ("P\(whole * 10 + 5)Y", .explicit)
                default: break
                }
            }
            switch u {
            case "H", "MIN": return ("PT\(n)\(u == "MIN" ? "M" : "H")", .explicit)
            // a counted number of decades or centuries in years, as ISO 8601 writes durations
            // (and as the halves above): "two decades" P20Y
            case "DE", "CE":
                guard let k = Int(n), k.magnitude < 1_000_000 else { return ("P\(n)\(u)", .explicit) }
                return ("P\(k * (u == "DE" ? 10 : 100))Y", .explicit)
            default: return ("P\(n)\(u)", .explicit)
            }
        default:
            let s = parts.count == 1 ? parts[0] : parts.joined(separator: ":")
            let u = s.utf8
            if u.contains(123 /* { */) { return nil }
            // explicit calendar values must exist (2023-02-30 does not)
            if u.count == 10 || u.count == 7, let f = u.first, f >= 48 && f <= 57, !u.contains(where: { $0 >= 65 && $0 <= 90 }) {
                guard TimexValue.interval(of: s) != nil else { return nil }
            }
            return (s, .explicit)
        }
    }

    /// Whether a value is a quarter of a year ("1989-Q3").
    static func isQuarter(_ v: String) -> Bool {
        let u = v.utf8
        return u.count == 7 && u.contains(0x51)
    }

    /// Whether a value template looks back from another period: an anchored or quarter-relative
    /// value moved back ("a year earlier", "the year-ago quarter", "last year's third quarter").
    static func looksBack(_ parts: [String]) -> Bool {
        guard let f = parts.first else { return false }
        switch f {
        case "anchor": return parts.count > 2 && (Int(parts[2]) ?? 0) < 0
        case "lastq", "yearof": return parts.count > 1 && (Int(parts[1]) ?? 0) < 0
        default: return false
        }
    }

    /// The most recent calendar DATE value in this sentence or the three before it: what an
    /// anaphoric expression ("a year earlier", "the following year") is relative to. (Three: on
    /// the TBAQ corpus one sentence back gave 1515 right values, two 1516, three 1518, five 1516,
    /// the whole text 1515.)
    static let anchorSentences = 3
    func anchorValue(_ last: (start: Int, value: String)?, _ sentences: [Sentence], _ si: Int) -> String? {
        guard let last else { return nil }
        let lowest = si > 0 && si - 1 < sentences.count ? sentences[max(0, si - TimeTagger.anchorSentences)].start : (si < sentences.count ? sentences[si].start : 0)
        return last.start >= lowest ? last.value : nil
    }

    /// A TIMEX3 value moved by n units at its own granularity ("1989-Q3" a year back: "1988-Q3").
    public static func shiftValue(_ v: String, unit: String, by n: Int) -> String? {
        let u = Array(v.utf8)
        guard u.count >= 4, let y = Int(String(v.prefix(4))) else { return nil }
        if let d = CivilDate(iso: v), u.count == 10 {
            switch unit {
            case "D": return d.adding(days: n).iso
            case "W": return d.adding(days: 7 * n).iso
            case "M": return d.adding(months: n).iso
            case "Y": return d.adding(months: 12 * n).iso
            default: return nil
            }
        }
        if u.count == 4 { return unit == "Y" ? pad(y + n, 4) : nil }
        let tail = String(v.dropFirst(5))
        // an ISO week ("2024-W10"): whole weeks and years move it
        if u.count == 8, tail.hasPrefix("W"), let w = Int(tail.dropFirst()), (1...53).contains(w), unit == "W" || unit == "Y" {
            let monday = CivilDate.mondayOf(isoYear: y, week: w)
            let moved = (unit == "W" ? monday.adding(days: 7 * n) : monday.adding(months: 12 * n)).isoWeek
            return "\(pad(moved.year, 4))-W\(pad(moved.week, 2))"
        }
        if tail.hasPrefix("Q"), let q = Int(tail.dropFirst()) {
            let total = y * 4 + (q - 1) + (unit == "Y" ? 4 * n : unit == "Q" ? n : 0)
            guard unit == "Y" || unit == "Q" else { return nil }
            return "\(pad(total / 4, 4))-Q\(total % 4 + 1)"
        }
        if u.count == 7, let m = Int(tail) {
            let months = unit == "Y" ? 12 * n : unit == "M" ? n : unit == "Q" ? 3 * n : 0
            guard months != 0 || n == 0 else { return nil }
            let d = CivilDate(year: y, month: m, day: 1).adding(months: months)
            return "\(pad(d.year, 4))-\(pad(d.month, 2))"
        }
        if unit == "Y" { return pad(y + n, 4) + String(v.dropFirst(4)) }
        return nil
    }

    /// Whether `v` is a calendar value (a year, a quarter, a month or an ISO week) coarser than `unit`
    /// (D, W or M).
    static func isCoarser(_ v: String, than unit: String) -> Bool {
        let u = Array(v.utf8)
        guard u.count >= 4, u.prefix(4).allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let rank: Int // how long the value's period is: 1 week, 2 month, 3 quarter, 4 year
        switch u.count {
        case 4: rank = 4
        case 7: rank = u[5] == 0x51 ? 3 : (u[5] >= 48 && u[5] <= 57 ? 2 : 0) // "2024-Q1", "2024-03"
        case 8: rank = u[5] == 0x57 ? 1 : 0 // "2024-W10"
        default: rank = 0
        }
        switch unit {
        case "D": return rank >= 1
        case "W": return rank >= 2
        case "M": return rank >= 3
        default: return false
        }
    }

    /// A calendar value cut to a unit's granularity ("1996-05-03" to the year: "1996", to the week:
    /// "1996-W18"); nil when the value is coarser than the unit or the unit is not a day, a week,
    /// a month or a year.
    static func truncate(_ v: String, to unit: String) -> String? {
        let keep: Int
        switch unit {
        case "Y": keep = 4
        case "M": keep = 7
        case "D": keep = 10
        case "W": // a day's ISO week ("2024-03-28" → "2024-W13")
            guard v.utf8.count == 10, let d = CivilDate(iso: v) else { return nil }
            let w = d.isoWeek
            return "\(pad(w.year, 4))-W\(pad(w.week, 2))"
        default: return nil
        }
        let u = Array(v.utf8)
        guard u.count >= keep, u.prefix(4).allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if keep == 4 { return String(v.prefix(4)) }
        // a month or a day only from a date that has one ("1996-05", "1996-05-03")
        guard u.count == 7 || u.count == 10, u[4] == 45, u[5] >= 48 && u[5] <= 57 else { return nil }
        return String(v.prefix(keep))
    }

    static func cueYearShift(_ cue: String) -> Int { cue == "last" ? -1 : cue == "next" ? 1 : 0 }

    static func underspecified(_ unit: String) -> String {
        switch unit {
        case "D": return "XXXX-XX-XX"
        case "W": return "XXXX-WXX"
        case "M": return "XXXX-XX"
        case "Q": return "XXXX-QX"
        default: return "XXXX"
        }
    }

    /// The reference date moved by `n` units, written at that unit's granularity.
    public static func shift(_ r: CivilDate, unit: String, by n: Int) -> String {
        switch unit {
        case "D": return r.adding(days: n).iso
        case "W": let w = r.adding(days: 7 * n).isoWeek; return "\(pad(w.year, 4))-W\(pad(w.week, 2))"
        case "M": let d = r.adding(months: n); return "\(pad(d.year, 4))-\(pad(d.month, 2))"
        case "Q":
            let q0 = r.year * 4 + (r.month - 1) / 3 + n
            let y = q0 >= 0 ? q0 / 4 : (q0 - 3) / 4
            return "\(pad(y, 4))-Q\(q0 - y * 4 + 1)"
        case "H":
            let h0 = r.year * 2 + (r.month - 1) / 6 + n
            let y = h0 >= 0 ? h0 / 2 : (h0 - 1) / 2
            return "\(pad(y, 4))-H\(h0 - y * 2 + 1)"
        case "DE": return pad((r.year + 10 * n) / 10, 3)
        case "CE": return pad((r.year + 100 * n) / 100, 2)
        default: return pad(r.year + n, 4)
        }
    }

    /// A month (1-12) and a day it can have (29 February included), or nil.
    static func monthDay(_ month: String, _ day: String) -> (Int, Int)? {
        guard let m = Int(month), let d = Int(day), (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(month: m, year: 2000) else { return nil }
        return (m, d)
    }

    /// A day of a month in the year the cue and tense place it, from the document date `ref`
    /// (nil: no such day that year, 29 February of a common year).
    static func placeMonthDay(_ m: Int, _ d: Int, ref: CivilDate, cue: String, future: Bool?) -> CivilDate? {
        CivilDate(validYear: resolveYear(month: m, day: d, ref: ref, cue: cue, future: future), month: m, day: d)
    }

    /// The year of a month (and day) given without one. A cue decides: "last" = the most recent
    /// before the reference, "next" = the first after, "this" = the reference year. Otherwise the
    /// tense around the expression picks the occurrence before or after the reference (for a day
    /// of a month, only within half a year of it: news rarely names a day a year off without its
    /// year); with no tense cue, or a day further away, the earlier occurrence wins unless the
    /// later one is less than half as far (news mostly reports what has happened).
    public static func resolveYear(month: Int, day: Int?, ref: CivilDate, cue: String, future: Bool?) -> Int {
        let a = month * 100 + (day ?? 0)
        let r = ref.month * 100 + (day == nil ? 0 : ref.day)
        switch cue {
        case "last": return a < r ? ref.year : ref.year - 1
        case "next": return a > r ? ref.year : ref.year + 1
        case "this": return ref.year
        default: break
        }
        let before = a <= r ? ref.year : ref.year - 1 // latest occurrence not after the reference
        let after = a >= r ? ref.year : ref.year + 1  // first occurrence not before it
        func distance(_ y: Int) -> Int {
            if let d = day, let date = CivilDate(validYear: y, month: month, day: d) { return abs(date.dayNumber - ref.dayNumber) }
            return abs((y * 12 + month) - (ref.year * 12 + ref.month)) * 30
        }
        if let f = future {
            let pick = f ? after : before
            if day == nil || distance(pick) <= 183 { return pick }
        }
        return distance(before) <= 2 * distance(after) ? before : after
    }

    public static func resolveWeekday(_ w: Int, ref: CivilDate, cue: String, future: Bool) -> CivilDate {
        let diff = w - ref.weekday
        switch cue {
        case "last": return ref.adding(days: diff < 0 ? diff : diff - 7)
        case "next": return ref.adding(days: diff > 0 ? diff : diff + 7)
        case "this": return ref.adding(days: diff)
        default:
            if future { return ref.adding(days: diff >= 0 ? diff : diff + 7) }
            return ref.adding(days: diff <= 0 ? diff : diff - 7)
        }
    }
}

/// The values a rule's pattern bound, by slot name: a few pairs, searched in order (cheaper
/// than a dictionary for the one or two slots a rule binds).
struct Bindings {
    private var names: [String] = []
    private var values: [String] = []
    init() {}
    /// Room for `n` variables at once (grown one by one, the two lists were reallocated at
    /// every other binding)
    init(capacity n: Int) { names.reserveCapacity(n); values.reserveCapacity(n) }
    subscript(_ name: String) -> String? {
        for i in names.indices where names[i] == name { return values[i] }
        return nil
    }
    mutating func set(_ name: String, _ value: String) {
        if let i = names.firstIndex(of: name) { values[i] = value } else { names.append(name); values.append(value) }
    }
}
