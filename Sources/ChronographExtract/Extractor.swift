import ChronographCore
import Foundation

/// Options that change what is extracted (and so are part of a cache key).
public struct ExtractOptions: Sendable, Hashable, Codable {
    /// The date to use for documents that carry none (`--date`).
    public var defaultDate: String?
    public var language: String
    /// The user's curation (`chronograph.yml`): aliases, names to ignore, forced kinds.
    public var curation: Curation?
    /// A capital standing for its government ("Moscow said") names the country.
    public var metonymy: Bool
    public init(defaultDate: String? = nil, language: String = "en", curation: Curation? = nil, metonymy: Bool = true) {
        self.defaultDate = defaultDate; self.language = language; self.curation = curation; self.metonymy = metonymy
    }

    /// Everything here as text, for cache keys.
    public var fingerprint: String {
        "\(defaultDate ?? "-")|\(language)|\(curation?.fingerprint ?? "-")|\(metonymy ? "m" : "-")"
    }
}

/// documents → sentences → time expressions → actors → events and links, for one document.
public struct Extractor: Sendable {
    public var splitter: SentenceSplitter
    public var tagger: TimeTagger
    public var recognizer: ActorRecognizer
    public var roleLinker: RoleLinker
    public var options: ExtractOptions

    /// Bumped when the extraction code changes what it produces.
    public static let version = "chronograph-extract 1"

    /// The version, a hash of every rule, lexicon and gazetteer file, and the program's identity:
    /// a cached extraction made by another extractor is never reused.
    public static let fingerprint: String = {
        var h = ContentHasher()
        h.update(version)
        for (n, bytes) in ruleFiles() { h.update(n); h.update(bytes) }
        // the program itself: a cache filled by another build of chronograph is not reused
        h.update(Program.identity)
        return h.hex
    }()

    /// Every rule, lexicon and gazetteer file the extractor reads (by name, in order), with its
    /// bytes: what the fingerprint hashes.
    static func ruleFiles(language: String = "en") -> [(String, [UInt8])] {
        guard let dir = ResourceFiles.directory(language: language),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.sorted().compactMap { n in (try? FileBytes.read(dir + "/" + n)).map { (n, $0) } }
    }

    /// Reads and indexes the rules, lexicons and gazetteers of a language (each once per
    /// process) on another thread, so that a build that needs them later finds them ready: a
    /// command-line build starts it before it collects and loads the inputs, which it would
    /// otherwise wait for before extracting a changed document, and the merge's place, company
    /// and name tables with them.
    public static func prepare(language: String) {
        if language == "en" { _ = preparingEnglish }
    }
    /// (a static value is made once per process: the reading starts once)
    private static let preparingEnglish: Void = DispatchQueue.global().async {
        _ = ActorLexicon.english; _ = TimeTagger.english; _ = SentenceSplitter.english; _ = EventExtractor.english
        _ = PlaceContainment.of(language: "en"); _ = CompanyForms.suffixes(language: "en"); _ = GivenNameForms.of(language: "en")
    }

    public init(options: ExtractOptions = ExtractOptions(), lexicon: ActorLexicon = .english) {
        self.options = options
        self.splitter = .english
        self.tagger = .english
        var lexicon = lexicon
        if let c = options.curation, !c.isEmpty {
            lexicon.addAliases(c.aliases, kinds: c.kinds)
        }
        self.recognizer = ActorRecognizer(lexicon: lexicon)
        self.roleLinker = RoleLinker(lexicon: lexicon)
        self.recognizer.metonymy = options.metonymy
        if let c = options.curation {
            ignored = c.ignored
            forcedKinds = Dictionary(c.kinds.map { (Curation.key($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Curation: names that are never actors, kinds forced by name (lowercased).
    var ignored: Set<String> = []
    var forcedKinds: [String: ActorKind] = [:]

    /// Applies the curation to recognized mentions: ignored names go, forced kinds apply.
    func curate(_ matches: [ActorMatch]) -> [ActorMatch] {
        guard !ignored.isEmpty || !forcedKinds.isEmpty else { return matches }
        return matches.compactMap { m in
            let s = Curation.key(m.surface), c = Curation.key(m.canonical)
            if ignored.contains(s) || ignored.contains(c) { return nil }
            var m = m
            if let k = forcedKinds[c] ?? forcedKinds[s] { m.kind = k }
            return m
        }
    }

    /// The document's publication date and where it came from.
    public func documentDate(_ doc: LoadedDocument) -> (String?, PublishedSource) {
        if let raw = doc.frontMatter["date"] ?? doc.frontMatter["published"], let v = normalizeDate(raw) {
            return (v, .frontMatter)
        }
        // HTML metadata in the page head (publishedSource "header").
        for key in Extractor.htmlDateKeys {
            if let raw = doc.htmlMeta[key], let v = normalizeDate(raw) { return (v, .header) }
        }
        if let v = headerDateLine(doc) ?? leadDateline(doc) { return (v, .header) }
        if let v = Extractor.filenameDate(doc.path) { return (v, .filename) }
        if let d = options.defaultDate, let v = normalizeDate(d) { return (v, .option) }
        return (nil, .none)
    }

    /// Whether a text has the shape of an ISO calendar date (YYYY-MM-DD, with a time or not)
    /// but names no day of the calendar.
    public static func isMalformedDate(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(10))
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { $0 < u.count && u[$0] >= 48 && u[$0] <= 57 } }
        guard u.count == 10, digits(0..<4), u[4] == 45, digits(5..<7), u[7] == 45, digits(8..<10) else { return false }
        return CivilDate(iso: String(decoding: u, as: UTF8.self)) == nil
    }

    /// The dates a document states that are no calendar dates, each said in a line: they are
    /// read as no date (the next place a date is looked for then gives it).
    public func dateProblems(_ doc: LoadedDocument) -> [String] {
        var out: [String] = []
        // the front-matter field `documentDate` reads
        if let key = ["date", "published"].first(where: { doc.frontMatter[$0] != nil }),
           case let raw = doc.frontMatter[key]!.trimmedSpaces(), Extractor.isMalformedDate(raw) {
            out.append("front matter '\(key): \(raw)' is not a calendar date; ignored")
        }
        for key in Extractor.htmlDateKeys {
            if case let raw = doc.htmlMeta[key]?.trimmedSpaces(), let raw, Extractor.isMalformedDate(raw) {
                out.append("HTML metadata '\(key)' = '\(raw)' is not a calendar date; ignored")
            }
        }
        return out
    }

    /// The date line of the article's header block: the lines before the first paragraph of
    /// running text (a line of 15 words or more, most of them lowercase: not a title-case
    /// banner), where titles, publication names, bylines
    /// and dates stand on their own. A date line is a short line (at most 6 other words) holding
    /// a full calendar date. When there are several, the last one wins: it stands with the
    /// article's byline, next to the text, while a republishing site puts its own page date
    /// at the very top.
    public func headerDateLine(_ doc: LoadedDocument) -> String? {
        var found: String? = nil
        for r in HeaderBlock.lines(doc.text) {
            let line = Array(doc.text[r])
            let tz = Tokenizer.tokenize(line)
            guard !tz.tokens.isEmpty else { continue }
            let sentence = Sentence(start: 0, end: line.count, tokens: 0..<tz.tokens.count, paragraph: 0)
            let ms = tagger.tag(tz, sentences: [sentence], reference: nil)
            // (a day, or a time on a day: "2024-05-14T10:00")
            guard let m = ms.first(where: { ($0.type == .date || $0.type == .time) && $0.value.count >= 10
                && CivilDate(iso: String($0.value.prefix(10))) != nil }) else { continue }
            let other = tz.tokens.enumerated().filter { $0.element.kind == .word && !m.tokens.contains($0.offset) }.count
            if other <= 6 { found = String(m.value.prefix(10)) }
        }
        return found
    }

    /// The date in the dateline that opens the article's first paragraph, as wire copy writes
    /// it: "OSLO, March 3, 2021 (Reuters) - ...", "PARIS, 3 May 2024 — ...". The dateline is the
    /// place in capitals and what follows it up to the first dash; its date must be a full
    /// calendar date (a dateline without the year gives none).
    public func leadDateline(_ doc: LoadedDocument) -> String? {
        let text = doc.text
        var i = HeaderBlock.bodyStart(text)
        while i < text.count && (text[i] == 10 || text[i] == 13 || text[i] == 32 || text[i] == 9) { i += 1 }
        var j = i
        while j < text.count && text[j] != 10 && j - i < 400 { j += 1 }
        let tz = Tokenizer.tokenize(Array(text[i..<j]))
        guard HeaderBlock.startsWithDateline(tz) else { return nil }
        // the dateline: up to the first dash (-, – or —) after the place, within 16 tokens
        guard let dash = tz.tokens.indices.dropFirst().prefix(16).first(where: { k in
            let t = tz.tokens[k]
            return t.kind == .punct && (tz.text[t.start] == 45 || (t.end - t.start == 3 && tz.text[t.start] == 0xE2 && tz.text[t.start + 1] == 0x80
                && (tz.text[t.start + 2] == 0x93 || tz.text[t.start + 2] == 0x94)))
        }) else { return nil }
        let sentence = Sentence(start: 0, end: tz.text.count, tokens: 0..<tz.tokens.count, paragraph: 0)
        let ms = tagger.tag(tz, sentences: [sentence], reference: nil)
        guard let m = ms.first(where: { $0.tokens.upperBound <= dash && $0.type == .date && $0.value.count == 10 && CivilDate(iso: $0.value) != nil })
        else { return nil }
        // a dateline holds nothing but the place in capitals, the date and the agency in
        // brackets: "NASA, which launched on 3 May 2024 - ..." is a sentence, not a dateline
        var depth = 0
        for k in 0..<dash where !m.tokens.contains(k) {
            let t = tz.tokens[k]
            if t.kind == .punct {
                if tz.text[t.start] == 0x28 { depth += 1 } else if tz.text[t.start] == 0x29 { depth = max(0, depth - 1) }
                continue
            }
            if depth == 0 && (t.kind != .word || !tz.isAllCaps(t)) { return nil }
        }
        return m.value
    }

    /// A date in the file name: `2024-05-03-title.txt`, `20240503_title.md`, `apw19980213-1310.txt`.
    public static func filenameDate(_ path: String) -> String? {
        let name = Array(((path as NSString).lastPathComponent as NSString).deletingPathExtension.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= name.count else { return nil }
            var v = 0
            for b in name[r] { guard b >= 48 && b <= 57 else { return nil }; v = v * 10 + Int(b - 48) }
            return v
        }
        var i = 0
        while i + 8 <= name.count {
            if i > 0 && name[i - 1] >= 48 && name[i - 1] <= 57 { i += 1; continue } // not inside a longer number
            if let y = digits(i..<(i + 4)), y >= 1900, y <= 2099 {
                let sep = i + 4 < name.count && (name[i + 4] == 45 || name[i + 4] == 95) ? 1 : 0
                let mStart = i + 4 + sep
                let sep2 = sep == 1 && mStart + 2 < name.count && name[mStart + 2] == name[i + 4] ? 1 : 0
                if let m = digits(mStart..<(mStart + 2)), let d = digits((mStart + 2 + sep2)..<(mStart + 4 + sep2)),
                   sep == sep2, CivilDate(validYear: y, month: m, day: d) != nil {
                    let after = mStart + 4 + sep2
                    if after >= name.count || !(name[after] >= 48 && name[after] <= 57) {
                        return CivilDate(year: y, month: m, day: d).iso
                    }
                }
            }
            i += 1
        }
        return nil
    }

    /// HTML metadata that carries the article's publication date, most specific first.
    static let htmlDateKeys = ["article:published_time", "og:published_time", "datepublished", "jsonld:datepublished",
                               "pubdate", "publishdate", "dc.date", "dc.date.issued", "date", "time"]

    /// A date string ("2024-05-03", "2024-05-03T10:00:00Z", "3 May 2024") as a TIMEX3 date value.
    public func normalizeDate(_ raw: String) -> String? {
        let s = raw.trimmedSpaces()
        if let d = CivilDate(iso: s) { return d.iso }
        // written as a calendar date but no such day ("2024-13-45", "2023-02-29"): no date, not
        // the year the tagger would find in it
        if Extractor.isMalformedDate(s) { return nil }
        // eight digits, as a file name or a YAML number gives a date ("20240503")
        let u = Array(s.utf8)
        if u.count == 8, u.allSatisfy({ $0 >= 48 && $0 <= 57 }),
           let d = CivilDate(iso: "\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.suffix(2))"), d.year >= 1000, d.year <= 2199 { return d.iso }
        let tz = Tokenizer.tokenize(Array(s.utf8))
        let sentences = splitter.split(tz)
        for m in tagger.tag(tz, sentences: sentences, reference: nil) where m.type == .date && !m.value.utf8.contains(0x58) {
            if TimexValue.interval(of: m.value) != nil { return m.value }
        }
        return nil
    }

    /// The first stages of an extraction: the document's tokens, sentences, time expressions
    /// and actor mentions (curated; weak ones included).
    public struct Recognized {
        public let published: String?
        public let publishedSource: PublishedSource
        public let tz: Tokenized
        public let lowers: [String]
        /// Each token's event cue classes (`Cue` bits).
        public let cues: [UInt64]
        public let sentences: [Sentence]
        public let timexes: [TimexMatch]
        public let actors: [ActorMatch]
    }

    /// Time expressions and actors of a document (what `extract` then builds events and links on).
    public func recognize(_ doc: LoadedDocument) -> Recognized {
        let (published, source) = documentDate(doc)
        let tz = Tokenizer.tokenize(doc.text)
        let sentences = splitter.split(tz)
        let words = Words(tz, recognizer.lexicon)
        let timexMatches = tagTimes(tz, sentences, published: published, lowers: words.lowers)
        var actors = curate(recognizer.recognize(tz, sentences: sentences, words: words))
        // the capitalized words of a named day are the day's ("Black Friday", "Memorial Day"):
        // no actor ("Black")
        var namedDay = Set<Int>()
        for m in timexMatches where m.tokens.count >= 2 && tz.isCapitalized(tz.tokens[m.tokens.lowerBound]) && !m.tokens.contains(where: { tz.tokens[$0].kind == .number }) {
            namedDay.formUnion(m.tokens)
        }
        if !namedDay.isEmpty { actors.removeAll { a in a.tokens.allSatisfy { namedDay.contains($0) } } }
        return Recognized(published: published, publishedSource: source, tz: tz, lowers: words.lowers, cues: words.cues, sentences: sentences,
                          timexes: timexMatches, actors: actors)
    }

    public func extract(_ doc: LoadedDocument) -> DocumentExtraction {
        let r = recognize(doc)
        let (published, tz, lowers, sentences, timexMatches) = (r.published, r.tz, r.lowers, r.sentences, r.timexes)
        let info = DocumentInfo(id: doc.id, path: doc.path, title: doc.title, published: published, publishedSource: r.publishedSource)
        let allActorMatches = r.actors
        let actorMatches = allActorMatches.filter { !$0.weak }

        func span(_ s: Int, _ e: Int) -> (Int, Int) { doc.fileRange(s, e) }
        let timexes = timexMatches.map { m -> Timex in
            let (s, e) = span(m.start, m.end)
            return Timex(doc: doc.id, start: s, end: e, text: doc.fileText(s, e), type: m.type, value: m.value)
        }

        // Actors of this document, by canonical id, in order of first mention (one lookup per
        // mention: the actor is then reached by its index).
        var actorIndex: [String: Int] = [:]
        var actorList: [Actor] = []
        for m in actorMatches {
            let id = m.id
            guard !id.isEmpty else { continue }
            let (s, e) = span(m.start, m.end)
            let mention = Mention(doc: doc.id, start: s, end: e, text: doc.fileText(s, e))
            let i: Int
            if let known = actorIndex[id] { i = known } else {
                i = actorList.count
                actorIndex[id] = i
                actorList.append(Actor(id: id, name: m.canonical, kind: m.kind))
            }
            actorList[i].mentions.append(mention)
            let alias = m.surface
            if alias != actorList[i].name && !actorList[i].aliases.contains(alias) { actorList[i].aliases.append(alias) }
        }

        var candidates: [String: Actor] = [:]
        for m in allActorMatches where m.weak {
            let id = m.id
            guard !id.isEmpty, actorIndex[id] == nil else { continue }
            let (s, e) = span(m.start, m.end)
            candidates[id, default: Actor(id: id, name: m.canonical, kind: m.kind)].mentions.append(Mention(doc: doc.id, start: s, end: e, text: doc.fileText(s, e)))
        }

        let out = EventExtractor.english.extract(doc: doc, tz: tz, sentences: sentences, timexes: timexMatches,
                                                 actors: actorMatches, published: published, lowers: lowers, cues: r.cues)
        let events = out.events
        // the events' links, sorted; roles and affiliations ("X, Y's security chief", "NIST
        // director X") are added to them, found through an index made only when there are some
        var links = out.links
        var index: [LinkKey: Int]? = nil
        var added = false
        for r in roleLinker.links(actorMatches, tz, { lowers[$0] }) {
            let a = actorMatches[r.person], b = actorMatches[r.other]
            guard a.id != b.id, !a.id.isEmpty, !b.id.isEmpty else { continue }
            let sent = sentences[a.sentence]
            let (s, e) = span(sent.start, sent.end)
            let source = SourceSpan(doc: doc.id, start: s, end: e)
            let key = LinkKey(source: a.id, target: b.id, kind: r.kind)
            if index == nil { index = Dictionary(uniqueKeysWithValues: links.indices.map { (LinkKey(links[$0]), $0) }) }
            if let i = index![key] { links[i].addSource(source); continue }
            index![key] = links.count
            links.append(Link(source: a.id, target: b.id, kind: r.kind, directed: true, weight: 0, events: [], sources: []))
            links[links.count - 1].addSource(source)
            added = true
        }
        if added { links = links.indices.sorted { LinkKey(links[$0]) < LinkKey(links[$1]) }.map { links[$0] } }
        return DocumentExtraction(document: info, timexes: timexes,
                                  actors: actorList,
                                  events: events,
                                  links: links,
                                  candidates: candidates.keys.sorted().map { candidates[$0]! })
    }

    /// Time expressions resolved against the document date. A document without one takes the
    /// year its own text fixes, the latest year among its explicit dates: relative expressions
    /// are then placed in that year where the year is all they need ("the spring" → 2022-SP,
    /// basis `inferred`), and stay underspecified otherwise ("Wednesday" → XXXX-WXX-3).
    func tagTimes(_ tz: Tokenized, _ sentences: [Sentence], published: String?, lowers: [String]? = nil) -> [TimexMatch] {
        if let p = published, let date = CivilDate(iso: p) {
            return tagger.tag(tz, sentences: sentences, reference: TimeReference(date: date), lowers: lowers)
        }
        var reference = TimeReference.none
        if let p = published, let y = Int(p.prefix(4)) { reference = TimeReference(inferredYear: y) }
        let first = tagger.tag(tz, sentences: sentences, reference: reference, lowers: lowers)
        guard published == nil else { return first }
        let years = first.filter { $0.basis == .explicit && $0.type == .date }.compactMap { TimexValue.interval(of: $0.value)?.end.year }
        guard let latest = years.max() else { return first }
        return tagger.tag(tz, sentences: sentences, reference: TimeReference(inferredYear: latest), lowers: lowers)
    }

    /// A one-line summary: whitespace collapsed, cut at a word boundary.
    /// Words (runs without white space) cut to `limit` characters with "…", from the bytes of
    /// pieces: a piece that does not start after white space continues the word before it.
    /// A summary put together word by word, each word written straight into the result (and
    /// taken back if it does not fit): white space between words collapsed to one space, at
    /// most `limit` characters, "…" when cut.
    struct SummaryBuilder {
        let limit: Int
        var out: [UInt8] = []
        /// Characters of the words put in (and the spaces between them).
        var count = 0
        var full = false
        /// Where the word being written starts in `out` (-1: none), whether a space was put
        /// before it, and whether it has a byte that is not ASCII.
        var wordStart = -1
        var spaced = false
        var nonASCII = false
        init(limit: Int) { self.limit = limit; out.reserveCapacity(2 * limit + 8) }

        /// Ends the current word; false when it does not fit (the summary is then full).
        mutating func endWord() -> Bool {
            guard wordStart >= 0, !full else { return !full }
            let n = nonASCII ? String(decoding: out[wordStart...], as: UTF8.self).count : out.count - wordStart
            if count + n + 1 > limit {
                full = true
                out.removeSubrange((spaced ? wordStart - 1 : wordStart)...)
                wordStart = -1
                return false
            }
            count += n + (spaced ? 1 : 0)
            wordStart = -1
            return true
        }

        /// Opens a word (after a space, unless it is the first).
        private mutating func startWord() {
            spaced = !out.isEmpty
            if spaced { out.append(0x20) }
            wordStart = out.count
            nonASCII = false
        }

        /// Adds bytes; `spaced`: white space comes before them.
        mutating func add<C: RandomAccessCollection<UInt8>>(_ u: C, spaced sp: Bool) where C.Index == Int {
            if full { return }
            if sp && !endWord() { return }
            // ASCII with no white space (most tokens): the bytes go in at once
            if !u.isEmpty && u.allSatisfy({ $0 < 0x80 && $0 != 0x20 && ($0 < 0x09 || $0 > 0x0D) }) {
                if wordStart < 0 { startWord() }
                out.append(contentsOf: u)
                return
            }
            var i = u.startIndex
            while i < u.endIndex {
                let w = LoadedDocument.whiteSpaceLength(u, i)
                if w > 0 { if !endWord() { return }; i += w; continue }
                if wordStart < 0 { startWord() }
                let b = u[i]
                if b >= 0x80 { nonASCII = true }
                out.append(b)
                i += 1
            }
        }

        mutating func finish() -> String {
            if !full { _ = endWord() }
            if full { out.append(contentsOf: [0xE2, 0x80, 0xA6]) } // "…" (one string made, not two joined)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The summary of tokens `r` (after `prefix`, if any): as `summary(_:limit:)` of their text.
    static func summary(_ tz: Tokenized, _ r: Range<Int>, prefix: String? = nil, limit: Int) -> String {
        var b = SummaryBuilder(limit: limit)
        if let prefix { b.add(Array(prefix.utf8), spaced: false) }
        tz.text.withUnsafeBufferPointer { text in
            for i in r {
                let t = tz.tokens[i]
                b.add(UnsafeBufferPointer(rebasing: text[t.start..<t.end]), spaced: i > r.lowerBound ? t.spaceBefore : prefix != nil)
                if b.full { break }
            }
        }
        return b.finish()
    }

    public static func summary(_ s: String, limit: Int = 160) -> String {
        // on the bytes: white space collapsed once, characters counted only for non-ASCII words
        let collapsed = LoadedDocument.collapsingWhitespace(ArraySlice(Array(s.utf8)))
        var out = ""
        var count = 0
        for w in collapsed.utf8.split(separator: 0x20) {
            let n = w.allSatisfy({ $0 < 0x80 }) ? w.count : String(decoding: w, as: UTF8.self).count
            if count + n + 1 > limit { return out + "…" }
            if !out.isEmpty { out += " "; count += 1 }
            out += String(decoding: w, as: UTF8.self)
            count += n
        }
        return out
    }
}

extension Link {
    /// Adds a supporting sentence once; the weight is the number of sentences.
    mutating func addSource(_ source: SourceSpan) {
        if !sources.contains(source) { sources.append(source); weight = sources.count }
    }
}
