import ChronographCore

/// A gazetteer entry: a surface form and the actor it names.
/// (A class: a chunk of a sentence holding one is copied with a single retain, not with the
/// value witnesses of two strings.)
public final class GazetteerEntry: Sendable, Hashable {
    public enum Role: Sendable, Hashable { case name, demonym, capital }
    public let canonical: String
    public let kind: ActorKind
    public let role: Role
    /// Whether the surface form must match case exactly (acronyms).
    public let exactCase: Bool
    public let surface: String
    init(canonical: String, kind: ActorKind, role: Role, exactCase: Bool, surface: String) {
        self.canonical = canonical; self.kind = kind; self.role = role; self.exactCase = exactCase; self.surface = surface
    }
    public static func == (a: GazetteerEntry, b: GazetteerEntry) -> Bool {
        a.canonical == b.canonical && a.kind == b.kind && a.role == b.role && a.exactCase == b.exactCase && a.surface == b.surface
    }
    public func hash(into h: inout Hasher) { h.combine(canonical); h.combine(kind); h.combine(role); h.combine(exactCase); h.combine(surface) }
}

/// Gazetteers and word lists for actor recognition, loaded from resources.
public struct ActorLexicon: Sendable {
    /// Gazetteer by the lowercase form of a surface's tokens joined with single spaces.
    var gazetteer = WordMap<[GazetteerEntry]>()
    /// Every key of the gazetteer and its leading words ("ministry", "ministry of", ...): a
    /// match grows word by word while it is a prefix, so most words cost one lookup.
    var gazetteerPrefixes = WordSet()
    var orgHeads = WordSet()
    var orgSuffixes = WordSet()
    var titles = WordSet()
    var titlePrefixes = WordSet()
    var maxTitleTokens = 1
    var nonNames = WordSet()
    var givenNames = WordSet()
    var placeHeads = WordSet()
    var nonActorHeads = WordSet()
    var calendarWords = WordSet()
    /// Metonymy cues: words after a capital (verbs) or after "Capital's" (nouns) that make it
    /// its government, and words before it that keep it a place.
    var metonymyVerbs = WordSet()
    var metonymyOwned = WordSet()
    var metonymyPlaces = WordSet()
    /// Nominal references ("the Chinese leader"): head words → the titles they can stand for.
    var nominalHeads = WordMap<Set<String>>()
    var nominalPrefixes = WordSet()
    /// Role nouns → the link they make, and the link when "former" precedes them (nil: none).
    var roles: [String: (kind: String, former: String?)] = [:]
    /// Word classes of actor-cues.txt: connectors inside names, adjective endings (and the
    /// least length of such a word), words skipped before an apposition, verbs of speech, and
    /// the articles and prepositions between a role noun and its organization.
    var nameConnectors = WordSet()
    var adjectivalEndings: [String] = []
    var adjectivalMinLength = Int.max
    var appositionSkips = WordSet()
    var speechVerbs = WordSet()
    /// Words after a name and a comma that make it a person ("who").
    var personAfterComma = WordSet()
    var roleArticles = WordSet()
    var rolePrepositions = WordSet()
    /// Joins a second role in apposition to the first ("X's security chief and a former head of Y").
    var roleChains = WordSet()
    /// First words of names of documents and agreements ("Declaration for the Future of the Internet").
    var documentFirsts = WordSet()
    var eventFirsts = WordSet()
    var furnitureLabels = WordSet(), furnitureOpeners = WordSet()
    var notSpeakerAfter = WordSet()
    var modifierPrefixes = WordSet()
    /// Opens a relative clause that may give a role ("who is widely seen as Putin's closest adviser").
    var roleRelatives = WordSet()
    var featureOf = WordSet()
    var nameParticles = WordSet()
    var partitives = WordSet()
    var genericSubjects = WordSet()
    var placePrepositions = WordSet()
    var placeNouns = WordSet()
    var placeDirections = WordSet()
    var travelVerbs = WordSet()
    /// Titles held in a company ("ceo", "chief executive"): a name right before one is the
    /// company ("Ryanair CEO, Michael O'Leary").
    var companyTitles = WordSet()
    /// The initials of parties in a legislator's parenthesised party and state ("(R-AZ)",
    /// "(D-Calif.)"): such a word is no actor.
    var partyInitials = WordSet()
    /// canonical country name → its capital's canonical name, and back
    var capitalOf: [String: String] = [:]
    var countryOfCapital: [String: String] = [:]
    /// Each word of the lists the recognizer tests token by token → the lists that hold it
    /// (`WordClass` bits), and each word of the event cues → its cue classes (`Cue` bits): a
    /// document's tokens are looked up once for both stages (`Words`), then tested by bit.
    var tokenBits = WordMap<TokenBits>()

    public static let english = ActorLexicon(language: "en")

    public init(language: String) {
        func surfaceKey(_ s: String) -> (String, Int) {
            let tz = Tokenizer.tokenize(Array(s.utf8))
            return (tz.tokens.map { tz.lower($0) }.joined(separator: " "), tz.tokens.count)
        }
        func add(_ surface: String, _ canonical: String, _ kind: ActorKind, _ role: GazetteerEntry.Role) {
            let s = surface.trimmedSpaces()
            guard !s.isEmpty else { return }
            var lookups = [s]
            if ActorLexicon.startsWithThe(s) { lookups.append(String(s.dropFirst(4))) }
            for form in lookups {
                let (key, _) = surfaceKey(form)
                let exact = ActorLexicon.isShortCapitals(form)
                let e = GazetteerEntry(canonical: canonical, kind: kind, role: role, exactCase: exact, surface: form)
                if !(gazetteer[key]?.contains(e) ?? false) { gazetteer[key, default: []].append(e) }
                ActorLexicon.addPrefixes(of: key, to: &gazetteerPrefixes)
            }
        }
        for f in ResourceFiles.table("countries.txt", language: language, names: true) where f.count >= 2 {
            let name = f[1]
            add(name, name, .location, .name)
            if f.count > 2 { for a in f[2].split(separator: ";") { add(String(a), name, .location, .name) } }
            if f.count > 3 { for d in f[3].split(separator: ";") { add(String(d), name, .location, .demonym) } }
            if f.count > 4, !f[4].isEmpty {
                add(f[4], f[4], .location, .capital)
                capitalOf[name] = f[4]; countryOfCapital[f[4]] = name
            }
        }
        for f in ResourceFiles.table("cities.txt", language: language, names: true) where !f.isEmpty {
            add(f[0], f[0], .location, .name)
            if f.count > 2 { for a in f[2].split(separator: ";") { add(String(a), f[0], .location, .name) } }
            if f.count > 3 { for d in f[3].split(separator: ";") { add(String(d), f[0], .location, .demonym) } }
        }
        for f in ResourceFiles.table("organizations.txt", language: language, names: true) where !f.isEmpty {
            let kind = f.count > 2 ? ActorKind(rawValue: f[2]) ?? .organization : .organization
            add(f[0], f[0], kind, .name)
            if f.count > 1 { for a in f[1].split(separator: ";") { add(String(a), f[0], kind, .name) } }
        }
        orgHeads = WordSet(ResourceFiles.lines("org-heads.txt", language: language).map { $0.lowercased() })
        orgSuffixes = WordSet(ResourceFiles.lines("org-suffixes.txt", language: language).map { $0.lowercased().trimmingCharacters(in: .init(charactersIn: ".")) })
        for t in ResourceFiles.lines("titles.txt", language: language) {
            let (key, n) = surfaceKey(t)
            titles.insert(key); maxTitleTokens = max(maxTitleTokens, n)
            ActorLexicon.addPrefixes(of: key, to: &titlePrefixes)
        }
        nonNames = WordSet(ResourceFiles.lines("non-names.txt", language: language).map { $0.lowercased() })
        givenNames = WordSet(ResourceFiles.lines("given-names.txt", language: language).map { $0.lowercased() })
        placeHeads = WordSet(ResourceFiles.lines("place-heads.txt", language: language).map { $0.lowercased() })
        nonActorHeads = WordSet(ResourceFiles.lines("non-actor-heads.txt", language: language).map { $0.lowercased() })
        for f in ResourceFiles.table("metonymy.txt", language: language) where f.count == 2 {
            switch f[0] {
            case "verb": metonymyVerbs.insert(f[1].lowercased())
            case "owned": metonymyOwned.insert(f[1].lowercased())
            case "place": metonymyPlaces.insert(f[1].lowercased())
            default: break
            }
        }
        for f in ResourceFiles.table("nominal-references.txt", language: language) where f.count >= 2 {
            let (key, _) = surfaceKey(f[0])
            nominalHeads[key] = Set(f[1].split(separator: ";").map { surfaceKey(String($0)).0 })
            ActorLexicon.addPrefixes(of: key, to: &nominalPrefixes)
        }
        for f in ResourceFiles.table("roles.txt", language: language) where f.count >= 2 {
            roles[f[0].lowercased()] = (f[1], f.count > 2 && f[2] != "-" ? f[2] : nil)
        }
        for f in ResourceFiles.table("actor-cues.txt", language: language) where f.count >= 2 {
            let w = f[1].lowercased()
            switch f[0] {
            case "name-connector": nameConnectors.insert(w)
            case "adjectival-ending": adjectivalEndings.append(w)
            case "adjectival-min-length": adjectivalMinLength = Int(w) ?? Int.max
            case "apposition-skip": appositionSkips.insert(w)
            case "speech-verb": speechVerbs.insert(w)
            case "person-after-comma": personAfterComma.insert(w)
            case "role-article": roleArticles.insert(w)
            case "role-preposition": rolePrepositions.insert(w)
            case "role-chain": roleChains.insert(w)
            case "document-first": documentFirsts.insert(w)
            case "event-first": eventFirsts.insert(w)
            case "furniture-label": furnitureLabels.insert(w)
            case "furniture-opener": furnitureOpeners.insert(w)
            case "not-speaker-after": notSpeakerAfter.insert(w)
            case "modifier-prefix": modifierPrefixes.insert(w)
            case "role-relative": roleRelatives.insert(w)
            case "feature-of": featureOf.insert(w)
            case "name-particle": nameParticles.insert(w)
            case "partitive": partitives.insert(w); genericSubjects.insert(w)
            case "generic-subject": genericSubjects.insert(w)
            case "place-preposition": placePrepositions.insert(w)
            case "place-noun": placeNouns.insert(w)
            case "place-direction": placeDirections.insert(w)
            case "travel-verb": travelVerbs.insert(w)
            case "company-title": companyTitles.insert(w)
            case "party-initial": partyInitials.insert(w)
            default: break
            }
        }
        for f in ResourceFiles.table("time-lexicon.txt", language: language) where f.count >= 2 && (f[0] == "month" || f[0] == "weekday") {
            calendarWords.insert(f[1].lowercased())
        }
        indexClasses()
    }

    /// Fills `tokenBits` from the lists and the event cues (again after the gazetteer grows).
    mutating func indexClasses() {
        var c = WordMap<UInt32>(capacity: calendarWords.count + orgHeads.count + nonNames.count + givenNames.count + gazetteerPrefixes.count
                                          + titlePrefixes.count + nonActorHeads.count + nominalPrefixes.count + 64)
        func mark<S: Sequence>(_ words: S, _ k: WordClass) where S.Element == String {
            for w in words where !w.utf8.contains(0x20) { c[w] = (c[w] ?? 0) | k.rawValue }
        }
        mark(calendarWords, .calendar); mark(orgHeads, .orgHead); mark(nonNames, .nonName); mark(nameConnectors, .connector)
        mark(nameParticles, .nameParticle); mark(givenNames, .givenName); mark(placePrepositions, .placePreposition)
        mark(gazetteerPrefixes, .gazetteerFirst); mark(titlePrefixes, .titleFirst); mark(nonActorHeads, .nonActorHead)
        mark(partitives, .partitive); mark(featureOf, .featureOf); mark(partyInitials, .partyInitial)
        mark(nominalPrefixes, .nominalFirst)
        // first words of organizations' names of three words or more (found in lowercase too)
        for (key, entries) in gazetteer.entries where entries.contains(where: { $0.kind == .organization }) {
            let words = key.split(separator: " ")
            if words.count >= 3 { mark([String(words[0])], .longOrganizationFirst) }
        }
        var t = WordMap<TokenBits>(capacity: c.count + EventExtractor.english.cueTable.count)
        for (w, k) in c.entries { t[w] = TokenBits(classes: k, cues: 0) }
        for (w, bits) in EventExtractor.english.cueTable.entries { t[w, default: TokenBits(classes: 0, cues: 0)].cues = bits }
        tokenBits = t
    }

    /// Adds user curation: extra aliases (canonical → variants) and forced kinds.
    public mutating func addAliases(_ aliases: [String: [String]], kinds: [String: ActorKind]) {
        for (canonical, variants) in aliases.sorted(by: { $0.key < $1.key }) {
            let kind = kinds[canonical] ?? lookupKind(canonical) ?? .other
            for v in [canonical] + variants {
                let tz = Tokenizer.tokenize(Array(v.utf8))
                let key = tz.tokens.map { tz.lower($0) }.joined(separator: " ")
                gazetteer[key] = [GazetteerEntry(canonical: canonical, kind: kind, role: .name, exactCase: false, surface: v)]
                ActorLexicon.addPrefixes(of: key, to: &gazetteerPrefixes)
            }
        }
        indexClasses()
    }

    /// "ministry of state security" → "ministry", "ministry of", "ministry of state", and itself.
    static func addPrefixes(of key: String, to set: inout WordSet) {
        let u = key.utf8
        // (a key made of tokens joined by single spaces, as every key is: its prefixes end
        // before each space; any other string goes word by word)
        var spaces: [String.Index] = []
        var i = u.startIndex, previous: UInt8 = 0x20
        while i != u.endIndex {
            let b = u[i]
            if b == 0x20 {
                if previous == 0x20 { spaces = []; break }
                spaces.append(i)
            }
            previous = b
            i = u.index(after: i)
        }
        guard i == u.endIndex, previous != 0x20 else {
            var prefix = ""
            for w in key.split(separator: " ") {
                prefix = prefix.isEmpty ? String(w) : prefix + " " + w
                set.insert(prefix)
            }
            return
        }
        for s in spaces { set.insert(String(Substring(u[..<s]))) }
        set.insert(key)
    }

    /// Whether a name starts with "the " in any case ("The Hague").
    static func startsWithThe(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(4))
        // (only ASCII letters lowercase to ASCII "t", "h", "e", except the Kelvin sign, to "k")
        return u.count == 4 && u[0] | 0x20 == 0x74 && u[1] | 0x20 == 0x68 && u[2] | 0x20 == 0x65 && u[3] == 0x20
    }

    /// Two to six letters, all capitals ("UN", "NATO", "U.S."): a name matched in its case only.
    static func isShortCapitals(_ form: String) -> Bool {
        if form.utf8.allSatisfy({ $0 < 0x80 }) {
            var n = 0
            for b in form.utf8 {
                if b >= 0x61 && b <= 0x7A { return false }
                if b >= 0x41 && b <= 0x5A { n += 1 }
            }
            return n >= 2 && n <= 6
        }
        let letters = form.filter { $0.isLetter }
        return letters.count <= 6 && letters.allSatisfy { $0.isUppercase } && letters.count >= 2
    }

    /// The keys of a table found at token `p` (lowercased tokens joined by spaces), shortest
    /// first, with their length in tokens: the words are added one at a time while they are the
    /// start of some key.
    /// (`first`: the class of a list's first words, tested before any string is hashed.)
    @inline(__always)
    static func walk(_ p: Int, limit: Int, _ lowers: Words, _ first: WordClass, _ prefixes: WordSet, _ found: (String, Int) -> Void) {
        guard p < limit, lowers.is(p, first) else { return }
        var key = lowers[p], n = 1
        while true {
            found(key, n)
            guard p + n < limit else { return }
            key += " "; key += lowers[p + n]; n += 1
            guard prefixes.contains(key) else { return }
        }
    }

    /// A word with an adjective's ending ("central", "political", "economic", "foreign"): words
    /// that name nothing by themselves before "and" in an organization's name.
    /// A word of a company's legal form, with or without its last period ("N.V.", "Corp").
    func isOrgSuffix(_ w: String) -> Bool {
        orgSuffixes.contains(w) || (w.utf8.count > 1 && w.utf8.last == 46 && orgSuffixes.contains(String(w.dropLast())))
    }

    func looksAdjectival(_ w: String) -> Bool {
        adjectivalEndings.contains { w.hasSuffix($0) } && w.count >= adjectivalMinLength
    }

    func lookupKind(_ name: String) -> ActorKind? {
        let tz = Tokenizer.tokenize(Array(name.utf8))
        return gazetteer[tz.tokens.map { tz.lower($0) }.joined(separator: " ")]?.first?.kind
    }
}

/// The word lists of `ActorLexicon.tokenBits`, as bits.
struct WordClass: OptionSet {
    let rawValue: UInt32
    static let calendar = WordClass(rawValue: 1 << 0)
    static let orgHead = WordClass(rawValue: 1 << 1)
    static let nonName = WordClass(rawValue: 1 << 2)
    static let connector = WordClass(rawValue: 1 << 3)
    static let nameParticle = WordClass(rawValue: 1 << 4)
    static let givenName = WordClass(rawValue: 1 << 5)
    static let placePreposition = WordClass(rawValue: 1 << 6)
    /// The first word of a gazetteer name.
    static let gazetteerFirst = WordClass(rawValue: 1 << 7)
    /// The first word of a title.
    static let titleFirst = WordClass(rawValue: 1 << 8)
    static let nonActorHead = WordClass(rawValue: 1 << 9)
    static let partitive = WordClass(rawValue: 1 << 10)
    static let featureOf = WordClass(rawValue: 1 << 11)
    static let partyInitial = WordClass(rawValue: 1 << 12)
    /// The first word of a nominal reference ("the Chinese leader").
    static let nominalFirst = WordClass(rawValue: 1 << 13)
    /// The first word of an organization's gazetteer name of three words or more.
    static let longOrganizationFirst = WordClass(rawValue: 1 << 14)
    /// Not a list: a word of the document that is capitalized (`Tokenized.isCapitalized`), set
    /// by `Words` for each token.
    static let capitalized = WordClass(rawValue: 1 << 31)
}

/// A word's classes in the recognizer's lists and among the event cues.
struct TokenBits: Sendable {
    var classes: UInt32
    var cues: UInt64
}

/// A document's tokens lowercased, with the word lists each is in: the recognizer reads
/// `words[i]` as it read the lowercase array, and tests lists with `words.is(i, .orgHead)`;
/// the event stage takes `cues` (one lookup of each token serves both).
struct Words {
    let lowers: [String]
    let classes: [UInt32]
    let cues: [UInt64]
    init(_ lowers: [String], _ lexicon: ActorLexicon, _ tz: Tokenized) {
        self.lowers = lowers
        let table = lexicon.tokenBits
        var classes = [UInt32](repeating: 0, count: lowers.count), cues = [UInt64](repeating: 0, count: lowers.count)
        for (i, w) in lowers.enumerated() where !w.isEmpty {
            if let b = table[w] { classes[i] = b.classes; cues[i] = b.cues }
        }
        for (i, t) in tz.tokens.enumerated() where t.kind == .word && tz.isCapitalized(t) { classes[i] |= WordClass.capitalized.rawValue }
        self.classes = classes; self.cues = cues
    }

    /// The tokens of `tz` lowercased ("" for a token longer than `limit` bytes, as
    /// `Tokenized.lowercased`) and looked up: an ASCII word is lowercased and hashed in one pass
    /// over its bytes.
    init(_ tz: Tokenized, _ lexicon: ActorLexicon, limit: Int = 40) {
        let table = lexicon.tokenBits
        let toks = tz.tokens
        var lowers: [String] = []
        lowers.reserveCapacity(toks.count)
        var classes = [UInt32](repeating: 0, count: toks.count), cues = [UInt64](repeating: 0, count: toks.count)
        tz.text.withUnsafeBufferPointer { buf in
            for (i, t) in toks.enumerated() {
                let a = t.start, n = t.end - t.start
                if t.kind == .word, n > 0 {
                    let c = buf[a]
                    if (c >= 65 && c <= 90) || (c >= 0x80 && tz.isCapitalized(t)) { classes[i] |= WordClass.capitalized.rawValue }
                }
                guard n > 0, n <= limit else { lowers.append(""); continue }
                var ascii = true
                for j in a..<(a + n) where buf[j] >= 0x80 { ascii = false; break }
                let w: String, h: UInt64
                if ascii {
                    var x: UInt64 = 0xcbf2_9ce4_8422_2325 // WordMap.hash, on the lowercase bytes
                    w = String(unsafeUninitializedCapacity: n) { out in
                        for k in 0..<n {
                            let c = buf[a + k], l = c >= 65 && c <= 90 ? c + 32 : c
                            out[k] = l
                            x = (x ^ UInt64(l)) &* 0x0000_0100_0000_01b3
                        }
                        return n
                    }
                    h = x ^ (x >> 32)
                } else {
                    w = tz.lower(t)
                    h = WordMap<TokenBits>.hash(w)
                }
                lowers.append(w)
                if !w.isEmpty, let b = table.value(w, hash: h) { classes[i] |= b.classes; cues[i] = b.cues }
            }
        }
        self.lowers = lowers; self.classes = classes; self.cues = cues
    }
    /// (through the buffer: the array's own element getter is not inlined in the large
    /// functions that read words at every token; the bounds are still checked)
    @inline(__always) subscript(i: Int) -> String {
        precondition(UInt(bitPattern: i) < UInt(lowers.count), "word index out of range")
        return lowers.withUnsafeBufferPointer { $0[i] }
    }
    @inline(__always) subscript(r: Range<Int>) -> ArraySlice<String> { lowers[r] }
    var count: Int { lowers.count }
    @inline(__always) func `is`(_ i: Int, _ c: WordClass) -> Bool { classes[i] & c.rawValue != 0 }
}
