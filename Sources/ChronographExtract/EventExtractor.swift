import ChronographCore

/// Events and links from a document's sentences. An event is a trigger (a verb or an event
/// noun of the trigger lexicon) with its participants (agent: the subject before the trigger,
/// a pronoun resolved to the previous sentence's subject; target: the first actor after it;
/// places after "in", "to", "at"; others), a date (a time expression in the sentence; else the
/// date the narrative runs on, fixed earlier in the paragraph or in the one before; else
/// undated), a modality (asserted, negated,
/// hypothetical, planned) and a one-line summary from its clause. Links come from asserted
/// events by kind (met, visited, signed, sanctioned, invaded, ...) and, as a fallback, from
/// actors sharing a sentence (co-occurrence). A class: its many tables are shared, not copied,
/// by the local functions of `extract` that use them.
public final class EventExtractor: Sendable {
    public let triggers: WordMap<String>
    /// Triggers that are one only before one of some words ("called for", not "called it").
    let triggerNeedsNext: [String: Set<String>]
    /// event kind or trigger word → (link kind, directed)
    let linkKinds: [String: (String, Bool)]
    /// Country names (canonical): "France, Germany" is a list, "Toulouse, France" a place and its country.
    let countries: Set<String>
    /// Two names more words apart than this in a clause are not linked by co-occurrence.
    let cooccurrenceWindow: Int

    /// Every cue class a token's lowercase form belongs to, as bits (`Cue`): one lookup per
    /// token, then each test of a class is a bit test.
    let cueTable: WordMap<UInt64>

    /// The cue classes, as bits of one word per token.
    enum Cue {
        static let clauseBreak: UInt64 = 1 << 0, opener: UInt64 = 1 << 1, join: UInt64 = 1 << 2, possessive: UInt64 = 1 << 3
        static let pronoun: UInt64 = 1 << 4, negation: UInt64 = 1 << 5, hypothetical: UInt64 = 1 << 6, planned: UInt64 = 1 << 7
        static let perfect: UInt64 = 1 << 8, subjectStart: UInt64 = 1 << 9, notPartyAfter: UInt64 = 1 << 10
        static let circumstantial: UInt64 = 1 << 11, subordinator: UInt64 = 1 << 12, preposition: UInt64 = 1 << 13
        static let listJoiner: UInt64 = 1 << 14, coordinator: UInt64 = 1 << 15, periodEdge: UInt64 = 1 << 16
        /// , ; : — (a clause mark when the token is punctuation)
        static let clauseMark: UInt64 = 1 << 17
        /// in, to, at, into: before a place of the event
        static let placePreposition: UInt64 = 1 << 18
        static let that: UInt64 = 1 << 19, andBut: UInt64 = 1 << 20, trigger: UInt64 = 1 << 21
        /// Where a one-line summary may stop.
        static let summaryEnd: UInt64 = 1 << 22
        /// Opening a paragraph, ends the narrative of the one before ("Separately, ...").
        static let narrativeBreak: UInt64 = 1 << 23
        /// "has", "have" before a trigger: a past not fixed in time, no narrative's date
        static let presentPerfect: UInt64 = 1 << 24
        /// Anywhere earlier in the trigger's clause, makes its event planned ("will travel to
        /// Beijing next week for talks").
        static let clauseFuture: UInt64 = 1 << 25
        /// to, for: before the receivers of what an event moves ("jets delivered to six airlines:
        /// A, B, C")
        static let recipient: UInt64 = 1 << 26
        /// A word (not punctuation): co-occurrence counts the words between two names.
        static let word: UInt64 = 1 << 27
        /// A model designation ("A380", "787", "737-800"): the name before it makes a product
        /// ("Airbus A380", "Boeing 787"), which is no party to what happens to the product.
        static let model: UInt64 = 1 << 28
        /// Numbered itself before a number ("Flight 574"): no maker of a product.
        static let numbered: UInt64 = 1 << 29
        /// Between two names, makes the first modify the second ("Airbus parent EADS").
        static let relation: UInt64 = 1 << 30
        /// After a relation noun, completes it ("parent company").
        static let relationHead: UInt64 = 1 << 31
        /// A word that opens in lowercase.
        static let lowercaseWord: UInt64 = 1 << 32
        /// Words in -ing that open no participle clause after a comma ("including", "during").
        static let notParticiple: UInt64 = 1 << 33
        /// An apostrophe alone: a possessive after a name in -s ("Airbus' A380s"), or a quote.
        static let apostrophe: UInt64 = 1 << 34
    }

    public static let english = EventExtractor(language: "en")

    public init(language: String) {
        var t = WordMap<String>()
        var next: [String: Set<String>] = [:]
        for f in ResourceFiles.table("event-triggers.txt", language: language) where f.count >= 2 {
            t[f[0].lowercased()] = f[1]
            if f.count >= 3, !f[2].isEmpty { next[f[0].lowercased()] = Set(f[2].lowercased().split(separator: ";").map(String.init)) }
        }
        triggers = t
        triggerNeedsNext = next
        var c: [String: Set<String>] = [:], l: [String: (String, Bool)] = [:]
        for f in ResourceFiles.table("event-cues.txt", language: language) where f.count >= 2 {
            if f[0] == "link", f.count >= 4 { l[f[1]] = (f[2], f[3] == "yes") } else { c[f[0], default: []].insert(f[1].lowercased()) }
        }
        linkKinds = l
        cooccurrenceWindow = c["cooccurrence-window"]?.compactMap { Int($0) }.first ?? Int.max
        countries = Set(ResourceFiles.table("countries.txt", language: language, names: true).compactMap { $0.count >= 2 ? $0[1] : nil })
        // the cue classes of event-cues.txt, and the fixed word classes, as bits of one table
        var table: [String: UInt64] = [:]
        func mark(_ words: some Sequence<String>, _ bit: UInt64) { for w in words { table[w, default: 0] |= bit } }
        let classes: [(String, UInt64)] = [
            ("clause-break", Cue.clauseBreak), ("clause-opener", Cue.opener), ("modifier-join", Cue.join), ("pronoun", Cue.pronoun),
            ("negation", Cue.negation), ("hypothetical", Cue.hypothetical), ("planned", Cue.planned), ("perfect", Cue.perfect),
            ("subject-start", Cue.subjectStart), ("not-party-after", Cue.notPartyAfter), ("circumstance-before", Cue.circumstantial),
            ("subordinator", Cue.subordinator), ("preposition", Cue.preposition), ("list-joiner", Cue.listJoiner),
            ("coordinator", Cue.coordinator), ("period-edge", Cue.periodEdge), ("clause-mark", Cue.clauseMark),
            ("place-preposition", Cue.placePreposition), ("complementizer", Cue.that), ("clause-join", Cue.andBut),
            ("summary-end", Cue.summaryEnd), ("narrative-break", Cue.narrativeBreak), ("present-perfect", Cue.presentPerfect), ("clause-future", Cue.clauseFuture),
            ("recipient", Cue.recipient), ("numbered-noun", Cue.numbered), ("relation-noun", Cue.relation), ("relation-head", Cue.relationHead), ("not-participle", Cue.notParticiple)]
        for (cls, bit) in classes { mark(c[cls] ?? [], bit) }
        mark((c["modifier-join"] ?? []).filter { $0.hasSuffix("s") }, Cue.possessive) // "'s", "’s": "Airbus's parent EADS"
        mark(["'", "\u{2019}"], Cue.apostrophe)
        mark(t.entries.map(\.key), Cue.trigger)
        var cueTable = WordMap<UInt64>(capacity: table.count)
        for (w, bits) in table { cueTable[w] = bits }
        self.cueTable = cueTable
    }

    /// The cue classes of each token (`Cue` bits).
    func cueBits(_ lowers: [String]) -> [UInt64] { lowers.map { cueTable[$0] ?? 0 } }

    static let references: WordSet = ["PRESENT_REF", "PAST_REF", "FUTURE_REF"]
    /// Whether a word has a cue class (`Cue` bits).
    func has(_ word: String, _ bits: UInt64) -> Bool { (cueTable[word] ?? 0) & bits != 0 }

    /// A lowercase word in -ing that may open a participle clause (", bringing production of
    /// ...", ", claiming the evaluation was skewed"): a clause of its own after a comma.
    func isParticipleCue(_ cue: UInt64, _ word: String) -> Bool {
        guard cue & Cue.lowercaseWord != 0, cue & (Cue.notParticiple | Cue.listJoiner) == 0 else { return false }
        return word.utf8.count > 5 && word.utf8.suffix(3).elementsEqual("ing".utf8)
    }

    /// The pairs of actors (by number, each pair in order) that share a clause of the sentence.
    /// `numbers`: the document's number of each mention of `inS`, at the same indices (numbers
    /// order as the ids do). A pair shares a clause when some mention of
    /// one and some mention of the other have no clause break between them ("said", a
    /// semicolon, a quotation mark, ", while"...) and are not one name modifying the other
    /// ("Airbus's parent EADS", "Everett, Washington"), and are at most `cooccurrenceWindow`
    /// words apart. A name that only tells whose or which the next one is, and a maker before
    /// its product's model, pair with none. A sentence naming more than 60 actors is taken whole
    /// (every pair), to keep the cost bounded.
    func cooccurring(_ inS: ArraySlice<ActorMatch>, _ numbers: ArraySlice<Int>, _ tokens: Range<Int>, _ cue: [UInt64],
                     _ lower: (Int) -> String) -> [(Int, Int)] {
        guard let first = numbers.first, numbers.contains(where: { $0 != first }) else { return [] } // fewer than two actors
        // the actors' numbers (the document's, in the order of their ids), each once, sorted
        var ids = numbers.sorted()
        var unique = 1
        for i in 1..<ids.count where ids[i] != ids[unique - 1] { ids[unique] = ids[i]; unique += 1 }
        ids.removeLast(ids.count - unique)
        func number(_ id: Int) -> Int { // binary search in the sorted numbers
            var lo = 0, hi = ids.count
            while lo < hi { let mid = (lo + hi) / 2; if ids[mid] < id { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        let n = ids.count
        var pairs = [Bool](repeating: false, count: n * n) // [x * n + y], x < y, in the sorted ids
        if inS.count > 60 || tokens.isEmpty {
            for x in 0..<n { for y in (x + 1)..<max(x + 1, n) { pairs[x * n + y] = true } }
        } else {
            // before[i]: clause breaks among the sentence's tokens before token i (only tokens
            // between the first and last actor are looked at; a comma is the token both a clause
            // mark and a list joiner)
            let comma = Cue.clauseMark | Cue.listJoiner
            var before = [Int](repeating: 0, count: tokens.count + 1)
            var lo = Int.max, hi = Int.min
            for m in inS { lo = min(lo, m.tokens.lowerBound); hi = max(hi, m.tokens.upperBound) }
            for i in tokens {
                let c = cue[i], k = i - tokens.lowerBound
                var isBreak = false
                if i >= lo && i < hi {
                    if c & Cue.clauseBreak != 0 { isBreak = true }
                    else if c & (Cue.opener | Cue.lowercaseWord) != 0, i > tokens.lowerBound, cue[i - 1] & comma == comma {
                        isBreak = c & Cue.opener != 0 || isParticipleCue(c, lower(i))
                    }
                }
                before[k + 1] = before[k] + (isBreak ? 1 : 0)
            }
            // wordsBefore[i]: the words before token i that are in no name (made when a pair is
            // first further apart than the window)
            var wordsBefore: [Int] = []
            func words(_ from: Int, _ to: Int) -> Int {
                if wordsBefore.isEmpty {
                    var inName = [Bool](repeating: false, count: tokens.count)
                    for m in inS { for t in m.tokens where tokens.contains(t) { inName[t - tokens.lowerBound] = true } }
                    wordsBefore = [Int](repeating: 0, count: tokens.count + 1)
                    for i in tokens {
                        let k = i - tokens.lowerBound
                        wordsBefore[k + 1] = wordsBefore[k] + (cue[i] & Cue.word != 0 && !inName[k] ? 1 : 0)
                    }
                }
                return wordsBefore[index(to)] - wordsBefore[index(from)]
            }
            func index(_ t: Int) -> Int { min(max(t - tokens.lowerBound, 0), tokens.count) }
            // in text order, by index, each with its id's number (a copy of a match retains its
            // strings; the numbers are compared, not the ids)
            // a maker before its product's model ("Airbus A380 landed at Changi", "an order for
            // two of Airbus' new A380s") is no party
            func isMaker(_ m: ActorMatch) -> Bool {
                let e = m.tokens.upperBound
                guard e < tokens.upperBound, cue[e - 1] & Cue.numbered == 0 else { return false }
                if cue[e] & Cue.model != 0 { return true }
                guard cue[e] & (Cue.possessive | Cue.apostrophe) != 0 else { return false }
                var k = e + 1
                while k < tokens.upperBound, k <= e + 3, cue[k] & Cue.word != 0 {
                    if cue[k] & Cue.model != 0 { return true }
                    k += 1
                }
                return false
            }
            var ms: [Int] = []
            ms.reserveCapacity(inS.count)
            var inOrder = true
            for i in inS.indices where !isMaker(inS[i]) {
                if let l = ms.last, inS[l].tokens.lowerBound > inS[i].tokens.lowerBound { inOrder = false }
                ms.append(i)
            }
            // (mentions come in text order: the sort, a stable one, is for safety)
            if !inOrder { ms.sort { inS[$0].tokens.lowerBound < inS[$1].tokens.lowerBound } }
            let nums = ms.map { number(numbers[$0]) }
            // Lists of three or more names ("six airlines: A, B, C, D and E"): the members share
            // a place in the clause, they did not deal with one another; each is still linked to
            // the names outside the list. (Two names joined by "and" may be a pair that acted
            // together, and stay linked.)
            let (list, listSize) = EventExtractor.lists(ms.map { inS[$0].tokens }, cue, lower)
            // whether list joiners after a name lead to another name (", Japan and Ukraine"), not
            // to the rest of the clause ("Seattle, Washington, in the United States")
            func listGoesOn(after e: Int) -> Bool {
                var k = e
                while k < tokens.upperBound, cue[k] & Cue.listJoiner != 0 || lower(k) == "the" { k += 1 }
                return k > e && inS.contains { $0.tokens.lowerBound == k }
            }
            // a name modifying the next one ("Russia's Putin", "Airbus parent EADS", "Airbus's
            // parent EADS", "Airbus parent company EADS", "Seattle-based Boeing", "UK RAF") tells
            // whose or which the next one is: no party of its own in the clause; of two names with
            // nothing between them, a place is the modifier ("Garuda Indonesia", "China Eastern":
            // one name cut in two)
            var modifier = [Bool](repeating: false, count: ms.count)
            for i in 0..<max(0, ms.count - 1) {
                let from = inS[ms[i]].tokens.upperBound, gap = inS[ms[i + 1]].tokens.lowerBound - from
                if gap == 0 {
                    let placeFirst = inS[ms[i]].kind == .location, placeSecond = inS[ms[i + 1]].kind == .location
                    if placeSecond && !placeFirst { modifier[i + 1] = true } else { modifier[i] = true }
                } else if (gap == 1 && cue[from] & (Cue.join | Cue.relation) != 0)
                    || (gap == 2 && (cue[from] & Cue.possessive != 0 || lower(from) == "-") && cue[from + 1] & Cue.relation != 0)
                    || (gap == 2 && cue[from] & Cue.relation != 0 && cue[from + 1] & Cue.relationHead != 0) {
                    modifier[i] = true
                }
            }
            for i in 0..<ms.count where !modifier[i] {
                let ai = ms[i], na = nums[i]
                for j in (i + 1)..<max(i + 1, ms.count) where nums[j] != na && !modifier[j] {
                    let bi = ms[j], nb = nums[j]
                    let key = min(na, nb) * n + max(na, nb)
                    if pairs[key] { continue }
                    if list[i] == list[j] && listSize[list[i]] >= 3 { continue }
                    let from = inS[ai].tokens.upperBound, to = inS[bi].tokens.lowerBound
                    guard from <= to else { continue } // overlapping mentions: one name inside another
                    if before[index(to)] - before[index(from)] > 0 { continue }
                    let gap = to - from
                    if gap == 1 {
                        if cue[from] & Cue.join != 0 { continue }
                        // "Everett, Washington": a place and its region; "NATO, Russia and Ukraine" is a list
                        let bEnd = inS[bi].tokens.upperBound
                        if inS[bi].kind == .location && lower(from) == "," && !countries.contains(inS[ai].canonical)
                            && !listGoesOn(after: bEnd) { continue }
                    }
                    if gap == 2, cue[from] & Cue.possessive != 0 { continue }
                    // far apart in the clause: most such names belong to different events
                    // (the words of other names between them count as none: "in France, 3,700 in
                    // Germany, 1,600 in the UK and 400 in Spain")
                    if gap > cooccurrenceWindow, words(from, to) > cooccurrenceWindow { continue }
                    // a demonym modifies a name ("German airline Lufthansa"): no party of its own
                    if inS[ai].role == .demonym || inS[bi].role == .demonym { continue }
                    pairs[key] = true
                }
            }
        }
        var out: [(Int, Int)] = []
        for k in pairs.indices where pairs[k] { out.append((ids[k / n], ids[k % n])) }
        return out
    }

    /// The lists among mentions in text order (`spans`: their tokens): for each mention, the
    /// index of the first member of its list, and for each first member, the list's size.
    /// Neighbours are in one list when only list joiners (commas, "and", "or") stand between
    /// them (", the United Kingdom, Japan and Ukraine": an article may open a member).
    static func lists(_ spans: [Range<Int>], _ cue: [UInt64], _ lower: (Int) -> String) -> (first: [Int], size: [Int]) {
        var list = Array(0..<spans.count)
        for i in 1..<max(1, spans.count) {
            let a = spans[i - 1], b = spans[i]
            let between = a.upperBound..<b.lowerBound
            if a.upperBound < b.lowerBound && between.contains(where: { cue[$0] & Cue.listJoiner != 0 })
                && between.allSatisfy({ cue[$0] & Cue.listJoiner != 0 || lower($0) == "the" }) {
                list[i] = list[i - 1]
            }
        }
        var size = [Int](repeating: 0, count: spans.count)
        for i in spans.indices { size[list[i]] += 1 }
        return (list, size)
    }

    public struct Output {
        public var events: [Event]
        public var links: [Link]
    }

    /// `lowers`: the document's tokens lowercased (`Tokenized.lowercased()`), when the caller has
    /// them; `cues`: their cue classes (`cueBits`), likewise.
    public func extract(doc: LoadedDocument, tz: Tokenized, sentences: [Sentence], timexes: [TimexMatch],
                        actors: [ActorMatch], published: String?, lowers given: [String]? = nil, cues: [UInt64]? = nil) -> Output {
        let toks = tz.tokens
        let lowers = given ?? tz.lowercased()
        func lower(_ i: Int) -> String { lowers[i] }
        var cueMarks = cues ?? cueBits(lowers)
        // a hyphen standing for a dash, spaced on both sides ("OSLO, May 3 (Reuters) - Norway
        // and ..."), breaks the clause as a dash does; a hyphen inside a word does not
        for i in toks.indices where i + 1 < toks.count && toks[i].end - toks[i].start == 1 && tz.text[toks[i].start] == 45
            && toks[i].spaceBefore && toks[i + 1].spaceBefore {
            cueMarks[i] |= Cue.clauseBreak
        }
        // triggersBefore[i]: trigger words among the tokens before token i
        var triggerCount = [Int32](repeating: 0, count: toks.count + 1)
        for i in toks.indices {
            triggerCount[i + 1] = triggerCount[i] &+ (toks[i].kind == .word && cueMarks[i] & Cue.trigger != 0 ? 1 : 0)
            guard toks[i].kind != .punct else { continue }
            cueMarks[i] |= Cue.word
            let b0 = tz.text[toks[i].start]
            if b0 >= 97 && b0 <= 122 { cueMarks[i] |= Cue.lowercaseWord }
            if tz.isModel(toks[i]) { cueMarks[i] |= Cue.model }
        }
        // (a constant: the inner functions below read it at every token, and a captured
        // variable would be checked for exclusive access each time)
        let cue = cueMarks, triggersBefore = triggerCount
        /// Whether token `i` is of a cue class (`Cue`).
        func isCue(_ i: Int, _ bits: UInt64) -> Bool { cue[i] & bits != 0 }
        /// Only words of a cue class between two mentions (in text order).
        func only(_ bits: UInt64, between a: ActorMatch, _ b: ActorMatch) -> Bool {
            a.tokens.upperBound <= b.tokens.lowerBound && (a.tokens.upperBound..<b.tokens.lowerBound).allSatisfy { isCue($0, bits) }
        }
        /// "A and her Estonian counterpart B": "and", then only a possessive or an article,
        /// demonyms and lowercase words (a role) up to the second name.
        func coordinatedThroughRole(_ a: ActorMatch, _ b: ActorMatch, in sentence: ArraySlice<ActorMatch>) -> Bool {
            var i = a.tokens.upperBound
            guard i < b.tokens.lowerBound, toks[i].kind == .word, isCue(i, Cue.coordinator), lower(i) == "and" else { return false }
            i += 1
            var words = 0
            while i < b.tokens.lowerBound {
                if let d = sentence.first(where: { $0.tokens.lowerBound == i && $0.role == .demonym }) { i = d.tokens.upperBound; continue }
                guard toks[i].kind == .word, !tz.isCapitalized(toks[i]), words < 4 else { return false }
                i += 1; words += 1
            }
            return words >= 1 && i == b.tokens.lowerBound
        }
        /// , ; — : (a clause boundary between an actor and a trigger)
        func isClauseMark(_ i: Int) -> Bool { toks[i].kind == .punct && isCue(i, Cue.clauseMark) }
        func span(_ s: Int, _ e: Int) -> SourceSpan { let (a, b) = doc.fileRange(s, e); return SourceSpan(doc: doc.id, start: a, end: b) }
        var events: [Event] = []
        // The document's links, found by their ends and kind as numbers: actor ids and kinds
        // are numbered as first seen, so a lookup hashes one integer (links are looked up for
        // every pair of actors of every sentence); a link's value is never moved by the table.
        var links: [Link] = []
        var linkIndex: [UInt64: Int] = [:]
        // the actors' ids numbered in their sorted order, and each mention's number (a pair
        // of mentions is compared, ordered and looked up by its numbers)
        var idNumbers = WordMap<Int>(capacity: 64)
        var idNames: [String] = []
        for a in actors where idNumbers[a.id] == nil { idNumbers[a.id] = 0; idNames.append(a.id) }
        idNames.sort()
        for (n, id) in idNames.enumerated() { idNumbers[id] = n }
        let mentionNumbers = actors.map { idNumbers[$0.id]! }
        var kindNames: [String] = []
        func number(_ id: String) -> UInt64 {
            if let n = idNumbers[id] { return UInt64(n) }
            let n = idNames.count; idNumbers[id] = n; idNames.append(id); return UInt64(n)
        }
        func kindNumber(_ kind: String) -> UInt64 {
            if let i = kindNames.firstIndex(of: kind) { return UInt64(i) }
            kindNames.append(kind); return UInt64(kindNames.count - 1)
        }
        func addLink(_ a: String, _ b: String, _ kind: String, _ directed: Bool, _ source: SourceSpan, _ event: String?) {
            guard a != b else { return }
            let (s, t) = directed || a < b ? (a, b) : (b, a)
            addLink(number(s), number(t), kind, directed, source, event)
        }
        /// `s`, `t`: the ends' numbers, in the link's order.
        func addLink(_ s: UInt64, _ t: UInt64, _ kind: String, _ directed: Bool, _ source: SourceSpan, _ event: String?) {
            let key = s << 38 | t << 12 | kindNumber(kind)
            // in place (a copy would copy the sources on every append); sentences come in order,
            // so a repeat can only be the last one added
            if let i = linkIndex[key] { links[i].update(source, event); return }
            var l = Link(source: idNames[Int(s)], target: idNames[Int(t)], kind: kind, directed: directed, weight: 0, events: [], sources: [])
            l.update(source, event)
            linkIndex[key] = links.count
            links.append(l)
        }
        let documentDate = published.flatMap { CivilDate(iso: $0) != nil ? $0 : nil }
        // each date and time once: whether its value is a calendar interval, and the `When` an
        // event it dates takes ("April 20-28": the range)
        var timeOf = [(isCalendar: Bool, when: When?)](repeating: (false, nil), count: timexes.count)
        for (i, t) in timexes.enumerated() where t.type == .date || t.type == .time {
            let iv = TimexValue.interval(of: t.value)
            if let end = t.rangeEnd, let a = iv, let b = TimexValue.interval(of: end) {
                timeOf[i] = (true, When(value: "\(t.value)/\(end)", start: a.start.iso, end: b.end.iso, basis: t.basis))
            } else {
                timeOf[i] = (iv != nil, When(value: t.value, start: iv?.start.iso, end: iv?.end.iso, basis: t.basis))
            }
        }
        // the name of an actor by id (its first mention's), for a pronoun's agent; the table is
        // made once, when first needed (a search of every mention for each pronoun grew with the
        // square of the document)
        var canonicalOf: [String: String]? = nil
        func agentName(_ id: String) -> String? {
            if canonicalOf == nil {
                var names: [String: String] = [:]
                for a in actors where names[a.id] == nil { names[a.id] = a.canonical }
                canonicalOf = names
            }
            return canonicalOf![id]
        }
        var narrative: (when: When, paragraph: Int)? = nil
        var previousSubject: String? = nil
        var ai = 0, ti = 0
        for s in sentences {
            // a paragraph that opens by changing the subject ("Separately, ...", "In a separate
            // case, ...", "Meanwhile, ...") does not carry on the narrative before it
            if let n = narrative, n.paragraph < s.paragraph,
               s.tokens.prefix(4).contains(where: { toks[$0].kind == .word && isCue($0, Cue.narrativeBreak) }) {
                narrative = nil
            }
            while ai < actors.count && actors[ai].end <= s.start { ai += 1 }
            while ti < timexes.count && timexes[ti].end <= s.start { ti += 1 }
            var j = ai
            while j < actors.count && actors[j].start < s.end { j += 1 }
            let inS = actors[ai..<j] // a slice: the matches are not copied
            let inSNumbers = mentionNumbers[ai..<j]
            var times: [Int] = [] // dates and times of the sentence, by index
            j = ti
            while j < timexes.count && timexes[j].start < s.end { if timexes[j].type == .date || timexes[j].type == .time { times.append(j) }; j += 1 }
            let source = span(s.start, s.end)
            // co-occurrence: pairs of actors named in one clause of the sentence
            for (x, y) in cooccurring(inS, inSNumbers, s.tokens, cue, lower) {
                addLink(UInt64(x), UInt64(y), "co-occurrence", false, source, nil)
            }
            // a date the sentence fixes: the expression nearest the trigger, calendar values first
            // "since 2013", "until May": the edge of a period, not the time of the event
            let usable = times.filter { i in
                let t = timexes[i]
                let before = t.tokens.lowerBound > s.tokens.lowerBound ? lower(t.tokens.lowerBound - 1) : ""
                return !t.isRangeEnd && !EventExtractor.references.contains(t.value) && !has(before, Cue.periodEdge)
            }
            let calendar = usable.filter { timeOf[$0].isCalendar }
            let pool = calendar.isEmpty ? usable : calendar
            // the sentence's quotations: a date quoted dates what is said in the quotation, not
            // the saying ("'We are closer than a year ago,' she told a news conference")
            // (made only for a sentence with a quotation mark in it)
            var quoted: [Bool] = []
            if !pool.isEmpty, s.tokens.contains(where: { toks[$0].kind == .punct && (tz.text[toks[$0].start] == 34 || tz.text[toks[$0].start] == 0xE2) }) {
                quoted = Array(repeating: false, count: s.tokens.count)
                var open = false
                for i in s.tokens {
                    let t = toks[i]
                    if t.kind == .punct {
                        let b = tz.text[t.start], n = t.end - t.start
                        if n == 1 && b == 34 { open.toggle(); quoted[i - s.tokens.lowerBound] = true; continue }
                        if n == 3 && b == 0xE2 && tz.text[t.start + 1] == 0x80 {
                            if tz.text[t.start + 2] == 0x9C { open = true } else if tz.text[t.start + 2] == 0x9D { open = false; quoted[i - s.tokens.lowerBound] = true; continue }
                        }
                    }
                    quoted[i - s.tokens.lowerBound] = open
                }
            }
            /// `trigger`: `k` is a trigger's word (not the sentence's start, for a sentence taken
            /// whole or for the narrative)
            func when(near k: Int, trigger: Bool = true, narrative: Bool = false) -> When? {
                let q = trigger && !quoted.isEmpty && quoted[k - s.tokens.lowerBound]
                // a date after a future further on in the sentence dates that clause ("said the
                // talks would resume in December"), not the trigger before it
                var best: Int? = nil, bestDistance = Int.max
                for i in pool {
                    let a = timexes[i].tokens.lowerBound
                    let d = abs(a - k)
                    guard d < bestDistance else { continue }
                    if !quoted.isEmpty && quoted[a - s.tokens.lowerBound] && !q { continue }
                    if trigger || narrative, a > k, ((k + 1)..<a).contains(where: { toks[$0].kind == .word && (isCue($0, Cue.clauseFuture) || lowers[$0] == "would") }) { continue }
                    best = i; bestDistance = d
                }
                guard let t = best else { return nil }
                return timeOf[t].when
            }
            // triggers: one event per kind in a sentence
            var found: [(k: Int, kind: String)] = []
            for k in s.tokens where toks[k].kind == .word && isCue(k, Cue.trigger) {
                let w = lower(k)
                guard let kind = triggers[w], !found.contains(where: { $0.kind == kind }) else { continue }
                if let needed = triggerNeedsNext[w], !(k + 1 < s.tokens.upperBound && needed.contains(lower(k + 1))) { continue }
                found.append((k, kind))
            }
            // no trigger: an event of kind "other" when actors and a date share a sentence of
            // running text (a dateline such as "MOSCOW, 22 March 2023" is none)
            if found.isEmpty && !inS.isEmpty && !times.isEmpty
                && s.tokens.filter({ toks[$0].kind == .word && !tz.isCapitalized(toks[$0]) }).count >= 3 {
                found = [(s.tokens.lowerBound, "other")]
            }
            var subjectOfSentence: String? = nil
            for (k, kind) in found {
                let trigger = kind == "other" && triggers[lower(k)] == nil ? "" : lower(k)
                // agent: the first actor before the trigger that is not in a prepositional phrase
                var agent: ActorMatch? = nil
                for mi in inS.indices where inS[mi].tokens.upperBound <= k {
                    let m = inS[mi]
                    if m.tokens.lowerBound > s.tokens.lowerBound && isCue(m.tokens.lowerBound - 1, Cue.preposition) { continue }
                    if m.role == .demonym { continue } // "Chinese state media": a modifier
                    if m.tokens.upperBound < toks.count, toks[m.tokens.upperBound].kind == .punct, lower(m.tokens.upperBound).hasSuffix("s") { continue } // possessive modifier
                    if mi + 1 < inS.endIndex, inS[mi + 1].tokens.lowerBound == m.tokens.upperBound { continue } // "the US National Institute": a modifier
                    // "Haines said the cooperation ...": the speaker is no agent of what is reported
                    if (m.tokens.upperBound..<k).contains(where: { isCue($0, Cue.clauseBreak | Cue.notPartyAfter) }) { continue }
                    if agent == nil { agent = m }
                    // the nearest one in the trigger's own clause wins ("... before Russia invaded")
                    if !(m.tokens.upperBound..<k).contains(where: { isClauseMark($0) }) { agent = m }
                }
                // "..., a ministry statement said": the trigger's own clause has a subject that is
                // no actor; actors in earlier clauses are not its agent
                // "..., a ministry statement said", "..., China's foreign ministry said": the
                // trigger's own clause has a subject that is no actor; actors in earlier clauses
                // are not its agent
                if let a = agent, let boundary = (a.tokens.upperBound..<k).last(where: { isClauseMark($0) }),
                   let firstWord = ((boundary + 1)..<k).first(where: { toks[$0].kind == .word }) {
                    let possessor = inS.contains { $0.tokens.lowerBound == firstWord && $0.tokens.upperBound < k
                        && toks[$0.tokens.upperBound].kind == .punct && lower($0.tokens.upperBound).hasSuffix("s") }
                    if isCue(firstWord, Cue.subjectStart) || possessor { agent = nil }
                }
                // "Russia's invasion", "Xi's letter": the possessor of an event noun is its agent
                if k >= 2, toks[k - 1].kind == .punct, isCue(k - 1, Cue.possessive),
                   let owner = inS.first(where: { $0.tokens.upperBound == k - 1 && $0.role != .demonym }) {
                    agent = owner
                }
                // names coordinated with the agent before it share its role ("Norway and Sweden agreed")
                // (also through a role: "Lulu Ranne and her Estonian counterpart Kuldar Leis signed",
                // "Xi and the Russian president Vladimir Putin met")
                var coAgents: [ActorMatch] = []
                if let a = agent, var i = inS.firstIndex(where: { $0.tokens == a.tokens }) {
                    while i > inS.startIndex {
                        // the mention before, past the demonyms of a role between them
                        var j = i - 1
                        while j > inS.startIndex, inS[j].role == .demonym, inS[j].tokens.lowerBound > inS[j - 1].tokens.upperBound { j -= 1 }
                        guard inS[j].role != .demonym, inS[j].tokens.lowerBound >= s.tokens.lowerBound,
                              only(Cue.coordinator, between: inS[j], inS[i]) || coordinatedThroughRole(inS[j], inS[i], in: inS) else { break }
                        i = j
                        if inS[i].id != a.id && !coAgents.contains(where: { $0.id == inS[i].id }) { coAgents.insert(inS[i], at: 0) }
                    }
                }
                var agentId = agent.map { $0.id }
                // a subject pronoun before the trigger, nearer than any agent found: the previous subject
                let pronounAt = (s.tokens.lowerBound..<k).last { toks[$0].kind == .word && isCue($0, Cue.pronoun) }
                if let p = pronounAt, agent.map({ $0.tokens.upperBound <= p }) ?? true, previousSubject != nil {
                    agentId = previousSubject; agent = nil
                }
                var participants: [EventActor] = []
                if let a = agentId {
                    for c in coAgents where agent != nil { participants.append(EventActor(actor: c.id, role: .agent)) }
                    participants.append(EventActor(actor: a, role: .agent))
                }
                var targetSet = false
                var previousPlace: ActorMatch? = nil // the last actor given the location role
                for m in inS {
                    let id = m.id
                    if id == agentId || participants.contains(where: { $0.actor == id }) { continue }
                    // an actor before the trigger, set off from it by a clause break, takes no part
                    // in it: a speaker ("Haines said the cooperation ..."), a dateline ("WASHINGTON —")
                    if m.tokens.upperBound <= k, (m.tokens.upperBound..<k).contains(where: { isCue($0, Cue.clauseBreak | Cue.notPartyAfter) }) { continue }
                    // the speaker of an attribution closing the sentence takes no part either
                    // ("..., Energy Minister Terje Aasland said.", "..., the State Department said.")
                    if m.tokens.lowerBound > k, m.tokens.upperBound < s.tokens.upperBound, triggers[lower(m.tokens.upperBound)] == "statement",
                       m.tokens.upperBound + 1 >= s.tokens.upperBound || toks[m.tokens.upperBound + 1].kind == .punct,
                       (k + 1..<m.tokens.lowerBound).contains(where: { tz.isPunct(toks[$0], 44) }) { continue }
                    // the word before the mention: its cue classes (none at the sentence start)
                    // (past an article: "under the Gulf of Finland", "at the Kremlin")
                    var b0 = m.tokens.lowerBound - 1
                    if b0 > s.tokens.lowerBound, lower(b0) == "the" { b0 -= 1 }
                    let before: UInt64 = b0 >= s.tokens.lowerBound ? cue[b0] : 0
                    var role: Role = .other
                    // "in China and Hong Kong": a place joined to a place of the event is one too
                    let listedPlace = m.kind == .location && previousPlace.map { only(Cue.listJoiner, between: $0, m) } == true
                    if m.role == .demonym { role = .other } // "Russian President Vladimir Putin", "American hegemony": a modifier
                    else if m.kind == .location && (before & Cue.placePreposition != 0 || listedPlace || (kind == "visit" && m.tokens.lowerBound > k)) { role = .location }
                    else if before & Cue.circumstantial != 0 { role = .other } // "firms from Austria", "during the war in X"
                    else if m.tokens.upperBound < toks.count, toks[m.tokens.upperBound].kind == .punct, isCue(m.tokens.upperBound, Cue.possessive) {
                        role = .other // "met Putin's envoy": the possessor modifies the one met
                    }
                    else if m.tokens.lowerBound > k, (k + 1..<m.tokens.lowerBound).contains(where: { isCue($0, Cue.that) }) {
                        role = .other // "warned for weeks that Russia might invade": the content, not the target
                    }
                    else if m.tokens.lowerBound > k, (k + 1..<m.tokens.lowerBound).contains(where: { i in
                        isClauseMark(i) && i + 1 < m.tokens.lowerBound && isCue(i + 1, Cue.andBut | Cue.opener) }) {
                        role = .other // "opened its summit on Wednesday, and Xi sent a letter": another clause
                    }
                    else if m.tokens.lowerBound > k + 1, triggersBefore[m.tokens.lowerBound] > triggersBefore[k + 1] {
                        role = .other // "the pact they signed weeks before Russia invaded Ukraine": another event's
                    }
                    else if !targetSet && m.tokens.lowerBound > k && m.kind != .location || (!targetSet && m.tokens.lowerBound > k && kind != "visit") {
                        role = .target; targetSet = true
                    }
                    if role == .location { previousPlace = m }
                    participants.append(EventActor(actor: id, role: role))
                }
                guard !participants.isEmpty else { continue }
                // modality: cues just before the trigger
                var modality = Modality.asserted
                var isPerfect = false, isPresentPerfect = false
                for d in 1...3 where k - d >= s.tokens.lowerBound {
                    let w = k - d
                    if isCue(w, Cue.negation) { modality = .negated; break }
                    if isCue(w, Cue.hypothetical) { modality = .hypothetical; break }
                    if isCue(w, Cue.planned) || (d == 1 && lower(w) == "to" && k - 2 >= s.tokens.lowerBound && isCue(k - 2, Cue.planned)) { modality = .planned; break }
                    if isCue(w, Cue.perfect) { isPerfect = true }
                    if isCue(w, Cue.presentPerfect) { isPresentPerfect = true }
                }
                if modality == .asserted {
                    // a future earlier in the trigger's clause ("will travel to Beijing next week
                    // for talks"); a denial of what the clause says ("denied that Brazil had
                    // agreed to join ...")
                    var i = k - 1
                    while i >= s.tokens.lowerBound, !isClauseMark(i) {
                        if isCue(i, Cue.that) {
                            if i - 1 >= s.tokens.lowerBound, isCue(i - 1, Cue.negation) { modality = .negated }
                            break
                        }
                        if k - i > 3, toks[i].kind == .word, isCue(i, Cue.clauseFuture) { modality = .planned; break }
                        i -= 1
                    }
                }
                // a trigger that is itself a negation ("denied", were it a trigger) negates its event
                if !trigger.isEmpty && has(trigger, Cue.negation) { modality = .negated }
                // a sentence with no trigger: its first modal or negation sets the modality
                // ("Blinken is expected to raise the issue next week": planned)
                if trigger.isEmpty {
                    // (in the main clause: up to the first clause mark or subordinating word)
                    for i in s.tokens {
                        if isClauseMark(i) || isCue(i, Cue.subordinator) { break }
                        guard toks[i].kind == .word else { continue }
                        let w = lower(i)
                        if w == "not" || w == "never" || w == "n't" { modality = .negated; break }
                        if isCue(i, Cue.hypothetical) { modality = .hypothetical; break }
                        if isCue(i, Cue.planned) && w != "set" { modality = .planned; break }
                    }
                }
                // date: this sentence; else the narrative of the paragraph, or of the one before
                // when this one fixes no date ("... signed on Friday.\n\nThe two ministers met at
                // ..."); else the document date for present-tense reporting; never the document
                // date for past perfect or future
                var w = when(near: k, trigger: !trigger.isEmpty)
                if w == nil, !isPerfect, !isPresentPerfect, let n = narrative, s.paragraph - n.paragraph <= 1, modality == .asserted {
                    w = When(value: n.when.value, start: n.when.start, end: n.when.end, basis: .inferred)
                }
                if w == nil, !isPerfect, modality == .asserted, let d = documentDate, trigger.hasSuffix("s"), triggers[trigger] == "statement" {
                    w = When(value: d, basis: .documentDate)
                }
                let id = doc.id + "#" + String(events.count + 1)
                // the possessor of an event noun opens the summary as written ("Russia's invasion of ...")
                // so does an agent a few words before the trigger in its clause ("Moscow to end
                // the war", not "Moscow war")
                let possessorStart = agent.flatMap { a -> Int? in
                    if a.tokens.upperBound == k - 1 { return a.tokens.lowerBound }
                    let gap = k - a.tokens.upperBound
                    guard gap >= 2 && gap <= 5, !(a.tokens.upperBound..<k).contains(where: { isClauseMark($0) }) else { return nil }
                    return a.tokens.lowerBound
                }
                // coordinated agents open the summary together ("Norway and Sweden agreed ...")
                var agentLabel = agent?.canonical
                if let a = agentLabel, !coAgents.isEmpty {
                    let names = coAgents.map(\.canonical)
                    agentLabel = names.count == 1 ? "\(names[0]) and \(a)" : names.joined(separator: ", ") + " and \(a)"
                }
                let opening = possessorStart.map { p in coAgents.first.map { min($0.tokens.lowerBound, p) } ?? p }
                let summary = self.summary(tz, s, k, cue, agent: possessorStart == nil ? agentLabel : nil,
                                                     agentFromPronoun: agent == nil && agentId != nil ? agentName(agentId!) : nil,
                                                     hasTrigger: !trigger.isEmpty, from: opening)
                events.append(Event(id: id, when: w, kind: kind, trigger: trigger, summary: summary, modality: modality,
                                    actors: participants, sources: [source]))
                if subjectOfSentence == nil { subjectOfSentence = agentId }
                // typed links from asserted events
                guard modality == .asserted else { continue }
                let lk = linkKinds[trigger] ?? linkKinds[kind]
                guard let (linkKind, directed) = lk else { continue }
                switch kind {
                case "meeting", "agreement", "cooperation":
                    // the parties: the agent, the target, and the names coordinated with them
                    // ("Xi met Putin and Lavrov", "China and Russia signed"); an actor that only
                    // stands in the sentence ("... to buy Boeing jets") is no party
                    var parties = Set(participants.filter { $0.role == .agent || $0.role == .target }.map(\.actor))
                    let ordered = inS.filter { m in participants.contains { $0.actor == m.id && $0.role != .location } }
                    // a coordination is a chain of neighbours: one pass each way reaches all of it
                    for i in ordered.indices.dropFirst() where parties.contains(ordered[i - 1].id)
                        && only(Cue.coordinator, between: ordered[i - 1], ordered[i]) { parties.insert(ordered[i].id) }
                    for i in ordered.indices.dropLast().reversed() where parties.contains(ordered[i + 1].id)
                        && only(Cue.coordinator, between: ordered[i], ordered[i + 1]) { parties.insert(ordered[i].id) }
                    let people = participants.filter { $0.role != .location && parties.contains($0.actor) }.map(\.actor)
                    // the receivers listed after "to", "for" ("an agreement to deliver jets to
                    // six airlines: A, B, C, ...") are one side: each is a party with the others
                    // of the event, not with its fellow receivers (a list the event brings
                    // together stays: "the talks brought together NATO, Russia and Ukraine";
                    // and so does a listed agent: "Russia, China and Iran signed")
                    let (list, listSize) = EventExtractor.lists(ordered.map(\.tokens), cue, lower)
                    let agents = Set(participants.filter { $0.role == .agent }.map(\.actor))
                    func receivers(_ first: ActorMatch) -> Bool { // "to" within a few words before the list, before any other name or trigger
                        var i = first.tokens.lowerBound - 1
                        while i >= max(s.tokens.lowerBound, first.tokens.lowerBound - 6) {
                            if isCue(i, Cue.recipient) { return true }
                            if isCue(i, Cue.preposition) || isCue(i, Cue.trigger) || inS.contains(where: { $0.tokens.contains(i) }) { return false }
                            i -= 1
                        }
                        return false
                    }
                    var sameSide = Set<Int>() // the first members of lists whose members are not linked together
                    for i in ordered.indices where list[i] == i && listSize[i] >= 3 && receivers(ordered[i])
                        && !ordered.indices.contains(where: { list[$0] == i && agents.contains(ordered[$0].id) }) { sameSide.insert(i) }
                    func side(_ a: String) -> Int? {
                        guard let i = ordered.firstIndex(where: { $0.id == a }), sameSide.contains(list[i]) else { return nil }
                        return list[i]
                    }
                    for x in 0..<people.count {
                        for y in (x + 1)..<max(x + 1, people.count) {
                            if let l = side(people[x]), side(people[y]) == l { continue }
                            addLink(people[x], people[y], linkKind, false, source, id)
                        }
                    }
                case "visit":
                    for a in participants where a.role == .agent {
                        for p in participants where p.role == .location || (p.role == .target && inS.first { $0.id == p.actor }?.kind == .location) { addLink(a.actor, p.actor, linkKind, true, source, id) }
                    }
                default:
                    // every agent of a coordination ("China and Russia exercised ... over Taiwan")
                    if let t = participants.first(where: { $0.role == .target })?.actor {
                        for a in participants where a.role == .agent { addLink(a.actor, t, linkKind, directed, source, id) }
                    }
                }
            }
            // (not a future's date: "said the talks would resume in December" sets no narrative;
            // nor does a day placed after the document's from it: what a report tells has
            // happened, and "the conference that begins on Saturday" dates no later sentence. A
            // date written out in full is the text's own, and is trusted over the document date.)
            if let w = when(near: s.tokens.lowerBound, trigger: false, narrative: true), let start = w.start ?? TimexValue.interval(of: w.value)?.start.iso {
                // (the value's period read once: its start is also what is compared)
                if w.basis == .explicit || documentDate.map({ start <= $0 }) ?? true { narrative = (w, s.paragraph) }
            } else if let n = narrative, s.paragraph - n.paragraph > 1 { // (two paragraphs on: it has ended)
                narrative = nil
            }
            // he/she refer back to a person: the sentence's agent if it is one, else its first person
            if let subj = subjectOfSentence, subj == previousSubject || inS.contains(where: { $0.kind == .person && $0.id == subj }) { previousSubject = subj }
            else if let p = inS.first(where: { $0.kind == .person }) { previousSubject = p.id }
        }
        // in the order graph.json sorts links (ends, then kind); indices sorted, not the links
        let order = links.indices.sorted { (links[$0].source, links[$0].target, links[$0].kind) < (links[$1].source, links[$1].target, links[$1].kind) }
        return Output(events: events, links: order.map { links[$0] })
    }


    /// A one-line summary from the event's clause: its agent, the trigger and what follows it up
    /// to the end of the clause (at most 14 words).
    func summary(_ tz: Tokenized, _ s: Sentence, _ k: Int, _ cue: [UInt64], agent: String?, agentFromPronoun: String?, hasTrigger: Bool, from: Int? = nil) -> String {
        guard hasTrigger else { return Extractor.summary(tz, s.tokens, limit: 140) }
        var end = k + 1, words = 1
        while end < s.tokens.upperBound && words < 14 {
            let t = tz.tokens[end]
            if t.kind == .punct && cue[end] & Cue.summaryEnd != 0 && words > 2 { break }
            if t.kind == .punct && t.end - t.start == 1 && tz.text[t.start] == 0x2E { break } // "."
            if t.kind == .word { words += 1 }
            end += 1
        }
        if let f = from { return Extractor.summary(tz, f..<end, limit: 140) }
        if let who = agent ?? agentFromPronoun { return Extractor.summary(tz, k..<end, prefix: who, limit: 140) }
        return Extractor.summary(tz, s.tokens.lowerBound..<end, limit: 140)
    }
}

extension Link {
    /// One more supporting sentence (and event). Sentences come in order, so a repeat can only
    /// be the last one added.
    fileprivate mutating func update(_ source: SourceSpan, _ event: String?) {
        if sources.last != source { sources.append(source); weight = sources.count }
        if let e = event, events.last != e { events.append(e) }
    }
}

/// A link's identity within a document: its ends and kind, in the order graph.json sorts links.
struct LinkKey: Hashable, Comparable {
    var source: String, target: String, kind: String
    init(source: String, target: String, kind: String) { self.source = source; self.target = target; self.kind = kind }
    init(_ l: Link) { self.init(source: l.source, target: l.target, kind: l.kind) }
    /// The unseeded hash of the lexicon tables over the three strings, given to the hasher as
    /// one number: a link is looked up for every pair of actors of every sentence.
    func hash(into h: inout Hasher) {
        h.combine(WordMap<Bool>.hash(source) &* 31 &+ WordMap<Bool>.hash(target) &* 7 &+ WordMap<Bool>.hash(kind))
    }
    static func < (a: LinkKey, b: LinkKey) -> Bool { (a.source, a.target, a.kind) < (b.source, b.target, b.kind) }
}
