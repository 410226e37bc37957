import ChronographCore
import Foundation

/// One recognized actor mention in a document's working text.
public struct ActorMatch: Sendable, Equatable {
    public var tokens: Range<Int>
    public var start: Int
    public var end: Int
    public var sentence: Int
    /// The canonical name of the actor this mention resolves to.
    public var canonical: String {
        didSet { id = ActorMatch.slug(canonical) }
    }
    /// The actor id: the slug of the canonical name.
    public private(set) var id: String = ""
    public var kind: ActorKind
    /// The surface form as written (working text).
    public var surface: String
    public var fromGazetteer: Bool
    public var role: GazetteerEntry.Role
    /// A capitalized word opening a sentence with no other evidence that it is a name: kept
    /// only if the merge finds the actor it names in the graph ("Varga" after "Tomas Varga").
    public var weak: Bool = false

    public init(tokens: Range<Int>, start: Int, end: Int, sentence: Int, canonical: String, kind: ActorKind, surface: String,
                fromGazetteer: Bool, role: GazetteerEntry.Role, weak: Bool = false) {
        self.tokens = tokens; self.start = start; self.end = end; self.sentence = sentence; self.canonical = canonical
        self.kind = kind; self.surface = surface; self.fromGazetteer = fromGazetteer; self.role = role; self.weak = weak
        self.id = ActorMatch.slug(canonical)
    }

    /// slugify is costly (Unicode normalization): memoized, names repeat.
    static let slugCache = SlugCache()
    static func slug(_ s: String) -> String { slugCache.get(s) }
}

final class SlugCache: @unchecked Sendable {
    private var map = WordMap<String>(capacity: 1024) // unseeded hash: one lookup per mention
    private let lock = NSLock()
    func get(_ s: String) -> String {
        lock.lock(); defer { lock.unlock() }
        if let v = map[s] { return v }
        let v = slugify(s)
        if map.count > 100_000 { map = WordMap(capacity: 1024) }
        map[s] = v
        return v
    }
}

/// Finds actor names in a document and resolves their variants to one canonical name:
/// gazetteers first (countries, demonyms, capitals, cities, organizations), then runs of
/// capitalized words with titles stripped and kinds guessed from their words; short forms
/// ("Xi") and acronyms ("NIST") resolve to the full names the document introduced.
public struct ActorRecognizer: Sendable {
    public var lexicon: ActorLexicon
    /// A capital standing for its government ("Moscow said") names its country.
    public var metonymy = true
    public static let english = ActorRecognizer(lexicon: .english)
    public init(lexicon: ActorLexicon) { self.lexicon = lexicon }

    struct Chunk {
        var tokens: Range<Int>
        var sentence: Int
        var entry: GazetteerEntry?
        var titled: Bool
        var sentenceInitial: Bool
    }

    /// The actors named in a document. `lowers`: its tokens lowercased (`Tokenized.lowercased()`),
    /// when the caller has them.
    public func recognize(_ tz: Tokenized, sentences: [Sentence], lowers given: [String]? = nil) -> [ActorMatch] {
        recognize(tz, sentences: sentences, words: given.map { Words($0, lexicon, tz) } ?? Words(tz, lexicon))
    }

    /// The actors named in a document whose words are looked up (`Words`, made with this
    /// recognizer's lexicon).
    func recognize(_ tz: Tokenized, sentences: [Sentence], words lowers: Words) -> [ActorMatch] {
        let toks = tz.tokens
        func cap(_ i: Int) -> Bool { lowers.is(i, .capitalized) }
        // Capitalized words seen away from a sentence start: evidence that a word is a name.
        var capitalizedInside = WordSet(capacity: toks.count / 8)
        for s in sentences {
            for i in s.tokens.dropFirst() where cap(i) && !isOpeningQuote(tz, i - 1) && !SentenceSplitter.isTerminal(tz, toks[i - 1])
                && !(toks[i - 1].kind == .punct && ActorRecognizer.afterDateline(tz, i)) {
                capitalizedInside.insert(lowers[i])
            }
        }
        var chunks: [Chunk] = []
        var headlines: [Int] = []
        for (si, s) in sentences.enumerated() {
            if isFurniture(tz, s, lowers) { continue }
            if isHeadline(tz, s, lowers) { headlines.append(si); continue }
            scanSentence(tz, s, si, lowers, cap, into: &chunks)
        }
        // Titles in quotation marks, in title case ("the theme is “Building a Resilient Future
        // for Connected Harbours”"): their capitalized words are a title's, as a headline's are
        let titles = quotedTitles(tz, sentences, lowers)
        var quoted: [Chunk] = []
        if !titles.isEmpty {
            chunks.removeAll { c in
                guard titles.contains(where: { $0.contains(c.tokens.lowerBound) }) else { return false }
                quoted.append(c); return true
            }
        }
        // Headlines (title-case lines) and quoted titles: only gazetteer names and names the
        // body introduced.
        let bodyNames = headlines.isEmpty && quoted.isEmpty ? [] : WordSet(chunks.filter { $0.entry == nil }.flatMap { $0.tokens.map { lowers[$0] } })
        for c in quoted where c.entry != nil || c.tokens.allSatisfy({ bodyNames.contains(lowers[$0]) }) { chunks.append(c) }
        for si in headlines {
            var found: [Chunk] = []
            scanSentence(tz, sentences[si], si, lowers, cap, into: &found)
            for c in found {
                if c.entry != nil || c.tokens.allSatisfy({ bodyNames.contains(lowers[$0]) }) { chunks.append(c) }
            }
        }
        chunks.sort { $0.tokens.lowerBound < $1.tokens.lowerBound }
        // the agency of a dateline ("OSLO, May 3 (Reuters) - ...", "WASHINGTON (AP) — ...") is
        // where the story comes from, not an actor of it
        chunks.removeAll { ActorRecognizer.isDatelineSource($0.tokens, tz) }
        // page furniture: a name found only in the header block (site names, sponsors, places
        // of a dateline, bylines) is no actor unless a gazetteer knows it or the body names it
        let bodyStart = HeaderBlock.bodyStart(tz.text)
        if bodyStart > 0, chunks.contains(where: { $0.entry == nil && toks[$0.tokens.lowerBound].start < bodyStart }) {
            let bodyWords = WordSet(chunks.filter { toks[$0.tokens.lowerBound].start >= bodyStart }.flatMap { $0.tokens.map { lowers[$0] } })
            chunks.removeAll { c in
                c.entry == nil && toks[c.tokens.lowerBound].start < bodyStart && !c.tokens.allSatisfy { bodyWords.contains(lowers[$0]) }
            }
        }
        let matches = resolve(chunks, tz, lowers, capitalizedInside, bodyStart: bodyStart)
        return nominalReferences(matches, tz, lowers, sentences)
    }

    /// A word opening a sentence is the subject of a verb of speech or of a verb in the past right
    /// after it ("Siemens said ...", "Maersk diverted ..."): a name, not a capitalized common word
    /// (unless the word is a generic subject, "Officials said": `genericSubjects`; before a verb
    /// in the past, a plural is taken for a common word).
    func isNamedSubject(_ r: Range<Int>, _ tz: Tokenized, _ lowers: Words) -> Bool {
        let a = r.upperBound
        guard a < tz.tokens.count, tz.tokens[a].kind == .word, !tz.isCapitalized(tz.tokens[a]) else { return false }
        // (a contraction is no name: "We've ordered ...")
        if r.contains(where: { i in tz.bytes(tz.tokens[i]).contains(39) || tz.bytes(tz.tokens[i]).contains(0x99) }) { return false }
        let v = lowers[a], w = lowers[r.upperBound - 1]
        // before a verb in the past, not a plural ("Emails revealed ...", "Documents showed ...")
        return lexicon.speechVerbs.contains(v) || (v.count > 4 && v.hasSuffix("ed") && !w.hasSuffix("s"))
    }

    /// Token `k` opens the text after a dateline's dash ("ROTTERDAM — Dock workers ..."): as at
    /// the start of a sentence, a capital there says nothing.
    static func afterDateline(_ tz: Tokenized, _ k: Int) -> Bool {
        let toks = tz.tokens
        guard k >= 2, toks[k - 1].kind == .punct else { return false }
        let d = toks[k - 1], n = d.end - d.start
        guard (n == 1 && tz.text[d.start] == 45) || (n == 3 && tz.text[d.start] == 0xE2) else { return false }
        var j = k - 2
        while j > 0 && toks[j].newlinesBefore == 0 && k - j < 8 { j -= 1 }
        return (j == 0 || toks[j].newlinesBefore > 0) && toks[j].kind == .word && tz.isAllCaps(toks[j])
    }

    /// Whether the chunk is the place of a dateline: capitals opening a line, before a dash or
    /// a comma ("ROTTERDAM —", "OSLO, May 3").
    static func isDatelinePlace(_ r: Range<Int>, _ tz: Tokenized) -> Bool {
        let toks = tz.tokens
        let b = r.lowerBound, e = r.upperBound
        guard e < toks.count, b == 0 || toks[b].newlinesBefore > 0, r.allSatisfy({ toks[$0].kind != .word || tz.isAllCaps(toks[$0]) }),
              toks[e].kind == .punct else { return false }
        let d = toks[e], n = d.end - d.start
        return tz.isPunct(d, 44) || (n == 1 && tz.text[d.start] == 45) || (n == 3 && tz.text[d.start] == 0xE2)
    }

    /// A name in brackets followed by a dash, on a line that opens with a place in capitals
    /// within a dozen tokens before it: a dateline's news agency.
    static func isDatelineSource(_ r: Range<Int>, _ tz: Tokenized) -> Bool {
        let toks = tz.tokens
        let b = r.lowerBound, e = r.upperBound
        guard b >= 2, e + 1 < toks.count, tz.isPunct(toks[b - 1], 40), tz.isPunct(toks[e], 41) else { return false }
        let dash = toks[e + 1]
        let n = dash.end - dash.start
        guard dash.kind == .punct, (n == 1 && tz.text[dash.start] == 45) || (n == 3 && tz.text[dash.start] == 0xE2) else { return false }
        var k = b - 1
        while k > 0 && toks[k].newlinesBefore == 0 && b - k < 12 { k -= 1 }
        guard k == 0 || toks[k].newlinesBefore > 0 else { return false }
        return toks[k].kind == .word && tz.isAllCaps(toks[k]) && toks[k].end - toks[k].start >= 3
    }

    static func isPossessive(_ tz: Tokenized, _ i: Int) -> Bool {
        guard i < tz.tokens.count, tz.tokens[i].kind == .punct else { return false }
        let b = tz.bytes(tz.tokens[i])
        return b.last == 115 && (b.first == 39 || b.first == 0xE2)
    }

    /// A capital used for its government: followed by a verb of statement or action ("Moscow
    /// said", "Beijing wants"), or by "'s" and a noun of policy ("Beijing's position"), and
    /// not after a preposition of place ("in Moscow").
    func isMetonymic(_ r: Range<Int>, _ tz: Tokenized, _ lowers: Words) -> Bool {
        let before = r.lowerBound - 1, after = r.upperBound
        if before >= 0, lexicon.metonymyPlaces.contains(lowers[before]) { return false }
        guard after < tz.tokens.count else { return false }
        if lexicon.metonymyVerbs.contains(lowers[after]) { return true }
        if ActorRecognizer.isPossessive(tz, after), after + 1 < tz.tokens.count, lexicon.metonymyOwned.contains(lowers[after + 1]) { return true }
        // "Beijing and Moscow have grown closer": a capital coordinated with one that stands for
        // its government stands for its own
        if lowers[after] == "and", after + 1 < tz.tokens.count, let (n, e) = gazetteerMatch(after + 1, limit: tz.tokens.count, tz, lowers),
           e.role == .capital {
            return isMetonymic((after + 1)..<(after + 1 + n), tz, lowers)
        }
        return false
    }

    /// "the Chinese leader", "the president", "Russia's foreign minister" (with "the" before a
    /// demonym): a person the document introduced earlier with a title of that family (and of
    /// that country, when the phrase names one). Without a country, every candidate must be the
    /// same person. The phrase replaces the demonym's mention of the country.
    func nominalReferences(_ matches: [ActorMatch], _ tz: Tokenized, _ lowers: Words, _ sentences: [Sentence]) -> [ActorMatch] {
        guard lexicon.nominalHeads.count > 0 else { return matches }
        let toks = tz.tokens
        var byStart = PositionIndex(positions: toks.count), byEnd = PositionIndex(positions: toks.count)
        for (i, m) in matches.enumerated() { byStart[m.tokens.lowerBound] = i; byEnd[m.tokens.upperBound] = i }
        // persons introduced with a title: (first token, canonical, title, country)
        struct Titled { var at: Int; var canonical: String; var title: String; var country: String? }
        var titled: [Titled] = []
        for m in matches where m.kind == .person && !m.weak {
            let p = m.tokens.lowerBound
            var n = min(lexicon.maxTitleTokens, p)
            while n >= 1 {
                // the longest title ending before the name: walked from each start, through prefixes
                var title: String? = nil
                ActorLexicon.walk(p - n, limit: p, lowers, .titleFirst, lexicon.titlePrefixes) { key, len in
                    if len == n && lexicon.titles.contains(key) { title = key }
                }
                if let t = title {
                    var country: String? = nil
                    if let ci = byEnd[p - n], matches[ci].kind == .location { country = matches[ci].canonical }
                    titled.append(Titled(at: p, canonical: m.canonical, title: t, country: country))
                    break
                }
                n -= 1
            }
        }
        guard !titled.isEmpty else { return matches }
        var out = matches
        var removed = [Bool](repeating: false, count: matches.count)
        var added: [ActorMatch] = []
        var si = 0
        for i in 0..<toks.count where lowers[i] == "the" && i + 1 < toks.count {
            var j = i + 1
            var country: String? = nil
            var replaced: Int? = nil
            if let mi = byStart[j], out[mi].kind == .location, out[mi].role == .demonym || out[mi].fromGazetteer {
                if out[mi].role == .demonym {
                    country = out[mi].canonical; replaced = mi; j = out[mi].tokens.upperBound
                }
            }
            guard j < toks.count, byStart[j] == nil else { continue }
            var head: Set<String>? = nil, n = 0
            ActorLexicon.walk(j, limit: toks.count, lowers, .nominalFirst, lexicon.nominalPrefixes) { key, len in
                if let h = lexicon.nominalHeads[key] { head = h; n = len } // the longest
            }
            guard let families = head else { continue }
            let end = j + n
            // "the Chinese leader's ...", fine; "the president of France" names someone else
            if end < toks.count, lowers[end] == "of" { continue }
            // the titled persons before the phrase, latest first, within a window (keeps a long
            // document linear)
            var lo = 0, hi = titled.count
            while lo < hi { let mid = (lo + hi) / 2; if titled[mid].at < i { lo = mid + 1 } else { hi = mid } }
            var candidates: [Titled] = []
            var q = lo - 1
            while q >= 0 && q >= lo - 64 {
                let t = titled[q]
                if families.contains(t.title) && (country == nil || t.country == country) { candidates.insert(t, at: 0) }
                q -= 1
            }
            guard let chosen = candidates.last else { continue }
            if country == nil && Set(candidates.map(\.canonical)).count != 1 { continue }
            while si + 1 < sentences.count && sentences[si + 1].tokens.lowerBound <= i { si += 1 }
            if let r = replaced { removed[r] = true }
            added.append(ActorMatch(tokens: i..<end, start: toks[i].start, end: toks[end - 1].end, sentence: si, canonical: chosen.canonical,
                                    kind: .person, surface: tz.workTextOfTokens(i..<end), fromGazetteer: false, role: .name))
        }
        guard !added.isEmpty else { return matches }
        out = out.enumerated().filter { !removed[$0.offset] }.map(\.element) + added
        out.sort { $0.tokens.lowerBound < $1.tokens.lowerBound }
        return out
    }

    func isOpeningQuote(_ tz: Tokenized, _ i: Int) -> Bool {
        guard i >= 0 else { return false }
        let t = tz.tokens[i]
        guard t.kind == .punct else { return false }
        let b = tz.bytes(t)
        return b.first == 34 || b.first == 39 || b.first == 40 || b.elementsEqual([0xE2, 0x80, 0x9C]) || b.elementsEqual([0xE2, 0x80, 0x98])
    }

    /// The token ranges inside quotation marks (“…”, "…") that are titles in title case: three
    /// words or more, every one capitalized but short words of four letters or fewer that
    /// are not ("a", "in", "of", "the", "with"), and no sentence of their own (no final period).
    func quotedTitles(_ tz: Tokenized, _ sentences: [Sentence], _ lowers: Words) -> [Range<Int>] {
        let toks = tz.tokens
        func isOpen(_ i: Int) -> Bool { let b = tz.bytes(toks[i]); return b.elementsEqual([0xE2, 0x80, 0x9C]) || (b.count == 1 && b.first == 34) }
        func isClose(_ i: Int) -> Bool { let b = tz.bytes(toks[i]); return b.elementsEqual([0xE2, 0x80, 0x9D]) || (b.count == 1 && b.first == 34) }
        var out: [Range<Int>] = []
        for s in sentences {
            var i = s.tokens.lowerBound
            while i < s.tokens.upperBound {
                guard toks[i].kind == .punct, isOpen(i) else { i += 1; continue }
                var j = i + 1
                while j < s.tokens.upperBound && j - i <= 40 && !(toks[j].kind == .punct && isClose(j)) { j += 1 }
                guard j < s.tokens.upperBound, j - i <= 40, toks[j].kind == .punct, isClose(j) else { i += 1; continue }
                var words = 0, title = true
                for k in (i + 1)..<j {
                    let t = toks[k]
                    if t.kind == .punct && tz.isPunct(t, 46) { title = false; break }
                    guard t.kind == .word else { continue }
                    words += 1
                    if !lowers.is(k, .capitalized) && t.end - t.start > 4 { title = false; break }
                }
                if title && words >= 3 { out.append((i + 1)..<j) }
                i = j + 1
            }
        }
        return out
    }

    /// A sentence of page furniture that a copied web page keeps: it opens with a label and a
    /// colon ("Related Coverage: Markets.", "Photo: Reuters.") or with a word that opens nothing
    /// else ("Subscribe now ...", "Copyright 2024 ...") (`furniture-label`, `furniture-opener`).
    func isFurniture(_ tz: Tokenized, _ s: Sentence, _ lowers: Words) -> Bool {
        guard let first = s.tokens.first(where: { !isOpeningQuote(tz, $0) }) else { return false }
        let w = lowers[first]
        if lexicon.furnitureOpeners.contains(w) { return true }
        guard lexicon.furnitureLabels.contains(w) else { return false }
        return s.tokens.prefix(5).contains { tz.isPunct(tz.tokens[$0], 58) }
    }

    /// A title-case line: most of its longer words are capitalized, and it has no final period.
    func isHeadline(_ tz: Tokenized, _ s: Sentence, _ lowers: Words) -> Bool {
        var words = 0, caps = 0
        for i in s.tokens {
            let t = tz.tokens[i]
            guard t.kind == .word, t.end - t.start >= 4 else { continue }
            words += 1
            if lowers.is(i, .capitalized) { caps += 1 }
        }
        guard words >= 3, caps * 10 >= words * 7 else { return false }
        let last = tz.tokens[s.tokens.upperBound - 1]
        return !tz.isPunct(last, 46)
    }

    /// Capitalized runs in a sentence, segmented into gazetteer names, titles and other names
    /// (appended to `out`).
    func scanSentence(_ tz: Tokenized, _ s: Sentence, _ si: Int, _ lowers: Words, _ cap: (Int) -> Bool, into out: inout [Chunk]) {
        let toks = tz.tokens
        var k = s.tokens.lowerBound
        let end = s.tokens.upperBound
        // gazetteer names with a possessive inside ("People's Republic of China") or at their end
        // ("Moody's"), or ending with a period ("Calif.", "Ala."), where a run of capitals would
        // stop: found first, a run ends before one
        var knownNames: [Int: (Int, GazetteerEntry)] = [:]
        for j in s.tokens where j + 1 < end && cap(j) {
            let next = lowers[j + 1]
            guard next == "." || next == "'s" || next == "’s" else { continue }
            if next != "." {
                // (two tokens: a name listed with its 's, "Moody's"; the possessive of a listed
                // name, "China's", matches one)
                if let m = gazetteerMatch(j, limit: end, tz, lowers), m.0 >= 2 { knownNames[j] = m }
            } else if next == ".", !tz.tokens[j + 1].spaceBefore, let m = gazetteerMatch(j, limit: j + 2, tz, lowers), m.0 == 2 {
                // (not a legislator's state after a party's initial: "R-Fla.", "(D-Calif.)")
                if j >= 2, lowers[j - 1] == "-", !tz.tokens[j].spaceBefore, lowers.is(j - 2, .partyInitial) { continue }
                knownNames[j] = m
            }
        }
        let (joined, bare) = acronymJoins(tz, s, lowers, cap)
        while k < end {
            // a long gazetteer name written in lowercase ("ministry of state security")
            if !cap(k), lowers.is(k, .longOrganizationFirst), tz.tokens[k].kind == .word, let (n, entry) = gazetteerMatch(k, limit: end, tz, lowers), n >= 3, entry.kind == .organization {
                out.append(Chunk(tokens: k..<(k + n), sentence: si, entry: entry, titled: false, sentenceInitial: false))
                k += n
                continue
            }
            guard cap(k), !lowers.is(k, .calendar) || (k + 1 < end && cap(k + 1) && !lowers.is(k + 1, .calendar)) else { k += 1; continue }
            if let (n, entry) = knownNames[k] {
                out.append(Chunk(tokens: k..<(k + n), sentence: si, entry: entry, titled: false, sentenceInitial: k == s.tokens.lowerBound))
                k += n
                continue
            }
            // the run of capitalized words (with connectors) starting at k
            var e = k + 1
            var hasOrgHead = lowers.is(k, .orgHead)
            // a name glued to a prefix ("anti-Castro Cuban American National Foundation",
            // "pro-Kremlin Media Group") modifies what follows: a name of its own
            let prefixed = k >= 2 && lowers[k - 1] == "-" && !toks[k - 1].spaceBefore && !toks[k].spaceBefore
                && lexicon.modifierPrefixes.contains(lowers[k - 2])
            while e < end && !prefixed {
                let t = toks[e]
                if t.newlinesBefore > 0 || (!knownNames.isEmpty && knownNames[e] != nil) { break }
                // an acronym right after the words it spells is a name of its own ("... Space
                // Company EADS N.V.")
                if !bare.isEmpty && (bare.contains(e) || bare.contains(e - 1)) { break }
                if cap(e) && !lowers.is(e, .calendar) {
                    if lowers.is(e, .orgHead) { hasOrgHead = true }
                    e += 1; continue
                }
                // what stands between words an acronym spells ("Co-operation and Development (OECD)")
                if !joined.isEmpty && joined.contains(e) { e += 1; continue }
                // connectors inside names: of, for, on, de, and (in organization names), the (after of)
                if e + 2 < end && (lowers[e] == "of" || lowers[e] == "for") && lowers[e + 1] == "the" && cap(e + 2) && toks[e + 2].newlinesBefore == 0 {
                    e += 2; continue // Department of the Treasury
                }
                if e + 1 < end && cap(e + 1) && toks[e + 1].newlinesBefore == 0 && !lowers.is(e + 1, .calendar) {
                    let w = lowers[e]
                    let prev = lowers[e - 1]
                    if lexicon.nameParticles.contains(w) { e += 1; continue }
                    // "Procter & Gamble", "Barnes & Noble": an ampersand between capitals is inside a name
                    if w == "&" { e += 1; continue }
                    // "Dunkin' Donuts": an apostrophe closing a word not in -s (that is a plural's
                    // possessive: "Airbus' Delivery Center") is inside a name
                    if (w == "'" || w == "\u{2019}"), !t.spaceBefore, !prev.hasSuffix("s"), toks[e - 1].kind == .word { e += 1; continue }
                    // "Central Political and Legal Affairs Commission": words with no name of their
                    // own before "and", and an organization word closing the capitals after it
                    if w == "and", !hasOrgHead, (k..<e).allSatisfy({ cap($0) && lexicon.looksAdjectival(lowers[$0]) }),
                       !lowers.is(k, .givenName), gazetteerMatch(k, limit: e, tz, lowers)?.0 != e - k {
                        var f = e + 1
                        while f < end && cap(f) && toks[f].newlinesBefore == 0 && !lowers.is(f, .orgHead) { f += 1 }
                        if f < end && cap(f) && lowers.is(f, .orgHead) && f - e <= 4 { e += 1; continue }
                    }
                    // "Belt and Road Initiative": one word, "and", and words ending in a programme's
                    // name are one name (and no actor)
                    if w == "and", e - k == 1, !hasOrgHead {
                        var f = e + 1
                        while f < end && f < e + 4 && cap(f) && toks[f].newlinesBefore == 0 && !lowers.is(f, .nonActorHead) { f += 1 }
                        if f < end && cap(f) && lowers.is(f, .nonActorHead) { e += 1; continue }
                    }
                    if w == "and" || w == "&", hasOrgHead || lowers.is(e + 1, .orgHead) {
                        // "Ministry of Industry and Trade" is one name; "Acme Holdings and Vantage
                        // Systems", "Air Berlin and Alafco" are two: the name before "and" is whole
                        // when it ends with an organization word, or starts with one and has no "of"
                        let ofFor = (k..<e).contains { lowers[$0] == "of" || lowers[$0] == "for" }
                        let whole = lexicon.orgHeads.contains(prev) || lexicon.isOrgSuffix(prev)
                            || (!ofFor && lowers.is(k, .orgHead) && e - k >= 2)
                        if !whole { e += 1; continue }
                    }
                    if w == "the" && (prev == "of" || prev == "for") { e += 1; continue }
                    // St. Petersburg, Washington-based is not joined: only glued "-" between capitals
                    if (w == "." && toks[e - 1].end - toks[e - 1].start <= 3 && !t.spaceBefore)
                        || (w == "-" && !t.spaceBefore && !toks[e + 1].spaceBefore) { e += 1; continue }
                }
                break
            }
            segment(k..<e, tz, si, lowers, sentenceStart: k == s.tokens.lowerBound || isOpeningQuote(tz, k - 1) || ActorRecognizer.afterDateline(tz, k), into: &out)
            k = e
        }
    }

    /// The tokens between capitalized words whose initials spell the acronym after them, in
    /// parentheses or not ("European Aeronautic Defence and Space Company (EADS)", "... Space
    /// Company EADS N.V.", "Organisation for Economic Co-operation and Development (OECD)"): a
    /// run of capitals goes on through them. Connectors ("and", "of", "&") and the lowercase
    /// half of a hyphenated word may stand between the initials; an organization word may stand
    /// between the last of them and the acronym. Also the acronyms that follow their words
    /// without parentheses (each is then a name of its own).
    func acronymJoins(_ tz: Tokenized, _ s: Sentence, _ lowers: Words, _ cap: (Int) -> Bool) -> (joined: Set<Int>, bare: Set<Int>) {
        var joined = Set<Int>(), bare = Set<Int>()
        // (two capitals first, tested here: a call for every token retained its arguments)
        let toks = tz.tokens
        for j in s.tokens where toks[j].kind == .word && toks[j].end - toks[j].start >= 2
            && tz.text[toks[j].start] &- 65 < 26 && tz.text[toks[j].start + 1] &- 65 < 26 {
            guard let m = spelledBy(j, from: s.tokens.lowerBound, tz, lowers, cap) else { continue }
            joined.formUnion(m.between)
            if !m.bracketed { bare.insert(j) }
        }
        return (joined, bare)
    }

    /// When the token at `j` is an acronym ("EADS", two to eight capitals) that the initials of
    /// the capitalized words before it spell (no further back than `first`): where they start,
    /// the tokens between them, and whether the acronym is in parentheses.
    func spelledBy(_ j: Int, from first: Int, _ tz: Tokenized, _ lowers: Words, _ cap: (Int) -> Bool) -> (start: Int, between: [Int], bracketed: Bool)? {
        let t = tz.tokens[j]
        guard j > first + 1, t.kind == .word, (2...8).contains(t.end - t.start), tz.isAllCaps(t) else { return nil }
        let letters = Array(lowers[j].utf8)
        guard (2...8).contains(letters.count), letters.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return nil }
        var i = j - 1
        let bracketed = tz.isPunct(tz.tokens[i], 40)
        if bracketed { i -= 1 } // "("
        var need = letters.count - 1
        var between: [Int] = []
        while i >= first && j - i <= 3 * letters.count + 2 {
            let w = lowers[i], t = tz.tokens[i]
            if t.kind == .word && cap(i) {
                if w.utf8.first == letters[need] {
                    need -= 1
                    if need < 0 { return (i, between, bracketed) }
                } else if need != letters.count - 1 || !(lexicon.orgHeads.contains(w) || lexicon.isOrgSuffix(w)) {
                    return nil
                }
            } else if need != letters.count - 1,
                      isConnector(w) || (w == "-" && !t.spaceBefore)
                        || (t.kind == .word && i > first && lowers[i - 1] == "-" && !t.spaceBefore) {
                between.append(i)
            } else {
                return nil
            }
            i -= 1
        }
        return nil
    }

    /// Splits a run into gazetteer matches, titles (dropped, marking the next name as a person)
    /// and the remaining names.
    func segment(_ run: Range<Int>, _ tz: Tokenized, _ si: Int, _ lowers: Words, sentenceStart: Bool, into out: inout [Chunk]) {
        // "Shares of Vantar Systems rose", "Thousands of Nordair workers": a partitive word
        // opening the sentence (actor-cues.txt), and "of", are no part of the name after them
        // (the run is cut before the work, so that no variable is captured below)
        if sentenceStart, run.count >= 3, lowers[run.lowerBound + 1] == "of", lowers.is(run.lowerBound, .partitive),
           gazetteerMatch(run.lowerBound, limit: run.upperBound, tz, lowers) == nil {
            return segmentRun((run.lowerBound + 2)..<run.upperBound, tz, si, lowers, sentenceStart: false, into: &out)
        }
        segmentRun(run, tz, si, lowers, sentenceStart: sentenceStart, into: &out)
    }

    func segmentRun(_ run: Range<Int>, _ tz: Tokenized, _ si: Int, _ lowers: Words, sentenceStart: Bool, into out: inout [Chunk]) {
        // "Gulf of Finland", "Sea of Japan", "Port of Antwerp-Bruges": a feature, "of" and a
        // place the gazetteer knows (and what follows it in the run) are one place of their own
        // (a name the gazetteer knows whole keeps its entry)
        var f0 = run.lowerBound // (past a leading "The")
        while f0 < run.upperBound, lowers.is(f0, .nonName) { f0 += 1 }
        if run.upperBound - f0 >= 3, lowers.is(f0, .featureOf), lowers[f0 + 1] == "of",
           gazetteerMatch(f0, limit: run.upperBound, tz, lowers) == nil,
           let (_, e) = gazetteerMatch(f0 + 2, limit: run.upperBound, tz, lowers), e.kind == .location {
            out.append(Chunk(tokens: f0..<run.upperBound, sentence: si, entry: nil, titled: false, sentenceInitial: sentenceStart && f0 == run.lowerBound)); return
        }
        // a name with an organization word in it is one organization ("Qatar Airways", "Air
        // France"), unless the gazetteer knows the whole run or an organization inside it
        // (not when a title stands in the run: "Harlow Motors Chief Executive Dermot Mannion" is
        // a company, a title and a person)
        if run.count >= 2, run.contains(where: { lowers.is($0, .orgHead) }), titleMatch(run.lowerBound, limit: run.upperBound, lowers) == nil,
           !titleInside(run, lowers) {
            var whole = false, innerOrg = false
            var nationalOrgAt: Int? = nil // a known organization ending the run, after a nationality
            var sawNationality = false
            for p in run {
                if let (n, e) = gazetteerMatch(p, limit: run.upperBound, tz, lowers) {
                    if p == run.lowerBound && n == run.count { whole = true }
                    if e.kind == .organization {
                        innerOrg = true
                        if p + n == run.upperBound && sawNationality && p > run.lowerBound { nationalOrgAt = p }
                    }
                    if e.kind == .location && (e.role == .demonym || e.role == .name) { sawNationality = true }
                }
            }
            // "Royal Australian Air Force": a nationality before an organization the gazetteer
            // knows in general makes one name, that country's own
            if !whole, nationalOrgAt != nil, !lowers.is(run.lowerBound, .nonName), !lowers.is(run.lowerBound, .connector) {
                out.append(Chunk(tokens: run, sentence: si, entry: nil, titled: false, sentenceInitial: sentenceStart)); return
            }
            if !whole && !innerOrg {
                var r = run
                while !r.isEmpty && (lowers.is(r.lowerBound, .nonName) || lowers.is(r.lowerBound, .connector)) { r = (r.lowerBound + 1)..<r.upperBound }
                if !r.isEmpty { out.append(Chunk(tokens: r, sentence: si, entry: nil, titled: false, sentenceInitial: sentenceStart && r.lowerBound == run.lowerBound)); return }
            }
        }
        var p = run.lowerBound
        var pending: Range<Int>? = nil
        var titled = false
        func flush() {
            guard var r = pending else { return }
            pending = nil
            // trim connectors and non-names at both ends
            while !r.isEmpty && (lowers.is(r.lowerBound, .nonName) || lowers.is(r.lowerBound, .connector) || tz.tokens[r.lowerBound].kind == .punct) { r = (r.lowerBound + 1)..<r.upperBound }
            while !r.isEmpty && (lowers.is(r.upperBound - 1, .nonName) || lowers.is(r.upperBound - 1, .connector) || tz.tokens[r.upperBound - 1].kind == .punct) { r = r.lowerBound..<(r.upperBound - 1) }
            guard !r.isEmpty else { return }
            if lexicon.nonNames.contains(lowers[r].joined(separator: " ")) { return } // "White Paper"
            // "Chief Operating Officer of Harlow Motors": a name after "of" or "at" is where the
            // title is held, not who holds it (who may follow: "Undersecretary of the Air Force
            // for Acquisition Darleen Druyun")
            if titled, r.lowerBound > 0, lowers[r.lowerBound - 1] == "of" || lowers[r.lowerBound - 1] == "at" {
                out.append(Chunk(tokens: r, sentence: si, entry: nil, titled: false, sentenceInitial: false))
                return
            }
            out.append(Chunk(tokens: r, sentence: si, entry: nil, titled: titled, sentenceInitial: sentenceStart && r.lowerBound == run.lowerBound))
            titled = false
        }
        while p < run.upperBound {
            if let (n, entry) = gazetteerMatch(p, limit: run.upperBound, tz, lowers) {
                flush()
                out.append(Chunk(tokens: p..<(p + n), sentence: si, entry: entry, titled: false, sentenceInitial: sentenceStart && p == run.lowerBound))
                p += n
                continue
            }
            // (a title word after an organization word and "of" belongs to the name: "Ministry
            // of Justice")
            let title = titleMatch(p, limit: run.upperBound, lowers)
            if let n = title, p + n < run.upperBound, !lowers.is(p + n, .orgHead), !inOrganizationName(p, run, lowers) {
                flush()
                titled = true
                p += n
                continue
            }
            // a company's title ending the run after a name ("Ryanair CEO, Michael O'Leary";
            // "Federal Reserve Chairman") is not part of the name (other titles may end a name:
            // "Department of Justice", "Burger King", "Hun Sen"); a run that is a title alone
            // ("the Prime Minister") names no one
            if let n = title, p + n == run.upperBound,
               p == run.lowerBound || lexicon.companyTitles.contains(lowers[p..<(p + n)].joined(separator: " ")) {
                flush()
                p += n
                continue
            }
            pending = (pending?.lowerBound ?? p)..<(p + 1)
            p += 1
        }
        flush()
    }

    func isConnector(_ w: String) -> Bool { lexicon.nameConnectors.contains(w) }

    /// Whether the word at `p` follows an organization word and "of" ("Ministry of Justice"):
    /// a title word there is part of the name.
    func inOrganizationName(_ p: Int, _ run: Range<Int>, _ lowers: Words) -> Bool {
        p >= run.lowerBound + 2 && lowers[p - 1] == "of" && lowers.is(p - 2, .orgHead)
    }

    /// Whether a title stands inside a run of capitals, after a name and before another one
    /// ("Harlow Motors Chief Executive Dermot Mannion"), or a company's title ends it.
    func titleInside(_ run: Range<Int>, _ lowers: Words) -> Bool {
        for p in (run.lowerBound + 1)..<run.upperBound where !inOrganizationName(p, run, lowers) {
            guard let n = titleMatch(p, limit: run.upperBound, lowers) else { continue }
            if p + n < run.upperBound, !lowers.is(p + n, .orgHead), !lowers.is(p + n, .connector) { return true }
            if p + n == run.upperBound, lexicon.companyTitles.contains(lowers[p..<(p + n)].joined(separator: " ")) { return true }
        }
        return false
    }

    /// Whether a company's title follows the name directly ("Ryanair CEO", "Acme chief
    /// executive"): the name is the company's.
    func beforeCompanyTitle(_ r: Range<Int>, _ lowers: Words) -> Bool {
        let a = r.upperBound
        guard a < lowers.count, let n = titleMatch(a, limit: min(lowers.count, a + lexicon.maxTitleTokens), lowers) else { return false }
        return lexicon.companyTitles.contains(lowers[a..<(a + n)].joined(separator: " "))
    }

    /// The longest gazetteer name at token `p` (an acronym only in its own case).
    func gazetteerMatch(_ p: Int, limit: Int, _ tz: Tokenized, _ lowers: Words) -> (Int, GazetteerEntry)? {
        // (the walk goes from the shortest name to the longest: the last that fits wins)
        var best: (Int, GazetteerEntry)? = nil
        ActorLexicon.walk(p, limit: limit, lowers, .gazetteerFirst, lexicon.gazetteerPrefixes) { key, n in
            guard let entries = lexicon.gazetteer[key] else { return }
            if entries.allSatisfy({ !$0.exactCase }) { best = (n, entries[0]); return }
            let surface = tz.workTextOfTokens(p..<(p + n)).filter { !$0.isWhitespace }
            if let e = entries.first(where: { !$0.exactCase || $0.surface.filter({ !$0.isWhitespace }) == surface }) { best = (n, e) }
        }
        return best
    }

    /// The longest title at token `p` ("foreign minister").
    func titleMatch(_ p: Int, limit: Int, _ lowers: Words) -> Int? {
        var longest: Int? = nil
        ActorLexicon.walk(p, limit: limit, lowers, .titleFirst, lexicon.titlePrefixes) { key, n in
            if lexicon.titles.contains(key) { longest = n }
        }
        return longest
    }

    // MARK: resolution within the document

    func resolve(_ chunks: [Chunk], _ tz: Tokenized, _ lowers: Words, _ capitalizedInside: WordSet, bodyStart: Int = 0) -> [ActorMatch] {
        let toks = tz.tokens
        func text(_ r: Range<Int>) -> String { tz.workTextOfTokens(r) }
        // Full names the document introduces: multi-word names not from the gazetteer.
        struct Named { var canonical: String; var kind: ActorKind; var words: [String]; var cued = true }
        var named: [String: Named] = [:]   // canonical → info
        var acronyms: [String: String] = [:] // acronym → canonical
        var unknownKinds = [ActorKind?](repeating: nil, count: chunks.count)
        var dropped = [Bool](repeating: false, count: chunks.count)
        // products: model codes ("A380", "A320s", "DC-10") and names right after a model
        // number ("Boeing 787 Dreamliner"); every chunk of the same name is the product too
        var products = Set<String>()
        // "Boeing 787 Dreamliner", "the new 787 Dreamliner", "787 \"Dreamliner\"": a capitalized
        // word after a model number (a year is none: "in 2008 Boeing")
        for i in 1..<max(1, toks.count) where lowers.is(i, .capitalized) {
            var m = i - 1
            if m > 0, toks[m].kind == .punct, tz.text[toks[m].start] == 34 || tz.bytes(toks[m]).elementsEqual([0xE2, 0x80, 0x9C]) { m -= 1 } // " or “
            guard tz.isModel(toks[m]) else { continue }
            products.insert(lowers[i]); if lowers[i].hasSuffix("s") { products.insert(String(lowers[i].dropLast())) }
        }
        // each chunk's text, once
        let surfaces = chunks.map { text($0.tokens) }
        let lowered = surfaces.enumerated().map { chunks[$0.offset].entry == nil ? $0.element.lowercased() : "" }
        for (ci, c) in chunks.enumerated() where c.entry == nil && isProduct(c.tokens, tz, lowers) {
            let n = lowered[ci]
            products.insert(n); if n.hasSuffix("s") { products.insert(String(n.dropLast())) }
        }
        if !products.isEmpty {
            for (ci, c) in chunks.enumerated() where c.entry == nil {
                let n = lowered[ci]
                if products.contains(n) || (n.hasSuffix("s") && products.contains(String(n.dropLast()))) { dropped[ci] = true }
            }
        }
        // names of one or two words no list knows whose every mention follows a preposition of
        // place ("a district court in Gdansk"): places ("a stake in Intel" is not every mention)
        // (the names after such a preposition first, then those of them found elsewhere: most
        // chunks are looked up in no table)
        // (a dateline counts as such a mention; a mention in the header block, a title, counts
        // neither way)
        // (the local function reads no `self`: a struct captured by a local function is copied,
        // every table of the lexicon retained, at each call)
        let connectors = lexicon.nameConnectors
        func placeLike(_ ci: Int) -> Bool? {
            let r = chunks[ci].tokens
            if toks[r.lowerBound].start < bodyStart { return nil }
            if r.lowerBound > 0 && lowers.is(r.lowerBound - 1, .placePreposition) { return true }
            return ActorRecognizer.isDatelinePlace(r, tz)
        }
        var afterPlace = Set<String>()
        for ci in chunks.indices where chunks[ci].entry == nil && !dropped[ci] && chunks[ci].tokens.count <= 2 {
            let b = chunks[ci].tokens.lowerBound
            if b > 0 && lowers.is(b - 1, .placePreposition) && toks[b].start >= bodyStart { afterPlace.insert(lowered[ci]) }
        }
        if !afterPlace.isEmpty {
            for ci in chunks.indices where chunks[ci].entry == nil && !dropped[ci] && chunks[ci].tokens.count <= 2 {
                if placeLike(ci) == false { afterPlace.remove(lowered[ci]) }
            }
        }
        // names taken for an organization only for want of a cue (of two or three words), and
        // the words of one-word names with a cue that they name a person ("Tamm said")
        var uncued: [(chunk: Int, last: String)] = []
        var defaulted: [Int] = [] // chunks of several words taken for an organization for want of a cue
        var personWords = Set<String>()
        for ci in chunks.indices where chunks[ci].entry == nil && !dropped[ci] {
            let r = chunks[ci].tokens
            let words = r.filter { toks[$0].kind == .word }.map { lowers[$0] }
            var byDefault = false
            guard var kind = guessKind(chunks[ci], words, tz, lowers, byDefault: &byDefault) else { unknownKinds[ci] = nil; dropped[ci] = true; continue }
            if byDefault, r.count <= 2, !afterPlace.isEmpty, afterPlace.contains(lowered[ci]) { kind = .location; byDefault = false }
            // the place of a dateline ("VARNHOLM —")
            if kind == .organization, ActorRecognizer.isDatelinePlace(r, tz) { kind = .location; byDefault = false }
            unknownKinds[ci] = kind
            // (a given name alone is no cue that the word is a surname: "Douglas" in "McDonnell Douglas")
            if r.count == 1, kind == .person, !byDefault, let w = words.first, !lexicon.givenNames.contains(w) { personWords.insert(w) }
            if byDefault, (2...3).contains(words.count), !words.contains(where: { connectors.contains($0) }) { uncued.append((ci, words.last!)) }
            if r.count >= 2 {
                let name = surfaces[ci]
                if named[name] == nil { named[name] = Named(canonical: name, kind: kind, words: words, cued: !byDefault) }
                // a cue at a later mention of the name ("Juanita Castro said") beats a default
                else if !byDefault && !named[name]!.cued { named[name]!.kind = kind; named[name]!.cued = true }
                if byDefault { defaulted.append(ci) }
            }
        }
        // each mention of a name takes the kind a cue gave it somewhere in the document
        for ci in defaulted { if let n = named[surfaces[ci]], n.cued { unknownKinds[ci] = n.kind } }
        // "Jaan Tamm signed the lease. Tamm said ...": such a name whose last word the document
        // uses alone for a person is that person
        for (ci, last) in uncued where personWords.contains(last) && named[surfaces[ci]]?.cued != true {
            unknownKinds[ci] = .person
            named[surfaces[ci]]?.kind = .person
        }
        // persons of the document by their first and last words, for short forms
        var personsByWord: [String: Set<String>] = [:]
        for n in named.values where n.kind == .person {
            if let f = n.words.first { personsByWord[f, default: []].insert(n.canonical) }
            if let l = n.words.last { personsByWord[l, default: []].insert(n.canonical) }
            // the middle names of a long name too ("Lula" in "Luiz Inacio Lula da Silva")
            if n.words.count >= 3 {
                for w in n.words.dropFirst().dropLast() where !lexicon.nameParticles.contains(w) && !isConnector(w) {
                    personsByWord[w, default: []].insert(n.canonical)
                }
            }
        }
        // organizations of the document by their last word, for "the Commission" after "the
        // European Commission" (known to the gazetteer or not)
        // and of the names no list knows, by their first word, for "Baltmar" after "Baltmar Shipping"
        // (only for the words that stand alone as names somewhere: most names own no short form)
        var alone = WordSet()
        for ci in chunks.indices where !dropped[ci] && chunks[ci].tokens.count == 1 && chunks[ci].entry == nil { alone.insert(lowers[chunks[ci].tokens.lowerBound]) }
        var orgsByLastWord: [String: Set<String>] = [:], orgsByFirstWord: [String: Set<String>] = [:]
        for ci in chunks.indices where !dropped[ci] && chunks[ci].tokens.count >= 2 {
            let r = chunks[ci].tokens
            let first = lowers[r.lowerBound], last = lowers[r.upperBound - 1]
            guard alone.contains(first) || alone.contains(last) else { continue }
            if let e = chunks[ci].entry, e.kind == .organization { orgsByLastWord[last, default: []].insert(e.canonical) }
            else if unknownKinds[ci] == .organization, chunks[ci].entry == nil {
                orgsByLastWord[last, default: []].insert(surfaces[ci])
                // (only a name that an organization word makes one: "Elian Gonzalez", taken for an
                // organization for want of a cue, is no owner of "Elian")
                if named[surfaces[ci]]?.cued == true { orgsByFirstWord[first, default: []].insert(surfaces[ci]) }
            }
        }
        // names as the text writes them other than in capitals, by their lowercase
        // (only when a line opens with a name in capitals: a dateline, a heading)
        func inCapitals(_ r: Range<Int>) -> Bool { r.allSatisfy { toks[$0].kind != .word || tz.isAllCaps(toks[$0]) } }
        var spelledOtherwise: [String: String] = [:]
        var capitalsToSpell = Set<String>()
        // (a dateline or heading opens its line: other chunks are not looked at)
        for ci in chunks.indices where !dropped[ci] && !lowered[ci].isEmpty {
            let b = chunks[ci].tokens.lowerBound
            if (b == 0 || toks[b].newlinesBefore > 0) && inCapitals(chunks[ci].tokens) { capitalsToSpell.insert(lowered[ci]) }
        }
        if !capitalsToSpell.isEmpty {
            for ci in chunks.indices where !dropped[ci] && !lowered[ci].isEmpty && capitalsToSpell.contains(lowered[ci]) && !inCapitals(chunks[ci].tokens)
                && spelledOtherwise[lowered[ci]] == nil {
                spelledOtherwise[lowered[ci]] = surfaces[ci]
            }
        }
        // "Long Name (ACRO)": the acronym names the same actor.
        for (ci, c) in chunks.enumerated() {
            let close = c.tokens.upperBound
            guard close + 2 < toks.count, tz.isPunct(toks[close], 40), tz.isAllCaps(toks[close + 1]), tz.isPunct(toks[close + 2], 41) else { continue }
            // a name in capitals before it is a dateline's place ("WASHINGTON (AP) —"), not a long name
            if c.tokens.allSatisfy({ toks[$0].kind != .word || tz.isAllCaps(toks[$0]) }) { continue }
            let canonical = c.entry?.canonical ?? surfaces[ci]
            if c.tokens.count >= 2 || c.entry != nil { acronyms[tz.string(toks[close + 1])] = canonical }
        }
        // "... and Space Company EADS N.V.": an acronym right after the words it spells names them
        for (ci, c) in chunks.enumerated() where c.entry == nil && c.tokens.count >= 2 && c.tokens.upperBound < toks.count {
            let j = c.tokens.upperBound
            guard let m = spelledBy(j, from: c.tokens.lowerBound, tz, lowers, { lowers.is($0, .capitalized) }), !m.bracketed,
                  m.start == c.tokens.lowerBound else { continue }
            acronyms[tz.string(toks[j])] = surfaces[ci]
        }
        var chunkEndingAt = PositionIndex(positions: toks.count)
        for (ci, c) in chunks.enumerated() { chunkEndingAt[c.tokens.upperBound] = ci }
        var out: [ActorMatch] = []
        for (ci, c) in chunks.enumerated() where !dropped[ci] {
            let surface = surfaces[ci]
            let start = toks[c.tokens.lowerBound].start, end = toks[c.tokens.upperBound - 1].end
            if var e = c.entry {
                // "US$40 billion", "US dollars": a currency, not the country
                if isCurrency(c.tokens.upperBound, tz, lowers) { continue }
                // "Russia's Security Council": the country's own body when the gazetteer knows
                // one ("Security Council of Russia"), not the one a short alias names
                let b = c.tokens.lowerBound
                if e.kind == .organization, b >= 2, ActorRecognizer.isPossessive(tz, b - 1),
                   let oi = chunkEndingAt[b - 1], let owner = chunks[oi].entry, owner.kind == .location {
                    let key = lowers[c.tokens].joined(separator: " ") + " of " + owner.canonical.lowercased()
                    if let own = lexicon.gazetteer[key]?.first { e = own }
                }
                if metonymy, e.role == .capital, let country = lexicon.countryOfCapital[e.canonical], isMetonymic(c.tokens, tz, lowers) {
                    out.append(ActorMatch(tokens: c.tokens, start: start, end: end, sentence: c.sentence, canonical: country,
                                          kind: .location, surface: surface, fromGazetteer: true, role: .name))
                    continue
                }
                // a known name used for an acronym of a longer name in this document wins
                let full = acronyms.isEmpty ? nil : acronyms[surface]
                out.append(ActorMatch(tokens: c.tokens, start: start, end: end, sentence: c.sentence, canonical: full ?? e.canonical,
                                      kind: full != nil ? .organization : e.kind, surface: surface, fromGazetteer: true, role: e.role))
                continue
            }
            var kind = unknownKinds[ci] ?? .other
            var canonical = surface
            // a name in capitals (a dateline, a heading) is the name the text writes otherwise
            if !spelledOtherwise.isEmpty, let other = spelledOtherwise[lowered[ci]], inCapitals(c.tokens) { canonical = other }
            if !acronyms.isEmpty, let full = acronyms[surface] {
                canonical = full
                kind = named[full]?.kind ?? .organization
            } else if c.tokens.count == 1 {
                // a short form of a full name introduced in the document ("Xi" for "Xi Jinping")
                let w = lowers[c.tokens.lowerBound]
                if let owners = personsByWord[w], owners.count == 1 {
                    canonical = owners.first!; kind = .person
                } else if !c.titled, !lexicon.orgHeads.contains(w), !lexicon.givenNames.contains(w), let owners = orgsByFirstWord[w], owners.count == 1 {
                    // "Baltmar" after "Baltmar Shipping": the one such name that starts so (a verb
                    // of speech after it, "Unisys said", is no cue against it)
                    canonical = owners.first!; kind = .organization
                } else if kind == .organization, lexicon.orgHeads.contains(w), c.tokens.lowerBound > 0, lowers[c.tokens.lowerBound - 1] == "the",
                          let owners = orgsByLastWord[w], owners.count == 1 {
                    // "the Commission": the one organization of the document whose name ends in
                    // that organization word ("the Internet" is no short form of a declaration)
                    canonical = owners.first!
                } else if c.sentenceInitial && !capitalizedInside.contains(w) && !tz.isAllCaps(toks[c.tokens.lowerBound])
                            && !(kind == .organization && beforeCompanyTitle(c.tokens, lowers))
                            && !(isNamedSubject(c.tokens, tz, lowers) && !lexicon.genericSubjects.contains(w)) {
                    // a capitalized common word opening a sentence, or a name known elsewhere
                    out.append(ActorMatch(tokens: c.tokens, start: start, end: end, sentence: c.sentence, canonical: canonical,
                                          kind: .other, surface: surface, fromGazetteer: false, role: .name, weak: true))
                    continue
                }
            }
            out.append(ActorMatch(tokens: c.tokens, start: start, end: end, sentence: c.sentence, canonical: canonical,
                                  kind: kind, surface: surface, fromGazetteer: false, role: .name))
        }
        return out
    }

    /// $ £ € ¥ at the start of a token (and #, which plain-text sources use for £, when asked).
    static func isCurrencySign(_ b: ArraySlice<UInt8>, hash: Bool) -> Bool {
        guard let c = b.first else { return false }
        if c == 36 || (hash && c == 35) { return true }
        let s = b.startIndex
        if c == 0xC2, b.count >= 2 { return b[s + 1] == 0xA3 || b[s + 1] == 0xA5 }
        if c == 0xE2, b.count >= 3 { return b[s + 1] == 0x82 && b[s + 2] == 0xAC }
        return false
    }

    func isCurrency(_ after: Int, _ tz: Tokenized, _ lowers: Words) -> Bool {
        guard after < tz.tokens.count else { return false }
        let t = tz.tokens[after]
        if !t.spaceBefore, t.kind == .punct, ActorRecognizer.isCurrencySign(tz.bytes(t), hash: false) { return true }
        let n = t.end - t.start // (the words compared only when their length fits)
        return (n == 6 || n == 7) && (lowers[after] == "dollar" || lowers[after] == "dollars")
    }

    /// A product rather than an actor: a token mixing letters and digits ("A380", "A400M"), a
    /// code joined to a number ("DC-10", "VC10"), or a name right after a model number.
    func isProduct(_ r: Range<Int>, _ tz: Tokenized, _ lowers: Words) -> Bool {
        let toks = tz.tokens
        for i in r where toks[i].kind == .word {
            let b = tz.bytes(toks[i])
            if b.contains(where: { $0 >= 48 && $0 <= 57 }) && b.contains(where: { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }) { return true }
        }
        let after = r.upperBound
        if after < toks.count, !toks[after].spaceBefore {
            if toks[after].kind == .number { return true }
            if after + 1 < toks.count, lowers[after] == "-", toks[after + 1].kind == .number || tz.bytes(toks[after + 1]).first.map({ $0 >= 48 && $0 <= 57 }) == true { return true }
        }
        // (a year before a name is none: "In 2008 Vantage Systems cut jobs")
        let before = r.lowerBound - 1
        if before >= 1, tz.isModel(toks[before]), toks[before - 1].kind == .word, tz.isCapitalized(toks[before - 1]) { return true }
        return false
    }

    /// The kind of a name no gazetteer knows, from its words and context; nil: not an actor
    /// (an event, a product, a programme: "Olympic Games", "Joint Strike Fighter").
    /// `byDefault` tells that no cue decided (the name is taken for an organization).
    func guessKind(_ c: Chunk, _ words: [String], _ tz: Tokenized, _ lowers: Words, byDefault: inout Bool) -> ActorKind? {
        if let last = words.last, lexicon.nonActorHeads.contains(last) { return nil }
        // a document or an agreement named by what it declares ("Declaration for the Future of
        // the Internet", "Treaty of Rome")
        if words.count >= 3, let first = words.first, lexicon.documentFirsts.contains(first) { return nil }
        // an operation or a campaign ("Operation Spring Storm"; "Operation Rescue", two words,
        // is a group)
        if words.count >= 3, let first = words.first, lexicon.eventFirsts.contains(first) { return nil }
        // a title alone ("Secretary", "Undersecretary") names no one by itself
        if lexicon.titles.contains(words.joined(separator: " ")) { return nil }
        // a company-form suffix alone ("N.V.", "Inc.") belongs to the name before it
        if !words.isEmpty, words.allSatisfy({ lexicon.isOrgSuffix($0) }) { return nil }
        // "Procter & Gamble", "Ernst & Young": a firm's name
        if words.count >= 3, words.contains("&") { return .organization }
        // a legislator's party and state in parentheses ("(R-AZ)", "(D-Calif.)")
        if c.tokens.lowerBound > 0, tz.isPunct(tz.tokens[c.tokens.lowerBound - 1], 40) {
            let b = c.tokens.lowerBound, first = lowers[b]
            if let dash = first.firstIndex(of: "-"), lexicon.partyInitials.contains(String(first[..<dash])) { return nil }
            if b + 1 < tz.tokens.count, lexicon.partyInitials.contains(first), lowers[b + 1] == "-" { return nil }
        }
        // ... or after a comma: "Rep. Lincoln Diaz-Balart, R-Fla." (the state is a place of its own)
        let b0 = c.tokens.lowerBound
        if c.tokens.count <= 4, b0 + 2 < tz.tokens.count, lowers.is(b0, .partyInitial),
           lowers[b0 + 1] == "-", !tz.tokens[b0 + 1].spaceBefore, !tz.tokens[b0 + 2].spaceBefore { return nil }
        // a currency code before an amount ("GB £20 billion", "GB #20 billion")
        let after = c.tokens.upperBound
        if c.tokens.count == 1, after < tz.tokens.count, tz.isAllCaps(tz.tokens[c.tokens.lowerBound]),
           ActorRecognizer.isCurrencySign(tz.bytes(tz.tokens[after]), hash: true) { return nil }
        // a word for a kind of place alone ("Port strike spreads ...") names no place
        if words.count == 1, lexicon.placeHeads.contains(words[0]) { return nil }
        // the last word is the head: "State Council Information Office" is an office, "Gulf Air"
        // an airline, "Port Authority" an authority; then any word ("Bank of Finland", "Gulf of Riga")
        if let last = words.last, words.count >= 2 {
            if lexicon.orgHeads.contains(last) { return .organization }
            if lexicon.placeHeads.contains(last) { return .location }
        }
        if words.contains(where: { lexicon.placeHeads.contains($0) }) { return .location }
        if words.contains(where: { lexicon.orgHeads.contains($0) }) { return .organization }
        if let last = words.last, lexicon.isOrgSuffix(last) { return .organization }
        if c.tokens.count == 1 && tz.isAllCaps(tz.tokens[c.tokens.lowerBound]) { return .organization }
        if c.titled { return .person }
        if beforeCompanyTitle(c.tokens, lowers) { return .organization }
        // a lowercase title or role right before: "NIST director Laurie Locascio", or before a
        // comma: "the transport commissioner, Apostolos Tzitzikostas, ..."
        let b = c.tokens.lowerBound
        if b > 0, lexicon.titles.contains(lowers[b - 1]) || (b > 1 && lexicon.titles.contains(lowers[b - 2] + " " + lowers[b - 1])) { return .person }
        if b > 1, c.tokens.count >= 2, tz.isPunct(tz.tokens[b - 1], 44), tz.tokens[b - 2].kind == .word, !tz.isCapitalized(tz.tokens[b - 2]),
           lexicon.titles.contains(lowers[b - 2]) { return .person }
        if let first = words.first, lexicon.givenNames.contains(first) { return .person }
        // "Mobile, Alabama", "Everett, Washington": a place before its region or country
        let a = c.tokens.upperBound
        if a + 1 < tz.tokens.count, tz.isPunct(tz.tokens[a], 44), let (_, e) = gazetteerMatch(a + 1, limit: tz.tokens.count, tz, lowers),
           e.kind == .location, e.role == .name, c.tokens.count <= 3 { return .location }
        if c.tokens.count <= 2, isPlaceByContext(c.tokens, tz, lowers) { return .location }
        // "Jusman Syafii Djamal, minister of transport": a title or role in apposition
        if a + 1 < tz.tokens.count, tz.isPunct(tz.tokens[a], 44), c.tokens.count >= 2 {
            var k = a + 1
            while k < tz.tokens.count, lexicon.appositionSkips.contains(lowers[k]) { k += 1 }
            for n in stride(from: min(lexicon.maxTitleTokens, tz.tokens.count - k), through: 1, by: -1) where n > 0 {
                if lexicon.titles.contains(lowers[k..<(k + n)].joined(separator: " ")) { return .person }
            }
            if k < tz.tokens.count, lexicon.roles[lowers[k]] != nil { return .person }
            // "Lina Sato, Haddad's security chief": a role held for someone
            var q = k
            while q < min(k + 4, tz.tokens.count), !ActorRecognizer.isPossessive(tz, q), tz.tokens[q].kind == .word { q += 1 }
            if q < tz.tokens.count, ActorRecognizer.isPossessive(tz, q) {
                for r in (q + 1)..<min(q + 4, tz.tokens.count) where lexicon.roles[lowers[r]] != nil || lexicon.titles.contains(lowers[r]) { return .person }
            }
        }
        // "Haines said", "Haines, the director of ..., said"; not the object of a preposition,
        // which is no speaker ("analysts at Nordbank said")
        var j = c.tokens.upperBound
        if j < tz.tokens.count, tz.isPunct(tz.tokens[j], 44) { j += 1 }
        let objectOfPreposition = c.tokens.lowerBound > 0 && lexicon.notSpeakerAfter.contains(lowers[c.tokens.lowerBound - 1])
        if j < tz.tokens.count, lexicon.speechVerbs.contains(lowers[j]), !objectOfPreposition { return .person }
        // "Rabin, who signed ...", "Farkas, 48, said": a relative "who" or an age in apposition
        if j > c.tokens.upperBound, j < tz.tokens.count {
            if lexicon.personAfterComma.contains(lowers[j]) { return .person }
            if j + 1 < tz.tokens.count, tz.isPunct(tz.tokens[j + 1], 44), ActorRecognizer.isAge(lowers[j]) { return .person }
        }
        byDefault = true
        return .organization
    }
}

extension ActorRecognizer {
    /// A whole number from 1 to 119 written in digits: an age, standing in apposition after a name.
    static func isAge(_ w: String) -> Bool {
        let u = w.utf8
        guard (1...3).contains(u.count), u.allSatisfy({ $0 >= 48 && $0 <= 57 }), u.first != 48, let n = Int(w) else { return false }
        return n < 120
    }

    /// Whether the words around a name no list knows say it is a place: a kind of place in
    /// apposition ("Qingdao, a port city"), a part of a place it is in ("Harbin, in northeastern China"),
    /// or a journey to it ("flew to Harbin", "travelled on to Kazan").
    func isPlaceByContext(_ r: Range<Int>, _ tz: Tokenized, _ lowers: Words) -> Bool {
        let n = tz.tokens.count, a = r.upperBound, b = r.lowerBound
        func lowercaseWord(_ k: Int) -> Bool { tz.tokens[k].kind == .word && !tz.isCapitalized(tz.tokens[k]) }
        if a + 1 < n, tz.isPunct(tz.tokens[a], 44) {
            var k = a + 1
            while k < n, lexicon.appositionSkips.contains(lowers[k]) { k += 1 }
            if k < n, lowers[k] == "in" {
                // ", in [the] northeastern <a place the gazetteer knows>" (a part of the place
                // must be named: "Haines, in Washington, said" is a person where she spoke)
                var q = k + 1
                while q < min(n, k + 4), lexicon.placeDirections.contains(lowers[q]) { q += 1 }
                if q > k + 1, lowers[q - 1] != "the", q < n, let (_, e) = gazetteerMatch(q, limit: n, tz, lowers), e.kind == .location { return true }
            } else if k > a + 1 {
                // ", a port city": the first lowercase words after an article
                var q = k
                while q < min(n, k + 3), lowercaseWord(q) {
                    if lexicon.placeNouns.contains(lowers[q]) || lexicon.placeHeads.contains(lowers[q]) { return true }
                    if lowers.is(q, .orgHead) { return false }
                    q += 1
                }
            }
        }
        if b >= 2, lowers[b - 1] == "to" {
            if lexicon.travelVerbs.contains(lowers[b - 2]) { return true }
            if b >= 3, lowers[b - 2] == "on" || lowers[b - 2] == "back", lexicon.travelVerbs.contains(lowers[b - 3]) { return true }
        }
        return false
    }
}

extension Tokenized {
    /// The working text of a token range, with the original spacing between tokens collapsed to one space.
    public func workTextOfTokens(_ r: Range<Int>) -> String {
        guard !r.isEmpty else { return "" }
        var s = ""
        for i in r {
            let t = tokens[i]
            if i > r.lowerBound && t.spaceBefore { s += " " }
            s += string(t)
        }
        return s
    }
}
