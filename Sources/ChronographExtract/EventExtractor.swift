import ChronographCore

/// Events and links from a document's sentences. An event is a trigger (a verb or an event
/// noun of the trigger lexicon) with its participants (agent: the subject before the trigger,
/// a pronoun resolved to the previous sentence's subject; target: the first actor after it;
/// places after "in", "to", "at"; others), a date (a time expression in the sentence; else the
/// date the paragraph's narrative runs on; else undated), a modality (asserted, negated,
/// hypothetical, planned) and a one-line summary from its clause. Links come from asserted
/// events by kind (met, visited, signed, sanctioned, invaded, ...) and, as a fallback, from
/// actors sharing a sentence (co-occurrence).
public struct EventExtractor: Sendable {
    public let triggers: [String: String]
    let cues: [String: Set<String>]
    /// event kind or trigger word → (link kind, directed)
    let linkKinds: [String: (String, Bool)]
    /// Country names (canonical): "France, Germany" is a list, "Toulouse, France" a place and its country.
    let countries: Set<String>
    /// The co-occurrence cues (event-cues.txt) as lowercase bytes, and the longest one's length.
    let breakWords: Set<[UInt8]>, openerWords: Set<[UInt8]>, joinWords: Set<[UInt8]>, possessives: Set<[UInt8]>
    let longestCue: Int

    public static let english = EventExtractor(language: "en")

    public init(language: String) {
        var t: [String: String] = [:]
        for f in ResourceFiles.table("event-triggers.txt", language: language) where f.count >= 2 { t[f[0].lowercased()] = f[1] }
        triggers = t
        var c: [String: Set<String>] = [:], l: [String: (String, Bool)] = [:]
        for f in ResourceFiles.table("event-cues.txt", language: language) where f.count >= 2 {
            if f[0] == "link", f.count >= 4 { l[f[1]] = (f[2], f[3] == "yes") } else { c[f[0], default: []].insert(f[1].lowercased()) }
        }
        cues = c
        linkKinds = l
        countries = Set(ResourceFiles.table("countries.txt", language: language).compactMap { $0.count >= 2 ? $0[1] : nil })
        func bytes(_ cls: String) -> Set<[UInt8]> { Set((c[cls] ?? []).map { Array($0.utf8) }) }
        breakWords = bytes("clause-break"); openerWords = bytes("clause-opener"); joinWords = bytes("modifier-join")
        possessives = joinWords.filter { $0.last == UInt8(ascii: "s") } // "'s", "’s": "Airbus's parent EADS"
        longestCue = max(1, (breakWords.union(openerWords).union(joinWords)).map(\.count).max() ?? 1)
    }

    static let prepositions: Set<String> = ["in", "at", "to", "from", "of", "for", "with", "by", "on", "into", "over", "across", "near", "about", "against"]
    static let clauseEnds: Set<String> = [",", ";", ":", "\u{2014}", "\u{2013}", "(", ")", "\"", "\u{201C}", "\u{201D}"]

    /// The pairs of actors (ids, sorted) that share a clause of the sentence: some mention of
    /// one and some mention of the other have no clause break between them ("said", a
    /// semicolon, a quotation mark, ", while"...) and are not one name modifying the other
    /// ("Airbus's parent EADS", "Everett, Washington"). A sentence naming more than 60 actors is
    /// taken whole (every pair), to keep the cost bounded.
    func cooccurring(_ inS: [ActorMatch], _ tokens: Range<Int>, _ tz: Tokenized, _ lower: (Int) -> String) -> [(String, String)] {
        guard let first = inS.first, inS.contains(where: { $0.id != first.id }) else { return [] } // fewer than two actors
        let ids = Array(Set(inS.map(\.id))).sorted()
        let number = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, $0.offset) })
        var pairs = Set<Int>() // x * count + y, x < y, in the sorted ids
        if inS.count > 60 || tokens.isEmpty {
            for x in 0..<ids.count { for y in (x + 1)..<max(x + 1, ids.count) { pairs.insert(x * ids.count + y) } }
        } else {
            // before[i]: clause breaks among the sentence's tokens before token i (only tokens as
            // short as a cue word, between the first and last actor, are looked at)
            var before = [Int](repeating: 0, count: tokens.count + 1)
            let lo = inS.map(\.tokens.lowerBound).min() ?? tokens.lowerBound, hi = inS.map(\.tokens.upperBound).max() ?? tokens.upperBound
            for i in tokens {
                var isBreak = false
                if i >= lo && i < hi, let w = cueWord(tz, i) {
                    isBreak = breakWords.contains(w)
                        || (openerWords.contains(w) && i > tokens.lowerBound && cueWord(tz, i - 1) == [UInt8(ascii: ",")])
                }
                before[i - tokens.lowerBound + 1] = before[i - tokens.lowerBound] + (isBreak ? 1 : 0)
            }
            func index(_ t: Int) -> Int { min(max(t - tokens.lowerBound, 0), tokens.count) }
            let ms = inS.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
            for i in 0..<ms.count {
                for j in (i + 1)..<max(i + 1, ms.count) where ms[i].id != ms[j].id {
                    let a = ms[i], b = ms[j]
                    let na = number[a.id]!, nb = number[b.id]!
                    let key = min(na, nb) * ids.count + max(na, nb)
                    if pairs.contains(key) { continue }
                    let from = a.tokens.upperBound, to = b.tokens.lowerBound
                    guard from <= to else { continue } // overlapping mentions: one name inside another
                    if before[index(to)] - before[index(from)] > 0 { continue }
                    let gap = to - from
                    if gap == 1, let w = cueWord(tz, from) {
                        if joinWords.contains(w) { continue }
                        if w == [UInt8(ascii: ",")] && a.kind == .location && b.kind == .location && !countries.contains(a.canonical) { continue }
                    }
                    if gap == 2, let w = cueWord(tz, from), possessives.contains(w) { continue }
                    pairs.insert(key)
                }
            }
        }
        return pairs.sorted().map { (ids[$0 / ids.count], ids[$0 % ids.count]) }
    }

    /// A short token's bytes, ASCII letters lowercased; nil for a token longer than any cue word.
    @inline(__always)
    func cueWord(_ tz: Tokenized, _ i: Int) -> [UInt8]? {
        let t = tz.tokens[i]
        guard t.end - t.start <= longestCue else { return nil }
        var b = Array(tz.text[t.start..<t.end])
        for k in 0..<b.count where b[k] >= 65 && b[k] <= 90 { b[k] += 32 }
        return b
    }

    public struct Output {
        public var events: [Event]
        public var links: [Link]
    }

    public func extract(doc: LoadedDocument, tz: Tokenized, sentences: [Sentence], timexes: [TimexMatch],
                        actors: [ActorMatch], published: String?) -> Output {
        let toks = tz.tokens
        func lower(_ i: Int) -> String { tz.lower(toks[i]) }
        func span(_ s: Int, _ e: Int) -> SourceSpan { let (a, b) = doc.fileRange(s, e); return SourceSpan(doc: doc.id, start: a, end: b) }
        var events: [Event] = []
        var links: [String: Link] = [:]
        func addLink(_ a: String, _ b: String, _ kind: String, _ directed: Bool, _ source: SourceSpan, _ event: String?) {
            guard a != b else { return }
            let (s, t) = directed || a < b ? (a, b) : (b, a)
            let key = [s, t, kind].joined(separator: "\u{0}")
            if links[key] == nil { links[key] = Link(source: s, target: t, kind: kind, directed: directed, weight: 0, events: [], sources: []) }
            // in place (a copy would copy the sources on every append); sentences come in order,
            // so a repeat can only be the last one added
            if links[key]!.sources.last != source { links[key]!.sources.append(source); links[key]!.weight = links[key]!.sources.count }
            if let e = event, links[key]!.events.last != e { links[key]!.events.append(e) }
        }
        let documentDate = published.flatMap { CivilDate(iso: $0) != nil ? $0 : nil }
        var narrative: (when: When, paragraph: Int)? = nil
        var previousSubject: String? = nil
        var ai = 0, ti = 0
        for s in sentences {
            while ai < actors.count && actors[ai].end <= s.start { ai += 1 }
            while ti < timexes.count && timexes[ti].end <= s.start { ti += 1 }
            var inS: [ActorMatch] = []
            var j = ai
            while j < actors.count && actors[j].start < s.end { inS.append(actors[j]); j += 1 }
            var times: [TimexMatch] = []
            j = ti
            while j < timexes.count && timexes[j].start < s.end { if timexes[j].type == .date || timexes[j].type == .time { times.append(timexes[j]) }; j += 1 }
            let source = span(s.start, s.end)
            let ids = inS.map { $0.id }
            // co-occurrence: pairs of actors named in one clause of the sentence
            for (x, y) in cooccurring(inS, s.tokens, tz, lower) { addLink(x, y, "co-occurrence", false, source, nil) }
            // a date the sentence fixes: the expression nearest the trigger, calendar values first
            func when(near k: Int) -> When? {
                // "since 2013", "until May": the edge of a period, not the time of the event
                let usable = times.filter { t in
                    let before = t.tokens.lowerBound > s.tokens.lowerBound ? lower(t.tokens.lowerBound - 1) : ""
                    return !t.isRangeEnd && !["PRESENT_REF", "PAST_REF", "FUTURE_REF"].contains(t.value) && !["since", "until", "till"].contains(before)
                }
                guard !usable.isEmpty else { return nil }
                let calendar = usable.filter { TimexValue.interval(of: $0.value) != nil }
                let pool = calendar.isEmpty ? usable : calendar
                let t = pool.min { abs($0.tokens.lowerBound - k) < abs($1.tokens.lowerBound - k) }!
                if let end = t.rangeEnd, let a = TimexValue.interval(of: t.value), let b = TimexValue.interval(of: end) {
                    return When(value: "\(t.value)/\(end)", start: a.start.iso, end: b.end.iso, basis: t.basis)
                }
                return When(value: t.value, basis: t.basis)
            }
            // triggers: one event per kind in a sentence
            var found: [(k: Int, kind: String)] = []
            for k in s.tokens where toks[k].kind == .word {
                let w = lower(k)
                if let kind = triggers[w], !found.contains(where: { $0.kind == kind }) { found.append((k, kind)) }
            }
            if found.isEmpty && !inS.isEmpty && !times.isEmpty { found = [(s.tokens.lowerBound, "other")] }
            let sentenceFirstWord = s.tokens.first { toks[$0].kind == .word }.map(lower) ?? ""
            var subjectOfSentence: String? = nil
            for (k, kind) in found {
                let trigger = kind == "other" && triggers[lower(k)] == nil ? "" : lower(k)
                // agent: the first actor before the trigger that is not in a prepositional phrase
                var agent: ActorMatch? = nil
                for (mi, m) in inS.enumerated() where m.tokens.upperBound <= k {
                    let before = m.tokens.lowerBound > s.tokens.lowerBound ? lower(m.tokens.lowerBound - 1) : ""
                    if EventExtractor.prepositions.contains(before) { continue }
                    if m.role == .demonym { continue } // "Chinese state media": a modifier
                    if m.tokens.upperBound < toks.count, tz.string(toks[m.tokens.upperBound]).hasSuffix("s"), toks[m.tokens.upperBound].kind == .punct { continue } // possessive modifier
                    if mi + 1 < inS.count, inS[mi + 1].tokens.lowerBound == m.tokens.upperBound { continue } // "the US National Institute": a modifier
                    if agent == nil { agent = m }
                    // the nearest one in the trigger's own clause wins ("... before Russia invaded")
                    let between = (m.tokens.upperBound..<k).map { tz.string(toks[$0]) }
                    if !between.contains(where: { [",", ";", "\u{2014}", ":"].contains($0) }) { agent = m }
                }
                // "..., a ministry statement said": the trigger's own clause has a subject that is
                // no actor; actors in earlier clauses are not its agent
                if let a = agent, let boundary = (a.tokens.upperBound..<k).last(where: { [",", ";", "\u{2014}", ":"].contains(tz.string(toks[$0])) }),
                   let firstWord = ((boundary + 1)..<k).first(where: { toks[$0].kind == .word }),
                   cues["subject-start"]?.contains(lower(firstWord)) == true {
                    agent = nil
                }
                var agentId = agent.map { $0.id }
                // a subject pronoun before the trigger, nearer than any agent found: the previous subject
                let pronounAt = (s.tokens.lowerBound..<k).last { toks[$0].kind == .word && cues["pronoun"]?.contains(lower($0)) == true }
                if let p = pronounAt, agent.map({ $0.tokens.upperBound <= p }) ?? true, previousSubject != nil {
                    agentId = previousSubject; agent = nil
                }
                _ = sentenceFirstWord
                var participants: [EventActor] = []
                if let a = agentId { participants.append(EventActor(actor: a, role: .agent)) }
                var targetSet = false
                for m in inS {
                    let id = m.id
                    if id == agentId || participants.contains(where: { $0.actor == id }) { continue }
                    let before = m.tokens.lowerBound > s.tokens.lowerBound ? lower(m.tokens.lowerBound - 1) : ""
                    var role: Role = .other
                    if m.kind == .location && (["in", "to", "at", "into"].contains(before) || (kind == "visit" && m.tokens.lowerBound > k)) { role = .location }
                    else if !targetSet && m.tokens.lowerBound > k && m.kind != .location || (!targetSet && m.tokens.lowerBound > k && kind != "visit") {
                        role = .target; targetSet = true
                    }
                    participants.append(EventActor(actor: id, role: role))
                }
                guard !participants.isEmpty else { continue }
                // modality: cues just before the trigger
                var modality = Modality.asserted
                var perfect = false
                for d in 1...3 where k - d >= s.tokens.lowerBound {
                    let w = lower(k - d)
                    if cues["negation"]?.contains(w) == true { modality = .negated; break }
                    if cues["hypothetical"]?.contains(w) == true { modality = .hypothetical; break }
                    if cues["planned"]?.contains(w) == true || (w == "to" && d == 1 && k - 2 >= s.tokens.lowerBound && cues["planned"]?.contains(lower(k - 2)) == true) { modality = .planned; break }
                    if cues["perfect"]?.contains(w) == true { perfect = true }
                }
                if ["denied", "denies", "refused"].contains(trigger) { modality = .negated }
                // date: this sentence; else the narrative of the paragraph; else the document date
                // for present-tense reporting; never the document date for past perfect or future
                var w = when(near: k)
                if w == nil, let n = narrative, n.paragraph == s.paragraph, modality == .asserted {
                    w = When(value: n.when.value, start: n.when.start, end: n.when.end, basis: .inferred)
                }
                if w == nil, !perfect, modality == .asserted, let d = documentDate, trigger.hasSuffix("s"), triggers[trigger] == "statement" {
                    w = When(value: d, basis: .documentDate)
                }
                let id = "\(doc.id)#\(events.count + 1)"
                let summary = EventExtractor.summary(tz, s, k, agent: agent?.canonical ?? (agentId == previousSubject ? nil : nil), agentFromPronoun: agent == nil && agentId != nil ? agentName(agentId!, actors) : nil, hasTrigger: !trigger.isEmpty)
                events.append(Event(id: id, when: w, kind: kind, trigger: trigger, summary: summary, modality: modality,
                                    actors: participants, sources: [source]))
                if subjectOfSentence == nil { subjectOfSentence = agentId }
                // typed links from asserted events
                guard modality == .asserted else { continue }
                let lk = linkKinds[trigger] ?? linkKinds[kind]
                guard let (linkKind, directed) = lk else { continue }
                let agentP = participants.first { $0.role == .agent }?.actor
                switch kind {
                case "meeting", "agreement", "cooperation":
                    let people = participants.filter { $0.role != .location }.map(\.actor)
                    for x in 0..<people.count { for y in (x + 1)..<max(x + 1, people.count) { addLink(people[x], people[y], linkKind, false, source, id) } }
                case "visit":
                    if let a = agentP { for p in participants where p.role == .location || (p.role == .target && inS.first { $0.id == p.actor }?.kind == .location) { addLink(a, p.actor, linkKind, true, source, id) } }
                default:
                    if let a = agentP, let t = participants.first(where: { $0.role == .target })?.actor { addLink(a, t, linkKind, directed, source, id) }
                }
            }
            if let w = when(near: s.tokens.lowerBound), TimexValue.interval(of: w.start ?? w.value) != nil || w.start != nil {
                narrative = (w, s.paragraph)
            } else if narrative?.paragraph != s.paragraph {
                narrative = nil
            }
            // he/she refer back to a person: the sentence's agent if it is one, else its first person
            let personIds = Set(inS.filter { $0.kind == .person }.map { $0.id })
            if let subj = subjectOfSentence, personIds.contains(subj) || subj == previousSubject { previousSubject = subj }
            else if let p = inS.first(where: { $0.kind == .person }) { previousSubject = p.id }
        }
        return Output(events: events, links: links.keys.sorted().map { links[$0]! })
    }

    func agentName(_ id: String, _ actors: [ActorMatch]) -> String? { actors.first { $0.id == id }?.canonical }

    /// A one-line summary from the event's clause: its agent, the trigger and what follows it up
    /// to the end of the clause (at most 14 words).
    static func summary(_ tz: Tokenized, _ s: Sentence, _ k: Int, agent: String?, agentFromPronoun: String?, hasTrigger: Bool) -> String {
        guard hasTrigger else { return Extractor.summary(tz, s.tokens, limit: 140) }
        var end = k + 1, words = 1
        while end < s.tokens.upperBound && words < 14 {
            let t = tz.tokens[end]
            if t.kind == .punct && clauseEnds.contains(tz.string(t)) && words > 2 { break }
            if t.kind == .punct && tz.string(t) == "." { break }
            if t.kind == .word { words += 1 }
            end += 1
        }
        if let who = agent ?? agentFromPronoun { return Extractor.summary(tz, k..<end, prefix: who, limit: 140) }
        return Extractor.summary(tz, s.tokens.lowerBound..<end, limit: 140)
    }
}
