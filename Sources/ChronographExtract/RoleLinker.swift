import ChronographCore

/// Roles and affiliations as links (role nouns in `Resources/<lang>/roles.txt`):
/// - after a person, in apposition: "Chen Wenqing, Xi's security chief, a former head of
///   China's ministry of state security" → Chen works-for Xi, Chen formerly-led the ministry;
///   "Ana Ruiz, an adviser to the prime minister" → advises;
/// - before a person: "NIST director Laurie Locascio", "Chinese President Xi Jinping" → leads;
///   "Baltmar Shipping's chief executive, Tomasz Lis" → leads.
/// A role held for a person ("Xi's security chief") is `works-for` (or `advises`), whatever the
/// role noun. Each link has the sentence as its source.
public struct RoleLinker: Sendable {
    let roles: [String: (kind: String, former: String?)]
    let titles: WordSet
    let maxTitleTokens: Int
    /// Between a role noun and what it is a role of: articles skipped, prepositions joining.
    let articles: WordSet
    let objectPrepositions: WordSet
    /// "and" between two roles in one apposition; "who" opening a relative clause with a role.
    let chains: WordSet
    let relatives: WordSet

    public init(lexicon: ActorLexicon) {
        roles = lexicon.roles; titles = lexicon.titles; maxTitleTokens = lexicon.maxTitleTokens
        articles = lexicon.roleArticles; objectPrepositions = lexicon.rolePrepositions
        chains = lexicon.roleChains; relatives = lexicon.roleRelatives
    }

    public struct RoleLink: Sendable, Equatable {
        public var person: Int   // index in the matches
        public var other: Int
        public var kind: String
        public var sentence: Int
    }

    public func links(_ matches: [ActorMatch], _ tz: Tokenized, _ lowers: (Int) -> String) -> [RoleLink] {
        let toks = tz.tokens
        var byStart = PositionIndex(positions: toks.count), byEnd = PositionIndex(positions: toks.count)
        for (i, m) in matches.enumerated() where !m.weak { byStart[m.tokens.lowerBound] = i; byEnd[m.tokens.upperBound] = i }
        var out: [RoleLink] = []
        func kindFor(_ role: String, former: Bool, other: ActorMatch) -> String? {
            guard let r = roles[role] else { return nil }
            if other.kind == .person {
                // a role held for a person: the person's staff
                if former { return nil }
                return r.kind == "advises" ? "advises" : "works-for"
            }
            return former ? r.former : r.kind
        }
        /// The role noun in up to four words from `j` (modifiers first: "security chief",
        /// "deputy foreign minister"); the index after it.
        func roleNoun(from j: Int, limit: Int) -> (String, Int)? {
            var k = j
            while k < min(limit, j + 4) {
                let t = toks[k]
                guard t.kind == .word, byStart[k] == nil else { return nil }
                let w = lowers(k)
                if roles[w] != nil {
                    // "chief of staff": the role is "chief"; a role noun followed by another one
                    // ("security council secretary") takes the last
                    if k + 1 < limit, roles[lowers(k + 1)] != nil, toks[k + 1].kind == .word { k += 1; continue }
                    return (w, k + 1)
                }
                k += 1
            }
            return nil
        }
        /// In the few words of a relative clause from `j`, a role held for an actor: "is widely
        /// viewed as Putin's closest adviser" → (Putin, advises).
        func relativeRole(after j: Int) -> (Int, String)? {
            var k = j
            while k < min(toks.count, j + 5), toks[k].kind == .word {
                if let oi = byStart[k] {
                    guard RoleLinker.isPossessiveAt(tz, matches[oi].tokens.upperBound),
                          let (role, _) = roleNoun(from: matches[oi].tokens.upperBound + 1, limit: toks.count),
                          let kd = kindFor(role, former: false, other: matches[oi]) else { return nil }
                    return (oi, kd)
                }
                k += 1
            }
            return nil
        }
        for (pi, p) in matches.enumerated() where p.kind == .person && !p.weak {
            // 1. appositions after the person: ", a former head of X", ", X's security chief"
            var j = p.tokens.upperBound
            var chained = false // after a first role, "and" joins a second ("chief and a former head of X")
            while j < toks.count, tz.isPunct(toks[j], 44) || (chained && chains.contains(lowers(j))) {
                j += 1
                // ", who is widely seen as Ortiz's closest adviser": a last role, held for someone
                if chained, j < toks.count, relatives.contains(lowers(j)) {
                    if let (oi, kd) = relativeRole(after: j + 1) { out.append(RoleLink(person: pi, other: oi, kind: kd, sentence: p.sentence)) }
                    break
                }
                var former = false
                while j < toks.count, articles.contains(lowers(j)) { j += 1 }
                if j < toks.count, lowers(j) == "former" { former = true; j += 1 }
                guard j < toks.count else { break }
                var found = false
                if let oi = byStart[j], RoleLinker.isPossessiveAt(tz, matches[oi].tokens.upperBound),
                   let (role, after) = roleNoun(from: matches[oi].tokens.upperBound + 1, limit: toks.count) {
                    // "Xi's security chief"
                    if let k = kindFor(role, former: former, other: matches[oi]) {
                        out.append(RoleLink(person: pi, other: oi, kind: k, sentence: p.sentence))
                    }
                    j = after; found = true
                } else if let (role, after) = roleNoun(from: j, limit: toks.count) {
                    j = after
                    found = true
                    // "Chairman and Chief Operating Officer of AirTran Airways": a second title
                    // joined by "and" before the preposition
                    // "Chief Operating Officer of Harlow Motors": the rest of a title that starts
                    // with the role noun
                    if j < toks.count, !objectPrepositions.contains(lowers(j)) {
                        var k = j
                        while k < min(toks.count, j + 3), toks[k].kind == .word, byStart[k] == nil, !objectPrepositions.contains(lowers(k)) { k += 1 }
                        if k < toks.count, k > j, objectPrepositions.contains(lowers(k)),
                           titles.contains(((after - 1)..<k).map { lowers($0) }.joined(separator: " ")) { j = k }
                    }
                    if j < toks.count, lowers(j) == "and" {
                        var k = j + 1
                        while k < min(toks.count, j + 6), toks[k].kind == .word, byStart[k] == nil, !objectPrepositions.contains(lowers(k)) { k += 1 }
                        if k < toks.count, k > j + 1, objectPrepositions.contains(lowers(k)) { j = k }
                    }
                    // "head of China's ministry of state security": the actor after the
                    // preposition; after "X's", the actor X owns
                    if j < toks.count, objectPrepositions.contains(lowers(j)) {
                        var k = j + 1
                        if k < toks.count, lowers(k) == "the" { k += 1 }
                        if var oi = byStart[k] {
                            if RoleLinker.isPossessiveAt(tz, matches[oi].tokens.upperBound), let next = byStart[matches[oi].tokens.upperBound + 1] { oi = next }
                            if let kd = kindFor(role, former: former, other: matches[oi]) {
                                out.append(RoleLink(person: pi, other: oi, kind: kd, sentence: p.sentence))
                            }
                            j = matches[oi].tokens.upperBound
                        }
                    }
                }
                guard found else { break }
                chained = true
                // skip to the next comma or "and" of the same apposition chain (a few words at
                // most); a relative clause there may give one more role ("..., who is widely
                // viewed as Putin's closest adviser")
                var k = j, steps = 0
                while k < toks.count, steps < 8, !tz.isPunct(toks[k], 44), !chains.contains(lowers(k)), !SentenceSplitter.isTerminal(tz, toks[k]) {
                    if relatives.contains(lowers(k)) {
                        if let (oi, kd) = relativeRole(after: k + 1) { out.append(RoleLink(person: pi, other: oi, kind: kd, sentence: p.sentence)) }
                        break
                    }
                    k += 1; steps += 1
                }
                guard k < toks.count, tz.isPunct(toks[k], 44) || chains.contains(lowers(k)), steps < 8 else { break }
                j = k
            }
            // 3. a role held in an actor, before the person and a comma: "Baltmar Shipping's chief
            //    executive, Tomasz Lis", "Xi's security chief, Chen Wenqing"
            let c0 = p.tokens.lowerBound
            if c0 >= 4, tz.isPunct(toks[c0 - 1], 44) {
                var w = c0 - 2, n = 0
                var roleAt: Int? = nil
                while w >= 0, n < 4, toks[w].kind == .word, byEnd[w + 1] == nil {
                    if roleAt == nil, roles[lowers(w)] != nil { roleAt = w }
                    w -= 1; n += 1
                }
                // the actor before a possessive, or one not a person right before the role
                // ("Ryanair CEO, Michael O'Leary")
                var holder: Int? = nil
                if w >= 1, RoleLinker.isPossessiveAt(tz, w) { holder = byEnd[w] } else if w >= 0, let oi = byEnd[w + 1], matches[oi].kind != .person { holder = oi }
                if let r = roleAt, let oi = holder, oi != pi {
                    let former = ((w + 1)..<(c0 - 1)).contains { lowers($0) == "former" }
                    if let kd = kindFor(lowers(r), former: former, other: matches[oi]) {
                        out.append(RoleLink(person: pi, other: oi, kind: kd, sentence: p.sentence))
                    }
                }
            }
            // 2. a role before the person, after the actor it is held in: "NIST director
            //    Laurie Locascio", "Chinese President Xi Jinping", "former CIA chief X"
            var k = p.tokens.lowerBound
            var words: [Int] = []
            while k > 0, words.count < 3, toks[k - 1].kind == .word, byEnd[k] == nil { k -= 1; words.append(k) }
            if let oi = byEnd[k], oi != pi, matches[oi].kind != .person, !words.isEmpty,
               let r = words.first(where: { roles[lowers($0)] != nil }) {
                let former = words.contains { lowers($0) == "former" } || (matches[oi].tokens.lowerBound > 0 && lowers(matches[oi].tokens.lowerBound - 1) == "former")
                if let kd = kindFor(lowers(r), former: former, other: matches[oi]) {
                    out.append(RoleLink(person: pi, other: oi, kind: kd, sentence: p.sentence))
                }
            }
        }
        return out
    }

    static func isPossessiveAt(_ tz: Tokenized, _ i: Int) -> Bool { ActorRecognizer.isPossessive(tz, i) }
}
